//! `F`: full-text search in the reader. The list shows the posts holding
//! the words, each with the text around its best match; Enter opens one
//! at its first match, the words marked and `n`/`N` stepping through
//! them; Esc leaves the list as it was.

use std::sync::Arc;

use super::input::LineInput;
use super::{App, Command, Msg, Overlay, Request, cursor_moved};
use crate::fulltext::Listed;

/// The full-text search's results and where it stands.
#[derive(Clone, Debug, Default)]
pub struct FullTextView {
    /// The posts found, best first.
    pub results: Vec<Listed>,
    /// The row under the cursor.
    pub cursor: usize,
    /// The latest request, and the one `results` answers.
    generation: u64,
    shown: u64,
    /// How the index build goes, or why the search failed.
    pub status: Option<String>,
    /// Posts indexed and to index, while the index is being built.
    progress: Option<(usize, usize)>,
    /// The search the results are for.
    pub query: String,
    /// A result was opened: `[` and `]` go through the results, not the
    /// list, until the list is moved in or searched again.
    pub walking: bool,
    /// The post selected when `F` was pressed, given back by Esc (the
    /// article previews the result under the cursor meanwhile).
    before: Option<Option<usize>>,
    /// Where the reader was when `F` was pressed: where Back returns from
    /// the result opened (not the last one previewed).
    from: Option<super::links::Visit>,
    /// Where the full-text index is kept; `None`: in memory (no cache).
    pub dir: Option<std::path::PathBuf>,
}

impl FullTextView {
    /// While the index is being built: how far it is, in a few words.
    pub fn building(&self) -> Option<String> {
        let (done, total) = self.progress.filter(|(done, total)| done < total)?;
        Some(format!("text index {}%", done * 100 / total.max(1)))
    }

    /// Whether results for the latest search are still to come.
    pub fn searching(&self) -> bool {
        self.shown < self.generation
    }
}

impl App {
    /// `F`: the full-text search line, on the last search.
    pub(super) fn open_fulltext(&mut self) {
        let input = LineInput::selected(self.fulltext.query.clone());
        self.overlay = Overlay::FullText(input);
        self.fulltext.before = Some(self.list.selected);
        self.fulltext.from = self.here();
        if self.fulltext.results.is_empty() && !self.fulltext.query.is_empty() {
            self.request_fulltext();
        }
        self.preview_result();
    }

    /// The article shows the result under the cursor (selecting a post
    /// reads nothing).
    fn preview_result(&mut self) {
        if let Some(found) = self.fulltext.results.get(self.fulltext.cursor) {
            let post = found.post;
            self.select(Some(post));
        }
    }

    /// Asks for the results of the search typed.
    fn request_fulltext(&mut self) {
        self.absorb_and_refilter();
        self.fulltext.generation += 1;
        if self.fulltext.query.trim().is_empty() {
            self.fulltext.results.clear();
            self.fulltext.shown = self.fulltext.generation;
            return;
        }
        self.requests.push(Request::FullText {
            generation: self.fulltext.generation,
            root: self.root.clone(),
            dir: self.fulltext.dir.clone(),
            posts: Arc::clone(&self.library.posts),
            epoch: self.library.epoch,
            query: self.fulltext.query.clone(),
        });
    }

    /// The search line changed.
    pub(super) fn fulltext_edited(&mut self, input: LineInput) {
        let changed = input.text != self.fulltext.query;
        self.fulltext.query = input.text.clone();
        self.overlay = Overlay::FullText(input);
        if changed {
            // A new search: its best result first.
            self.fulltext.cursor = 0;
            self.request_fulltext();
        }
    }

    pub(super) fn fulltext_command(&mut self, command: Command, mut input: LineInput) {
        let last = self.fulltext.results.len().saturating_sub(1);
        let cursor = &mut self.fulltext.cursor;
        match command {
            _ if input.edit(command) => return self.fulltext_edited(input),
            _ if let Some(moved) = cursor_moved(command, *cursor, last, 5) => {
                *cursor = moved;
                self.overlay = Overlay::FullText(input);
                self.preview_result();
                return;
            }
            Command::Cancel => {
                self.overlay = Overlay::None;
                // The list as it was.
                self.fulltext.from = None;
                if let Some(before) = self.fulltext.before.take() {
                    self.select(before);
                }
                return;
            }
            Command::Confirm => {
                self.overlay = Overlay::None;
                self.fulltext.before = None;
                let at = *cursor;
                self.open_result(at);
                return;
            }
            _ => {}
        }
        self.overlay = Overlay::FullText(input);
    }

    /// Opens the result at row `at` at its first match, the words marked.
    fn open_result(&mut self, at: usize) {
        let Some(found) = self.fulltext.results.get(at).cloned() else {
            return;
        };
        self.fulltext.cursor = at;
        let words = crate::fulltext::Search::parse(&self.fulltext.query).words();
        self.article.landing = super::Landing::Find(words);
        let here = self.fulltext.from.take().or_else(|| self.here());
        self.history.back.extend(here);
        self.history.forward.clear();
        self.open_post(found.post, None);
        self.fulltext.walking = true;
        if self.article.shown.as_ref().is_some_and(|(p, _)| *p == found.post)
            && let super::Landing::Find(words) = std::mem::take(&mut self.article.landing)
        {
            self.article.scroll = 0;
            self.set_article_words(words);
        }
    }

    /// `[`, `]` after a result was opened: the previous or next result.
    /// Whether it was such a step.
    pub(super) fn step_through_results(&mut self, by: isize) -> bool {
        if !self.fulltext.walking || self.fulltext.results.is_empty() {
            return false;
        }
        let last = self.fulltext.results.len() - 1;
        let at = (self.fulltext.cursor as isize + by).clamp(0, last as isize) as usize;
        if at == self.fulltext.cursor {
            let end = if by > 0 { "last" } else { "first" };
            self.status.hint =
                Some(format!("This is the {end} result of \"{}\".", self.fulltext.query));
        } else {
            self.open_result(at);
        }
        true
    }

    /// Results of a full-text search, and the progress of its index.
    pub(super) fn fulltext_msg(&mut self, msg: Msg) {
        match msg {
            Msg::FullTextProgress(done, total) => {
                self.fulltext.progress = Some((done, total));
                self.fulltext.status = Some(format!(
                    "Indexing the text: {} of {} posts…",
                    crate::text::thousands(done),
                    crate::text::thousands(total)
                ));
            }
            Msg::FullTextFound { generation, results, notice } => {
                if let Some(notice) = notice {
                    self.status.notice = Some(notice);
                }
                if generation <= self.fulltext.shown {
                    return;
                }
                self.fulltext.shown = generation;
                self.fulltext.progress = None;
                match results {
                    Ok(results) => {
                        self.fulltext.results = results;
                        self.fulltext.status = None;
                    }
                    Err(error) => self.fulltext.status = Some(error),
                }
                let last = self.fulltext.results.len().saturating_sub(1);
                self.fulltext.cursor = self.fulltext.cursor.min(last);
                if matches!(self.overlay, Overlay::FullText(_)) {
                    self.preview_result();
                }
            }
            _ => {}
        }
    }
}
