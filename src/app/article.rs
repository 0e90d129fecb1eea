//! The article pane's state: which post is shown, its scroll, and the
//! search inside it.

use std::sync::Arc;

use super::layout;
use super::{App, Landing, Request};

impl App {
    pub(super) fn scroll_article(&mut self, by: isize) {
        let landing = &mut self.article.landing;
        // Asked for the end of a post still coming in: the end it will have.
        if by >= isize::MAX / 4 && !self.article.complete {
            *landing = Landing::End;
        } else if (by < 0 && *landing == Landing::End)
            || (by != 0 && matches!(landing, Landing::Place(_)))
        {
            // Moved by the reader: where to be is theirs now.
            *landing = Landing::Here;
        }
        let lines = self.article.shown.as_ref().map_or(0, |(_, a)| a.lines.len());
        let max = lines.saturating_sub(layout::article_lines(self));
        self.article.scroll =
            (self.article.scroll as isize).saturating_add(by).clamp(0, max as isize) as usize;
    }

    /// Asks for the selected post's article at the current width, unless it
    /// is already shown (or asked for) at that width.
    pub(super) fn request_article(&mut self) {
        let Some(post) = self.list.selected else {
            self.article.wanted = None;
            // Nothing selected (nothing matches): no article either, unless
            // it is one deleted under the reader, still shown to say so.
            if !self.article.gone {
                self.article.shown = None;
            }
            return;
        };
        let width = layout::article_width(self);
        let frames = self.pictures.frames(layout::article_lines(self));
        let shown_ok = self.article.shown.as_ref().is_some_and(|(p, _)| *p == post)
            && self.article.width == width
            && self.article.frames == frames
            && (self.article.complete || self.article.wanted != Some(post));
        if shown_ok {
            self.article.wanted = None;
            return;
        }
        if self.article.wanted == Some(post)
            && self.article.pending_width == width
            && self.article.pending_frames == frames
        {
            return;
        }
        self.ask_render(post, width, frames);
    }

    /// Asks for the article shown again as it was asked (its pictures on
    /// the web come in).
    pub(super) fn render_again(&mut self) {
        if let Some((post, _)) = &self.article.shown {
            let (post, width, frames) = (*post, self.article.width, self.article.frames);
            self.ask_render(post, width, frames);
        }
    }

    fn ask_render(&mut self, post: usize, width: usize, frames: Option<crate::graphics::Frames>) {
        let Some(entry) = self.library.posts.get(post) else {
            return;
        };
        self.article.generation += 1;
        self.article.wanted = Some(post);
        self.article.pending_width = width;
        self.article.pending_frames = frames;
        self.article.error = None;
        self.requests.push(Request::Render {
            generation: self.article.generation,
            post: entry.clone(),
            file: self.root.join(&entry.path),
            width,
            frames,
        });
    }

    pub(super) fn rendered(
        &mut self,
        article: Result<Arc<crate::markdown::Article>, String>,
        complete: bool,
    ) {
        // A partial rendering leaves the post wanted: more is on its way.
        let wanted = if complete { self.article.wanted.take() } else { self.article.wanted };
        let Some(post) = wanted else {
            return;
        };
        match article {
            Ok(article) => {
                self.article.gone = false;
                self.article.title =
                    self.library.posts.get(post).map(|p| p.title.clone()).unwrap_or_default();
                let same_post = self.article.shown.as_ref().is_some_and(|(p, _)| *p == post);
                // The place read, as an offset in the text: it holds at
                // any width.
                let place = self
                    .article
                    .shown
                    .as_ref()
                    .filter(|_| same_post && self.article.scroll > 0)
                    .map(|(_, old)| (old.source_of(self.article.scroll), old.lines.len()));
                if !same_post {
                    // Leaving a post: its place is kept; the new one opens
                    // at its own, unless a heading or a find was asked.
                    self.remember_place();
                    if matches!(self.article.landing, Landing::Here | Landing::End) {
                        self.article.landing = self.kept_place(post);
                    }
                    self.article.scroll = 0;
                    self.forget_pictures();
                    self.article.search.clear();
                    self.article.matches.clear();
                }
                // Rewrapped, or rows added (a picture came in): the place
                // read is found again.
                if let Some((place, _)) = place.filter(|(_, lines)| {
                    self.article.width != self.article.pending_width
                        || (complete && *lines != article.lines.len())
                }) {
                    self.article.scroll = article.line_of(place);
                }
                self.article.width = self.article.pending_width;
                self.article.frames = self.article.pending_frames;
                self.article.shown = Some((post, article));
                self.article.complete = complete;
                self.article.error = None;
                if same_post {
                    let words = self.article.needles.clone();
                    self.set_article_words(words);
                }
                self.land(post, complete);
                self.scroll_article(0);
                if complete {
                    self.fetch_pictures();
                }
            }
            Err(error) => {
                self.article.error = Some(error);
                self.article.shown = None;
                self.article.scroll = 0;
            }
        }
    }

    /// Puts the article just rendered where it was asked to land; what is
    /// asked holds until all of it is there.
    fn land(&mut self, post: usize, complete: bool) {
        let Some((_, article)) = &self.article.shown else {
            return;
        };
        match std::mem::take(&mut self.article.landing) {
            Landing::Here => {}
            Landing::Place(place) => {
                self.article.scroll = article.line_of(place);
                if !complete {
                    self.article.landing = Landing::Place(place);
                }
            }
            Landing::Anchor(anchor) if self.jump_to_anchor(&anchor) => {}
            // No such heading: where the post was left.
            Landing::Anchor(_) if complete => {
                self.article.landing = self.kept_place(post);
                self.land(post, complete);
            }
            // Not there yet.
            anchor @ Landing::Anchor(_) => self.article.landing = anchor,
            // Opened from a full-text result: from the top, to the first match.
            Landing::Find(words) => {
                self.article.scroll = 0;
                self.set_article_words(words);
            }
            Landing::End => {
                self.article.scroll = usize::MAX / 2;
                if !complete {
                    self.article.landing = Landing::End;
                }
            }
        }
    }

    /// Where `post` lands when opened: where it was left, or its top.
    fn kept_place(&self, post: usize) -> Landing {
        self.place_of(post).map_or(Landing::Here, Landing::Place)
    }

    /// The shown post changed on disk (the editor closed): render it again,
    /// keeping its place.
    pub(super) fn reread_article(&mut self) {
        if self.article.shown.is_some() && !self.article.gone {
            self.article.width = 0;
            self.article.wanted = None;
            self.request_article();
        }
    }

    /// Sets the text to find in the article and asks for its matches (in
    /// the background: a long article takes a while).
    pub(super) fn set_article_search(&mut self, search: String) {
        let needles = if search.is_empty() { Vec::new() } else { vec![search] };
        self.set_article_words(needles);
    }

    /// Finds each of `words` in the article (a full-text result's words:
    /// every one marked, `n`/`N` through all of them).
    pub(super) fn set_article_words(&mut self, words: Vec<String>) {
        self.article.matches.clear();
        self.article.current = 0;
        self.article.search = words.join(" ");
        self.article.needles = words;
        self.article.find_generation += 1;
        let Some((_, article)) = &self.article.shown else {
            return;
        };
        if self.article.needles.is_empty() {
            return;
        }
        self.requests.push(Request::Find {
            generation: self.article.find_generation,
            article: Arc::clone(article),
            needles: self.article.needles.clone(),
        });
    }

    /// The matches of the latest find: the first from the top of the screen
    /// down becomes the current one.
    pub(super) fn found_in_article(
        &mut self,
        generation: u64,
        matches: Vec<(usize, usize, usize)>,
    ) {
        if generation != self.article.find_generation {
            return;
        }
        self.article.matches = matches;
        let top = self.article.scroll;
        self.article.current = self.article.matches.iter().position(|m| m.0 >= top).unwrap_or(0);
        self.show_current_match();
    }

    pub(super) fn jump_to_match(&mut self, by: isize) {
        let count = self.article.matches.len();
        if count == 0 {
            if !self.article.search.is_empty() {
                self.status.hint = Some(format!("No match for \"{}\".", self.article.search));
            }
            return;
        }
        let next = self.article.current as isize + by;
        self.article.current = next.rem_euclid(count as isize) as usize;
        // Going round is said, as less and vim do.
        if next >= count as isize {
            self.status.hint = Some("Past the last match: back at the first.".into());
        } else if next < 0 {
            self.status.hint = Some("Before the first match: at the last.".into());
        }
        self.show_current_match();
    }

    pub(super) fn show_current_match(&mut self) {
        let Some(&(line, _, _)) = self.article.matches.get(self.article.current) else {
            return;
        };
        let visible = layout::article_lines(self);
        if line < self.article.scroll || line >= self.article.scroll + visible {
            // A few lines of context above the match.
            self.article.scroll = line.saturating_sub(visible / 3);
            self.scroll_article(0);
        }
    }

    /// The heading of the section being read: the last one that starts
    /// above the top third of the pane (a heading just scrolled into view
    /// near the top is what the reader is looking at).
    pub(super) fn current_heading(&self) -> Option<usize> {
        let (_, article) = self.article.shown.as_ref()?;
        let reading = self.article.scroll + layout::article_lines(self) / 3;
        article.headings.iter().rposition(|h| h.line <= reading)
    }
}

/// Where `needle` is in `article` (any case): line, first and end column.
pub fn find(article: &crate::markdown::Article, needles: &[String]) -> Vec<(usize, usize, usize)> {
    let mut matches: Vec<(usize, usize, usize)> =
        needles.iter().flat_map(|needle| find_one(article, needle)).collect();
    // In reading order; a match inside another (one word within another)
    // counts once.
    matches.sort_unstable();
    matches.dedup_by(|later, earlier| later.0 == earlier.0 && later.1 < earlier.2);
    matches
}

fn find_one(article: &crate::markdown::Article, needle: &str) -> Vec<(usize, usize, usize)> {
    let needle = needle.to_lowercase();
    if needle.is_empty() {
        return Vec::new();
    }
    let mut matches = Vec::new();
    for (index, line) in article.lines.iter().enumerate() {
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        let lower = text.to_lowercase();
        if lower.len() != text.len() {
            // Lowercasing changed byte lengths: columns from the original.
            let chars: Vec<char> = text.chars().collect();
            let hay: Vec<String> = chars.iter().map(|c| c.to_lowercase().collect()).collect();
            let joined: String = hay.concat();
            let mut offsets = Vec::with_capacity(chars.len() + 1);
            let mut at = 0;
            for piece in &hay {
                offsets.push(at);
                at += piece.len();
            }
            offsets.push(at);
            for (start, found) in joined.match_indices(&needle) {
                let first = offsets.iter().position(|&o| o >= start).unwrap_or(chars.len());
                let last =
                    offsets.iter().position(|&o| o >= start + found.len()).unwrap_or(chars.len());
                let before: String = chars[..first].iter().collect();
                let inside: String = chars[first..last].iter().collect();
                let from = crate::text::width(&before);
                matches.push((index, from, from + crate::text::width(&inside)));
            }
        } else {
            for (start, found) in lower.match_indices(&needle) {
                let from = crate::text::width(&text[..start]);
                let end = from + crate::text::width(&text[start..start + found.len()]);
                matches.push((index, from, end));
            }
        }
    }
    matches
}
