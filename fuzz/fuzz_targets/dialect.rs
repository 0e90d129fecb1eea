//! Any text goes through the site-syntax rewriter (Liquid, Hugo
//! shortcodes, kramdown, MDX) and the renderer after it without a panic,
//! and the rewriter keeps every line's place within the text.
#![no_main]

use folio::markdown::dialect::{Dialect, original_offset, prepare_mapped};
use folio::markdown::render_with;
use folio::theme::Theme;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, text)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(text) else { return };
    let mut dialect = Dialect { mdx: flags & 1 == 1, ..Dialect::default() };
    if flags & 2 == 2 {
        dialect.site.insert("title".into(), "Site {{ title }}".into());
    }
    let (prepared, map) = prepare_mapped(text, &dialect);
    for offset in [0, prepared.len() / 2, prepared.len()] {
        assert!(original_offset(&map, offset) <= text.len());
    }
    let article = render_with(text, 70, &Theme::default(), &dialect);
    for line in &article.lines {
        for span in &line.spans {
            assert!(span.content.chars().all(folio::sanitize::is_safe), "{:?}", span.content);
        }
    }
});
