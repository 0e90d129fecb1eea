//! Links and images: their text styled, their targets numbered in the
//! notes.

use pulldown_cmark::LinkType;

use super::Renderer;

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
        let reason = self.pictures.as_ref().and_then(|site| match site.find(dest_url) {
            crate::post::picture::Picture::Unavailable(reason) => Some(reason.words()),
            _ => None,
        });
        self.picture_reasons.push(reason);
        let number = self.notes.add_link(dest_url, true, true);
        self.inline.open(self.theme.image);
        self.open_links.push(number);
        self.inline.set_link(Some(number));
        self.inline.text("[image: ");
        self.link_text.push(self.inline.pieces_len());
        self.alt_start.push(self.inline.text_len());
    }

    pub(super) fn end_link(&mut self) {
        self.inline.close();
        self.number_link();
    }

    pub(super) fn end_image(&mut self) {
        if self.alt_start.pop() == Some(self.inline.text_len()) {
            self.inline.text("no description");
        }
        if let Some(reason) = self.picture_reasons.pop().flatten() {
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
