//! `folio render FILE` as a user runs it.

mod common;

use std::process::Command;
use std::time::Duration;

use common::{assert_no_controls, folio, folio_run, run, sample_posts};

fn sample(name: &str) -> String {
    sample_posts().join(name).to_string_lossy().into_owned()
}

#[test]
fn plain_in_a_pipe_with_header_and_width() {
    let output = folio_run(&["render", &sample("rust-error-handling.md"), "--width", "50"]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(!text.contains('\x1b'), "no styles in a pipe");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Error Handling in Rust Without Tears");
    assert_eq!(lines[1], "2023-05-20 · Priya Raman · 2 min read");
    assert_eq!(lines[2], "#Rust #Programming");
    assert!(lines.iter().all(|l| unicode_width::UnicodeWidthStr::width(*l) <= 50), "{text}");
    assert!(text.contains("── Footnotes"));
}

#[test]
fn width_defaults_to_80_off_a_terminal() {
    let output = folio_run(&["render", &sample("long-lines-and-wrapping.md")]);
    let text = String::from_utf8(output.stdout).unwrap();
    let widest = text.lines().map(unicode_width::UnicodeWidthStr::width).max().unwrap();
    assert_eq!(widest, 80, "{text}");
}

#[test]
fn color_always_and_never() {
    let always = folio_run(&["render", &sample("kyoto-in-autumn.md"), "--color", "always"]);
    let text = String::from_utf8(always.stdout).unwrap();
    assert!(text.contains("\x1b[0;1;35m"), "title in bold magenta");
    let never = folio_run(&["render", &sample("kyoto-in-autumn.md"), "--color", "never"]);
    assert!(!String::from_utf8(never.stdout).unwrap().contains('\x1b'));
}

#[test]
fn no_color_is_overridden_only_by_always() {
    let mut command = folio();
    command.env("NO_COLOR", "1").args([
        "render",
        &sample("kyoto-in-autumn.md"),
        "--color",
        "always",
    ]);
    let output = run(command, Duration::from_secs(30));
    assert!(String::from_utf8(output.stdout).unwrap().contains('\x1b'));
}

#[test]
fn missing_file_is_one_line_and_exit_1() {
    let output = folio_run(&["render", "/no/such/post.md"]);
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8(output.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("folio: cannot show '/no/such/post.md': cannot open: "), "{err}");
}

#[test]
fn a_fifo_or_a_folder_is_refused_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.md");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let output = folio_run(&["render", fifo.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8(output.stderr).unwrap().contains("not a regular file"));
    let output = folio_run(&["render", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn hostile_text_is_shown_not_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("evil.md");
    std::fs::write(
        &file,
        "---\ntitle: \"\\e]0;pwned\\a\"\n---\nText &#27;[2J and \u{1b}[31m raw, \u{202e}bidi, `\u{9b}1m`.\n\n```\n\u{1b}]52;c;Y2xpcA==\u{7}\n```\n\n[x](javascript:&#27;)\n",
    )
    .unwrap();
    for color in ["always", "never"] {
        let output = folio_run(&["render", file.to_str().unwrap(), "--color", color]);
        assert!(output.status.success());
        let text = String::from_utf8(output.stdout).unwrap();
        // Only folio's own SGR sequences may appear: strip them and look again.
        let stripped = strip_sgr(&text);
        assert_no_controls(stripped.as_bytes(), "rendered post");
        assert!(stripped.contains("␛]0;pwned␇"), "{stripped}");
        assert!(stripped.contains("␛]52;c;Y2xpcA==␇"), "{stripped}");
    }
}

/// Removes `ESC [ ... m` and OSC 8 hyperlinks (`ESC ] 8 ; ; URL ESC \`),
/// the only sequences folio writes.
fn strip_sgr(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    let mut links = String::new();
    while let Some(at) = rest.find("\x1b]8;;") {
        links.push_str(&rest[..at]);
        let after = &rest[at + 5..];
        let end = after.find("\x1b\\").expect("a hyperlink is closed");
        assert!(after[..end].chars().all(|c| !c.is_control()), "a control in a hyperlink");
        rest = &after[end + 2..];
    }
    links.push_str(rest);
    let text = links.as_str();
    let mut rest = text;
    while let Some(at) = rest.find("\x1b[") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 2..];
        let end = tail.find(|c: char| !(c.is_ascii_digit() || c == ';')).unwrap_or(tail.len());
        assert_eq!(
            tail[end..].chars().next(),
            Some('m'),
            "only SGR sequences: {:?}",
            &tail[..end + 1]
        );
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn links_are_hyperlinks_with_colour_and_plain_without() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("links.md");
    std::fs::write(&file, "See [the docs](https://example.com/docs), [a post](other.md) and <https://auto.example>.\n").unwrap();
    let coloured = folio_run(&[
        "render",
        file.to_str().unwrap(),
        "--color",
        "always",
        "--hyperlinks",
        "always",
    ]);
    let text = String::from_utf8(coloured.stdout).unwrap();
    assert!(text.contains("\x1b]8;;https://example.com/docs\x1b\\"), "{text:?}");
    assert!(text.contains("\x1b]8;;https://auto.example\x1b\\"), "{text:?}");
    assert!(!text.contains("\x1b]8;;other.md"), "a relative path is no hyperlink: {text:?}");
    let plain = folio_run(&["render", file.to_str().unwrap(), "--color", "never"]);
    assert!(!String::from_utf8(plain.stdout).unwrap().contains('\x1b'));
}

#[test]
fn colours_follow_what_the_terminal_says_it_shows() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("code.md");
    std::fs::write(&file, "```rust\nfn main() { let x = \"s\"; }\n```\n").unwrap();
    let run = |colorterm: Option<&str>, term: &str| {
        let mut command = common::folio();
        command.args(["render", file.to_str().unwrap(), "--color", "always"]).env("TERM", term);
        match colorterm {
            Some(value) => command.env("COLORTERM", value),
            None => command.env_remove("COLORTERM"),
        };
        let output = common::run(command, std::time::Duration::from_secs(30));
        String::from_utf8(output.stdout).unwrap()
    };
    let truecolor = run(Some("truecolor"), "xterm-256color");
    assert!(truecolor.contains(";38;2;"), "24-bit when COLORTERM says so");
    let palette = run(None, "xterm-256color");
    assert!(palette.contains(";38;5;") && !palette.contains(";38;2;"), "{palette:?}");
    let ansi = run(None, "xterm");
    assert!(!ansi.contains(";38;5;") && !ansi.contains(";38;2;"), "{ansi:?}");
}

#[test]
fn a_picture_that_cannot_be_shown_says_why() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    std::fs::create_dir_all(root.join("_posts")).unwrap();
    std::fs::create_dir_all(root.join("assets")).unwrap();
    std::fs::write(root.join("_config.yml"), "baseurl: /blog\n").unwrap();
    std::fs::write(root.join("assets/chart.png"), b"png").unwrap();
    let post = root.join("_posts/2020-01-01-p.md");
    std::fs::write(
        &post,
        "---\ntitle: P\n---\n\n![A chart](/blog/assets/chart.png)\n\n![Gone](/assets/gone.png)\n\n![Up](../../x.png)\n",
    )
    .unwrap();
    let out = folio_run(&["render", post.to_str().unwrap(), "--width", "60"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("[image: A chart]"), "found under the baseurl: {text}");
    assert!(text.contains("[image: Gone — missing]"), "{text}");
    assert!(text.contains("[image: Up — outside the site]"), "{text}");
}

#[test]
fn pictures_are_found_and_drawn_through_every_form_a_site_writes_them_in() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    for dir in ["_posts", "assets", "static/img"] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
    }
    std::fs::write(root.join("_config.yml"), "baseurl: /blog\n").unwrap();
    std::fs::copy(sample_posts().join("images/tofukuji-maples.jpg"), root.join("assets/a.jpg"))
        .unwrap();
    std::fs::copy(sample_posts().join("assets/elbo.png"), root.join("static/img/b.png")).unwrap();
    let post = root.join("_posts/2020-01-01-p.md");
    std::fs::write(
        &post,
        "---\ntitle: P\n---\n\n\
         ![by liquid]({{ '/assets/a.jpg' | relative_url }})\n\n\
         ![by baseurl]({{ site.baseurl }}/assets/a.jpg)\n\n\
         {{< figure src=\"/img/b.png\" caption=\"by figure\" >}}\n\n\
         <img src=\"/assets/a.jpg\" alt=\"by img\">\n\n\
         <picture><source srcset=\"/assets/a.webp\"><img src=\"/assets/a.jpg\" alt=\"by picture\"></picture>\n\n\
         The end.\n",
    )
    .unwrap();
    let args = ["render", "--color", "always", "--images", "halfblocks", "--width", "40"];
    let mut args = args.to_vec();
    args.push(post.to_str().unwrap());
    let out = folio_run(&args);
    assert!(out.status.success());
    let text = strip_sgr(&String::from_utf8(out.stdout).unwrap());
    assert!(!text.contains("[image:"), "every picture drawn: {text}");
    let lines: Vec<&str> = text.lines().collect();
    let mut last = 0;
    for caption in ["by liquid", "by baseurl", "by figure", "by img", "by picture", "The end."] {
        let at = lines
            .iter()
            .position(|l| l.contains(caption))
            .unwrap_or_else(|| panic!("{caption}: {text}"));
        assert!(at > last, "{caption} in order: {text}");
        if caption != "The end." {
            // Half blocks right above its caption.
            assert!(
                lines[at - 1].contains('▀') || lines[at - 1].contains('▄'),
                "{caption}: {text}"
            );
        }
        last = at;
    }
}
