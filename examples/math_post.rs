//! Writes the benchmarks' math-heavy post (about `BYTES`, default 90 KB)
//! to standard output: `cargo run --release --example math_post > post.md`.

#[path = "../benches/corpus/mod.rs"]
mod corpus;

fn main() {
    let bytes = std::env::args().nth(1).and_then(|b| b.parse().ok()).unwrap_or(90 * 1024);
    print!("{}", corpus::math_heavy_post(bytes, 42));
}
