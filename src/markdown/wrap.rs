//! Word wrapping of styled text by display width.
//!
//! Lines break at spaces and around CJK characters (those scripts do not
//! put spaces between words); a word wider than the line is cut between
//! graphemes, never inside one. Widths are those of `unicode-width` on
//! whole graphemes, as ratatui measures them, so a wrapped line never
//! overflows when drawn. Plain ASCII takes a fast path, one byte a column.

use ratatui::style::Style;
use ratatui::text::Span;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// A run of text with one style. The text is already sanitized and holds
/// no line break; a [`Piece::BREAK`] piece stands for a hard break.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    /// The text.
    pub text: String,
    /// Its style.
    pub style: Style,
    /// The link (its number) this text belongs to, if any.
    pub link: Option<usize>,
}

impl Piece {
    /// The text of a hard line break.
    pub const BREAK: &'static str = "\n";
}

/// One wrapped line: its spans, its width, and where links fall on it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WrappedLine {
    /// The styled text.
    pub spans: Vec<Span<'static>>,
    /// Columns used.
    pub width: usize,
    /// `(link number, first column, end column)` for each link on the line.
    pub links: Vec<(usize, usize, usize)>,
}

/// A stretch of one piece: `(piece index, start byte, end byte, width)`.
type Stretch = (usize, usize, usize, usize);

/// Wraps `pieces` to lines of at most `width` columns (at least 1).
pub fn wrap(pieces: &[Piece], width: usize) -> Vec<WrappedLine> {
    let mut wrapper = Wrapper {
        pieces,
        width: width.max(1),
        lines: Vec::new(),
        line: WrappedLine::default(),
        word: Vec::new(),
        word_width: 0,
        space: Vec::new(),
        space_width: 0,
    };
    for (index, piece) in pieces.iter().enumerate() {
        if piece.text == Piece::BREAK {
            wrapper.end_word();
            wrapper.new_line();
            continue;
        }
        wrapper.add_piece(index, &piece.text);
    }
    wrapper.end_word();
    if !wrapper.line.spans.is_empty() || wrapper.lines.is_empty() {
        wrapper.lines.push(wrapper.line);
    }
    wrapper.lines
}

struct Wrapper<'a> {
    pieces: &'a [Piece],
    width: usize,
    lines: Vec<WrappedLine>,
    line: WrappedLine,
    word: Vec<Stretch>,
    word_width: usize,
    space: Vec<Stretch>,
    space_width: usize,
}

impl Wrapper<'_> {
    fn add_piece(&mut self, index: usize, text: &str) {
        if text.is_ascii() {
            // One byte, one column: no grapheme segmentation needed.
            let bytes = text.as_bytes();
            let mut start = 0;
            while start < bytes.len() {
                let space = bytes[start] == b' ';
                let end = bytes[start..]
                    .iter()
                    .position(|&b| (b == b' ') != space)
                    .map_or(bytes.len(), |n| start + n);
                if space {
                    self.end_word();
                    push_stretch(&mut self.space, (index, start, end, end - start));
                    self.space_width += end - start;
                } else {
                    push_stretch(&mut self.word, (index, start, end, end - start));
                    self.word_width += end - start;
                }
                start = end;
            }
            return;
        }
        for (start, grapheme) in text.grapheme_indices(true) {
            let end = start + grapheme.len();
            if grapheme == " " {
                self.end_word();
                push_stretch(&mut self.space, (index, start, end, 1));
                self.space_width += 1;
                continue;
            }
            let width = grapheme.width();
            if breaks_around(grapheme) {
                self.end_word();
                push_stretch(&mut self.word, (index, start, end, width));
                self.word_width += width;
                self.end_word();
            } else {
                push_stretch(&mut self.word, (index, start, end, width));
                self.word_width += width;
            }
        }
    }

    /// Places the word being built, on this line or the next.
    fn end_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let word = std::mem::take(&mut self.word);
        let word_width = std::mem::take(&mut self.word_width);
        let space = std::mem::take(&mut self.space);
        let space_width = std::mem::take(&mut self.space_width);
        if self.line.width > 0 && self.line.width + space_width + word_width <= self.width {
            for stretch in space {
                self.append(stretch);
            }
        } else if self.line.width > 0 {
            self.new_line();
        }
        if word_width <= self.width - self.line.width {
            for stretch in word {
                self.append(stretch);
            }
            return;
        }
        // Too wide for any line: cut it between graphemes.
        for (index, start, end, _) in word {
            let text = &self.pieces[index].text[start..end];
            for (offset, grapheme) in text.grapheme_indices(true) {
                let w = if grapheme.is_ascii() { grapheme.len() } else { grapheme.width() };
                if self.line.width > 0 && self.line.width + w > self.width {
                    self.new_line();
                }
                let at = start + offset;
                self.append((index, at, at + grapheme.len(), w));
            }
        }
    }

    fn new_line(&mut self) {
        self.lines.push(std::mem::take(&mut self.line));
        self.space.clear();
        self.space_width = 0;
    }

    /// Adds a stretch to the current line, merging it into the last span
    /// when the style is the same.
    fn append(&mut self, (index, start, end, width): Stretch) {
        let piece = &self.pieces[index];
        let text = &piece.text[start..end];
        match self.line.spans.last_mut() {
            Some(last) if last.style == piece.style => last.content.to_mut().push_str(text),
            _ => self.line.spans.push(Span::styled(text.to_string(), piece.style)),
        }
        if let Some(link) = piece.link {
            let from = self.line.width;
            match self.line.links.last_mut() {
                Some((n, _, until)) if *n == link && *until == from => *until = from + width,
                _ => self.line.links.push((link, from, from + width)),
            }
        }
        self.line.width += width;
    }
}

fn push_stretch(stretches: &mut Vec<Stretch>, stretch: Stretch) {
    match stretches.last_mut() {
        Some(last) if last.0 == stretch.0 && last.2 == stretch.1 => {
            last.2 = stretch.2;
            last.3 += stretch.3;
        }
        _ => stretches.push(stretch),
    }
}

/// Whether a line may break before and after this grapheme: ideographs,
/// kana, Hangul and fullwidth forms.
fn breaks_around(grapheme: &str) -> bool {
    let Some(c) = grapheme.chars().next() else {
        return false;
    };
    matches!(c,
        '\u{2e80}'..='\u{303e}' | '\u{3041}'..='\u{33ff}' | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}' | '\u{a960}'..='\u{a97f}' | '\u{ac00}'..='\u{d7ff}'
        | '\u{f900}'..='\u{faff}' | '\u{fe30}'..='\u{fe4f}' | '\u{ff00}'..='\u{ffef}'
        | '\u{20000}'..='\u{3fffd}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Modifier;

    fn piece(text: &str) -> Piece {
        Piece { text: text.into(), style: Style::new(), link: None }
    }

    fn texts(lines: &[WrappedLine]) -> Vec<String> {
        lines.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    #[test]
    fn wraps_at_spaces() {
        let lines = wrap(&[piece("the quick brown fox jumps")], 10);
        assert_eq!(texts(&lines), ["the quick", "brown fox", "jumps"]);
        assert!(lines.iter().all(|l| l.width <= 10));
    }

    #[test]
    fn spaces_at_a_break_are_dropped() {
        assert_eq!(texts(&wrap(&[piece("aaaa    bbbb")], 6)), ["aaaa", "bbbb"]);
    }

    #[test]
    fn long_words_are_cut() {
        let lines = wrap(&[piece("ab https://example.com/long/path x")], 8);
        assert_eq!(texts(&lines), ["ab", "https://", "example.", "com/long", "/path x"]);
    }

    #[test]
    fn cjk_breaks_between_characters_and_counts_double() {
        let lines = wrap(&[piece("日本語のテキストです")], 7);
        assert_eq!(texts(&lines), ["日本語", "のテキ", "ストで", "す"]);
        assert!(lines.iter().all(|l| l.width <= 7
            && l.width == UnicodeWidthStr::width(texts(std::slice::from_ref(l))[0].as_str())));
    }

    #[test]
    fn graphemes_are_never_split() {
        let family = "👨\u{200d}👩\u{200d}👧";
        let text = format!("{family}{family}{family}");
        let lines = wrap(&[piece(&text)], 3);
        assert_eq!(texts(&lines), [family, family, family]);
        let accents = "e\u{301}".repeat(5);
        let lines = wrap(&[piece(&accents)], 2);
        assert!(texts(&lines).iter().all(|l| l.starts_with('e')));
    }

    #[test]
    fn styles_are_kept_across_pieces() {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let pieces = [
            piece("plain "),
            Piece { text: "bold words".into(), style: bold, link: None },
            piece(" end"),
        ];
        let lines = wrap(&pieces, 11);
        assert_eq!(texts(&lines), ["plain bold", "words end"]);
        assert_eq!(lines[0].spans[1].style, bold);
        assert_eq!(lines[1].spans[0].style, bold);
        assert_eq!(lines[1].spans[0].content, "words");
    }

    #[test]
    fn hard_breaks_end_lines() {
        assert_eq!(
            texts(&wrap(&[piece("one"), piece(Piece::BREAK), piece("two")], 20)),
            ["one", "two"]
        );
    }

    #[test]
    fn link_columns_are_recorded() {
        let pieces =
            [piece("see "), Piece { text: "the docs".into(), style: Style::new(), link: Some(1) }];
        let lines = wrap(&pieces, 40);
        assert_eq!(lines[0].links, [(1, 4, 12)]);
    }

    #[test]
    fn width_zero_still_makes_progress() {
        let lines = wrap(&[piece("abc")], 0);
        assert_eq!(texts(&lines), ["a", "b", "c"]);
    }

    #[test]
    fn empty_input_is_one_empty_line() {
        assert_eq!(wrap(&[], 10).len(), 1);
    }
}
