//! Narrowing and ordering posts: a fuzzy title search, tag and author
//! filters, and a sort.

pub use search::{Orders, Searcher};

mod search;

use std::cmp::Ordering;

use crate::post::Post;
use crate::post::fields::same_word;

/// How posts are ordered when no search text ranks them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Sort {
    /// By date, newest first; undated posts last.
    #[default]
    Date,
    /// By title, A to Z, without regard to case, numbers by value, leading
    /// punctuation ignored.
    Title,
}

/// What the user asked to see.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// Fuzzy-matched against titles; when set, results are ordered by score.
    pub text: String,
    /// Whole tags, without regard to case; a post must have all of them.
    pub tags: Vec<String>,
    /// Parts of author names, without regard to case; a post must match all.
    pub authors: Vec<String>,
    /// The order when there is no search text.
    pub sort: Sort,
    /// Reverses the sort (oldest first, Z to A). Undated posts stay last.
    pub reverse: bool,
}

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
        self.text.trim().is_empty() && self.tags.is_empty() && self.authors.is_empty()
    }

    /// Whether `post` passes the tag and author filters.
    pub fn keeps(&self, post: &Post) -> bool {
        self.tags.iter().all(|tag| post.tags.iter().any(|t| same_word(t, tag)))
            && self.authors.iter().all(|part| {
                let part = part.to_lowercase();
                post.authors.iter().any(|a| a.to_lowercase().contains(&part))
            })
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
        text.starts_with(before)
            && (before.is_empty() || !text.is_empty())
            && previous.tags.iter().all(|t| self.tags.contains(t))
            && previous.authors.iter().all(|a| self.authors.contains(a))
    }

    /// The posts among `candidates` (positions in `posts`) that match,
    /// best first, with the matching spread over `threads` threads.
    pub fn run_among(&self, posts: &[Post], candidates: &[usize], threads: usize) -> Vec<Hit> {
        Searcher::default().search(self, posts, 0, Some(candidates), threads)
    }
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
    fn authors_match_inside_names() {
        let q = Query { authors: vec!["hop".into()], ..Query::default() };
        assert_eq!(titles(&q), ["Go channels", "async Rust"]);
        let q = Query { authors: vec!["ada".into(), "linus".into()], ..Query::default() };
        assert_eq!(titles(&q), ["Undated notes"]);
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
                Sort::Date => want.sort_by(|&a, &b| by_date(&many[a], &many[b], reverse)),
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
