//! The config file through the binary: the printed default is accepted,
//! each kind of bad config stops folio with exit 2, naming file and line.

mod common;

use std::time::Duration;

use common::{folio, run, sample_posts};

fn stderr_of(args: &[&str]) -> (i32, String) {
    let mut command = folio();
    command.args(args);
    let out = run(command, Duration::from_secs(20));
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn the_printed_default_config_is_accepted() {
    let mut command = folio();
    command.arg("config");
    let out = run(command, Duration::from_secs(20));
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("theme = \"auto\"") && text.contains("[keys.picker]"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, &text).unwrap();
    // Accepted: what stops folio now is only that this is no terminal.
    let (code, stderr) =
        stderr_of(&["--config", file.to_str().unwrap(), sample_posts().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("needs a terminal"), "{stderr}");
}

#[test]
fn each_bad_config_exits_2_naming_the_file_and_the_line() {
    let dir = tempfile::tempdir().unwrap();
    for (text, line, value) in [
        ("theme = \"dark\"\n[keys\n", 2, ""),
        ("theme = \"sepia\"\n", 1, "sepia"),
        ("[keys]\nfly = [\"x\"]\n", 2, "fly"),
        ("[keys]\nquit = [\"ctrl-qq\"]\n", 2, "ctrl-qq"),
        ("[colors]\nlink = \"blurple\"\n", 2, "blurple"),
    ] {
        let file = dir.path().join("config.toml");
        std::fs::write(&file, text).unwrap();
        let (code, stderr) =
            stderr_of(&["--config", file.to_str().unwrap(), sample_posts().to_str().unwrap()]);
        assert_eq!(code, 2, "{text:?}");
        let at = format!("{}:{line}:", file.display());
        assert!(stderr.contains(&at) && stderr.contains(value), "{text:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "one message: {stderr}");
    }
    let (code, stderr) = stderr_of(&["--config", "/nonexistent/folio.toml", "."]);
    assert_eq!(code, 2);
    assert!(stderr.contains("/nonexistent/folio.toml"), "{stderr}");
}
