//! Math laid out over several lines: a formula's rows (`\\` in `aligned`),
//! and blocks taller than a line (matrices) set beside the text around
//! them, on its line.

use crate::text::width;

/// A formula being written: finished rows, and the current one, which may
/// be several lines tall (a matrix in it) with the text on its `base`.
#[derive(Debug, Default)]
pub(super) struct Out {
    done: Vec<String>,
    lines: Vec<String>,
    base: usize,
}

impl Out {
    /// Text on the current row; a newline starts a new row. Blanks are
    /// collapsed to one, none at the start of a row.
    pub(super) fn push_str(&mut self, text: &str) {
        for (i, piece) in text.split('\n').enumerate() {
            if i > 0 {
                self.new_row();
            }
            for c in piece.chars() {
                self.push(c);
            }
        }
    }

    pub(super) fn push(&mut self, c: char) {
        if self.lines.is_empty() {
            self.lines.push(String::new());
        }
        let line = &mut self.lines[self.base];
        if c.is_whitespace() {
            if !line.is_empty() && !line.ends_with(' ') {
                line.push(' ');
            }
        } else {
            line.push(c);
        }
    }

    /// Whether the current row ends in a letter or a digit.
    pub(super) fn ends_in_word(&self) -> bool {
        self.lines.get(self.base).and_then(|l| l.chars().last()).is_some_and(char::is_alphanumeric)
    }

    /// Ends the current row.
    pub(super) fn new_row(&mut self) {
        let lines = std::mem::take(&mut self.lines);
        self.base = 0;
        let lines: Vec<String> = lines.into_iter().map(|l| l.trim_end().to_string()).collect();
        if lines.iter().any(|l| !l.is_empty()) {
            self.done.extend(lines);
        }
    }

    /// A block of lines set beside what the row holds, its `base` line on
    /// the row's.
    pub(super) fn push_block(&mut self, block: Block) {
        if block.lines.is_empty() {
            return;
        }
        if self.lines.is_empty() {
            self.lines.push(String::new());
        }
        let base = self.base.max(block.base);
        let above = base - self.base;
        self.lines.splice(0..0, std::iter::repeat_n(String::new(), above));
        self.base = base;
        let block_top = base - block.base;
        let height = self.lines.len().max(block_top + block.lines.len());
        self.lines.resize(height, String::new());
        let left = self.lines.iter().map(|l| width(l)).max().unwrap_or(0);
        for (i, line) in self.lines.iter_mut().enumerate() {
            pad(line, left);
            if let Some(text) = i.checked_sub(block_top).and_then(|at| block.lines.get(at)) {
                line.push_str(text);
            }
        }
    }

    /// Everything written, as a block (its rows one under the other).
    pub(super) fn finish(mut self) -> Block {
        if self.done.is_empty() {
            // One row: it keeps its base, to be set beside text.
            let base = self.base;
            let lines = self.lines.into_iter().map(|l| l.trim_end().to_string()).collect();
            return Block { lines, base };
        }
        self.new_row();
        Block { base: 0, lines: self.done }
    }
}

/// Lines of math, one of them the base line text beside it sits on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Block {
    pub(super) lines: Vec<String>,
    pub(super) base: usize,
}

impl Block {
    /// The block on one line: its lines joined with `; `.
    pub(super) fn flat(&self) -> String {
        let lines: Vec<&str> =
            self.lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
        lines.join("; ")
    }

    /// Its lines joined by newlines, blank ones left out.
    pub(super) fn text(&self) -> String {
        let lines: Vec<&str> =
            self.lines.iter().map(|l| l.trim_end()).filter(|l| !l.trim().is_empty()).collect();
        lines.join("\n")
    }
}

fn pad(line: &mut String, to: usize) {
    let have = width(line);
    line.extend(std::iter::repeat_n(' ', to.saturating_sub(have)));
}

/// How a column's cells line up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Align {
    Left,
    Center,
    Right,
}

/// The brackets around a grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fence {
    None,
    Paren,
    Bracket,
    Brace,
    Bar,
    DoubleBar,
    /// A brace on the left only (`cases`).
    Cases,
}

/// A grid of cells: columns aligned, `gap` between them, fenced.
pub(super) fn grid(
    rows: &[Vec<String>],
    align: &dyn Fn(usize) -> Align,
    gap: &str,
    fence: Fence,
) -> Block {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; columns];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(width(cell));
        }
    }
    let mut lines = Vec::with_capacity(rows.len());
    for row in rows {
        let mut line = String::new();
        for (i, &column) in widths.iter().enumerate() {
            if i > 0 {
                line.push_str(gap);
            }
            let cell = row.get(i).map_or("", String::as_str);
            let room = column - width(cell);
            let before = match align(i) {
                Align::Left => 0,
                Align::Center => room / 2,
                Align::Right => room,
            };
            line.extend(std::iter::repeat_n(' ', before));
            line.push_str(cell);
            line.extend(std::iter::repeat_n(' ', room - before));
        }
        lines.push(line);
    }
    fenced(lines, fence)
}

fn fenced(lines: Vec<String>, fence: Fence) -> Block {
    let height = lines.len();
    let base = height.saturating_sub(1) / 2;
    if fence == Fence::None || height == 0 {
        let lines = lines.into_iter().map(|l| l.trim_end().to_string()).collect();
        return Block { lines, base };
    }
    let lines = lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let (left, right) = fence_at(fence, i, height);
            if right == ' ' {
                format!("{left} {line}").trim_end().to_string()
            } else {
                format!("{left} {line} {right}")
            }
        })
        .collect();
    Block { lines, base }
}

/// The fence's characters on line `i` of `height`: tall brackets drawn
/// with Unicode's bracket pieces.
fn fence_at(fence: Fence, i: usize, height: usize) -> (char, char) {
    let one = height == 1;
    let (top, middle, bottom) = (i == 0, i == (height - 1) / 2, i == height - 1);
    let piece = |single: char, t: char, m: char, b: char| {
        if one {
            single
        } else if top {
            t
        } else if bottom {
            b
        } else {
            m
        }
    };
    let brace = |single: char, t: char, mid: char, ext: char, b: char| {
        if one {
            single
        } else if top {
            t
        } else if bottom {
            b
        } else if middle && height > 2 {
            mid
        } else {
            ext
        }
    };
    match fence {
        Fence::None => (' ', ' '),
        Fence::Paren => (piece('(', '⎛', '⎜', '⎝'), piece(')', '⎞', '⎟', '⎠')),
        Fence::Bracket => (piece('[', '⎡', '⎢', '⎣'), piece(']', '⎤', '⎥', '⎦')),
        Fence::Brace => (brace('{', '⎧', '⎨', '⎪', '⎩'), brace('}', '⎫', '⎬', '⎪', '⎭')),
        Fence::Cases => (brace('{', '⎧', '⎨', '⎪', '⎩'), ' '),
        Fence::Bar => (piece('|', '│', '│', '│'), piece('|', '│', '│', '│')),
        Fence::DoubleBar => ('‖', '‖'),
    }
}

/// The fence's characters on one line (`(1 2; 3 4)` inline).
pub(super) fn flat_fence(fence: Fence) -> (&'static str, &'static str) {
    match fence {
        Fence::None => ("", ""),
        Fence::Paren => ("(", ")"),
        Fence::Bracket => ("[", "]"),
        Fence::Brace => ("{", "}"),
        Fence::Cases => ("{ ", ""),
        Fence::Bar => ("|", "|"),
        Fence::DoubleBar => ("‖", "‖"),
    }
}
