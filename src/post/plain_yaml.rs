//! A fast path for the plain YAML most front matter is written in.
//!
//! serde_yaml (libyaml underneath) spends about 6 µs on a typical front
//! matter, which is most of the time it takes to index a post. Nearly all
//! front matter is a flat list of `key: value` lines whose values are plain
//! words, quoted strings without escapes, dates, or lists of those. This
//! module reads exactly that subset and returns `None` for anything else,
//! so serde_yaml stays the reference: whenever this returns a value, it is
//! the value serde_yaml would give (a differential test checks it).

use serde_json::{Map, Value};

/// Reads `text` if it is entirely in the plain subset; `None` means "ask
/// serde_yaml", never "invalid".
pub fn parse(text: &str) -> Option<Map<String, Value>> {
    if !text.chars().all(is_printable) {
        return None;
    }
    let mut map = Map::new();
    let mut lines = text.lines().map(|l| l.strip_suffix('\r').unwrap_or(l)).peekable();
    while let Some(line) = lines.next() {
        if is_skippable(line) {
            continue;
        }
        let (key, rest) = line.split_once(':')?;
        if !is_key(key) || map.contains_key(key) {
            return None;
        }
        let value = if rest.trim().is_empty() {
            block_sequence(&mut lines)?
        } else {
            value(rest.strip_prefix(' ')?)?
        };
        map.insert(key.to_string(), value);
    }
    Some(map)
}

/// The characters libyaml accepts in a stream, minus the ones it treats as
/// line breaks beyond `\n` and `\r` (NEL, LS, PS) and the BOM.
fn is_printable(c: char) -> bool {
    matches!(c, '\n' | '\r' | ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

fn is_skippable(line: &str) -> bool {
    let trimmed = line.trim_start_matches(' ');
    trimmed.is_empty() || trimmed.starts_with('#')
}

fn is_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !is_special_word(key)
}

/// Plain words that YAML 1.2's core schema reads as booleans or null.
fn is_special_word(word: &str) -> bool {
    matches!(
        word,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" | "null" | "Null" | "NULL"
    )
}

/// `key:` followed by `- item` lines, all at one indentation.
fn block_sequence<'a>(
    lines: &mut std::iter::Peekable<impl Iterator<Item = &'a str>>,
) -> Option<Value> {
    let mut items = Vec::new();
    let mut indent = None;
    while let Some(&line) = lines.peek() {
        if is_skippable(line) {
            lines.next();
            continue;
        }
        let trimmed = line.trim_start_matches(' ');
        let Some(item) = trimmed.strip_prefix("- ") else {
            if !line.starts_with(' ') && trimmed != "-" {
                break; // the next key
            }
            return None;
        };
        let depth = line.len() - trimmed.len();
        if *indent.get_or_insert(depth) != depth {
            return None;
        }
        lines.next();
        items.push(scalar(item, false)?);
    }
    Some(if items.is_empty() { Value::Null } else { Value::Array(items) })
}

/// The value after `key: `.
fn value(text: &str) -> Option<Value> {
    let text = text.trim_end_matches(' ');
    match text.strip_prefix('[') {
        Some(inside) => flow_sequence(inside.strip_suffix(']')?),
        None => scalar(text, false),
    }
}

/// `a, "b c", 'd'` inside `[...]`.
fn flow_sequence(inside: &str) -> Option<Value> {
    if inside.trim().is_empty() {
        return Some(Value::Array(Vec::new()));
    }
    inside
        .split(',')
        .map(|item| scalar(item.trim_matches(' '), true))
        .collect::<Option<Vec<_>>>()
        .map(Value::Array)
}

/// A quoted string without escapes, a plain string, or a date.
fn scalar(text: &str, in_flow: bool) -> Option<Value> {
    let text = text.trim_end_matches(' ');
    for quote in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(quote) {
            let inner = inner.strip_suffix(quote)?;
            if inner.contains(quote) || (quote == '"' && inner.contains('\\')) {
                return None;
            }
            return Some(Value::String(inner.to_string()));
        }
    }
    if let Some(value) = special_word(text).or_else(|| integer(text)) {
        return Some(value);
    }
    let first = text.chars().next()?;
    let plain = if first.is_ascii_digit() {
        is_date(text)
    } else {
        (first.is_ascii_alphabetic() || (!first.is_ascii() && first.is_alphabetic()))
            && !is_special_word(text)
            && text
                .chars()
                .all(|c| !c.is_ascii() || c.is_ascii_alphanumeric() || " _.-/+()&'!?".contains(c))
            && !(in_flow && text.contains(['[', ']', '{', '}']))
    };
    plain.then(|| Value::String(text.to_string()))
}

/// The core schema's booleans and null, as serde_yaml reads them.
fn special_word(text: &str) -> Option<Value> {
    match text {
        "true" | "True" | "TRUE" => Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => Some(Value::Bool(false)),
        "null" | "Null" | "NULL" | "~" => Some(Value::Null),
        _ => None,
    }
}

/// `0`, or a decimal integer without leading zeros that fits an i64 easily.
fn integer(text: &str) -> Option<Value> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let plain = (digits == "0" || (1..=17).contains(&digits.len()) && !digits.starts_with('0'))
        && digits.bytes().all(|b| b.is_ascii_digit());
    plain.then(|| text.parse::<i64>().ok().map(Value::from)).flatten()
}

/// `YYYY-MM-DD`, optionally followed by a time and offset made only of
/// digits, `:`, `+`, `-`, `.`, `T`, `Z` and single spaces.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let shape = bytes.len() >= 10
        && bytes[..10]
            .iter()
            .enumerate()
            .all(|(i, &b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    // The first ten bytes are ASCII once the shape holds, so byte 10 is a
    // character boundary.
    if !shape {
        return false;
    }
    let rest = &text[10..];
    (rest.is_empty() || rest.starts_with([' ', 'T']))
        && rest.bytes().all(|b| b.is_ascii_digit() || b"+-:.TZ ".contains(&b))
        && !rest.contains(": ")
        && !rest.contains("  ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(text: &str) -> Option<Map<String, Value>> {
        match serde_yaml::from_str::<Value>(text) {
            Ok(Value::Object(map)) => Some(map),
            Ok(Value::Null) => Some(Map::new()),
            _ => None,
        }
    }

    /// Whenever the fast path answers, serde_yaml agrees.
    fn agrees(text: &str) -> bool {
        match parse(text) {
            None => false,
            Some(fast) => {
                assert_eq!(
                    Some(&fast),
                    reference(text).as_ref(),
                    "fast path disagrees on {text:?}"
                );
                true
            }
        }
    }

    #[test]
    fn seed_shaped_front_matter_takes_the_fast_path() {
        let text = "title: \"Advances in Multimodal Learning\"\ndate: \"2023-10-12\"\ntags: [\"Multimodal Learning\", \"Vision-Language\", \"Deep Learning\"]\nauthor: \"Jinu Nyachhyon\"\nexcerpt: \"Exploring recent advances.\"\n";
        assert!(agrees(text));
        assert!(agrees(
            "layout: post\ntitle: Jekyll 1.0.0 Released\ndate: 2013-05-06 02:12:52 +0200\ncategories: release\n"
        ));
        assert!(agrees("tags:\n  - Typography\n  - Writing\nauthor: Mara\n# a comment\n\n"));
        assert!(agrees("title: 'Single, quoted'\ndraft:\ntags: []\n"));
        assert!(agrees(
            "draft: true\npublished: False\nweight: -12\nyear: 2024\nnone: ~\nlist: [1, true, x]\n"
        ));
    }

    /// Found by fuzzing: a date-like value with multi-byte characters
    /// across its tenth byte.
    #[test]
    fn non_ascii_after_a_year_is_not_a_date() {
        for text in
            ["date: 2020-\u{fffd}\u{fffd}10-03 18:45:00 +0900\n", "d: 2020-éé-03\n", "d: 2020-1é\n"]
        {
            // No panic, and any answer is serde_yaml's.
            agrees(text);
        }
    }

    #[test]
    fn anything_unusual_goes_to_serde_yaml() {
        for text in [
            "title: \"esc \\e\"",
            "title: it's: here",
            "title: x # comment",
            "a: +1",
            "a: 0x1f",
            "a: 1.5",
            "a: [x, [y]]",
            "a:\n  b: c",
            "a: x\n  continued",
            "a: &anchor x",
            "a: *ref",
            "a: |\n  block",
            "a: >\n  folded",
            "a: !tag x",
            "a: 'it''s'",
            "a: x\na: y",
            "true: x",
            "a: @x",
            "a: \u{85}",
            "a: \t",
            "a: {b: c}",
            "- a\n- b",
            "a:\n  - x\n    - y",
            "a:\n - x\n  - y",
            "a: 2023-10-12 10:00:00 +0200 CEST",
            "a: .inf",
            "'quoted key': x",
            "a: 0123",
        ] {
            assert!(parse(text).is_none(), "{text:?} should go to serde_yaml");
        }
    }

    /// Random front matter built from pieces that are and are not in the
    /// subset: the fast path must agree with serde_yaml every time it answers.
    #[test]
    fn differential_against_serde_yaml() {
        const KEYS: &[&str] =
            &["title", "date", "tags", "author", "x-y", "_k", "Title", "true", "a b", "k"];
        const VALUES: &[&str] = &[
            "plain words",
            "\"double quoted\"",
            "'single'",
            "2023-10-12",
            "2013-05-06 02:12:52 +0200",
            "2023-10-12T10:00:00Z",
            "[a, b]",
            "[\"a, b\", 'c']",
            "[]",
            "123",
            "1.5",
            "yes",
            "No",
            "null",
            "Null",
            "~",
            "it's",
            "x: y",
            "x #c",
            "x#c",
            "Ünïcödé",
            "émile zola",
            "a/b+c (d)",
            "-dash",
            "[a, [b]]",
            "{a: b}",
            "\"a\\\"b\"",
            "'a''b'",
            "a,b",
            "a]",
            "",
            " ",
            "[a,b ,c ]",
            "[ a ]",
            "2023-1-5",
            "2023-10-12  10:00",
            "0123",
            "0x1f",
            "e",
            "y",
            "TRUE",
            "tRUE",
            "x  y",
            "a!?",
            "0",
            "-0",
            "-5",
            "99999999999999999999",
            "+1",
            "1_000",
            "False",
            "FALSE",
            "NULL",
        ];
        let mut rng = fastrand::Rng::with_seed(7);
        let mut answered = 0;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..rng.usize(1..6) {
                let key = KEYS[rng.usize(..KEYS.len())];
                match rng.u8(0..10) {
                    0 => {
                        text.push_str(&format!("{key}:\n"));
                        let indent = " ".repeat(rng.usize(0..3));
                        for _ in 0..rng.usize(0..3) {
                            text.push_str(&format!(
                                "{indent}- {}\n",
                                VALUES[rng.usize(..VALUES.len())]
                            ));
                        }
                    }
                    1 => text.push_str("# comment\n"),
                    2 => text.push('\n'),
                    _ => text.push_str(&format!("{key}: {}\n", VALUES[rng.usize(..VALUES.len())])),
                }
            }
            if rng.u8(0..4) == 0 {
                text = text.replace('\n', "\r\n");
            }
            answered += usize::from(agrees(&text));
        }
        assert!(answered > 2_000, "the fast path should answer often ({answered})");
    }
}
