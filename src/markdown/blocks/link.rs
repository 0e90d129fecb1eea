//! Links and images: their text styled, their targets numbered in the
//! notes.

use pulldown_cmark::LinkType;

use std::path::PathBuf;

use super::Renderer;

/// How a picture is shown.
#[derive(Debug)]
pub(super) enum Shown {
    /// Drawn from this file, over these columns and rows.
    Drawn(PathBuf, (u16, u16)),
    /// As its text, with why it is not drawn when that is worth saying.
    Text(Option<&'static str>),
}

impl Renderer<'_> {
    pub(super) fn start_link(&mut self, link_type: LinkType, dest_url: &str) {
        // An autolink shows its target already; an in-page anchor leads
        // nowhere a list could help with.
        let listed = !matches!(link_type, LinkType::Autolink | LinkType::Email)
            && !dest_url.starts_with('#');
        let number = self.notes.add_link(dest_url, false, listed);
        self.inline.open(self.theme.link);
        self.open_links.push(number);
        self.link_text.push(self.inline.pieces_len());
        self.inline.set_link(Some(number));
    }

    pub(super) fn start_image(&mut self, dest_url: &str) {
        let shown = self.picture_shown(dest_url);
        if let Shown::Drawn(path, cells) = &shown {
            // The text before it on lines of its own, then the rows the
            // picture is drawn over, then its text as a caption.
            self.flush();
            self.owe_blank_line_now();
            let line = self.out.lines.len();
            for _ in 0..cells.1 {
                self.emit_line(Vec::new(), Vec::new());
            }
            let column = self.out.lines[line].width() as u16;
            let slot = super::super::Slot {
                line,
                column,
                cells: *cells,
                path: path.clone(),
                text: String::new(),
            };
            self.slots.push(slot);
        }
        let drawn = matches!(shown, Shown::Drawn(..));
        self.picture_reasons.push(shown);
        let number = self.notes.add_link(dest_url, true, true);
        self.inline.open(self.theme.image);
        self.open_links.push(number);
        self.inline.set_link(Some(number));
        if !drawn {
            self.inline.text("[image: ");
        }
        self.link_text.push(self.inline.pieces_len());
        self.alt_start.push(self.inline.text_len());
    }

    /// How the picture `src` is shown: drawn, when pictures are drawn, it
    /// is a picture file of the site, and it is not in a place drawn
    /// aside (a table, a footnote, a heading, another picture's text);
    /// else as its text, with why it is not drawn when that is worth
    /// saying.
    fn picture_shown(&mut self, src: &str) -> Shown {
        use crate::post::picture::Picture;
        let Some(site) = &self.pictures else {
            return Shown::Text(None);
        };
        // Drawn aside (a table, a footnote, a heading, another picture's
        // text), a picture is its text.
        let aside = self.table.is_some()
            || self.saved.is_some()
            || self.heading.is_some()
            || !self.alt_start.is_empty();
        let found = site.find(src);
        if let Picture::Unavailable(reason) = found {
            return Shown::Text(Some(reason.words()));
        }
        let Some(frames) = self.frames.filter(|_| !aside) else {
            return Shown::Text(None);
        };
        let path = match found {
            Picture::File(path) => path,
            Picture::Remote(url) if frames.remote => {
                use crate::graphics::remote::{self, State};
                match remote::state(&url) {
                    State::Kept(path) => path,
                    State::Failed(failure) => return Shown::Text(Some(failure.words())),
                    State::Absent => {
                        if !self.fetching.contains(&url) {
                            self.fetching.push(url);
                        }
                        return Shown::Text(Some("fetching"));
                    }
                }
            }
            _ => return Shown::Text(None),
        };
        match crate::graphics::decode::size(&path) {
            Ok(pixels) => {
                let width = self.containers.available(self.width);
                Shown::Drawn(path, frames.cells(pixels, width))
            }
            Err(refusal) => Shown::Text(Some(refusal.words())),
        }
    }

    pub(super) fn end_link(&mut self) {
        self.inline.close();
        self.number_link();
    }

    pub(super) fn end_image(&mut self) {
        let empty = self.alt_start.pop() == Some(self.inline.text_len());
        let shown = self.picture_reasons.pop().unwrap_or(Shown::Text(None));
        if let Shown::Drawn(..) = shown {
            let text = self.link_text.last().map(|&mark| self.inline.text_from(mark));
            if let (Some(slot), Some(text)) = (self.slots.last_mut(), text) {
                slot.text = crate::sanitize::line(&text).into_owned();
            }
            self.inline.close();
            self.number_link();
            // The caption on its own lines, under the picture.
            self.flush();
            return;
        }
        if empty {
            self.inline.text("no description");
        }
        if let Shown::Text(Some(reason)) = shown {
            self.inline.text(&format!(" — {reason}"));
        }
        self.inline.text("]");
        self.inline.close();
        self.number_link();
    }

    /// The link just closed: its text kept for the notes, its number after it.
    fn number_link(&mut self) {
        let link = self.open_links.pop().unwrap_or_default();
        if let Some(mark) = self.link_text.pop() {
            let text = self.inline.text_from(mark);
            self.notes.set_text(link, text);
        }
        self.inline.set_link(self.open_links.last().copied());
        let number = self.notes.number(link);
        if number > 0 {
            self.inline.mark(&format!("[{number}]"), self.theme.reference_mark);
        }
    }
}
