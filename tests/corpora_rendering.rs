//! The shared corpora (when present) rendered as folio shows them: no raw
//! HTML, Liquid, kramdown or shortcode syntax outside code, and every word
//! a browser would show for the built page still shown.

mod common;

use std::path::{Path, PathBuf};

use folio::markdown::dialect::{Dialect, prepare};
use folio::markdown::{options, render_with};
use folio::theme::Theme;

fn posts(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            posts(&path, out);
        } else if folio::post::walk::is_markdown(&path) {
            out.push(path);
        }
    }
}

/// Whether a span is code: a code block's background, a code label, or
/// inline code's colour (under a link's or a quote's style too).
fn is_code(style: ratatui::style::Style, theme: &Theme) -> bool {
    (style.bg.is_some() && (style.bg == theme.code_block.bg || style.bg == theme.code_label.bg))
        || style.fg == theme.inline_code.fg
}

/// Syntax that must not reach the reader outside code: the kind and the
/// piece of text.
fn leak(text: &str) -> Option<(&'static str, String)> {
    let piece = |at: usize| text[at..].chars().take(24).collect::<String>();
    let bytes = text.as_bytes();
    for (at, window) in bytes.windows(2).enumerate() {
        match window {
            b"{%" => return Some(("Liquid tag", piece(at))),
            b"{{" => return Some(("Liquid output or shortcode", piece(at))),
            b"{:" => return Some(("kramdown attribute list", piece(at))),
            b"<!" => return Some(("HTML comment", piece(at))),
            [b'<', c] if c.is_ascii_alphabetic() || *c == b'/' => {
                let rest = &text[at + 1..];
                let name: String = rest
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                let after = rest.trim_start_matches('/')[name.len()..].chars().next();
                if !name.is_empty() && matches!(after, Some('>' | ' ' | '/')) {
                    let end = rest.find('>').map_or(rest.len(), |i| i + 1);
                    return Some(("HTML tag", text[at..at + 1 + end].to_string()));
                }
            }
            _ => {}
        }
    }
    if text.trim_start().starts_with("import ") && text.contains(" from ") {
        return Some(("MDX import", text.to_string()));
    }
    None
}

/// The text a browser shows for `markdown` built into HTML.
fn browser_text(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(markdown, options()),
    );
    // A terminal runs no scripts, but the reference is a page with them on.
    common::shown_text(&html, &[b"script", b"style", b"noscript"])
}

fn words_of(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|w| w.chars().count() >= 2 && w.chars().all(char::is_alphabetic))
        .collect()
}

#[test]
fn corpora_render_without_leaks_and_with_every_word() {
    let Some(shared) = common::shared() else {
        eprintln!("../shared is absent: skipping the corpora");
        return;
    };
    let theme = Theme::default();
    let mut files = Vec::new();
    posts(&shared.join("corpora"), &mut files);
    files.sort();
    let (mut lines, mut leaks, mut words, mut found) = (0usize, Vec::new(), 0usize, 0usize);
    let mut missing = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let body = folio::post::front_matter::split(&text).body;
        let dialect = Dialect::of_file(file);
        let article = render_with(body, 200, &theme, &dialect);
        let browser = browser_text(&prepare(body, &dialect));
        let mut shown = String::new();
        for line in &article.lines {
            lines += 1;
            let prose: String = line
                .spans
                .iter()
                .filter(|s| !is_code(s.style, &theme))
                .map(|s| s.content.as_ref())
                .collect();
            // Text a browser shows too (`\<heycam\>`, `&lt;T&gt;`) is no leak.
            if let Some((kind, piece)) = leak(&prose)
                && !browser.contains(piece.trim())
            {
                leaks.push(format!("{}: {kind}: {prose}", file.display()));
            }
            shown.push_str(&line.to_string());
            shown.push('\n');
        }
        // Code lines cut at the width carry on after a ↪.
        let shown = shown.replace("\n↪", "").replace("↪", "");
        for word in words_of(&browser) {
            words += 1;
            if shown.contains(&word) {
                found += 1;
            } else if missing.len() < 20 {
                missing.push(format!("{}: {word}", file.display()));
            }
        }
    }
    let coverage = found as f64 * 100.0 / words.max(1) as f64;
    eprintln!(
        "corpora: {} posts, {lines} lines, {} lines leak syntax ({:.3}%); {found} of {words} words shown ({coverage:.3}%)",
        files.len(),
        leaks.len(),
        leaks.len() as f64 * 100.0 / lines.max(1) as f64
    );
    assert!(
        leaks.is_empty(),
        "{} leaks:\n{}",
        leaks.len(),
        leaks[..leaks.len().min(30)].join("\n")
    );
    assert!(missing.is_empty(), "{} words missing, e.g.:\n{}", words - found, missing.join("\n"));
}
