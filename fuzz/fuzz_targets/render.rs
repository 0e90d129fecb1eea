//! Any text at any width renders without a panic, and no control character
//! reaches a span.
#![no_main]

use folio::markdown::render;
use folio::theme::Theme;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&width, text)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(text) else { return };
    let article = render(text, usize::from(width), &Theme::default());
    for line in &article.lines {
        for span in &line.spans {
            assert!(span.content.chars().all(folio::sanitize::is_safe), "{:?}", span.content);
        }
    }
});
