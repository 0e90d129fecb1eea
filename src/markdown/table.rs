//! Tables: columns sized to fit the width, cells wrapped inside them with
//! their inline styles, alignment honoured. Too narrow for columns, a
//! table is drawn as one "header: value" line per cell instead.

use pulldown_cmark::Alignment;
use ratatui::text::Span;

use super::wrap::{Piece, WrappedLine, wrap};
use crate::theme::Theme;

/// A table being gathered, then drawn.
#[derive(Clone, Debug, Default)]
pub struct Table {
    alignments: Vec<Alignment>,
    /// Rows of cells; `true` marks the header row.
    rows: Vec<(Vec<Vec<Piece>>, bool)>,
    current: Vec<Vec<Piece>>,
}

/// Columns a cell loses to its frame: `│ ` before it, one space after.
const FRAME: usize = 3;

impl Table {
    /// A table with these column alignments.
    pub fn new(alignments: Vec<Alignment>) -> Self {
        Table { alignments, ..Table::default() }
    }

    /// Adds a cell to the current row.
    pub fn add_cell(&mut self, pieces: Vec<Piece>) {
        self.current.push(pieces);
    }

    /// Ends the current row.
    pub fn end_row(&mut self, header: bool) {
        let row = std::mem::take(&mut self.current);
        // A header with nothing in it (a table without one) is not drawn.
        if header && row.iter().flatten().all(|piece| piece.text.trim().is_empty()) {
            return;
        }
        self.rows.push((row, header));
    }

    fn columns(&self) -> usize {
        self.rows.iter().map(|(r, _)| r.len()).max().unwrap_or(0).max(self.alignments.len())
    }

    /// The table's lines, each at most `width` columns.
    pub fn render(mut self, width: usize, theme: &Theme) -> Vec<Vec<Span<'static>>> {
        let columns = self.columns();
        if columns == 0 {
            return Vec::new();
        }
        for (row, header) in &mut self.rows {
            row.resize(columns, Vec::new());
            if *header {
                for cell in row.iter_mut() {
                    for piece in cell.iter_mut() {
                        piece.style = theme.table_header.patch(piece.style);
                    }
                }
            }
        }
        let frame = 1 + FRAME * columns;
        let room = width.saturating_sub(frame);
        if room < columns * 3 {
            return self.stacked(width, theme);
        }
        let widths = self.column_widths(room);
        self.framed(&widths, theme)
    }

    /// Shares `room` columns: natural widths when they fit, else each
    /// column keeps a minimum and the rest goes where text is longest.
    fn column_widths(&self, room: usize) -> Vec<usize> {
        let columns = self.columns();
        let mut natural = vec![1usize; columns];
        let mut longest_word = vec![1usize; columns];
        for (row, _) in &self.rows {
            for (c, cell) in row.iter().enumerate() {
                let text: String = cell
                    .iter()
                    .map(|p| if p.text == Piece::BREAK { " " } else { &p.text })
                    .collect();
                natural[c] = natural[c].max(crate::text::width(&text));
                let word = text.split_whitespace().map(crate::text::width).max().unwrap_or(1);
                longest_word[c] = longest_word[c].max(word);
            }
        }
        if natural.iter().sum::<usize>() <= room {
            return natural;
        }
        // Words and code spans up to this wide are never split while
        // another column can wrap instead: an identifier cut in two
        // (`mips64el-unknown-linux-musl` / `abi64`) reads as two.
        const WHOLE_WORD: usize = 24;
        let whole: Vec<usize> =
            (0..columns).map(|c| natural[c].min(longest_word[c].min(WHOLE_WORD)).max(3)).collect();
        let fair = (room / columns).max(3);
        let mut widths: Vec<usize> = if whole.iter().sum::<usize>() <= room {
            whole
        } else {
            (0..columns).map(|c| natural[c].min(longest_word[c].min(12)).clamp(3, fair)).collect()
        };
        let mut spare = room.saturating_sub(widths.iter().sum());
        // Then longer words whole, shortest first, while a column keeps half
        // the room at most: what is left goes to the wrapping text.
        let mut by_length: Vec<usize> = (0..columns).collect();
        by_length.sort_by_key(|&c| longest_word[c]);
        for c in by_length {
            let word = longest_word[c].min(natural[c]).min(room / 2);
            if word > widths[c] && word - widths[c] <= spare {
                spare -= word - widths[c];
                widths[c] = word;
            }
        }
        let wants: Vec<usize> =
            (0..columns).map(|c| natural[c] - widths[c].min(natural[c])).collect();
        let total_want: usize = wants.iter().sum();
        if total_want > 0 {
            let shares: Vec<usize> = wants.iter().map(|w| spare * w / total_want).collect();
            for (c, share) in shares.into_iter().enumerate() {
                widths[c] += share;
                spare -= share;
            }
            // Hand out what rounding left, one column at a time.
            for c in (0..columns).cycle().take(columns * 2) {
                if spare == 0 {
                    break;
                }
                if widths[c] < natural[c] {
                    widths[c] += 1;
                    spare -= 1;
                }
            }
        }
        widths
    }

    fn framed(&self, widths: &[usize], theme: &Theme) -> Vec<Vec<Span<'static>>> {
        let border = theme.table_border;
        let rule = |left: &str, middle: &str, right: &str| {
            let inner: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
            vec![Span::styled(format!("{left}{}{right}", inner.join(middle)), border)]
        };
        let mut lines = vec![rule("┌", "┬", "┐")];
        for (r, (row, header)) in self.rows.iter().enumerate() {
            let cells: Vec<Vec<WrappedLine>> =
                row.iter().zip(widths).map(|(cell, w)| wrap(cell, *w)).collect();
            let height = cells.iter().map(Vec::len).max().unwrap_or(1);
            for i in 0..height {
                let mut spans = vec![Span::styled("│", border)];
                for (c, cell) in cells.iter().enumerate() {
                    spans.push(Span::raw(" "));
                    let line = cell.get(i).cloned().unwrap_or_default();
                    let pad = widths[c].saturating_sub(line.width);
                    let (before, after) = match self.alignments.get(c) {
                        Some(Alignment::Right) => (pad, 0),
                        Some(Alignment::Center) => (pad / 2, pad - pad / 2),
                        _ => (0, pad),
                    };
                    if before > 0 {
                        spans.push(Span::raw(" ".repeat(before)));
                    }
                    spans.extend(line.spans);
                    spans.push(Span::raw(" ".repeat(after + 1)));
                    spans.push(Span::styled("│", border));
                }
                lines.push(spans);
            }
            let last = r + 1 == self.rows.len();
            if *header && !last {
                lines.push(rule("├", "┼", "┤"));
            }
        }
        lines.push(rule("└", "┴", "┘"));
        lines
    }

    /// One "header: value" block per row, for screens too narrow for columns.
    fn stacked(&self, width: usize, theme: &Theme) -> Vec<Vec<Span<'static>>> {
        let headers: Vec<String> = self
            .rows
            .iter()
            .find(|(_, header)| *header)
            .map(|(row, _)| {
                row.iter().map(|cell| cell.iter().map(|p| p.text.as_str()).collect()).collect()
            })
            .unwrap_or_default();
        let mut lines = Vec::new();
        for (row, header) in &self.rows {
            if *header {
                continue;
            }
            if !lines.is_empty() {
                lines.push(vec![Span::styled("─".repeat(width.min(8)), theme.table_border)]);
            }
            for (c, cell) in row.iter().enumerate() {
                let mut pieces = Vec::new();
                if let Some(name) = headers.get(c).filter(|h| !h.is_empty()) {
                    pieces.push(Piece {
                        text: format!("{name}: "),
                        style: theme.table_header,
                        link: None,
                    });
                }
                pieces.extend(cell.iter().cloned());
                lines.extend(wrap(&pieces, width).into_iter().map(|l| l.spans));
            }
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn identifiers_stay_whole_while_prose_wraps() {
        let markdown = "| Target | Notes |\n|---|---|\n| `aarch64-unknown-linux-musl` | A long note about this target that can wrap over several lines without trouble. |\n| wasm32-wasip1-threads | Short. |\n";
        let article = crate::markdown::render(markdown, 60, &crate::theme::Theme::plain());
        let text: String = article.lines.iter().map(|l| l.to_string() + "\n").collect();
        assert!(text.contains("aarch64-unknown-linux-musl"), "{text}");
        assert!(text.contains("wasm32-wasip1-threads"), "{text}");
        assert!(article.lines.iter().all(|l| l.width() <= 60));
    }

    use super::*;
    use ratatui::style::Style;
    use unicode_width::UnicodeWidthStr;

    fn cell(text: &str) -> Vec<Piece> {
        vec![Piece { text: text.into(), style: Style::new(), link: None }]
    }

    fn table(rows: &[&[&str]], alignments: Vec<Alignment>) -> Table {
        let mut table = Table::new(alignments);
        for (i, row) in rows.iter().enumerate() {
            for text in row.iter() {
                table.add_cell(cell(text));
            }
            table.end_row(i == 0);
        }
        table
    }

    fn text(lines: &[Vec<Span<'static>>]) -> Vec<String> {
        lines.iter().map(|l| l.iter().map(|s| s.content.as_ref()).collect::<String>()).collect()
    }

    #[test]
    fn natural_widths_and_alignment() {
        let t = table(
            &[&["Left", "Mid", "Right"], &["a", "b", "c"]],
            vec![Alignment::Left, Alignment::Center, Alignment::Right],
        );
        assert_eq!(
            text(&t.render(80, &Theme::plain())),
            [
                "┌──────┬─────┬───────┐",
                "│ Left │ Mid │ Right │",
                "├──────┼─────┼───────┤",
                "│ a    │  b  │     c │",
                "└──────┴─────┴───────┘",
            ]
        );
    }

    #[test]
    fn cells_wrap_to_fit_and_never_overflow() {
        let long = "a rather long cell that must wrap over several lines";
        let t = table(&[&["Name", "Notes"], &["x", long]], vec![Alignment::None, Alignment::None]);
        for width in [20, 25, 40] {
            let lines = t.clone().render(width, &Theme::plain());
            for line in text(&lines) {
                assert!(line.width() <= width, "{width}: {line:?}");
            }
            let all = text(&lines).join(" ");
            for word in long.split(' ') {
                assert!(all.contains(word), "{word} lost at {width}");
            }
        }
    }

    #[test]
    fn too_narrow_stacks_the_cells() {
        let t = table(&[&["Key", "Value"], &["q", "quit"]], vec![Alignment::None, Alignment::None]);
        assert_eq!(text(&t.render(9, &Theme::plain())), ["Key: q", "Value:", "quit"]);
    }

    #[test]
    fn ragged_rows_are_padded() {
        let t = table(&[&["A", "B"], &["only one"]], vec![Alignment::None, Alignment::None]);
        let lines = text(&t.render(40, &Theme::plain()));
        assert_eq!(lines[3], "│ only one │   │");
    }
}
