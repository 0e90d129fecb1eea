//! Text helpers every layer shares: display width and truncation, case
//! folding, counts in words, and the key titles are sorted by.

mod sort_key;
mod width;

pub use sort_key::natural_key;
pub use width::{TAB_STOP, expand_tabs, fit, prefix, truncate, width};

/// `text` in lower case, for comparisons that ignore case. ASCII text
/// (nearly every title and tag) skips Unicode's tables.
pub fn fold(text: &str) -> String {
    if text.is_ascii() { text.to_ascii_lowercase() } else { text.to_lowercase() }
}

/// 1234567 → "1,234,567".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1 file", "2 files", "1,000 files".
pub fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(count), if count == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "post", "posts"), "1 post");
        assert_eq!(plural(0, "post", "posts"), "0 posts");
        assert_eq!(plural(2000, "post", "posts"), "2,000 posts");
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Rust"), "rust");
        assert_eq!(fold("ÉTÉ"), "été");
    }
}
