//! A guard in front of html5gum's tokenizer, whose states for a tag's
//! attributes call each other directly for speed: each `name="value"`
//! followed by a blank adds frames to the stack until the tag ends, so a
//! tag with some thousands of such attributes overflows it (and a stack
//! overflow aborts the process, whatever catches panics).
//!
//! The chain of direct calls is broken wherever the tokenizer returns to its
//! loop, which it does on `name ="value"` (a blank before `=`): the same
//! attribute, tokenized the same. So the guard finds every run of
//! attributes that could form such a chain, by their bytes alone (no state
//! to lose sync with: a run inside a comment or a script counts too), and
//! puts a blank before the `=` of one attribute in every [`CHAIN`].
//! Text outside tags that happens to look like a long run of attributes is
//! the only text it changes, by one blank per [`CHAIN`] of them.

use std::borrow::Cow;

/// Attributes in a chain of direct calls at most; the chain costs about
/// 1.5 KB of stack per attribute in a release build.
pub(super) const CHAIN: usize = 64;

/// `html` with every long chain of attributes broken.
pub(super) fn guard(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    // Most blocks cannot hold a chain this long at all.
    if memchr::memchr_iter(b'"', bytes).count() < 2 * CHAIN {
        return Cow::Borrowed(html);
    }
    let breaks = breaks(bytes);
    if breaks.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + breaks.len());
    let mut from = 0;
    for at in breaks {
        out.push_str(&html[from..at]);
        out.push(' ');
        from = at;
    }
    out.push_str(&html[from..]);
    Cow::Owned(out)
}

/// The places of the `=` signs before which a blank goes, in order.
///
/// After a closing quote at `q`, the tokenizer stays in its chain when
/// the bytes are `blank+ name = blank* " value "` (the name without blanks,
/// `/`, `>` or `=`; the value without `"` or `&`, which return to the
/// loop). `length[q]` is how many such attributes follow `q` in a row; it
/// is computed from the last quote to the first, each attribute parsed
/// once, so the whole is linear. A chain of any length passes through one
/// closing quote whose `length` is a multiple of [`CHAIN`], and the
/// attribute after that quote gets its blank.
fn breaks(bytes: &[u8]) -> Vec<usize> {
    let quotes: Vec<usize> = memchr::memchr_iter(b'"', bytes).collect();
    // For each quote (by index in `quotes`): the attribute after it, as
    // (its `=`, the index of its closing quote), and the run's length.
    let mut length = vec![0usize; quotes.len()];
    let mut equals = vec![usize::MAX; quotes.len()];
    for index in (0..quotes.len()).rev() {
        let Some((sign, open)) = attribute_after(bytes, quotes[index]) else { continue };
        // The value runs to the next quote: the one after `open`.
        let Ok(open_index) = quotes.binary_search(&open) else { continue };
        let close_index = open_index + 1;
        let Some(&close) = quotes.get(close_index) else { continue };
        if bytes[open + 1..close].contains(&b'&') {
            continue;
        }
        length[index] = 1 + length[close_index];
        equals[index] = sign;
    }
    let mut breaks: Vec<usize> = (0..quotes.len())
        .filter(|&i| length[i] > 0 && length[i].is_multiple_of(CHAIN))
        .map(|i| equals[i])
        .collect();
    breaks.sort_unstable();
    breaks.dedup();
    breaks
}

/// After the quote at `quote`: `blank+ name = blank*` and an opening
/// quote; the places of the `=` and of that quote.
fn attribute_after(bytes: &[u8], quote: usize) -> Option<(usize, usize)> {
    let blank = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let mut at = quote + 1;
    let start = at;
    while bytes.get(at).is_some_and(|&b| blank(b)) {
        at += 1;
    }
    if at == start {
        return None;
    }
    let name = at;
    while bytes.get(at).is_some_and(|&b| !blank(b) && !matches!(b, b'/' | b'>' | b'=')) {
        at += 1;
    }
    if at == name || bytes.get(at) != Some(&b'=') {
        return None;
    }
    let sign = at;
    at += 1;
    while bytes.get(at).is_some_and(|&b| blank(b)) {
        at += 1;
    }
    (bytes.get(at) == Some(&b'"')).then_some((sign, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attributes(n: usize) -> String {
        format!("<p {}>hi</p>", "a=\"v\" ".repeat(n))
    }

    #[test]
    fn ordinary_html_is_untouched() {
        let html = "<p class=\"a\" id=\"b\">text \"quoted\" = \"x\"</p>";
        assert!(matches!(guard(html), Cow::Borrowed(_)));
        let table = "<td class=\"x\">1</td>\n".repeat(1000);
        assert!(matches!(guard(&table), Cow::Borrowed(_)));
    }

    #[test]
    fn a_long_chain_gets_a_blank_every_chain_length() {
        let html = attributes(CHAIN * 10);
        let guarded = guard(&html);
        let blanks = guarded.matches(" =\"").count();
        assert!((9..=11).contains(&blanks), "{blanks} breaks");
        // No run of unbroken attributes longer than CHAIN remains.
        for run in guarded.split(" =\"") {
            assert!(run.matches("=\"").count() <= CHAIN + 1);
        }
    }

    #[test]
    fn a_value_with_an_ampersand_already_breaks_the_chain() {
        let html = format!("<p {}>", "a=\"&amp;\" ".repeat(CHAIN * 4));
        assert!(matches!(guard(&html), Cow::Borrowed(_)));
    }

    #[test]
    fn breaking_keeps_every_attribute() {
        let html = format!(
            "<p {}>",
            (0..CHAIN * 3).map(|i| format!("a{i}=\"v{i}\" ")).collect::<String>()
        );
        let guarded = guard(&html);
        let tokens = super::super::tokens(&html);
        let html5gum::Token::StartTag(tag) = &tokens[0] else { panic!("{tokens:?}") };
        assert_eq!(tag.attributes.len(), CHAIN * 3);
        assert!(guarded.len() > html.len());
    }
}
