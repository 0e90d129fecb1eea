//! Display width of terminal text: CJK characters take two columns, emoji
//! sequences and combining marks are kept whole.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The number of terminal columns `text` takes.
pub fn width(text: &str) -> usize {
    text.width()
}

/// `text` cut to at most `max` columns, ending with `…` when cut. Never
/// splits a grapheme.
pub fn truncate(text: &str, max: usize) -> Cow<'_, str> {
    if width(text) <= max {
        return Cow::Borrowed(text);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    Cow::Owned(format!("{}…", prefix(text, max - 1)))
}

/// The longest start of `text` that takes at most `max` columns. Never
/// splits a grapheme.
pub fn prefix(text: &str, max: usize) -> &str {
    let mut used = 0;
    for (at, grapheme) in text.grapheme_indices(true) {
        used += grapheme.width();
        if used > max {
            return &text[..at];
        }
    }
    text
}

/// `text` cut to `columns` and padded with spaces to exactly that width.
pub fn fit(text: &str, columns: usize) -> String {
    let cut = truncate(text, columns);
    let pad = columns.saturating_sub(width(&cut));
    format!("{cut}{}", " ".repeat(pad))
}

/// Columns between tab stops.
pub const TAB_STOP: usize = 4;

/// `text` with each tab replaced by spaces up to the next tab stop.
pub fn expand_tabs(text: &str) -> Cow<'_, str> {
    if !text.contains('\t') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut column = 0;
    for part in text.split_inclusive('\t') {
        let (body, tab) = match part.strip_suffix('\t') {
            Some(body) => (body, true),
            None => (part, false),
        };
        out.push_str(body);
        column += width(body);
        if tab {
            let pad = TAB_STOP - column % TAB_STOP;
            out.extend(std::iter::repeat_n(' ', pad));
            column += pad;
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_twice() {
        assert_eq!(width("日本"), 4);
        assert_eq!(width("ab"), 2);
    }

    #[test]
    fn truncation_respects_width_and_graphemes() {
        assert_eq!(truncate("hello world", 5), "hell…");
        assert_eq!(truncate("日本語テキスト", 5), "日本…");
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("e\u{301}e\u{301}e\u{301}", 2), "e\u{301}…");
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn tabs_expand_to_stops() {
        assert_eq!(expand_tabs("\tx"), "    x");
        assert_eq!(expand_tabs("ab\tc\td"), "ab  c   d");
        assert_eq!(expand_tabs("日\tx"), "日  x");
        assert_eq!(expand_tabs("none"), "none");
    }

    #[test]
    fn fit_pads_to_the_width() {
        assert_eq!(fit("日本", 6), "日本  ");
        assert_eq!(width(&fit("日本語テキスト", 7)), 7);
    }
}
