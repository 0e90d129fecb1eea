//! The reader's memory: read and starred posts, the place in each, what
//! was open last. Kept in [`crate::state::Marks`]; every change is
//! written in the background as a [`Request::SaveState`].

use std::path::PathBuf;
use std::sync::Arc;

use super::{App, Focus, Request};
use crate::query::Sort;
use crate::state::{self, Entry, Last, Marks, Patch};

impl App {
    /// Reads and writes the reading state in `file`, starting from
    /// `marks`: the last search comes back, and the post that was open,
    /// at its place (unless a post to open was given already).
    pub fn use_state(&mut self, file: PathBuf, marks: Marks) {
        self.state_file = Some(file);
        let last = marks.last.clone();
        self.marks = Arc::new(marks);
        let sort = match last.sort.as_str() {
            "date" => Some(Sort::Date),
            "title" => Some(Sort::Title),
            "score" => Some(Sort::Score),
            _ => None,
        };
        // A post named on the command line is shown whatever the last
        // search was: that search is not brought back to hide it.
        let search = if self.open_when_found.is_some() { "" } else { last.search.as_str() };
        let (mut query, _) = crate::Query::parse_line(search, &self.list.query);
        if let Some(sort) = sort {
            query.sort = sort;
            query.reverse = last.reverse;
        }
        self.set_query(query);
        if self.open_when_found.is_none()
            && let Some(post) = last.post
        {
            self.open_when_found = Some((post, last.reading));
        }
    }

    /// `query` with the marks it needs to filter on, when it does.
    pub(super) fn with_marks(&self, mut query: crate::Query) -> crate::Query {
        query.marks = query.uses_marks().then(|| crate::query::Marked(Arc::clone(&self.marks)));
        query
    }

    /// Changes the entry of the post at `post` and writes it.
    fn change_entry(&mut self, post: usize, change: impl FnOnce(&mut Entry)) -> Option<Entry> {
        let entry = self.library.posts.get(post)?;
        let (patch, entry) = Arc::make_mut(&mut self.marks).change(entry, change);
        self.save_state(vec![patch], None);
        // A filter on the marks sees the new ones.
        if self.list.query.marks.is_some() {
            self.set_query(self.list.query.clone());
        }
        Some(entry)
    }

    /// Asks for `changes` (and `last`) to be written, when there is a
    /// state file.
    pub(super) fn save_state(&mut self, changes: Vec<(PathBuf, Patch)>, last: Option<Last>) {
        if let Some(file) = &self.state_file {
            self.requests.push(Request::SaveState {
                file: file.clone(),
                root: self.root.clone(),
                changes,
                last,
            });
        }
    }

    /// The post at `post` was opened to be read.
    pub(super) fn mark_read(&mut self, post: usize) {
        let was_read = self.library.posts.get(post).is_some_and(|p| self.marks.read(&p.path));
        if !was_read && self.change_entry(post, |e| e.read = true).is_some() {
            self.count_unread_change(post, -1);
        }
    }

    /// `u`: the selected post read or unread.
    pub(super) fn toggle_read(&mut self) {
        let Some(post) = self.list.selected else {
            self.status.hint = Some("No post is selected.".into());
            return;
        };
        if let Some(entry) = self.change_entry(post, |e| e.read = !e.read) {
            self.count_unread_change(post, if entry.read { -1 } else { 1 });
            self.status.hint =
                Some(if entry.read { "Marked read." } else { "Marked unread." }.into());
        }
    }

    /// `*`: the selected post starred or not.
    pub(super) fn toggle_star(&mut self) {
        let Some(post) = self.list.selected else {
            self.status.hint = Some("No post is selected.".into());
            return;
        };
        if let Some(entry) = self.change_entry(post, |e| e.starred = !e.starred) {
            self.status.hint =
                Some(if entry.starred { "Starred." } else { "Star taken away." }.into());
        }
    }

    /// Keeps the unread count of the list in step with a mark that changed.
    fn count_unread_change(&mut self, post: usize, by: isize) {
        if self.list.query.marks.is_none() && self.list.hits.iter().any(|h| h.post == post) {
            self.list.unread = self.list.unread.saturating_add_signed(by);
        }
    }

    /// Remembers the place read in the article shown, if it moved.
    pub(super) fn remember_place(&mut self) {
        let Some((post, article)) = &self.article.shown else {
            return;
        };
        // At the top: no place to keep.
        let place = (self.article.scroll > 0).then(|| article.source_of(self.article.scroll));
        let post = *post;
        let Some(path) = self.library.posts.get(post).map(|p| p.path.clone()) else {
            return;
        };
        let known = self.marks.place(&path);
        if known != place {
            self.change_entry(post, |e| e.place = place);
        }
    }

    /// Where to be in the post at `post` when it opens: its place.
    pub(super) fn place_of(&self, post: usize) -> Option<usize> {
        self.library.posts.get(post).and_then(|p| self.marks.place(&p.path))
    }

    /// What is open now, to come back to on the next start.
    fn last(&self) -> Last {
        let post = self.article.shown.as_ref().and_then(|(p, _)| self.library.posts.get(*p));
        let sort = match self.list.query.sort {
            Sort::Score => "score",
            Sort::Date => "date",
            Sort::Title => "title",
        };
        Last {
            post: post.map(|p| p.path.clone()),
            reading: self.focus == Focus::Article,
            search: self.search_line().trim().to_string(),
            sort: sort.to_string(),
            reverse: self.list.query.reverse,
            changed: state::now(),
        }
    }

    /// Quits, writing down the place and what is open.
    pub(super) fn quit(&mut self) {
        self.remember_place();
        let last = self.last();
        self.save_state(Vec::new(), Some(last));
        self.requests.push(Request::Quit);
    }

    /// Entries of posts renamed while folio was closed (or under it) move
    /// to their new paths.
    pub(super) fn follow_renamed_marks(&mut self) {
        if self.marks.posts.is_empty() {
            return;
        }
        let posts = Arc::clone(&self.library.posts);
        let moved = Arc::make_mut(&mut self.marks).follow_renames(&posts);
        if !moved.is_empty() {
            self.save_state(moved, None);
        }
    }

    /// Once the whole folder is read: entries of posts gone for good are
    /// dropped (not while reading on, when a post moved may come back in
    /// the next change).
    pub(super) fn prune_gone_marks(&mut self) {
        if self.marks.posts.is_empty() {
            return;
        }
        let posts = Arc::clone(&self.library.posts);
        let root = self.root.clone();
        let removed = Arc::make_mut(&mut self.marks).prune_gone(&root, &posts);
        if !removed.is_empty() {
            self.save_state(removed, None);
        }
    }
}
