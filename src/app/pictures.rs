//! The article's pictures as the reader draws them: those in view are
//! asked for once, in the background; what comes back is kept, encoded,
//! within a memory budget (least recently used dropped first); kitty
//! pictures are deleted from the terminal when the reader leaves them.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::graphics::decode::Refusal;
use crate::graphics::shelf::{Encoded, Want};
use crate::graphics::{Frames, Graphics};
use crate::markdown::{Article, Slot};

use super::{App, Request};

/// The memory encoded pictures may take.
pub const BUDGET: usize = 32 << 20;

/// A picture asked for.
#[derive(Clone, Debug)]
pub enum Page {
    /// On its way.
    Waiting,
    /// Ready to draw; when it was last in view.
    Ready(Arc<Encoded>, u64),
    /// It cannot be drawn.
    Refused(Refusal),
}

/// The reader's pictures.
#[derive(Debug, Default)]
pub struct Pictures {
    /// How the terminal draws them; `None`: as their text.
    pub graphics: Option<Graphics>,
    /// The pictures asked for.
    pub book: HashMap<Want, Page>,
    /// Counts the frames, for least recently used.
    clock: u64,
    /// The memory the ready pictures take.
    bytes: usize,
    /// The next kitty picture's id.
    next_id: u32,
    /// Whether pictures on the web are fetched (`remote_images`).
    pub remote: bool,
    /// The pictures on the web asked for, each once.
    fetches: HashSet<String>,
}

impl Pictures {
    /// The room pictures get in an article pane `height` rows high.
    pub fn frames(&self, height: usize) -> Option<Frames> {
        let height = u16::try_from(height).unwrap_or(u16::MAX);
        let remote = self.remote;
        self.graphics.as_ref().map(|g| Frames { remote, ..Frames::for_pane(g, height) })
    }

    /// What the picture `want` is, if asked for.
    pub fn page(&self, want: &Want) -> Option<&Page> {
        self.book.get(want)
    }
}

/// A picture of the article in view: its slot, the first of its rows in
/// view, how many, and the first screen row (from the pane's top).
#[derive(Clone, Copy, Debug)]
pub struct InView<'a> {
    /// The picture.
    pub slot: &'a Slot,
    /// Its first row in view.
    pub skip: u16,
    /// How many of its rows are in view.
    pub take: u16,
    /// The row of the pane it starts at.
    pub row: u16,
}

/// The pictures of `article` with rows among the `height` lines from `scroll`.
pub fn in_view(article: &Article, scroll: usize, height: usize) -> Vec<InView<'_>> {
    let bottom = scroll + height;
    let first = article.pictures.partition_point(|s| s.line + usize::from(s.cells.1) <= scroll);
    article.pictures[first..]
        .iter()
        .take_while(|s| s.line < bottom)
        .map(|slot| {
            let end = slot.line + usize::from(slot.cells.1);
            let top = slot.line.max(scroll);
            InView {
                slot,
                skip: (top - slot.line) as u16,
                take: (end.min(bottom) - top) as u16,
                row: (top - scroll) as u16,
            }
        })
        .collect()
}

/// What to ask for to draw `view` with `graphics`: the whole picture when
/// the protocol draws in cells, else the rows in view.
pub fn want_of(view: &InView<'_>, graphics: &Graphics) -> Want {
    let whole = Want::whole(view.slot.path.clone(), view.slot.cells);
    if graphics.kind.in_cells() || view.take == view.slot.cells.1 {
        whole
    } else {
        Want { rows: (view.skip, view.take), ..whole }
    }
}

impl App {
    /// Asks for the pictures in view not asked for yet; marks those in view
    /// as used.
    pub(super) fn want_pictures(&mut self) {
        let Some(graphics) = self.pictures.graphics else {
            return;
        };
        let Some((_, article)) = &self.article.shown else {
            return;
        };
        let article = Arc::clone(article);
        let height = super::layout::article_lines(self);
        self.pictures.clock += 1;
        let clock = self.pictures.clock;
        for view in in_view(&article, self.article.scroll, height) {
            let want = want_of(&view, &graphics);
            match self.pictures.book.get_mut(&want) {
                Some(Page::Ready(_, used)) => *used = clock,
                Some(_) => {}
                None => {
                    self.pictures.next_id = self.pictures.next_id.wrapping_add(1).max(1);
                    let id = self.pictures.next_id;
                    self.pictures.book.insert(want.clone(), Page::Waiting);
                    self.requests.push(Request::Picture { want, graphics, id });
                }
            }
        }
    }

    /// Asks for the pictures on the web the article shown waits for, each
    /// once while folio runs.
    pub(super) fn fetch_pictures(&mut self) {
        let Some((_, article)) = &self.article.shown else {
            return;
        };
        let urls: Vec<String> = article
            .fetching
            .iter()
            .filter(|url| self.pictures.fetches.insert((*url).clone()))
            .cloned()
            .collect();
        if !urls.is_empty() {
            self.requests.push(Request::Fetch(urls));
        }
    }

    /// Pictures on the web came in: the article waiting for one is
    /// rendered again, with it.
    pub(super) fn fetched(&mut self, urls: &[String]) {
        let waiting = self
            .article
            .shown
            .as_ref()
            .is_some_and(|(_, article)| article.fetching.iter().any(|url| urls.contains(url)));
        if waiting {
            self.render_again();
        }
    }

    /// A picture came back.
    pub(super) fn picture_loaded(&mut self, want: Want, result: Result<Arc<Encoded>, Refusal>) {
        let Some(page) = self.pictures.book.get_mut(&want) else {
            // Forgotten meanwhile (the post was left): not kept.
            if let Ok(encoded) = result {
                self.delete_kitty(vec![encoded.id]);
            }
            return;
        };
        *page = match result {
            Ok(encoded) => {
                self.pictures.bytes += encoded.bytes;
                Page::Ready(encoded, self.pictures.clock)
            }
            Err(refusal) => Page::Refused(refusal),
        };
        self.keep_pictures_to_budget();
    }

    /// Drops the least recently used pictures past the budget (never
    /// those in view now).
    fn keep_pictures_to_budget(&mut self) {
        let now = self.pictures.clock;
        let mut gone = Vec::new();
        while self.pictures.bytes > BUDGET {
            let oldest = self
                .pictures
                .book
                .iter()
                .filter_map(|(want, page)| match page {
                    Page::Ready(_, used) if *used < now => Some((*used, want.clone())),
                    _ => None,
                })
                .min_by_key(|(used, _)| *used);
            let Some((_, want)) = oldest else {
                break;
            };
            if let Some(Page::Ready(encoded, _)) = self.pictures.book.remove(&want) {
                self.pictures.bytes -= encoded.bytes;
                gone.push(encoded.id);
            }
        }
        self.delete_kitty(gone);
    }

    /// Forgets every picture (the post was left, or the room changed):
    /// kitty's are deleted from the terminal's memory.
    pub(super) fn forget_pictures(&mut self) {
        let ids = self
            .pictures
            .book
            .drain()
            .filter_map(|(_, page)| match page {
                Page::Ready(encoded, _) => Some(encoded.id),
                _ => None,
            })
            .collect();
        self.pictures.bytes = 0;
        self.delete_kitty(ids);
    }

    fn delete_kitty(&mut self, mut ids: Vec<u32>) {
        ids.retain(|&id| id != 0);
        if let (false, Some(graphics)) = (ids.is_empty(), self.pictures.graphics) {
            self.requests.push(Request::DeletePictures { ids, tmux: graphics.tmux });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(line: usize, rows: u16) -> Slot {
        Slot { line, column: 0, cells: (10, rows), path: "p.png".into(), text: String::new() }
    }

    #[test]
    fn pictures_in_view_are_cut_at_the_pane() {
        let article = Article { pictures: vec![slot(2, 5), slot(20, 4)], ..Article::default() };
        // Lines 4 to 13: rows 2 to 4 of the first, none of the second.
        let views = in_view(&article, 4, 10);
        assert_eq!(views.len(), 1);
        assert_eq!((views[0].skip, views[0].take, views[0].row), (2, 3, 0));
        // Lines 15 to 22: the top three rows of the second.
        let views = in_view(&article, 15, 8);
        assert_eq!(views.len(), 1);
        assert_eq!((views[0].skip, views[0].take, views[0].row), (0, 3, 5));
        assert!(in_view(&article, 8, 10).is_empty());
    }

    #[test]
    fn a_protocol_drawing_one_sequence_asks_for_the_rows_in_view() {
        let article = Article { pictures: vec![slot(0, 6)], ..Article::default() };
        let view = in_view(&article, 2, 10)[0];
        let sixel = Graphics { kind: crate::graphics::Kind::Sixel, ..Graphics::halfblocks() };
        assert_eq!(want_of(&view, &sixel).rows, (2, 4));
        assert_eq!(want_of(&view, &Graphics::halfblocks()).rows, (0, 6));
    }
}
