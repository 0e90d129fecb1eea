//! The posts read from the folder, and what is known about them.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Counts;
use super::posts::{Gone, renames};
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

    /// The paths known (posts, problems, sections) that are not in `read`.
    pub(super) fn not_among(&self, read: &[PathBuf]) -> Vec<PathBuf> {
        let read: HashSet<&Path> = read.iter().map(|p| p.as_path()).collect();
        let known = self.posts.iter().map(|p| &p.path);
        let known = known.chain(self.warnings.iter().chain(&self.sections).map(|w| &w.path));
        known.filter(|p| !read.contains(p.as_path())).cloned().collect()
    }

    /// Takes in a change's posts (replaced where they are, new ones at the
    /// end) and drops those it took away. When posts were dropped: where
    /// each old position went (`None`: gone), and the posts renamed (old
    /// position → position of the new path, before the drop).
    pub(super) fn merge(&mut self, posts: Vec<Post>, gone: &Gone) -> Option<Moved> {
        let (added, kept) = self.replace_or_add(posts);
        let all = Arc::get_mut(&mut self.posts)?;
        // A post renamed: gone from one path, the same post at a new one.
        let renamed = renames(all, gone.removed_paths(), &added);
        let mut moved: Vec<Option<usize>> = Vec::with_capacity(all.len());
        let mut next = 0;
        for post in all.iter() {
            if gone.drops(&post.path, &kept) {
                post.tags.iter().for_each(|t| self.tags.remove(t));
                post.authors.iter().for_each(|a| self.authors.remove(a));
                moved.push(None);
            } else {
                moved.push(Some(next));
                next += 1;
            }
        }
        if next == all.len() {
            return None;
        }
        let mut index = 0;
        all.retain(|_| {
            index += 1;
            moved[index - 1].is_some()
        });
        Some((moved, renamed))
    }

    /// Puts `posts` in place of the posts at their paths, or adds them;
    /// their tags and authors counted. Returns the positions added and the
    /// paths brought.
    fn replace_or_add(&mut self, posts: Vec<Post>) -> (Vec<usize>, HashSet<PathBuf>) {
        let Some(all) = Arc::get_mut(&mut self.posts) else {
            return Default::default();
        };
        let mut at: HashMap<PathBuf, usize> =
            all.iter().enumerate().map(|(i, p)| (p.path.clone(), i)).collect();
        let mut kept = HashSet::new();
        let mut added = Vec::new();
        for post in posts {
            post.tags.iter().for_each(|t| self.tags.add(t));
            post.authors.iter().for_each(|a| self.authors.add(a));
            kept.insert(post.path.clone());
            match at.get(&post.path) {
                Some(&i) => {
                    let old = std::mem::replace(&mut all[i], post);
                    old.tags.iter().for_each(|t| self.tags.remove(t));
                    old.authors.iter().for_each(|a| self.authors.remove(a));
                }
                None => {
                    at.insert(post.path.clone(), all.len());
                    added.push(all.len());
                    all.push(post);
                }
            }
        }
        (added, kept)
    }
}

/// Where each old position went (`None`: gone), and the posts renamed.
pub(super) type Moved = (Vec<Option<usize>>, HashMap<usize, usize>);
