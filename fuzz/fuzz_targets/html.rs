//! Any HTML, in a block or inline, goes through the HTML reader (html5gum
//! behind folio's guard) without a panic or a stack overflow, and no
//! control character reaches a span.
#![no_main]

use folio::markdown::render;
use folio::theme::Theme;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(html) = std::str::from_utf8(data) else { return };
    // A block of HTML (a line starting with a block tag), and the same
    // inside a paragraph of Markdown.
    for text in [format!("<div>\n{html}\n"), format!("Text <span>{html}</span> text\n")] {
        let article = render(&text, 60, &Theme::default());
        for line in &article.lines {
            for span in &line.spans {
                assert!(span.content.chars().all(folio::sanitize::is_safe), "{:?}", span.content);
            }
        }
    }
});
