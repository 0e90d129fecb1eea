//! Narrowing and ordering posts: a fuzzy title search, tag and author
//! filters, and a sort.

use std::cmp::Ordering;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::post::Post;
use crate::post::fields::same_word;

/// How posts are ordered when no search text ranks them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Sort {
    /// By date, newest first; undated posts last.
    #[default]
    Date,
    /// By title, A to Z, without regard to case.
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
        self.tags
            .iter()
            .all(|tag| post.tags.iter().any(|t| same_word(t, tag)))
            && self.authors.iter().all(|part| {
                let part = part.to_lowercase();
                post.authors
                    .iter()
                    .any(|a| a.to_lowercase().contains(&part))
            })
    }

    /// The posts that match, best first.
    pub fn run(&self, posts: &[Post]) -> Vec<Hit> {
        let all: Vec<usize> = (0..posts.len()).collect();
        self.run_among(posts, &all, 1)
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
        const PER_THREAD: usize = 4096;
        let threads = threads.clamp(1, candidates.len().div_ceil(PER_THREAD).max(1));
        let text = self.text.trim();
        let matching = |chunk: &[usize]| -> Vec<Hit> {
            let matcher = SkimMatcherV2::default().smart_case();
            chunk
                .iter()
                .filter_map(|&i| {
                    let post = posts.get(i)?;
                    if !self.keeps(post) {
                        return None;
                    }
                    if text.is_empty() {
                        return Some(Hit { post: i, score: 0 });
                    }
                    matcher
                        .fuzzy_match(&post.title, text)
                        .map(|score| Hit { post: i, score })
                })
                .collect()
        };
        let mut hits = if threads == 1 {
            matching(candidates)
        } else {
            let size = candidates.len().div_ceil(threads);
            std::thread::scope(|scope| {
                let workers: Vec<_> = candidates
                    .chunks(size)
                    .map(|chunk| scope.spawn(move || matching(chunk)))
                    .collect();
                workers
                    .into_iter()
                    .flat_map(|w| w.join().expect("matching thread panicked"))
                    .collect()
            })
        };
        self.order(posts, &mut hits);
        hits
    }

    /// Orders hits: by score when there is search text (ties by date), else
    /// by the chosen sort.
    pub fn order(&self, posts: &[Post], hits: &mut [Hit]) {
        if !self.text.trim().is_empty() {
            hits.sort_by(|a, b| {
                b.score
                    .cmp(&a.score)
                    .then_with(|| by_date(&posts[a.post], &posts[b.post], false))
            });
            return;
        }
        match self.sort {
            Sort::Date => {
                hits.sort_by(|a, b| by_date(&posts[a.post], &posts[b.post], self.reverse))
            }
            Sort::Title => {
                hits.sort_by_cached_key(|hit| posts[hit.post].title.to_lowercase());
                if self.reverse {
                    hits.reverse();
                }
            }
        }
    }
}

/// Newest first (oldest first when `reverse`); undated last either way;
/// ties by title, then by path, so the order is stable across runs.
pub fn by_date(a: &Post, b: &Post, reverse: bool) -> Ordering {
    let dates = match (&a.date, &b.date) {
        (Some(x), Some(y)) if reverse => x.cmp(y),
        (Some(x), Some(y)) => y.cmp(x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    dates
        .then_with(|| a.title.cmp(&b.title))
        .then_with(|| a.path.as_os_str().cmp(b.path.as_os_str()))
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
            post(
                "Rust ownership",
                Some("2021-05-01"),
                &["Rust", "memory"],
                &["Ada Lovelace"],
            ),
            post(
                "Go channels",
                Some("2023-01-10"),
                &["go"],
                &["Grace Hopper"],
            ),
            post("Undated notes", None, &["rust"], &["Ada Lovelace", "Linus"]),
            post(
                "async Rust",
                Some("2022-07-07"),
                &["rust", "async"],
                &["Grace Hopper"],
            ),
        ]
    }

    fn titles(query: &Query) -> Vec<String> {
        let posts = posts();
        query
            .run(&posts)
            .into_iter()
            .map(|h| posts[h.post].title.clone())
            .collect()
    }

    #[test]
    fn newest_first_undated_last() {
        let q = Query::default();
        assert_eq!(
            titles(&q),
            [
                "Go channels",
                "async Rust",
                "Rust ownership",
                "Undated notes"
            ]
        );
        let q = Query {
            reverse: true,
            ..Query::default()
        };
        assert_eq!(
            titles(&q),
            [
                "Rust ownership",
                "async Rust",
                "Go channels",
                "Undated notes"
            ]
        );
    }

    #[test]
    fn by_title_ignoring_case() {
        let q = Query {
            sort: Sort::Title,
            ..Query::default()
        };
        assert_eq!(
            titles(&q),
            [
                "async Rust",
                "Go channels",
                "Rust ownership",
                "Undated notes"
            ]
        );
    }

    #[test]
    fn tags_are_whole_and_anded() {
        let q = Query {
            tags: vec!["RUST".into()],
            ..Query::default()
        };
        assert_eq!(
            titles(&q),
            ["async Rust", "Rust ownership", "Undated notes"]
        );
        let q = Query {
            tags: vec!["rust".into(), "async".into()],
            ..Query::default()
        };
        assert_eq!(titles(&q), ["async Rust"]);
        let q = Query {
            tags: vec!["rus".into()],
            ..Query::default()
        };
        assert!(titles(&q).is_empty());
    }

    #[test]
    fn authors_match_inside_names() {
        let q = Query {
            authors: vec!["hop".into()],
            ..Query::default()
        };
        assert_eq!(titles(&q), ["Go channels", "async Rust"]);
        let q = Query {
            authors: vec!["ada".into(), "linus".into()],
            ..Query::default()
        };
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
            let query = Query {
                text: text.into(),
                ..Query::default()
            };
            assert_eq!(query.run_among(&many, &all, 4), query.run(&many), "{text}");
        }
        let narrowed = Query {
            text: "title 99".into(),
            ..Query::default()
        };
        let first = Query {
            text: "title 9".into(),
            ..Query::default()
        }
        .run(&many);
        let candidates: Vec<usize> = first.iter().map(|h| h.post).collect();
        assert_eq!(
            narrowed.run_among(&many, &candidates, 2),
            narrowed.run(&many)
        );
    }

    #[test]
    fn fuzzy_text_ranks_by_score() {
        let q = Query {
            text: "rust".into(),
            ..Query::default()
        };
        let found = titles(&q);
        assert_eq!(found.len(), 2);
        assert!(found.contains(&"Rust ownership".to_string()));
        let q = Query {
            text: "gch".into(),
            ..Query::default()
        };
        assert_eq!(titles(&q), ["Go channels"]);
        let q = Query {
            text: "zzz".into(),
            ..Query::default()
        };
        assert!(titles(&q).is_empty());
    }
}
