//! Narrowing and ordering posts: a fuzzy title search, tag and author
//! filters, and a sort.

pub use search::{Orders, Searcher};

mod line;
mod search;

use std::cmp::Ordering;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::post::Post;
use crate::post::fields::same_word;

/// How posts are ordered when no search text ranks them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Sort {
    /// By how well the title matches the search text, best first; newest
    /// first without text.
    #[default]
    Score,
    /// By date, newest first; undated posts last.
    Date,
    /// By title, A to Z, without regard to case, numbers by value, leading
    /// punctuation ignored.
    Title,
}

/// What the user asked to see.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// Matched against titles word by word, in any order (see [`terms`]);
    /// when set, results are ordered by score.
    pub text: String,
    /// Whole tags, without regard to case; a post must have all of them
    /// (any of them with `any_tag`).
    pub tags: Vec<String>,
    /// Several tags mean any of them rather than all.
    pub any_tag: bool,
    /// A tag given matches every tag starting with it (`#ru` in the search
    /// line: `rust`, `ruby`), not only itself.
    pub tag_prefix: bool,
    /// Tags a post must not have.
    pub not_tags: Vec<String>,
    /// Parts of author names, without regard to case; a post must match one
    /// of them (several people, or one person spelled two ways).
    pub authors: Vec<String>,
    /// Posts from this day on (undated posts are left out).
    pub since: Option<jiff::civil::Date>,
    /// Posts up to this day (undated posts are left out).
    pub until: Option<jiff::civil::Date>,
    /// The order when there is no search text.
    pub sort: Sort,
    /// Reverses the sort (oldest first, Z to A). Undated posts stay last.
    pub reverse: bool,
    /// Only posts not read (`is:unread`).
    pub unread: bool,
    /// Only starred posts (`is:starred`).
    pub starred: bool,
    /// Only posts read (`is:read`, `-is:unread`).
    pub read: bool,
    /// Only posts not starred (`-is:starred`).
    pub unstarred: bool,
    /// The reading state the two filters above look at.
    pub marks: Option<Marked>,
}

/// The reading state a query filters on: equal only to itself, so that a
/// changed state makes a different query.
#[derive(Clone, Debug)]
pub struct Marked(pub std::sync::Arc<crate::state::Marks>);

impl PartialEq for Marked {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Marked {}

/// A post that matches a query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Its position in the slice of posts given to [`Query::run`].
    pub post: usize,
    /// The fuzzy match score (0 without search text).
    pub score: i64,
}

impl Query {
    /// Whether no filter is set.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
            && self.tags.is_empty()
            && self.not_tags.is_empty()
            && self.authors.is_empty()
            && self.since.is_none()
            && self.until.is_none()
            && !self.unread
            && !self.starred
            && !self.read
            && !self.unstarred
    }

    /// Whether it filters on the reading state (and so needs the marks).
    pub fn uses_marks(&self) -> bool {
        self.unread || self.starred || self.read || self.unstarred
    }

    /// Whether `post` passes the tag, author and date filters.
    pub fn keeps(&self, post: &Post) -> bool {
        let has = |tag: &String| {
            // `tag$`: that whole tag, as in fzf's `word$`.
            let whole = tag.strip_suffix('$').filter(|w| !w.is_empty());
            post.tags.iter().any(|t| match whole {
                Some(whole) => same_word(t, whole),
                None if self.tag_prefix => starts_with_any_case(t, tag),
                None => same_word(t, tag),
            })
        };
        let tags = if self.any_tag && !self.tags.is_empty() {
            self.tags.iter().any(has)
        } else {
            self.tags.iter().all(has)
        };
        let authors = self.authors.is_empty()
            || self.authors.iter().any(|part| {
                let part = crate::text::fold(part);
                post.authors.iter().any(|a| crate::text::fold(a).contains(&part))
            });
        let day = post.date.map(|d| d.date);
        let dates = self.since.is_none_or(|since| day.is_some_and(|d| d >= since))
            && self.until.is_none_or(|until| day.is_some_and(|d| d <= until));
        let marks = self.marks.as_ref().map(|m| &*m.0);
        let unread = !self.unread || marks.is_none_or(|m| !m.read(&post.path));
        let starred = !self.starred || marks.is_some_and(|m| m.starred(&post.path));
        let read = !self.read || marks.is_some_and(|m| m.read(&post.path));
        let unstarred = !self.unstarred || marks.is_none_or(|m| !m.starred(&post.path));
        tags && authors
            && !self.not_tags.iter().any(has)
            && dates
            && unread
            && starred
            && read
            && unstarred
    }

    /// The posts that match, best first.
    pub fn run(&self, posts: &[Post]) -> Vec<Hit> {
        Searcher::default().search(self, posts, 0, None, 1)
    }

    /// Whether every post this query matches was matched by `previous`
    /// too, so that searching `previous`'s hits is enough: the text only
    /// grew, and no filter was dropped.
    pub fn narrows(&self, previous: &Query) -> bool {
        let (text, before) = (self.text.trim(), previous.text.trim());
        // More tags narrow when all are needed; more authors widen (any of
        // them will do), as do dates given up.
        text.starts_with(before)
            && (before.is_empty() || !text.is_empty())
            && self.any_tag == previous.any_tag
            && self.tag_prefix == previous.tag_prefix
            && (if self.any_tag {
                self.tags == previous.tags
            } else {
                // Each tag of before is still asked for, or a longer one
                // that starts with it (`#ru` then `#rus`).
                previous.tags.iter().all(|t| {
                    self.tags
                        .iter()
                        .any(|n| n == t || (self.tag_prefix && starts_with_any_case(n, t)))
                })
            })
            && previous.not_tags.iter().all(|t| self.not_tags.contains(t))
            && (previous.authors.is_empty() || self.authors == previous.authors)
            && (previous.since.is_none() || self.since == previous.since)
            && (previous.until.is_none() || self.until == previous.until)
            && self.marks == previous.marks
            && (self.unread || !previous.unread)
            && (self.starred || !previous.starred)
            && (self.read || !previous.read)
            && (self.unstarred || !previous.unstarred)
    }

    /// The posts among `candidates` (positions in `posts`) that match,
    /// best first, with the matching spread over `threads` threads.
    pub fn run_among(&self, posts: &[Post], candidates: &[usize], threads: usize) -> Vec<Hit> {
        Searcher::default().search(self, posts, 0, Some(candidates), threads)
    }
}

/// Whether `text` starts with `prefix`, without regard to case.
pub fn starts_with_any_case(text: &str, prefix: &str) -> bool {
    if text.is_ascii() && prefix.is_ascii() {
        return text.len() >= prefix.len()
            && text.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes());
    }
    let mut text = text.chars().flat_map(char::to_lowercase);
    prefix.chars().flat_map(char::to_lowercase).all(|c| text.next() == Some(c))
}

/// One word of a title search, as fzf reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Term {
    /// Fuzzy: its characters in order, anywhere in the title.
    Fuzzy(String),
    /// `'word`: the word as typed, anywhere.
    Exact(String),
    /// `^word`: the title starts with it.
    Prefix(String),
    /// `word$`: the title ends with it.
    Suffix(String),
    /// `!word`: the title does not hold it.
    Not(String),
}

/// The words of a title search: each must match (in any order), each in
/// the way its marks say. Upper case in a word makes it match case.
pub fn terms(text: &str) -> Vec<Term> {
    text.split_whitespace()
        .filter_map(|word| {
            let term = if let Some(rest) = word.strip_prefix('!') {
                Term::Not(rest.trim_start_matches('\'').to_string())
            } else if let Some(rest) = word.strip_prefix('\'') {
                Term::Exact(rest.to_string())
            } else if let Some(rest) = word.strip_prefix('^') {
                Term::Prefix(rest.to_string())
            } else if let Some(rest) = word.strip_suffix('$').filter(|r| !r.is_empty()) {
                Term::Suffix(rest.to_string())
            } else {
                Term::Fuzzy(word.to_string())
            };
            // A mark alone (a word being typed) asks for nothing yet.
            let empty = match &term {
                Term::Fuzzy(w)
                | Term::Exact(w)
                | Term::Prefix(w)
                | Term::Suffix(w)
                | Term::Not(w) => w.is_empty(),
            };
            (!empty).then_some(term)
        })
        .collect()
}

/// `needle` in `hay` without regard to case, unless it has upper case.
fn holds(hay: &str, needle: &str, at: impl Fn(&str, &str) -> bool) -> bool {
    if needle.chars().any(char::is_uppercase) {
        at(hay, needle)
    } else {
        at(&crate::text::fold(hay), needle)
    }
}

/// How well `title` matches every term (the sum of their scores), or
/// `None` when one fails.
pub fn title_score(terms: &[Term], matcher: &SkimMatcherV2, title: &str) -> Option<i64> {
    let mut score = 0;
    for term in terms {
        score += match term {
            Term::Fuzzy(word) => {
                // Each character needs a character of its own.
                if word.chars().count() > title.len() {
                    return None;
                }
                matcher.fuzzy_match(title, word)?
            }
            Term::Exact(word) => {
                holds(title, word, |h, n| h.contains(n)).then_some(())?;
                matcher.fuzzy_match(title, word).unwrap_or(0)
            }
            Term::Prefix(word) => {
                holds(title.trim_start(), word, |h, n| h.starts_with(n)).then_some(())?;
                matcher.fuzzy_match(title, word).unwrap_or(0)
            }
            Term::Suffix(word) => {
                holds(title.trim_end(), word, |h, n| h.ends_with(n)).then_some(())?;
                matcher.fuzzy_match(title, word).unwrap_or(0)
            }
            Term::Not(word) => {
                (!holds(title, word, |h, n| h.contains(n))).then_some(())?;
                0
            }
        };
    }
    Some(score)
}

/// What a query's text matched in titles, for the view to highlight:
/// the query's own terms and matcher, read once for a screen of rows.
pub struct Highlighter {
    terms: Vec<Term>,
    matcher: SkimMatcherV2,
}

impl Highlighter {
    /// The characters of `title` (positions in chars) the query matched.
    pub fn positions(&self, title: &str) -> Vec<usize> {
        if self.terms.is_empty() {
            return Vec::new();
        }
        title_positions(&self.terms, &self.matcher, title)
    }
}

impl Query {
    /// What its text matches in a title, for highlighting.
    pub fn highlighter(&self) -> Highlighter {
        Highlighter { terms: terms(&self.text), matcher: SkimMatcherV2::default().smart_case() }
    }
}

/// The characters of `title` (positions in chars) the terms matched, to
/// highlight.
pub fn title_positions(terms: &[Term], matcher: &SkimMatcherV2, title: &str) -> Vec<usize> {
    let mut positions: Vec<usize> = terms
        .iter()
        .filter_map(|term| match term {
            Term::Fuzzy(w) | Term::Exact(w) | Term::Prefix(w) | Term::Suffix(w) => {
                matcher.fuzzy_indices(title, w).map(|(_, p)| p)
            }
            Term::Not(_) => None,
        })
        .flatten()
        .collect();
    positions.sort_unstable();
    positions.dedup();
    positions
}

/// Newest first, ties by title then path, undated last (by title); with
/// `reverse`, the dated posts in exactly the opposite order, undated still
/// last.
pub fn by_date(a: &Post, b: &Post, reverse: bool) -> Ordering {
    match (&a.date, &b.date) {
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (Some(x), Some(y)) => {
            let newest_first = y.cmp(x).then_with(|| by_title_and_path(a, b));
            if reverse { newest_first.reverse() } else { newest_first }
        }
        (None, None) => by_title_and_path(a, b),
    }
}

fn by_title_and_path(a: &Post, b: &Post) -> Ordering {
    a.title.cmp(&b.title).then_with(|| a.path.as_os_str().cmp(b.path.as_os_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::post::PostDate;
    use std::path::PathBuf;

    fn post(title: &str, date: Option<&str>, tags: &[&str], authors: &[&str]) -> Post {
        Post {
            path: PathBuf::from(format!("{title}.md")),
            title: title.into(),
            date: date.and_then(PostDate::parse),
            tags: tags.iter().map(|s| s.to_string()).collect(),
            authors: authors.iter().map(|s| s.to_string()).collect(),
            excerpt: String::new(),
            words: 0,
            draft: false,
            extra: Default::default(),
        }
    }

    fn posts() -> Vec<Post> {
        vec![
            post("Rust ownership", Some("2021-05-01"), &["Rust", "memory"], &["Ada Lovelace"]),
            post("Go channels", Some("2023-01-10"), &["go"], &["Grace Hopper"]),
            post("Undated notes", None, &["rust"], &["Ada Lovelace", "Linus"]),
            post("async Rust", Some("2022-07-07"), &["rust", "async"], &["Grace Hopper"]),
        ]
    }

    fn titles(query: &Query) -> Vec<String> {
        let posts = posts();
        query.run(&posts).into_iter().map(|h| posts[h.post].title.clone()).collect()
    }

    #[test]
    fn newest_first_undated_last() {
        let q = Query::default();
        assert_eq!(titles(&q), ["Go channels", "async Rust", "Rust ownership", "Undated notes"]);
        let q = Query { reverse: true, ..Query::default() };
        assert_eq!(titles(&q), ["Rust ownership", "async Rust", "Go channels", "Undated notes"]);
    }

    #[test]
    fn by_title_ignoring_case() {
        let q = Query { sort: Sort::Title, ..Query::default() };
        assert_eq!(titles(&q), ["async Rust", "Go channels", "Rust ownership", "Undated notes"]);
    }

    #[test]
    fn tags_are_whole_and_anded() {
        let q = Query { tags: vec!["RUST".into()], ..Query::default() };
        assert_eq!(titles(&q), ["async Rust", "Rust ownership", "Undated notes"]);
        let q = Query { tags: vec!["rust".into(), "async".into()], ..Query::default() };
        assert_eq!(titles(&q), ["async Rust"]);
        let q = Query { tags: vec!["rus".into()], ..Query::default() };
        assert!(titles(&q).is_empty());
    }

    #[test]
    fn authors_match_inside_names_and_several_mean_any() {
        let q = Query { authors: vec!["hop".into()], ..Query::default() };
        assert_eq!(titles(&q), ["Go channels", "async Rust"]);
        let q = Query { authors: vec!["hopper".into(), "linus".into()], ..Query::default() };
        assert_eq!(titles(&q), ["Go channels", "async Rust", "Undated notes"]);
    }

    #[test]
    fn tags_can_be_any_or_excluded_and_dates_bound() {
        let q =
            Query { tags: vec!["go".into(), "async".into()], any_tag: true, ..Query::default() };
        assert_eq!(titles(&q), ["Go channels", "async Rust"]);
        let q =
            Query { tags: vec!["rust".into()], not_tags: vec!["ASYNC".into()], ..Query::default() };
        assert_eq!(titles(&q), ["Rust ownership", "Undated notes"]);
        let day = |s: &str| Some(PostDate::parse(s).unwrap().date);
        let q = Query { since: day("2022-01-01"), ..Query::default() };
        assert_eq!(titles(&q), ["Go channels", "async Rust"], "undated posts are out");
        let q = Query { since: day("2021-01-01"), until: day("2022-12-31"), ..Query::default() };
        assert_eq!(titles(&q), ["async Rust", "Rust ownership"]);
    }

    #[test]
    fn narrowing() {
        let q = |text: &str, tags: &[&str]| Query {
            text: text.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ..Query::default()
        };
        assert!(q("rus", &[]).narrows(&q("ru", &[])));
        assert!(q("ru", &["a"]).narrows(&q("ru", &[])));
        assert!(!q("ru", &[]).narrows(&q("rus", &[])));
        assert!(!q("ru", &[]).narrows(&q("ru", &["a"])));
        assert!(q("x", &[]).narrows(&q("", &[])));
        assert!(!q("", &[]).narrows(&q("x", &[])));
    }

    #[test]
    fn run_among_agrees_with_run_and_uses_threads() {
        let many: Vec<Post> = (0..10_000)
            .map(|i| {
                post(
                    &format!("title {i} rust"),
                    Some(&format!("20{:02}-01-01", i % 30)),
                    &["t"],
                    &["a"],
                )
            })
            .collect();
        let all: Vec<usize> = (0..many.len()).collect();
        for text in ["", "ru", "9 r", "zz"] {
            let query = Query { text: text.into(), ..Query::default() };
            assert_eq!(query.run_among(&many, &all, 4), query.run(&many), "{text}");
        }
        let narrowed = Query { text: "title 99".into(), ..Query::default() };
        let first = Query { text: "title 9".into(), ..Query::default() }.run(&many);
        let candidates: Vec<usize> = first.iter().map(|h| h.post).collect();
        assert_eq!(narrowed.run_among(&many, &candidates, 2), narrowed.run(&many));
    }

    #[test]
    fn orders_agree_with_the_comparators() {
        let mut rng = fastrand::Rng::with_seed(11);
        let words = ["alpha", "Beta", "beta", "gamma", "Delta", "ALPHA"];
        let many: Vec<Post> = (0..500)
            .map(|i| {
                let date = (rng.u8(0..4) > 0).then(|| format!("2020-01-{:02}", rng.u8(1..5)));
                let mut p = post(words[rng.usize(..words.len())], date.as_deref(), &[], &[]);
                p.path = PathBuf::from(format!("{i:03}.md"));
                p
            })
            .collect();
        for (sort, reverse) in
            [(Sort::Date, false), (Sort::Date, true), (Sort::Title, false), (Sort::Title, true)]
        {
            let got: Vec<usize> = Query { sort, reverse, ..Query::default() }
                .run(&many)
                .iter()
                .map(|h| h.post)
                .collect();
            let mut want: Vec<usize> = (0..many.len()).collect();
            match sort {
                Sort::Date | Sort::Score => {
                    want.sort_by(|&a, &b| by_date(&many[a], &many[b], reverse))
                }
                Sort::Title => {
                    want.sort_by_key(|&i| {
                        (crate::text::natural_key(&many[i].title), many[i].path.clone())
                    });
                    if reverse {
                        want.reverse();
                    }
                }
            }
            assert_eq!(got, want, "{sort:?} reverse={reverse}");
        }
    }

    #[test]
    fn title_sort_is_natural() {
        let many: Vec<Post> = ["Node.js 0.10.10", "`async` things", "Node.js 0.10.2", "Zed"]
            .iter()
            .map(|t| post(t, None, &[], &[]))
            .collect();
        let q = Query { sort: Sort::Title, ..Query::default() };
        let got: Vec<&str> = q.run(&many).iter().map(|h| many[h.post].title.as_str()).collect();
        assert_eq!(got, ["`async` things", "Node.js 0.10.2", "Node.js 0.10.10", "Zed"]);
    }

    #[test]
    fn words_match_in_any_order_with_fzf_marks() {
        let many: Vec<Post> = [
            "SIG Spotlight: SIG Node",
            "Announcing the 2024 edition",
            "Spotlight on SIG Apps",
            "Node.js release notes",
            "2024 State of Rust",
        ]
        .iter()
        .map(|t| post(t, None, &[], &[]))
        .collect();
        let found = |text: &str| -> Vec<String> {
            let q = Query { text: text.into(), ..Query::default() };
            let mut titles: Vec<String> =
                q.run(&many).iter().map(|h| many[h.post].title.clone()).collect();
            titles.sort();
            titles
        };
        assert_eq!(found("sig spotlight"), found("spotlight sig"));
        assert_eq!(found("sig spotlight").len(), 2);
        assert_eq!(found("edition 2024"), ["Announcing the 2024 edition"]);
        assert_eq!(found("'node"), ["Node.js release notes", "SIG Spotlight: SIG Node"]);
        assert_eq!(found("^node"), ["Node.js release notes"]);
        assert_eq!(found("apps$"), ["Spotlight on SIG Apps"]);
        assert_eq!(found("sig !apps"), ["SIG Spotlight: SIG Node"]);
        assert_eq!(
            found("'Node"),
            ["Node.js release notes", "SIG Spotlight: SIG Node"],
            "upper case matches case"
        );
        assert_eq!(found("'NODE"), Vec::<String>::new());
        assert_eq!(found("!"), found(""), "a mark alone asks for nothing");
    }

    #[test]
    fn fuzzy_text_ranks_by_score() {
        let q = Query { text: "rust".into(), ..Query::default() };
        let found = titles(&q);
        assert_eq!(found.len(), 2);
        assert!(found.contains(&"Rust ownership".to_string()));
        let q = Query { text: "gch".into(), ..Query::default() };
        assert_eq!(titles(&q), ["Go channels"]);
        let q = Query { text: "zzz".into(), ..Query::default() };
        assert!(titles(&q).is_empty());
    }
}
