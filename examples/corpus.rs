//! Writes generated posts for benchmarks:
//! `cargo run --release --example corpus -- DIR N [SEED]` writes N posts under DIR;
//! `cargo run --release --example corpus -- --long FILE BYTES` writes one long post;
//! `cargo run --release --example corpus -- --code-heavy FILE BYTES` one long post half code.

#[path = "../benches/corpus/mod.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [flag, file, bytes] if flag == "--long" => match bytes.parse::<usize>() {
            Ok(bytes) => std::fs::write(file, corpus::long_post(bytes, 42)),
            Err(_) => return usage(),
        },
        [flag, file, bytes] if flag == "--code-heavy" => match bytes.parse::<usize>() {
            Ok(bytes) => std::fs::write(file, corpus::code_heavy_post(bytes, 42)),
            Err(_) => return usage(),
        },
        [dir, count, rest @ ..] if rest.len() <= 1 => {
            let Ok(count) = count.parse::<usize>() else {
                return usage();
            };
            let seed = rest.first().and_then(|s| s.parse().ok()).unwrap_or(42);
            corpus::generate(&PathBuf::from(dir), count, seed)
        }
        _ => return usage(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("corpus: {error}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!(
        "usage: corpus DIR N [SEED] | corpus --long FILE BYTES | corpus --code-heavy FILE BYTES"
    );
    ExitCode::from(2)
}
