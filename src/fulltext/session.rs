//! The reader's full-text search between two requests: the index opened
//! once and brought up to date when the posts change.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::*;
use crate::post::Post;

/// A post found, as the reader lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct Listed {
    /// The post, a position in the posts searched.
    pub post: usize,
    /// The text around its best match (for the first rows only).
    pub snippet: Option<Snippet>,
}

/// The reader's full-text search between two requests: the index, once
/// opened, and the posts it was last brought up to date with.
#[derive(Default)]
pub struct Session {
    open: Option<(PathBuf, FullText)>,
    /// The epoch and count of the posts the index was updated for.
    seen: Option<(u64, usize)>,
    by_path: HashMap<PathBuf, usize>,
    /// Hears how an index build goes: posts done, posts to do.
    pub progress: Option<Box<dyn Fn(usize, usize) + Send + Sync>>,
    /// What the reader should be told of the index (made again, or kept
    /// in memory), once.
    pub notice: Option<String>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session").field("seen", &self.seen).finish_non_exhaustive()
    }
}

/// The most results the reader lists.
pub const LISTED: usize = 100;

/// How many results the reader lists with their snippet: a tall
/// terminal's worth.
pub const SNIPPETS: usize = 40;

impl Session {
    /// Searches `posts` of `root` for `line`, with the index in `dir` (in
    /// memory without one): the index opened (or made)
    /// and brought up to date first when the posts changed since.
    pub fn search(
        &mut self,
        root: &Path,
        dir: Option<&Path>,
        posts: &[Post],
        epoch: u64,
        line: &str,
        limit: usize,
    ) -> Result<Vec<Listed>, Error> {
        if self.open.as_ref().is_none_or(|(r, _)| r != root) {
            let (index, notice) = FullText::open_or_in_memory(dir, root);
            self.notice = notice;
            self.open = Some((root.to_path_buf(), index));
            self.seen = None;
        }
        let (_, index) = self.open.as_mut().expect("opened above");
        let quiet = |_: usize, _: usize| {};
        let progress: &(dyn Fn(usize, usize) + Sync) = match &self.progress {
            Some(progress) => progress.as_ref(),
            None => &quiet,
        };
        let search = Search::parse(line);
        // Brought up to date when the posts changed, and always when the
        // index was made again.
        let mut up_to_date = self.seen == Some((epoch, posts.len()));
        let (found, notice) = index.recovering(|index| {
            if !up_to_date {
                index.update(posts, None, progress)?;
            }
            up_to_date = false;
            index.search(&search, limit)
        })?;
        self.notice = self.notice.take().or(notice);
        if self.seen != Some((epoch, posts.len())) {
            self.by_path = posts.iter().enumerate().map(|(i, p)| (p.path.clone(), i)).collect();
            self.seen = Some((epoch, posts.len()));
        }
        Ok(found
            .into_iter()
            .filter_map(|hit| self.by_path.get(&hit.path).copied())
            .enumerate()
            .map(|(row, post)| Listed {
                post,
                snippet: (row < SNIPPETS).then(|| index.snippet(&search, &posts[post])),
            })
            .collect())
    }
}
