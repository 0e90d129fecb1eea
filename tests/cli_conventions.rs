//! The command line's conventions, through the real binary: completions,
//! the manual page, colour, standard input, width, the config, a mistyped
//! subcommand, one contract for filters, the JSON fields.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{folio, folio_run, json, run, sample_posts};

fn sample() -> String {
    sample_posts().to_string_lossy().into_owned()
}

fn folio_env(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut command = folio();
    command.args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    run(command, Duration::from_secs(60))
}

fn has_sgr(bytes: &[u8]) -> bool {
    bytes.windows(2).any(|w| w == b"\x1b[")
}

#[test]
fn completion_scripts_load_and_name_the_subcommands() {
    let bin = env!("CARGO_BIN_EXE_folio");
    let script = format!("source <('{bin}' completions bash) && complete -p folio");
    let loaded = Command::new("bash").args(["-c", &script]).output().expect("bash");
    let said = String::from_utf8_lossy(&loaded.stdout);
    assert!(loaded.status.success() && said.contains("_folio folio"), "{said}");
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = folio_run(&["completions", shell]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{shell}");
        for name in ["list", "render", "search", "check", "completions"] {
            assert!(text.contains(name), "{shell} script lacks {name}");
        }
    }
}

#[test]
fn the_man_page_is_valid_roff_with_keys_config_and_environment() {
    let out = folio_run(&["man"]);
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    for part in
        [".TH folio 1", ".SH NAME", ".SH SUBCOMMANDS", ".SH KEYS", ".SH FILES", ".SH ENVIRONMENT"]
    {
        assert!(page.contains(part), "{part} missing");
    }
    assert!(page.contains("NO_COLOR") && page.contains("config.toml"));
    // Every byte ASCII: troff reads bytes, the rest is escaped by code point.
    assert!(page.is_ascii());
    // groff finds nothing wrong with it (where groff is installed).
    if let Ok(mut groff) = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        groff.stdin.take().unwrap().write_all(page.as_bytes()).unwrap();
        let checked = groff.wait_with_output().unwrap();
        let warnings = String::from_utf8_lossy(&checked.stderr);
        assert!(checked.status.success() && warnings.trim().is_empty(), "{warnings}");
    }
}

#[test]
fn colour_follows_the_flag_and_the_variables() {
    let post = format!("{}/kyoto-in-autumn.md", sample());
    let render = |flag: &str, env: &[(&str, &str)]| {
        let mut args = vec!["render", post.as_str(), "--color", flag];
        args.retain(|a| !a.is_empty());
        has_sgr(&folio_env(&args, env).stdout)
    };
    // In a pipe: off unless forced.
    assert!(!render("auto", &[]));
    assert!(render("auto", &[("CLICOLOR_FORCE", "1")]));
    assert!(!render("auto", &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
    assert!(render("always", &[("NO_COLOR", "1")]));
    assert!(!render("never", &[("CLICOLOR_FORCE", "1")]));
    // Search marks its matches when forced, for `less -R`.
    let search = folio_env(&["search", "kyoto", &sample()], &[("CLICOLOR_FORCE", "1")]);
    assert!(has_sgr(&search.stdout), "{}", String::from_utf8_lossy(&search.stdout));
    let search = folio_env(&["search", "kyoto", &sample(), "--color", "never"], &[]);
    assert!(!has_sgr(&search.stdout));
}

#[test]
fn hyperlinks_only_when_asked_or_known() {
    let post = format!("{}/a-field-guide-to-links.md", sample());
    let osc8 = |args: &[&str], term: &str| {
        let out = folio_env(args, &[("TERM", term)]);
        out.stdout.windows(4).any(|w| w == b"\x1b]8;")
    };
    // In a pipe, auto sees no terminal to click in.
    assert!(!osc8(&["render", &post, "--color", "always"], "xterm-kitty"));
    assert!(osc8(&["render", &post, "--color", "always", "--hyperlinks", "always"], "linux"));
    assert!(!osc8(&["render", &post, "--color", "always", "--hyperlinks", "never"], "xterm-kitty"));
    assert!(!osc8(&["render", &post, "--color", "always"], "linux"));
}

#[test]
fn render_reads_standard_input() {
    let mut command = folio();
    command.args(["render", "-", "--width", "40"]).stdin(Stdio::piped()).stdout(Stdio::piped());
    let mut child = command.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"---\ntitle: From a pipe\n---\n\nSome *text* here.\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("From a pipe") && text.contains("Some text here."), "{text}");
}

#[test]
fn columns_sets_the_width_in_a_pipe() {
    let post = format!("{}/long-lines-and-wrapping.md", sample());
    let widest = |env: &[(&str, &str)]| {
        let out = folio_env(&["render", &post], env);
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
    };
    assert!(widest(&[("COLUMNS", "50")]) <= 50);
    assert!(widest(&[("COLUMNS", "50")]) > 30);
    let default = widest(&[]);
    assert!(default <= 80 && default > 60, "{default}");
}

#[test]
fn the_config_changes_render_and_a_broken_one_stops_every_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let light = dir.path().join("light.toml");
    let dark = dir.path().join("dark.toml");
    std::fs::write(&light, "theme = \"light\"\n").unwrap();
    std::fs::write(&dark, "theme = \"dark\"\n").unwrap();
    let post = format!("{}/kyoto-in-autumn.md", sample());
    let render = |config: &std::path::Path| {
        folio_run(&["render", &post, "--color", "always", "--config", &config.to_string_lossy()])
            .stdout
    };
    assert_ne!(render(&light), render(&dark), "the theme shows");
    // FOLIO_CONFIG names it too.
    let by_env = folio_env(
        &["render", &post, "--color", "always"],
        &[("FOLIO_CONFIG", &light.to_string_lossy())],
    );
    assert_eq!(by_env.stdout, render(&light));
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "theme = [\n").unwrap();
    for args in [
        vec!["list", sample().leak() as &str],
        vec!["check", sample().leak()],
        vec!["render", post.as_str()],
        vec!["search", "kyoto", sample().leak()],
        vec!["config"],
    ] {
        let mut args = args.clone();
        args.extend(["--config", broken.to_str().unwrap()]);
        let out = folio_run(&args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let missing = folio_run(&["--config", "/nope.toml", "list", &sample()]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn a_mistyped_subcommand_is_named() {
    let out = folio_run(&["lsit"]);
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("'lsit' is neither a folder nor a command; did you mean 'list'?"),
        "{said}"
    );
    let out = folio_run(&["serach"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean 'search'?"));
}

#[test]
fn list_and_search_mean_the_same_by_the_same_filters() {
    let listed =
        json(&folio_run(&["list", &sample(), "--json", "--author", "Sofia", "--author", "Kenji"]));
    let by_line = json(&folio_run(&["list", &sample(), "--json", "--query", "@Sofia @Kenji"]));
    let found =
        json(&folio_run(&["search", "@Sofia @Kenji", &sample(), "--json", "--limit", "100"]));
    let found_flags = json(&folio_run(&[
        "search",
        "@Sofia",
        &sample(),
        "--json",
        "--limit",
        "100",
        "--author",
        "Kenji",
    ]));
    assert!(listed.len() >= 4, "{}", listed.len());
    assert_eq!(listed.len(), by_line.len());
    assert_eq!(listed.len(), found.len());
    assert_eq!(listed.len(), found_flags.len());
    // --query takes the whole search line.
    let unread_tagged =
        json(&folio_run(&["list", &sample(), "--json", "--query", "#travel is:unread"]));
    assert!(!unread_tagged.is_empty());
    assert!(unread_tagged.iter().all(|p| p["tags"].to_string().to_lowercase().contains("travel")));
}

#[test]
fn json_fields_and_usage_errors() {
    let found = json(&folio_run(&["search", "kyoto", &sample(), "--json"]));
    assert!(!found.is_empty());
    for key in ["path", "title", "date", "tags", "authors", "read", "starred", "score", "snippet"] {
        assert!(found[0].get(key).is_some(), "{key} missing in {}", found[0]);
    }
    let out = folio_run(&["check", &sample(), "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["posts"], 37);
    assert!(report["problems"].is_array());
    let empty = folio_run(&["search", "  ", &sample()]);
    assert_eq!(empty.status.code(), Some(2));
    let zero = folio_run(&["search", "kyoto", &sample(), "--limit", "0"]);
    assert_eq!(zero.status.code(), Some(2));
    // No progress into a file or a pipe.
    let fresh = tempfile::tempdir().unwrap();
    let out = folio_env(
        &["search", "kyoto", &sample()],
        &[("XDG_CACHE_HOME", &fresh.path().to_string_lossy())],
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).trim().is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
