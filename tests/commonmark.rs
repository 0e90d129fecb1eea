//! The CommonMark spec's examples (from ../shared when present): each one
//! renders without a panic, and every word of the text a browser shows
//! for the expected HTML appears in folio's plain rendering.

mod common;

use folio::markdown::render;
use folio::theme::Theme;

/// The text a browser shows for an HTML fragment (what is inside
/// `<script>` and `<style>` is not shown): the text with entities as
/// written, and decoded.
fn text_content(html: &str) -> (String, String) {
    let decoded = common::shown_text(html, &[b"script", b"style"]);
    let raw = html_escape::encode_text(&decoded).into_owned();
    (raw, decoded)
}

#[test]
fn every_spec_example_renders_with_its_words() {
    let Some(shared) = common::shared() else {
        eprintln!("../shared is absent: skipping the CommonMark examples");
        return;
    };
    let spec = std::fs::read_to_string(shared.join("commonmark/spec.json")).unwrap();
    let examples: Vec<serde_json::Value> = serde_json::from_str(&spec).unwrap();
    let mut failures = Vec::new();
    for example in &examples {
        let markdown = example["markdown"].as_str().unwrap();
        let number = example["example"].as_u64().unwrap();
        for width in [20, 200] {
            let _ = render(markdown, width, &Theme::default());
        }
        let article = render(markdown, 200, &Theme::plain());
        let output: String = article.lines.iter().map(|l| l.to_string() + "\n").collect();
        let (raw, decoded) = text_content(example["html"].as_str().unwrap());
        let raw_words: Vec<&str> = raw.split_whitespace().collect();
        for word in decoded.split_whitespace() {
            // What is shown is sanitized: a control character becomes its picture.
            let shown = folio::sanitize::line(word);
            if !output.contains(shown.as_ref())
                && !raw_words.iter().any(|r| output.contains(r) && r.contains(word))
            {
                failures.push(format!("example {number}: {word:?} missing from {output:?}"));
                break;
            }
        }
    }
    eprintln!(
        "CommonMark examples: {} of {} pass",
        examples.len() - failures.len(),
        examples.len()
    );
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}
