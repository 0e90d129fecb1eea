//! The search line's grammar, read and written by the query itself: words
//! of the title, `#tag` (any tag starting so), `-#tag`, `@name`,
//! `since:DATE` and `until:DATE` (a year, a month or a day), `is:unread`,
//! `is:read`, `is:starred` and their negations (`-is:unread`).

use jiff::civil::Date;

use super::Query;

impl Query {
    /// The query a search line asks for, on the sort and tag mode of
    /// `base`; with what in it could not be read (an unknown `is:`, a date
    /// that is none), each said in a few words, the rest still applied.
    pub fn parse_line(line: &str, base: &Query) -> (Query, Vec<String>) {
        let mut query = Query {
            sort: base.sort,
            reverse: base.reverse,
            any_tag: base.any_tag,
            tag_prefix: true,
            ..Query::default()
        };
        let mut text = Vec::new();
        let mut problems = Vec::new();
        // A filter still being typed at the end of the line (`is:un`,
        // `since:2024-0`) is left out until it is whole: neither title
        // words that move the selection about, nor a problem to report.
        let typing = (!line.ends_with(char::is_whitespace))
            .then(|| line.split_whitespace().last())
            .flatten()
            .filter(|word| being_typed(word));
        let words = line.split_whitespace();
        let count = words.clone().count();
        for (at, word) in words.enumerate() {
            if at + 1 == count && typing.is_some() {
                continue;
            }
            let (negated, bare) = match word.strip_prefix('-') {
                Some(rest) if rest.len() > 3 && rest[..3].eq_ignore_ascii_case("is:") => {
                    (true, rest)
                }
                _ => (false, word),
            };
            if bare.len() > 3 && bare[..3].eq_ignore_ascii_case("is:") {
                match (bare[3..].to_ascii_lowercase().as_str(), negated) {
                    ("unread", false) | ("read", true) => query.unread = true,
                    ("read", false) | ("unread", true) => query.read = true,
                    ("starred", false) => query.starred = true,
                    ("starred", true) => query.unstarred = true,
                    _ => problems.push(format!(
                        "{word}: not known (is:unread, is:read, is:starred, or -is:…)"
                    )),
                }
            } else if let Some(tag) = word.strip_prefix("-#") {
                if !tag.is_empty() {
                    query.not_tags.push(tag.to_string());
                }
            } else if let Some(value) = strip_prefix_any_case(word, "since:") {
                match first_day(value) {
                    Some(day) => query.since = Some(day),
                    None => problems.push(not_a_date(word)),
                }
            } else if let Some(value) = strip_prefix_any_case(word, "until:") {
                match last_day(value) {
                    Some(day) => query.until = Some(day),
                    None => problems.push(not_a_date(word)),
                }
            } else if let Some(tag) = word.strip_prefix('#') {
                if !tag.is_empty() {
                    query.tags.push(tag.to_string());
                }
            } else if let Some(author) = word.strip_prefix('@') {
                if !author.is_empty() {
                    query.authors.push(author.to_string());
                }
            } else {
                text.push(word);
            }
        }
        query.text = text.join(" ");
        // Whole tags only: the query the tag picker made, read back.
        let whole = |t: &String| t.len() > 1 && t.ends_with('$');
        if !query.tags.is_empty() && query.tags.iter().all(whole) {
            query.tag_prefix = false;
            for tag in &mut query.tags {
                tag.pop();
            }
        }
        (query, problems)
    }

    /// The search line that asks for this query (filters first, then the
    /// title's words), as [`Query::parse_line`] reads it back.
    pub fn line(&self) -> String {
        let end = if self.tag_prefix { "" } else { "$" };
        let mut parts: Vec<String> = self.tags.iter().map(|t| format!("#{t}{end}")).collect();
        parts.extend(self.not_tags.iter().map(|t| format!("-#{t}")));
        parts.extend(self.authors.iter().map(|a| format!("@{a}")));
        parts.extend(self.since.map(|d| format!("since:{d}")));
        parts.extend(self.until.map(|d| format!("until:{d}")));
        for (set, word) in [
            (self.unread, "is:unread"),
            (self.read, "is:read"),
            (self.starred, "is:starred"),
            (self.unstarred, "-is:starred"),
        ] {
            if set {
                parts.push(word.into());
            }
        }
        if !self.text.is_empty() {
            parts.push(self.text.clone());
        }
        parts.join(" ")
    }
}

/// Whether `word` is the start of a filter, not yet whole: `is:` and part
/// of a known mark, `since:` or `until:` and part of a date.
fn being_typed(word: &str) -> bool {
    let bare = word.strip_prefix('-').unwrap_or(word);
    if let Some(mark) = strip_prefix_any_case(bare, "is:") {
        let mark = mark.to_ascii_lowercase();
        return ["unread", "read", "starred"].iter().any(|m| m.starts_with(&mark) && **m != mark);
    }
    let date =
        strip_prefix_any_case(word, "since:").or_else(|| strip_prefix_any_case(word, "until:"));
    date.is_some_and(|d| {
        d.len() < 10
            && d.chars().all(|c| c.is_ascii_digit() || c == '-')
            && !matches!(d.len(), 4 | 7)
    })
}

fn strip_prefix_any_case<'a>(word: &'a str, prefix: &str) -> Option<&'a str> {
    let head = word.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &word[prefix.len()..])
}

fn not_a_date(word: &str) -> String {
    format!("{word}: not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
}

/// The first day of `2026`, `2026-06` or `2026-06-15`.
fn first_day(value: &str) -> Option<Date> {
    let (year, month, day) = parts(value)?;
    Date::new(year, month.unwrap_or(1), day.unwrap_or(1)).ok()
}

/// The last day of `2026`, `2026-06` or `2026-06-15`.
fn last_day(value: &str) -> Option<Date> {
    let (year, month, day) = parts(value)?;
    let first = Date::new(year, month.unwrap_or(12), day.unwrap_or(1)).ok()?;
    match day {
        Some(_) => Some(first),
        None => Some(first.last_of_month()),
    }
}

/// A year, and a month and day when given; `None` for anything else.
fn parts(value: &str) -> Option<(i16, Option<i8>, Option<i8>)> {
    let mut pieces = value.split('-');
    let year = pieces.next().filter(|y| y.len() == 4)?.parse().ok()?;
    let mut number = |len: usize| -> Option<Option<i8>> {
        match pieces.next() {
            None => Some(None),
            Some(p) if (1..=len).contains(&p.len()) => p.parse().ok().map(Some),
            Some(_) => None,
        }
    };
    let month = number(2)?;
    let day = if month.is_some() { number(2)? } else { None };
    if pieces.next().is_some() {
        return None;
    }
    Some((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(line: &str) -> (Query, Vec<String>) {
        Query::parse_line(line, &Query::default())
    }

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn partial_dates_mean_their_first_and_last_days() {
        let (query, problems) = parsed("since:2026 until:2026");
        assert!(problems.is_empty());
        assert_eq!((query.since, query.until), (Some(day("2026-01-01")), Some(day("2026-12-31"))));
        let (query, _) = parsed("since:2024-02 until:2024-02");
        assert_eq!((query.since, query.until), (Some(day("2024-02-01")), Some(day("2024-02-29"))));
        let (query, _) = parsed("since:2024-02-10 until:2024-03-05");
        assert_eq!((query.since, query.until), (Some(day("2024-02-10")), Some(day("2024-03-05"))));
    }

    #[test]
    fn what_cannot_be_read_is_said_and_the_rest_applies() {
        for word in ["since:2026-13-01", "until:26", "since:2026-02-30", "since:soon"] {
            let (query, problems) = parsed(&format!("{word} rust"));
            assert_eq!(problems.len(), 1, "{word}");
            assert!(problems[0].contains("not a date"), "{problems:?}");
            assert_eq!(query.text, "rust");
        }
        let (_, problems) = parsed("is:foo");
        assert!(problems[0].contains("is:foo: not known"), "{problems:?}");
    }

    #[test]
    fn a_filter_still_being_typed_is_left_out() {
        for line in ["rust is:", "rust is:un", "rust since:20", "rust until:2024-0", "rust -is:st"]
        {
            let (query, problems) = parsed(line);
            assert_eq!(query.text, "rust", "{line}");
            assert!(problems.is_empty() && !query.unread && query.since.is_none(), "{line}");
        }
        // Whole, or followed by a blank: read as ever.
        assert!(parsed("is:unread").0.unread);
        assert_eq!(parsed("since:2024").0.since, Some(day("2024-01-01")));
        assert_eq!(parsed("is:un ").1.len(), 1, "a blank after it: it was meant so");
    }

    #[test]
    fn read_marks_and_their_negations() {
        let (query, _) = parsed("is:read");
        assert!(query.read && !query.unread);
        let (query, _) = parsed("-is:unread");
        assert!(query.read && !query.unread);
        let (query, _) = parsed("-is:read IS:Starred");
        assert!(query.unread && query.starred);
        let (query, _) = parsed("-is:starred");
        assert!(query.unstarred);
    }

    #[test]
    fn a_line_reads_back_as_its_query() {
        let line =
            "#rust -#old @ada since:2024-01-01 until:2024-12-31 is:read -is:starred async io";
        let (query, problems) = parsed(line);
        assert!(problems.is_empty());
        assert_eq!(query.line(), line);
        assert_eq!(parsed(&query.line()).0, query);
    }

    #[test]
    fn whole_tags_read_back_as_whole_tags() {
        // What the tag picker chose: whole tags, written with `$`.
        let picked = Query { tags: vec!["math".into()], tag_prefix: false, ..Query::default() };
        assert_eq!(picked.line(), "#math$");
        let (back, problems) = parsed(&picked.line());
        assert!(problems.is_empty());
        assert_eq!((back.tags.clone(), back.tag_prefix), (vec!["math".to_string()], false));
        let post = |tag: &str| {
            let text = format!("---\ntitle: T\ntags: [{tag}]\n---\n");
            crate::Post::parse(std::path::Path::new("p.md"), &text, &mut Vec::new())
        };
        assert!(back.keeps(&post("Math")));
        assert!(!back.keeps(&post("mathematics")), "a whole tag, not a prefix");
        // Typed: a prefix, and a whole tag beside it.
        let (typed, _) = parsed("#math");
        assert!(typed.keeps(&post("mathematics")));
        let (mixed, _) = parsed("#ma #math$");
        assert!(mixed.tag_prefix);
        assert!(!mixed.keeps(&post("mathematics")));
        assert!(mixed.keeps(&post("math")));
    }
}
