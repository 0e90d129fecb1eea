//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod screen;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The folio binary under test.
pub fn folio() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_folio"));
    command
        .env_remove("NO_COLOR")
        .env("XDG_CACHE_HOME", std::env::temp_dir().join("folio-test-cache"))
        .env("XDG_STATE_HOME", std::env::temp_dir().join("folio-test-state"))
        .env("XDG_CONFIG_HOME", std::env::temp_dir().join("folio-test-config-none"));
    command
}

/// The repository's sample posts.
pub fn sample_posts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-posts")
}

/// `../shared`, when this checkout has it. Under CI (`CI` set) it must be
/// there: a test that needs it fails instead of passing without it.
pub fn shared() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if !path.is_dir() && std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false") {
        panic!("../shared is missing, and CI needs it: the corpora and the CommonMark spec");
    }
    path.is_dir().then_some(path)
}

/// Runs `command` with piped output, failing the test if it takes longer
/// than `limit` (a hang is a bug, not a slow machine).
pub fn run(mut command: Command, limit: Duration) -> Output {
    command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().expect("spawn folio");
    // Drain pipes on threads so a large output cannot block the child.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut buf).ok();
        buf
    });
    let err = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut buf).ok();
        buf
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            child.kill().ok();
            panic!("folio did not finish within {limit:?}: {command:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Output { status, stdout: out.join().unwrap(), stderr: err.join().unwrap() }
}

/// Runs folio with `args` and a generous time limit.
pub fn folio_run(args: &[&str]) -> Output {
    let mut command = folio();
    command.args(args);
    run(command, Duration::from_secs(60))
}

/// Parses `folio list --json` output.
pub fn json(output: &Output) -> Vec<serde_json::Value> {
    assert!(output.status.success(), "folio failed: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

/// Asserts that no byte of `bytes` is a control character other than
/// newline and tab, and that no C1 control or bidi control is present.
pub fn assert_no_controls(bytes: &[u8], what: &str) {
    let text = String::from_utf8_lossy(bytes);
    for c in text.chars() {
        let bad = (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}');
        assert!(!bad, "{what} contains control {:?}:\n{text}", c);
    }
}

/// The text a browser shows for `html`, entities decoded: what the
/// `hidden` elements hold is left out, and tags part words as a space.
pub fn shown_text(html: &str, hidden: &[&[u8]]) -> String {
    let mut emitter = html5gum::DefaultEmitter::default();
    emitter.naively_switch_states(true);
    let mut text = String::new();
    let mut hiding = false;
    for token in html5gum::Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            html5gum::Token::StartTag(tag) if hidden.contains(&&tag.name[..]) => hiding = true,
            html5gum::Token::EndTag(tag) if hidden.contains(&&tag.name[..]) => hiding = false,
            html5gum::Token::String(s) if !hiding => text.push_str(&String::from_utf8_lossy(&s)),
            html5gum::Token::StartTag(_) | html5gum::Token::EndTag(_) => text.push(' '),
            _ => {}
        }
    }
    text
}
