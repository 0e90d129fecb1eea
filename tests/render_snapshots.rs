//! Snapshots of the renderer: each construct with its styles, and every
//! sample post as plain text at 80 columns.

use std::fmt::Write as _;
use std::path::Path;

use folio::markdown::render;
use folio::theme::Theme;
use folio::{Post, article};
use ratatui::style::Style;
use ratatui::text::Line;

/// One line per rendered line; each span as `"text"` followed by its style.
fn styled(lines: &[Line<'_>]) -> String {
    let mut out = String::new();
    for line in lines {
        let spans: Vec<String> =
            line.spans.iter().map(|s| format!("{:?}{}", s.content, style(s.style))).collect();
        let _ = writeln!(out, "{}", spans.join(" "));
    }
    out
}

fn style(style: Style) -> String {
    let mut parts = Vec::new();
    if let Some(fg) = style.fg {
        parts.push(format!("fg={fg}"));
    }
    if let Some(bg) = style.bg {
        parts.push(format!("bg={bg}"));
    }
    if !style.add_modifier.is_empty() {
        parts.push(format!("{:?}", style.add_modifier).replace("Modifier(", "").replace(')', ""));
    }
    if parts.is_empty() { String::new() } else { format!("@{}", parts.join(",")) }
}

fn construct(markdown: &str, width: usize) -> String {
    styled(&render(markdown, width, &Theme::default()).lines)
}

#[test]
fn headings() {
    insta::assert_snapshot!(construct(
        "# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six",
        40
    ));
}

#[test]
fn inline_styles() {
    insta::assert_snapshot!(construct(
        "Plain *em* **strong** ***both*** ~~struck~~ `code` and\nsoft  \nhard break.",
        40
    ));
}

#[test]
fn lists_and_tasks() {
    insta::assert_snapshot!(construct(
        "- one\n- two that wraps onto a second line\n  1. nested\n  2. numbers\n     - deeper\n- [x] done\n- [ ] open",
        30
    ));
}

#[test]
fn quotes() {
    insta::assert_snapshot!(construct("> outer *quote*\n>\n> > inner\n> > > innermost", 30));
}

#[test]
fn code_blocks() {
    insta::assert_snapshot!(construct(
        "```rust\nfn main() {\n\tprintln!(\"hi\");\n}\n```\n\n```\nplain text that is longer than the width\n```\n\n    indented",
        30
    ));
}

#[test]
fn tables() {
    insta::assert_snapshot!(construct(
        "| Left | Centre | Right |\n|:-----|:------:|------:|\n| a | **b** | `c` |\n| long cell text that wraps | x | 12 |",
        40
    ));
}

#[test]
fn links_images_and_footnotes() {
    insta::assert_snapshot!(construct(
        "A [link](https://example.com \"t\"), <https://auto.example>, ![alt text](pic.png) and a note[^1].\n\n[^1]: The *note*.",
        40
    ));
}

#[test]
fn rules_and_html() {
    insta::assert_snapshot!(construct(
        "Above\n\n---\n\n<div class=\"x\">\n  <b>html</b>\n</div>\n\nInline <kbd>Ctrl</kbd>.",
        30
    ));
}

#[test]
fn every_sample_post_as_plain_text() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-posts");
    let mut files = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if folio::post::walk::is_markdown(&path) {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 24);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let relative = file.strip_prefix(&dir).unwrap();
        let post = Post::parse(relative, &text, &mut Vec::new());
        let body = folio::post::front_matter::split(&text).body;
        let dialect = folio::markdown::dialect::Dialect::of_file(&file);
        let lines = article::render_in(&post, body, 80, &Theme::plain(), &dialect).lines;
        let plain: String = lines.iter().map(|l| l.to_string() + "\n").collect();
        let name = relative.to_string_lossy().replace(['/', '.'], "_");
        insta::assert_snapshot!(name, plain);
    }
}

/// A sample post rendered as folio shows it, with its styles.
fn sample_styled(name: &str) -> String {
    sample_styled_at(name, 80)
}

/// [`sample_styled`] at `width` columns.
fn sample_styled_at(name: &str, width: usize) -> String {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-posts").join(name);
    let text = std::fs::read_to_string(&file).unwrap();
    let post = Post::parse(Path::new(name), &text, &mut Vec::new());
    let body = folio::post::front_matter::split(&text).body;
    let dialect = folio::markdown::dialect::Dialect::of_file(&file);
    styled(&article::render_in(&post, body, width, &Theme::default(), &dialect).lines)
}

#[test]
fn dialect_jekyll_liquid_and_kramdown() {
    insta::assert_snapshot!(sample_styled("2019-12-02-liquid-and-kramdown.markdown"));
}

#[test]
fn dialect_hugo_shortcodes() {
    insta::assert_snapshot!(sample_styled("hugo-shortcodes.md"));
}

#[test]
fn dialect_mdx_components() {
    insta::assert_snapshot!(sample_styled("astro-components.mdx"));
}

#[test]
fn kramdown_math_post_at_two_widths() {
    let name = "2020-05-02-notes-on-variational-inference.markdown";
    insta::assert_snapshot!("kramdown_math_80", sample_styled_at(name, 80));
    insta::assert_snapshot!("kramdown_math_50", sample_styled_at(name, 50));
}

#[test]
fn mdx_mathml_post_at_two_widths() {
    let name = "quantization-in-mdx.mdx";
    insta::assert_snapshot!("mdx_mathml_80", sample_styled_at(name, 80));
    insta::assert_snapshot!("mdx_mathml_50", sample_styled_at(name, 50));
}

#[test]
fn dialect_math() {
    insta::assert_snapshot!(sample_styled("math-for-readers.md"));
}

#[test]
fn dialect_html_heavy() {
    insta::assert_snapshot!(sample_styled("project-status-in-html.md"));
}

#[test]
fn dialect_plain_with_github_alerts_and_definitions() {
    insta::assert_snapshot!(construct(
        "> [!TIP]\n> Use `folio`.\n\nTerm\n: Its definition, long enough to wrap around.\n\nH<sub>2</sub>O and x<sup>2</sup>.",
        30
    ));
}
