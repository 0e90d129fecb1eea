//! Inline content: text with emphasis, strong, strikethrough, code and
//! links, gathered into styled pieces until its block ends.

use ratatui::style::Style;

use super::wrap::Piece;
use crate::sanitize;

/// The styled text of one block (a paragraph, a heading, a table cell).
#[derive(Clone, Debug, Default)]
pub struct Inline {
    pieces: Vec<Piece>,
    /// Styles opened by `Start` events and not yet closed, innermost last.
    styles: Vec<Style>,
    /// The link being written, if any.
    link: Option<usize>,
    /// The bytes of text in `pieces`, kept as they are added: asking for it
    /// at every image of a paragraph must not cost the paragraph's length.
    len: usize,
}

impl Inline {
    /// Whether nothing has been written.
    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// The pieces written so far, leaving the builder empty (open styles stay).
    pub fn take(&mut self) -> Vec<Piece> {
        self.len = 0;
        std::mem::take(&mut self.pieces)
    }

    /// The length in bytes of the text written so far.
    pub fn text_len(&self) -> usize {
        self.len
    }

    /// How many pieces were written: a mark to take the text from.
    pub fn pieces_len(&self) -> usize {
        self.pieces.len()
    }

    /// The plain text of the pieces from `mark` on (a link's text).
    pub fn text_from(&self, mark: usize) -> String {
        let pieces = self.pieces.get(mark..).unwrap_or_default();
        let text: String = pieces
            .iter()
            .map(|p| if p.text == Piece::BREAK { " " } else { p.text.as_str() })
            .collect();
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The plain text written so far.
    pub fn plain_text(&self) -> String {
        self.pieces.iter().filter(|p| p.text != Piece::BREAK).map(|p| p.text.as_str()).collect()
    }

    /// Opens a style (emphasis, strong...), patched over the current one.
    pub fn open(&mut self, style: Style) {
        let current = self.current();
        self.styles.push(current.patch(style));
    }

    /// Closes the innermost style.
    pub fn close(&mut self) {
        self.styles.pop();
    }

    /// Starts or ends a link's text.
    pub fn set_link(&mut self, link: Option<usize>) {
        self.link = link;
    }

    /// The style text gets now.
    pub fn current(&self) -> Style {
        self.styles.last().copied().unwrap_or_default()
    }

    /// Adds untrusted text in the current style (sanitized here).
    pub fn text(&mut self, text: &str) {
        self.styled(text, self.current());
    }

    /// Adds untrusted text in `style`, patched over the current style.
    pub fn styled(&mut self, text: &str, style: Style) {
        let clean = sanitize::line(text);
        if clean.is_empty() {
            return;
        }
        let style = self.current().patch(style);
        self.len += clean.len();
        match self.pieces.last_mut() {
            Some(last)
                if last.style == style && last.link == self.link && last.text != Piece::BREAK =>
            {
                last.text.push_str(&clean);
            }
            _ => self.pieces.push(Piece { text: clean.into_owned(), style, link: self.link }),
        }
    }

    /// Adds text that is not part of the link being written (markers).
    pub fn mark(&mut self, text: &str, style: Style) {
        let link = self.link.take();
        self.len += text.len();
        self.pieces.push(Piece { text: text.to_string(), style, link: None });
        self.link = link;
    }

    /// A soft line break: a space.
    pub fn soft_break(&mut self) {
        self.text(" ");
    }

    /// A hard line break.
    pub fn hard_break(&mut self) {
        self.len += Piece::BREAK.len();
        self.pieces.push(Piece { text: Piece::BREAK.to_string(), style: Style::new(), link: None });
    }

    /// Forgets open styles and links (at the end of a block).
    pub fn reset(&mut self) {
        self.len = 0;
        self.pieces.clear();
        self.styles.clear();
        self.link = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier};

    #[test]
    fn nested_styles_combine() {
        let mut inline = Inline::default();
        inline.open(Style::new().add_modifier(Modifier::BOLD));
        inline.open(Style::new().fg(Color::Red));
        inline.text("both");
        inline.close();
        inline.text(" bold");
        let pieces = inline.take();
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[0].style, Style::new().add_modifier(Modifier::BOLD).fg(Color::Red));
        assert_eq!(pieces[1].style, Style::new().add_modifier(Modifier::BOLD));
    }

    #[test]
    fn text_is_sanitized() {
        let mut inline = Inline::default();
        inline.text("a\x1b[31mb\u{202e}c\u{9b}");
        assert_eq!(inline.plain_text(), "a␛[31mbc\u{fffd}");
    }

    #[test]
    fn the_length_follows_every_change() {
        let mut inline = Inline::default();
        inline.text("abc");
        inline.mark("[1]", Style::new());
        inline.hard_break();
        inline.text("é");
        let expected: usize = inline.pieces.iter().map(|p| p.text.len()).sum();
        assert_eq!(inline.text_len(), expected);
        inline.take();
        assert_eq!(inline.text_len(), 0);
    }

    #[test]
    fn same_style_merges() {
        let mut inline = Inline::default();
        inline.text("a");
        inline.soft_break();
        inline.text("b");
        assert_eq!(inline.take().len(), 1);
    }
}
