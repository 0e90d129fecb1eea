//! A folder of hostile files: every run ends in bounded time, lists the good
//! posts, and prints no control character.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::{assert_no_controls, folio, json, run};
use serde_json::Value;

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

/// Builds the hostile folder; returns the temp dirs (kept alive by the caller).
fn hostile() -> (tempfile::TempDir, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "good-one.md", "---\ntitle: Good One\ndate: 2024-01-01\ntags: [ok]\n---\nFine.\n");
    write(d, "nested/good-two.md", "---\ntitle: Good Two\n---\nFine too.\n");
    write(d, "invalid-utf8.md", b"---\ntitle: Caf\xe9 Latin-1\n---\nBody \xff\xfe.\n");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "---\ntitle: Sixteen Bits\n---\nWide body.\n".encode_utf16().flat_map(u16::to_le_bytes),
    );
    write(d, "utf16.md", utf16);
    write(d, "binary.md", (0..4096u32).map(|i| (i * 7 % 256) as u8).collect::<Vec<u8>>());
    write(d, "empty.md", "");
    write(d, "unclosed.md", "---\ntitle: Never Closed\n\n# Unclosed Heading\n\nStill a post.\n");
    write(d, "deep-flow.md", format!("---\nx: {}\n---\n# Deep Flow\n", "[".repeat(60_000)));
    write(d, "deeper-than-64k.md", format!("---\nx: {}\n---\n# Deeper\n", "[".repeat(100_000)));
    let mut bomb = String::from("---\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        bomb.push_str(&format!("{name}: &{name} [{}]\n", vec![format!("*{prev}"); 9].join(", ")));
    }
    bomb.push_str("---\n# Alias Bomb\n");
    write(d, "alias-bomb.md", bomb);
    write(
        d,
        "huge-scalar.md",
        format!("---\ntitle: \"{}\"\n---\n# Huge Scalar\n", "x".repeat(3_000_000)),
    );
    write(d, "too-large.md", vec![b'a'; 17 * 1024 * 1024]);
    write(
        d,
        "escapes.md",
        "---\ntitle: \"Evil \\e[2J\\e]0;pwned\\a \\x9b31m \\u202Eabc\"\ntags: [\"\\e[31mred\"]\nauthor: \"\\e[5mBlink\"\n---\nBody &#27;[2J and &#x9b;.\n",
    );
    write(d, "evil\x1b[31mname\x07.md", "---\ntitle: Evil Name\n---\n");
    fs::create_dir_all(d.join("x.md")).unwrap();
    write(d, "x.md/inside-dir.md", "---\ntitle: Inside A Dir Named x.md\n---\n");
    let status = Command::new("mkfifo").arg(d.join("fifo.md")).status().unwrap();
    assert!(status.success(), "mkfifo");
    std::os::unix::fs::symlink(d, d.join("nested/loop")).unwrap();
    write(outside.path(), "secret.md", "---\ntitle: Outside Secret\n---\n");
    std::os::unix::fs::symlink(outside.path().join("secret.md"), d.join("outside-link.md"))
        .unwrap();
    std::os::unix::fs::symlink(outside.path(), d.join("outside-dir")).unwrap();
    std::os::unix::fs::symlink(d.join("good-one.md"), d.join("inside-link.md")).unwrap();
    write(d, ".hidden/secret.md", "---\ntitle: Hidden\n---\n");
    write(d, "ignored/skip.md", "---\ntitle: Ignored\n---\n");
    write(d, ".ignore", "ignored/\n");
    (dir, outside)
}

fn list(dir: &Path) -> (Vec<Value>, String) {
    let mut command = folio();
    command.arg("list").arg(dir).arg("--json");
    let output = run(command, Duration::from_secs(30));
    assert_no_controls(&output.stdout, "stdout");
    assert_no_controls(&output.stderr, "stderr");
    let stderr = String::from_utf8(output.stderr.clone()).unwrap();
    (json(&output), stderr)
}

fn title_of<'a>(posts: &'a [Value], file: &str) -> Option<&'a str> {
    posts
        .iter()
        .find(|p| p["path"].as_str().unwrap().ends_with(file))
        .map(|p| p["title"].as_str().unwrap())
}

#[test]
fn good_posts_survive_a_hostile_folder() {
    let (dir, _outside) = hostile();
    let (posts, stderr) = list(dir.path());
    let titles: Vec<&str> = posts.iter().map(|p| p["title"].as_str().unwrap()).collect();
    for expected in ["Good One", "Good Two", "Inside A Dir Named x.md", "Evil Name", "Sixteen Bits"]
    {
        assert!(titles.contains(&expected), "{expected} missing from {titles:?}");
    }
    assert_eq!(title_of(&posts, "invalid-utf8.md"), Some("Caf\u{fffd} Latin-1"));
    assert_eq!(title_of(&posts, "empty.md"), Some("Empty"));
    assert_eq!(title_of(&posts, "unclosed.md"), Some("Unclosed Heading"));
    assert_eq!(title_of(&posts, "deep-flow.md"), Some("Deep Flow"));
    assert_eq!(title_of(&posts, "deeper-than-64k.md"), Some("Deeper"));
    assert_eq!(title_of(&posts, "alias-bomb.md"), Some("Alias Bomb"));
    assert_eq!(title_of(&posts, "huge-scalar.md"), Some("Huge Scalar"));
    assert_eq!(title_of(&posts, "inside-link.md"), None, "listed once, at its own path");
    assert_eq!(titles.iter().filter(|t| **t == "Good One").count(), 1);
    for absent in
        ["binary.md", "too-large.md", "fifo.md", "outside-link.md", "secret.md", "skip.md"]
    {
        assert_eq!(title_of(&posts, absent), None, "{absent} should not be listed");
    }
    assert!(!titles.contains(&"Outside Secret") && !titles.contains(&"Hidden"));
    assert!(stderr.contains("skipped") && stderr.contains("folio check"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one summary line: {stderr}");
}

#[test]
fn escape_sequences_never_reach_the_output() {
    let (dir, _outside) = hostile();
    let (posts, _) = list(dir.path());
    let evil = posts.iter().find(|p| p["path"].as_str().unwrap().ends_with("escapes.md")).unwrap();
    assert_eq!(evil["title"], "Evil ␛[2J␛]0;pwned␇ �31m abc");
    assert_eq!(evil["tags"][0], "␛[31mred");
    assert_eq!(evil["authors"][0], "␛[5mBlink");
    assert!(evil["excerpt"].as_str().unwrap().contains("␛[2J"));
    let named = posts.iter().find(|p| p["title"] == "Evil Name").unwrap();
    assert!(named["path"].as_str().unwrap().ends_with("evil␛[31mname␇.md"), "{named}");
}

#[test]
fn table_and_plain_output_are_sanitized_too() {
    let (dir, _outside) = hostile();
    let mut command = folio();
    command.arg("list").arg(dir.path());
    let output = run(command, Duration::from_secs(30));
    assert!(output.status.success());
    assert_no_controls(&output.stdout, "plain stdout");
    assert!(String::from_utf8_lossy(&output.stdout).contains("Evil ␛[2J"));
}

#[test]
fn check_names_each_problem_and_fails() {
    let (dir, _outside) = hostile();
    let mut command = folio();
    command.arg("check").arg(dir.path());
    let output = run(command, Duration::from_secs(30));
    assert_no_controls(&output.stdout, "check stdout");
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    let line_for = |file: &str| {
        text.lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("no line for {file}:\n{text}"))
            .to_string()
    };
    assert!(line_for("binary.md").contains("skipped: binary file"));
    assert!(line_for("too-large.md").contains("skipped: larger than 16 MiB"));
    assert!(line_for("fifo.md").contains("skipped: not a regular file"));
    assert!(line_for("outside-link.md").contains("outside the folder"));
    assert!(line_for("outside-dir").contains("outside the folder"));
    assert!(line_for("loop").contains("loop"));
    assert!(line_for("inside-link.md").contains("note: link to the post 'good-one.md'"));
    assert!(line_for("unclosed.md").contains("front matter: front matter is not closed"));
    assert!(line_for("deep-flow.md").contains("nested more than"));
    assert!(line_for("deeper-than-64k.md").contains("not closed within 64 KiB"));
    assert!(line_for("alias-bomb.md").contains("front matter"));
    assert!(line_for("huge-scalar.md").contains("not closed within 64 KiB"));
    assert!(line_for("invalid-utf8.md").contains("not valid UTF-8"));
    let summary = text.lines().last().unwrap();
    assert!(summary.contains("6 files skipped"), "{summary}");
}

/// Folders whose links lead to each other: `level-N/a` and `level-N/b` both
/// lead to `level-N+1`, so a walk that follows every link sees 2^N paths.
fn link_ladder(dir: &Path, levels: usize, hidden: bool) {
    let name = |n: usize| if hidden { format!(".l{n}") } else { format!("level-{n}") };
    for n in 0..=levels {
        write(
            dir,
            &format!("{}/post-{n}.md", name(n)),
            format!("---\ntitle: Post {n}\n---\nText.\n"),
        );
    }
    for n in 0..levels {
        for link in ["a", "b"] {
            std::os::unix::fs::symlink(dir.join(name(n + 1)), dir.join(name(n)).join(link))
                .unwrap();
        }
    }
    if hidden {
        std::os::unix::fs::symlink(dir.join(name(0)), dir.join("entry")).unwrap();
    }
}

#[test]
fn links_that_lead_to_each_other_do_not_multiply_the_walk() {
    for hidden in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        link_ladder(dir.path(), 24, hidden);
        let mut command = folio();
        command.args(["list", "--no-cache", "--json"]).arg(dir.path());
        let output = run(command, Duration::from_secs(20));
        let posts = json(&output);
        let mut titles: Vec<&str> = posts.iter().map(|p| p["title"].as_str().unwrap()).collect();
        titles.sort();
        titles.dedup();
        assert_eq!(posts.len(), 25, "hidden={hidden}: each post once");
        assert_eq!(titles.len(), 25, "hidden={hidden}: every post");
    }
}

#[test]
fn posts_built_to_be_slow_render_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let n = 100_000;
    let notes: String = (0..n).map(|i| format!("Text with a note[^{i}].\n")).collect();
    let definitions: String = (0..n).map(|i| format!("[^{i}]: Note number {i}.\n")).collect();
    write(dir.path(), "footnotes.md", format!("# Footnotes\n\n{notes}\n{definitions}"));
    let images: Vec<String> = (0..n).map(|i| format!("![image {i}](pic{i}.png)")).collect();
    write(dir.path(), "images.md", format!("# Images\n\n{}\n", images.join(" ")));
    for file in ["footnotes.md", "images.md"] {
        let mut command = folio();
        command.args(["render", "--width", "80", "--color", "never"]).arg(dir.path().join(file));
        // Quadratic work made each of these take minutes in a debug build.
        let output = run(command, Duration::from_secs(60));
        assert!(output.status.success(), "{file}");
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(text.contains(&format!("{}", n - 1)), "{file}: the last one is shown");
    }
}

/// Each pattern that once took time growing with the square of its length
/// (a scanner looking for a closing mark from every opening one), or
/// overflowed the stack (a tag with thousands of attributes).
fn slow_patterns() -> Vec<(&'static str, String)> {
    let n = 600_000;
    let repeat = |unit: &str| unit.repeat(n / unit.len());
    vec![
        ("liquid-tags.md", repeat("{% ")),
        ("liquid-outputs.md", repeat("{{ ")),
        ("site-values.md", repeat("{{ site.")),
        ("angle-quotes.md", repeat("{{‹")),
        ("hugo-percent.md", repeat("{{% ")),
        ("hugo-angle.md", repeat("{{< x \"")),
        ("kramdown-ials.md", repeat("{#a {: ")),
        ("backtick-runs.md", (1..1000).rev().map(|k| "`".repeat(k % 40 + 1) + " x ").collect()),
        ("unclosed-details.md", repeat("<details>\n")),
        ("unclosed-tables.md", repeat("<table>\n")),
        ("table-rows.md", format!("<table>\n{}", repeat("<tr>\n"))),
        ("nested-details.md", format!("{}x\n{}", repeat("<details>"), repeat("</details>"))),
        ("attributes.md", format!("<p {}>after the tag</p>\n", repeat("a=\"v\" "))),
        ("tag-over-lines.md", format!("text <a\n{}>after the tag</a>\n", repeat("b=\"x\"\n"))),
    ]
}

#[test]
fn posts_built_to_be_slow_or_deep_render_and_index_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    for (name, body) in slow_patterns() {
        write(dir.path(), name, format!("---\ntitle: {name}\n---\n{body}\nlast words\n"));
    }
    for (name, _) in slow_patterns() {
        let mut command = folio();
        command.args(["render", "--width", "80", "--color", "never"]).arg(dir.path().join(name));
        // Before: 30 s for the Liquid tags in a release build; an abort for
        // the attributes.
        let output = run(command, Duration::from_secs(60));
        assert!(output.status.success(), "{name}: {}", String::from_utf8_lossy(&output.stderr));
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains("last words"), "{name}: the text after it is shown");
    }
    let mut command = folio();
    command.args(["--no-cache", "search", "words", "--json"]).arg(dir.path());
    let output = run(command, Duration::from_secs(120));
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let found: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(found.len(), slow_patterns().len(), "every post is indexed");
}
