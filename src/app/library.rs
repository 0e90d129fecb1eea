//! The posts read from the folder, and what is known about them.

use std::sync::Arc;

use super::Counts;
use crate::post::{Post, Warning};

/// The folder's posts, its problems, and the counts the pickers show.
#[derive(Debug)]
pub struct Library {
    /// Every post read so far, in the order found.
    pub posts: Arc<Vec<Post>>,
    /// Posts that arrived while a background task held `posts`.
    pub(super) waiting: Vec<Post>,
    /// Changes that arrived while a background task held `posts`.
    pub(super) pending_changes: Vec<crate::live::Change>,
    /// The cache to write once every post read is in the list.
    pub(super) pending_save: Option<crate::live::CacheSave>,
    /// Bumped whenever posts are changed or removed (not only added).
    pub(super) epoch: u64,
    /// The folder's problems.
    pub warnings: Vec<Warning>,
    /// The path the site is published under (`blog`), for its site-path links.
    pub site_prefix: String,
    /// Section pages (`_index.md`) met: no problem to show, but the cache
    /// keeps them, so that `folio check` counts the same whoever wrote it.
    pub(super) sections: Vec<Warning>,
    /// Whether the folder is still being read.
    pub indexing: bool,
    /// Tags with their post counts.
    pub tags: Counts,
    /// Authors with their post counts.
    pub authors: Counts,
}

impl Default for Library {
    fn default() -> Library {
        Library {
            posts: Arc::new(Vec::new()),
            waiting: Vec::new(),
            pending_changes: Vec::new(),
            pending_save: None,
            epoch: 0,
            warnings: Vec::new(),
            site_prefix: String::new(),
            sections: Vec::new(),
            indexing: true,
            tags: Counts::default(),
            authors: Counts::default(),
        }
    }
}

impl Library {
    /// All posts, including any still waiting to be added.
    pub fn total(&self) -> usize {
        self.posts.len() + self.waiting.len()
    }
}
