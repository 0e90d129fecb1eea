//! The one place where untrusted text is made safe for a terminal.
//!
//! Everything folio prints that came from a post (titles, tags, authors,
//! excerpts, bodies, file names, error text) passes through here *after*
//! every decoding step (YAML escapes, HTML entities, UTF-16), because those
//! steps are exactly what turns `\e` or `&#27;` into a real ESC.
//!
//! The rules:
//! - C0 controls and DEL become their visible Control Pictures (`␛`, `␇`...),
//!   so a hostile `ESC [ 2 J` shows up as the harmless text `␛[2J`;
//! - C1 controls (U+0080..U+009F, which include the 8-bit CSI) become `�`;
//! - bidirectional overrides and isolates, which can make text read in an
//!   order other than the one stored, are removed;
//! - line and paragraph separators, tabs and newlines become plain spaces in
//!   one-line fields.

use std::borrow::Cow;
use std::path::Path;

/// Makes one line of untrusted text safe to print: no control character,
/// escape sequence or bidi control survives. Tabs and line breaks become
/// spaces. Returns the input unchanged (and unallocated) when it is clean.
pub fn line(text: &str) -> Cow<'_, str> {
    // Printable ASCII is the common case, and a byte test the compiler can
    // vectorise settles it.
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Cow::Borrowed(text);
    }
    match text.char_indices().find(|&(_, c)| !is_safe(c)) {
        None => Cow::Borrowed(text),
        Some((first, _)) => {
            let mut out = String::with_capacity(text.len() + 8);
            out.push_str(&text[..first]);
            for c in text[first..].chars() {
                push_safe(&mut out, c);
            }
            Cow::Owned(out)
        }
    }
}

/// Like [`line`], but takes ownership and avoids a copy when already clean.
pub fn line_owned(text: String) -> String {
    match line(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(clean) => clean,
    }
}

/// A file name or path, made safe to print (lossy for non-UTF-8 names).
pub fn path(path: &Path) -> String {
    line(&path.to_string_lossy()).into_owned()
}

/// Whether `c` may be printed as it is.
#[inline]
pub fn is_safe(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    !(is_c1(c) || is_bidi_control(c) || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}'))
}

/// Appends the safe form of one character.
#[inline]
pub fn push_safe(out: &mut String, c: char) {
    match c {
        '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push(' '),
        c if is_safe(c) => out.push(c),
        '\0'..='\u{1f}' => out.push(control_picture(c)),
        '\u{7f}' => out.push('\u{2421}'),
        c if is_c1(c) => out.push('\u{fffd}'),
        // Bidi controls and the zero-width no-break space are dropped.
        _ => {}
    }
}

/// The visible stand-in for a C0 control character (U+2400 + code).
fn control_picture(c: char) -> char {
    char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')
}

fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c)
}

/// Characters that reorder text when displayed (Trojan Source, CVE-2021-42574).
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(line("Hello, 世界 👋"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_become_visible_text() {
        assert_eq!(line("a\x1b[2Jb"), "a␛[2Jb");
        assert_eq!(line("bell\x07"), "bell␇");
        assert_eq!(line("del\x7f"), "del␡");
        assert_eq!(line("nul\0"), "nul␀");
    }

    #[test]
    fn c1_controls_are_replaced() {
        assert_eq!(line("a\u{9b}31mb"), "a\u{fffd}31mb");
        assert_eq!(line("\u{85}"), "\u{fffd}");
    }

    #[test]
    fn bidi_controls_are_removed() {
        assert_eq!(line("abc\u{202e}def\u{2066}g\u{200f}"), "abcdefg");
    }

    #[test]
    fn whitespace_controls_become_spaces() {
        assert_eq!(line("a\tb\nc\r\nd\u{2028}e"), "a b c  d e");
    }

    #[test]
    fn emoji_sequences_survive() {
        let family = "👨\u{200d}👩\u{200d}👧 🏳\u{fe0f}\u{200d}🌈";
        assert_eq!(line(family), family);
    }

    #[test]
    fn no_output_char_is_a_control() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let out = line(&all);
        assert!(out.chars().all(|c| !c.is_control() && is_safe(c)), "{out:?}");
    }
}
