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
        let text = self.text.trim();
        let matcher = SkimMatcherV2::default().smart_case();
        let mut hits: Vec<Hit> = posts
            .iter()
            .enumerate()
            .filter(|(_, post)| self.keeps(post))
            .filter_map(|(i, post)| {
                if text.is_empty() {
                    Some(Hit { post: i, score: 0 })
                } else {
                    matcher
                        .fuzzy_match(&post.title, text)
                        .map(|score| Hit { post: i, score })
                }
            })
            .collect();
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
