//! The posts and the list: filters in force, results from the matcher,
//! posts arriving from the indexer, changes from the disk, and the cache
//! written once the folder has been read.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{App, Request};
use crate::post::Severity;
use crate::query::Query;

impl App {
    /// Puts a new query in force and asks for its results, searching only
    /// the current results when the new query can only narrow them.
    pub(super) fn set_query(&mut self, query: Query) {
        let query = self.with_marks(query);
        // The same search sorted otherwise, or over newer marks, is no new one.
        let same_search = Query {
            sort: self.list.query.sort,
            reverse: self.list.query.reverse,
            marks: self.list.query.marks.clone(),
            ..query.clone()
        };
        if same_search != self.list.query {
            // A new search: its results, not a post kept from before.
            self.list.pinned = false;
            self.fulltext.walking = false;
        }
        self.list.query = query;
        self.refilter();
    }

    pub(super) fn refilter(&mut self) {
        self.absorb_waiting();
        let candidates = match &self.list.hits_for {
            Some((previous, posts_then)) if self.list.query.narrows(previous) => {
                let mut candidates: Vec<usize> = self.list.hits.iter().map(|h| h.post).collect();
                candidates.extend(*posts_then..self.library.posts.len());
                Some(candidates)
            }
            _ => None,
        };
        self.list.filter_generation += 1;
        self.requests.push(Request::Filter {
            generation: self.list.filter_generation,
            query: self.list.query.clone(),
            posts: Arc::clone(&self.library.posts),
            candidates,
            epoch: self.library.epoch,
            marks: Arc::clone(&self.marks),
        });
        self.list.pending_filter = Some((self.list.query.clone(), self.library.posts.len()));
    }

    pub(super) fn filtered(
        &mut self,
        generation: u64,
        hits: Arc<Vec<crate::query::Hit>>,
        unread: usize,
    ) {
        if generation <= self.list.shown_generation {
            return;
        }
        self.list.unread = unread;
        self.list.shown_generation = generation;
        // Only the answer to the latest request can be narrowed from; an
        // older one is good enough to show meanwhile.
        self.list.hits_for = if generation == self.list.filter_generation {
            self.list.pending_filter.take()
        } else {
            None
        };
        let covered = self.list.hits_for.as_ref().map(|(_, n)| *n);
        self.list.hits = hits;
        let asked = self.open_asked(covered);
        // A post opened by a link stays, even when the filters hide it.
        let keep = asked.or_else(|| {
            self.list
                .selected
                .filter(|p| self.list.pinned || self.list.hits.iter().any(|h| h.post == *p))
        });
        match keep {
            Some(post) => self.select(Some(post)),
            // The open post was deleted: leave it on screen, saying so,
            // until the user moves.
            None if self.article.gone && self.list.selected.is_none() => {
                self.keep_selection_visible()
            }
            None => {
                let first = self.list.hits.first().map(|h| h.post);
                self.list.offset = 0;
                self.select(first);
            }
        }
        let changed = self.absorb_waiting();
        if changed {
            // A change waited for this answer (a post's date changed on disk
            // while folio was closed): its order is out of date.
            self.list.hits_for = None;
            self.refilter();
        } else if covered.is_some_and(|n| n < self.library.posts.len()) && !self.list.filtering() {
            // Posts arrived while this was computed: bring them in.
            self.refilter();
        }
    }

    pub(super) fn found(
        &mut self,
        posts: Vec<crate::post::Post>,
        warnings: Vec<crate::post::Warning>,
    ) {
        for post in &posts {
            for tag in &post.tags {
                self.library.tags.add(tag);
            }
            for author in &post.authors {
                self.library.authors.add(author);
            }
        }
        if self.library.waiting.is_empty() {
            // The first batch (or the whole cache): move it, do not copy.
            self.library.waiting = posts;
        } else {
            self.library.waiting.extend(posts);
        }
        self.add_warnings(warnings);
        self.refilter();
    }

    /// Adds problems, keeping them ordered by path (a stable sort: one
    /// file's problems stay in the order they were found).
    /// Section pages are no problem: they are left out, not listed.
    fn add_warnings(&mut self, warnings: Vec<crate::post::Warning>) {
        let before = self.library.warnings.len();
        let (sections, problems): (Vec<_>, Vec<_>) =
            warnings.into_iter().partition(|w| w.severity == Severity::Section);
        self.library.sections.extend(sections);
        self.library.warnings.extend(problems);
        if self.library.warnings.len() == before {
            return;
        }
        self.library.warnings.sort_by(|a, b| a.path.as_os_str().cmp(b.path.as_os_str()));
    }

    /// Adds waiting posts and applies waiting changes, unless a background
    /// task still holds the list (then they wait for its answer).
    /// The post asked for at start (`folio post.md`, or the one open last)
    /// when the results hold it: opened, read when it was being read. Given
    /// up once the whole folder is in and it is not there (gone, or hidden
    /// by the filters). `covered` is how many posts the results are for.
    fn open_asked(&mut self, covered: Option<usize>) -> Option<usize> {
        let asked = self.open_when_found.as_ref().and_then(|(path, _)| {
            self.list
                .hits
                .iter()
                .map(|h| h.post)
                .find(|&p| self.library.posts.get(p).is_some_and(|post| &post.path == path))
        });
        if let Some(post) = asked {
            let reading = self.open_when_found.take().is_some_and(|(_, reading)| reading);
            if reading {
                self.focus = super::Focus::Article;
                self.mark_read(post);
            }
        } else if !self.library.indexing
            && covered.is_some_and(|n| n == self.library.posts.len())
            && self.library.waiting.is_empty()
            && self.library.pending_changes.is_empty()
        {
            self.open_when_found = None;
        }
        asked
    }

    /// [`App::absorb_waiting`], and the list computed again when posts
    /// already listed changed.
    pub(super) fn absorb_and_refilter(&mut self) {
        if self.absorb_waiting() {
            self.list.hits_for = None;
            self.refilter();
        }
    }

    /// Returns whether posts already listed changed (the list's order and
    /// matches may be out of date).
    pub(super) fn absorb_waiting(&mut self) -> bool {
        if !self.library.waiting.is_empty() {
            let Some(posts) = Arc::get_mut(&mut self.library.posts) else { return false };
            if posts.is_empty() {
                std::mem::swap(posts, &mut self.library.waiting);
            } else {
                posts.append(&mut self.library.waiting);
            }
        }
        if !self.library.pending_changes.is_empty()
            && Arc::get_mut(&mut self.library.posts).is_none()
        {
            return false;
        }
        let changed = !self.library.pending_changes.is_empty();
        for change in std::mem::take(&mut self.library.pending_changes) {
            self.apply(change);
        }
        self.save_when_complete();
        changed
    }

    /// Asks for the cache to be written, once every post read is in the
    /// list: a post still waiting would be saved as a skipped file.
    pub(super) fn save_when_complete(&mut self) {
        if !self.library.waiting.is_empty() || !self.library.pending_changes.is_empty() {
            return;
        }
        if let Some(save) = self.library.pending_save.take() {
            self.requests.push(Request::SaveCache {
                file: save.file,
                root: self.root.clone(),
                posts: Arc::clone(&self.library.posts),
                warnings: self
                    .library
                    .warnings
                    .iter()
                    .chain(&self.library.sections)
                    .cloned()
                    .collect(),
                stamps: save.stamps,
            });
        }
    }

    /// Applies a change to the posts (which nothing else holds): changed
    /// posts are replaced where they are, new ones added, gone ones removed;
    /// the list, the selection and the article follow their posts.
    pub(super) fn apply(&mut self, mut change: crate::live::Change) {
        if Arc::get_mut(&mut self.library.posts).is_none() {
            self.library.pending_changes.push(change);
            return;
        }
        self.library.epoch += 1;
        if change.complete {
            // The whole folder: whatever was not read is gone.
            change.removed = self.library.not_among(&change.read);
        }
        // Only a change that takes paths away can leave marks behind.
        let renames_possible = !change.removed.is_empty();
        let shown_path = self.shown_post().map(|p| p.path.clone());
        let gone = Gone::new(&change.read, &change.removed);
        if let Some((moved, renamed)) = self.library.merge(change.posts, &gone) {
            self.follow_moved(&moved, &renamed);
        }
        self.library.warnings.retain(|w| !gone.read_or_removed(&w.path));
        self.library.sections.retain(|w| !gone.read_or_removed(&w.path));
        self.add_warnings(change.warnings);
        // The open article changed on disk: render it again, keeping its place.
        if shown_path.is_some_and(|path| gone.read.contains(path.as_path())) {
            self.reread_article();
        }
        if !self.library.indexing && renames_possible {
            self.follow_renamed_marks();
        }
    }

    /// Posts moved (`moved[old]` is the new position, `None`: gone) and
    /// renamed (old position → position of the new path): the list, the
    /// selection and the article follow them.
    fn follow_moved(&mut self, moved: &[Option<usize>], renamed: &HashMap<usize, usize>) {
        let remap = |i: usize| moved.get(i).copied().flatten();
        let hits: Vec<crate::query::Hit> = self
            .list
            .hits
            .iter()
            .filter_map(|h| remap(h.post).map(|post| crate::query::Hit { post, ..*h }))
            .collect();
        self.list.hits = Arc::new(hits);
        // A renamed post's place goes to its new path.
        let follow = |i: usize| remap(i).or_else(|| renamed.get(&i).and_then(|&to| remap(to)));
        self.list.selected = self.list.selected.and_then(follow);
        if let Some((shown, _)) = &mut self.article.shown {
            match follow(*shown) {
                Some(now) => *shown = now,
                None => {
                    *shown = usize::MAX;
                    self.article.gone = true;
                }
            }
        }
        self.article.wanted = self.article.wanted.and_then(follow);
    }
}

/// What a change took away: the files read again (a post of one of them
/// that did not come back is gone) and the paths removed.
pub(super) struct Gone<'a> {
    read: HashSet<&'a Path>,
    removed: HashSet<&'a Path>,
    removed_paths: &'a [PathBuf],
}

impl<'a> Gone<'a> {
    fn new(read: &'a [PathBuf], removed: &'a [PathBuf]) -> Gone<'a> {
        Gone {
            read: read.iter().map(|p| p.as_path()).collect(),
            removed: removed.iter().map(|p| p.as_path()).collect(),
            removed_paths: removed,
        }
    }

    /// The paths removed, as the change gave them.
    pub(super) fn removed_paths(&self) -> &'a [PathBuf] {
        self.removed_paths
    }

    /// Whether `path` or a folder above it was removed: looked up by its
    /// ancestors, so a change removing a whole folder of a hundred
    /// thousand posts costs a set lookup per post, not a scan.
    pub(super) fn under_removed(&self, path: &Path) -> bool {
        path.ancestors().any(|a| self.removed.contains(a))
    }

    /// Whether what was known of `path` no longer holds.
    fn read_or_removed(&self, path: &Path) -> bool {
        self.read.contains(path) || self.under_removed(path)
    }

    /// Whether a post at `path` is gone, `kept` being the posts the change
    /// brought.
    pub(super) fn drops(&self, path: &Path, kept: &HashSet<PathBuf>) -> bool {
        (self.read.contains(path) && !kept.contains(path)) || self.under_removed(path)
    }
}

/// The posts a change renames, as positions before it → positions of the
/// posts it `added`. A post under a `removed` path is renamed to an added
/// one with the same content (title, date and words); failing that, when
/// one post goes and one comes in the same change, that is a rename too.
pub(super) fn renames(
    posts: &[crate::post::Post],
    removed: &[std::path::PathBuf],
    added: &[usize],
) -> std::collections::HashMap<usize, usize> {
    use std::collections::HashMap;
    let mut renamed = HashMap::new();
    if removed.is_empty() || added.is_empty() {
        return renamed;
    }
    let gone: Vec<usize> = (0..posts.len())
        .filter(|i| !added.contains(i) && removed.iter().any(|r| posts[*i].path.starts_with(r)))
        .collect();
    let same = |a: &crate::post::Post, b: &crate::post::Post| {
        a.title == b.title && a.date == b.date && a.words == b.words
    };
    for &old in &gone {
        let free = |n: &&usize| !renamed.values().any(|v| v == *n);
        if let Some(&to) = added.iter().filter(free).find(|&&n| same(&posts[old], &posts[n])) {
            renamed.insert(old, to);
        }
    }
    if renamed.is_empty() && gone.len() == 1 && added.len() == 1 {
        renamed.insert(gone[0], added[0]);
    }
    renamed
}
