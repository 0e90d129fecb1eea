//! The key titles are sorted by: without regard to case, numbers by their
//! value ("Node.js 0.10.2" before "0.10.10"), and leading quotes, backticks
//! and brackets ignored (`` `async fn` `` sorts under A, not after Z).

/// A key that sorts `title` naturally when keys are compared as strings.
///
/// Letters are folded to lower case. A run of digits becomes a marker, a
/// character that encodes the run's length once its leading zeros are
/// dropped, then the digits: a shorter number is a smaller one, and numbers
/// of one length compare digit by digit.
pub fn natural_key(title: &str) -> String {
    let text = title.trim_start_matches(|c: char| !c.is_alphanumeric());
    let mut key = String::with_capacity(text.len() + 4);
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_ascii_digit() {
            let mut end = start + 1;
            while let Some(&(at, d)) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                end = at + 1;
                chars.next();
            }
            let digits = text[start..end].trim_start_matches('0');
            let digits = if digits.is_empty() { "0" } else { digits };
            key.push(NUMBER);
            // Lengths map to characters in order; past this, all numbers
            // are "very long" and compare by their digits.
            let length = u32::try_from(digits.len()).unwrap_or(u32::MAX).min(0x1000);
            key.push(char::from_u32(0x40 + length).unwrap_or('\u{1040}'));
            key.push_str(digits);
        } else if c.is_ascii() {
            key.push(c.to_ascii_lowercase());
        } else {
            key.extend(c.to_lowercase());
        }
    }
    key
}

/// Numbers sort before letters, as digits do in ASCII.
const NUMBER: char = '0';

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(titles: &[&str]) -> Vec<String> {
        let mut titles: Vec<String> = titles.iter().map(|t| t.to_string()).collect();
        titles.sort_by_cached_key(|t| natural_key(t));
        titles
    }

    #[test]
    fn numbers_by_value() {
        assert_eq!(
            sorted(&["Node.js 0.10.10", "Node.js 0.10.2", "Node.js 0.9.12"]),
            ["Node.js 0.9.12", "Node.js 0.10.2", "Node.js 0.10.10"]
        );
        assert_eq!(sorted(&["11.15.0", "11.2.0", "2.0"]), ["2.0", "11.2.0", "11.15.0"]);
        assert_eq!(sorted(&["v010", "v9"]), ["v9", "v010"]);
    }

    #[test]
    fn leading_punctuation_and_case_are_ignored() {
        assert_eq!(
            sorted(&["Zebra", "`async fn` in traits", "\"Quoted\" title", "apple", "[Draft] Beta"]),
            ["apple", "`async fn` in traits", "[Draft] Beta", "\"Quoted\" title", "Zebra"]
        );
    }

    #[test]
    fn numbers_before_letters_and_huge_numbers_hold() {
        assert_eq!(sorted(&["b", "10 things", "a"]), ["10 things", "a", "b"]);
        let huge = "9".repeat(5000);
        assert_eq!(sorted(&[&huge, "1"]), ["1".to_string(), huge.clone()]);
        assert_eq!(natural_key(""), "");
        assert_eq!(natural_key("«»"), "");
    }
}
