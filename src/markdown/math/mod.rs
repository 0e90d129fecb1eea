//! TeX math as MathJax shows it, in Unicode text: commands become their
//! symbols (Greek, operators, arrows, `\mathbb{R}` → ℝ, through the
//! `unicodeit` tables), operator names (`\log`, `\max`) upright words,
//! sub- and superscripts Unicode's small letters where every character
//! has one, `\frac{a}{b}` `a/b`, `\sqrt{x}` `√x`, `\text{…}` its text,
//! `\boldsymbol{\mu}` a bold 𝝁; matrices and `cases` are grids with tall
//! brackets, `aligned` rows line up at `&`. Size, style and colour
//! switches go. What cannot be converted is kept as written.
//!
//! Every character is read once (each group at most once more, as raw
//! text), and nesting is cut at a fixed depth: time is linear in the
//! formula's length, however strange.

mod layout;
mod letters;
#[cfg(test)]
mod tests;

use layout::{Align, Block, Fence, Out, flat_fence, grid};
pub use letters::small;
use letters::{Bold, bold, scripted, symbol, unicodeit};

/// The Unicode form of a display formula; its rows (and a matrix's lines)
/// separated by newlines.
pub fn to_unicode(latex: &str) -> String {
    convert(latex, false).text()
}

/// The Unicode form of a formula inside a sentence: one line (`; `
/// between rows, a matrix as `[1 2; 3 4]`).
pub fn to_unicode_inline(latex: &str) -> String {
    convert(latex, true).flat()
}

/// Marks math already in Unicode (from MathML): shown as it is.
pub const READY: char = '\u{E000}';

/// A sub- or superscript, as the converter writes one.
pub(crate) fn script(text: &str, superscript: bool) -> String {
    scripted(text, superscript)
}

/// `text` as one operand: in parentheses unless it is one already.
pub(crate) fn group(text: &str) -> String {
    bracketed(text)
}

/// Rows of cells as a grid (centred columns), or on one line.
pub(crate) fn table(rows: &[Vec<String>], flat: bool) -> String {
    if flat {
        let rows: Vec<String> = rows.iter().map(|r| r.join(" ")).collect();
        return rows.join("; ");
    }
    grid(rows, &|_| Align::Center, "  ", Fence::None).text()
}

fn convert(latex: &str, flat: bool) -> Block {
    let chars: Vec<char> = latex.chars().collect();
    let mut parser = Parser { chars: &chars, at: 0, depth: 0, flat };
    parser.sequence(Until::End).0.finish()
}

/// Beyond this depth of groups and arguments, the rest is kept as written.
const MAX_DEPTH: usize = 64;
/// Longer command names are nobody's: kept as written without a lookup.
const MAX_NAME: usize = 32;

/// Names written as upright words (`\log x` → `log x`).
const OPERATORS: &[&str] = &[
    "log", "ln", "lg", "exp", "max", "min", "arg", "argmax", "argmin", "det", "sin", "cos", "tan",
    "cot", "sec", "csc", "sinh", "cosh", "tanh", "coth", "arcsin", "arccos", "arctan", "lim",
    "liminf", "limsup", "sup", "inf", "Pr", "dim", "ker", "deg", "gcd", "lcm", "hom", "mod",
    "bmod", "sgn", "tr", "Tr", "rank", "diag", "var", "Var", "Cov", "erf",
];

/// Switches of size, style and spacing that show nothing in a terminal.
const DROPPED: &[&str] = &[
    "left",
    "right",
    "middle",
    "big",
    "Big",
    "bigg",
    "Bigg",
    "bigl",
    "bigr",
    "Bigl",
    "Bigr",
    "biggl",
    "biggr",
    "Biggl",
    "Biggr",
    "bigm",
    "Bigm",
    "biggm",
    "Biggm",
    "displaystyle",
    "textstyle",
    "scriptstyle",
    "scriptscriptstyle",
    "limits",
    "nolimits",
    "displaylimits",
    "nonumber",
    "notag",
    "small",
    "large",
    "Large",
    "LARGE",
    "normalsize",
    "tiny",
    "footnotesize",
    "scriptsize",
    "huge",
    "Huge",
    "hline",
    "rm",
    "bf",
    "it",
    "cal",
    "boldmath",
    "allowbreak",
    "!",
];

/// Where a sequence stops.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Until {
    /// The end of the text.
    End,
    /// A closing brace.
    Brace,
    /// The end of a cell of an environment: `&`, `\\` or `\end{…}`.
    Cell,
}

/// What ended a sequence.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Stop {
    Eof,
    Brace,
    Amp,
    Row,
    EndEnvironment,
}

/// What a command stands for.
enum Piece {
    Text(String),
    /// A word set apart by spaces from letters on either side.
    Word(String),
    Block(Block),
    Row,
}

struct Parser<'c> {
    chars: &'c [char],
    at: usize,
    /// Groups and arguments open.
    depth: usize,
    /// On one line: matrices flat, rows joined.
    flat: bool,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn starts_with(&self, text: &str) -> bool {
        let mut want = text.chars();
        self.chars[self.at..].iter().take(text.len()).all(|c| want.next() == Some(*c))
            && want.next().is_none()
    }

    fn skip_blanks(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    /// The rest of the text as written (past the depth allowed).
    fn rest(&mut self) -> String {
        let rest = self.chars[self.at..].iter().collect();
        self.at = self.chars.len();
        rest
    }

    /// Reads until `until`, and says what ended it.
    fn sequence(&mut self, until: Until) -> (Out, Stop) {
        let mut out = Out::default();
        while let Some(c) = self.peek() {
            if until == Until::Cell {
                if c == '&' {
                    self.at += 1;
                    return (out, Stop::Amp);
                }
                if self.starts_with("\\\\") {
                    self.at += 2;
                    self.optional();
                    return (out, Stop::Row);
                }
                if self.starts_with("\\end") {
                    self.at += 4;
                    self.raw_group();
                    return (out, Stop::EndEnvironment);
                }
            }
            self.at += 1;
            match c {
                '}' if until == Until::Brace => return (out, Stop::Brace),
                '\\' => self.place(&mut out),
                '{' => {
                    let group = self.group_body();
                    out.push_block(group);
                }
                '^' | '_' => {
                    let script = self.argument();
                    out.push_str(&scripted(&script, c == '^'));
                }
                '&' | '~' => out.push(' '),
                '\'' => out.push('′'),
                // `$` inside `\text{…}` written into a formula; stray braces.
                '$' | '}' => {}
                c => out.push(c),
            }
        }
        (out, Stop::Eof)
    }

    /// A command read (its backslash was), put in `out`.
    fn place(&mut self, out: &mut Out) {
        match self.command() {
            Piece::Text(text) => out.push_str(&text),
            Piece::Word(word) => {
                if out.ends_in_word() {
                    out.push(' ');
                }
                out.push_str(&word);
                // A space before what follows, unless it is punctuation or
                // a delimiter (`\log(x)`, `\exp\left(x\right)`).
                let delimiter = ["\\left", "\\big", "\\Big", "\\bigg", "\\Bigg", "\\{"]
                    .iter()
                    .any(|d| self.starts_with(d));
                if !delimiter && self.peek().is_some_and(|c| c.is_alphanumeric() || c == '\\') {
                    out.push(' ');
                }
            }
            Piece::Block(block) => out.push_block(block),
            Piece::Row => out.new_row(),
        }
    }

    /// The inside of a `{…}` group whose brace was read.
    fn group_body(&mut self) -> Block {
        if self.depth >= MAX_DEPTH {
            return Block { lines: vec![self.rest()], base: 0 };
        }
        self.depth += 1;
        let (out, _) = self.sequence(Until::Brace);
        self.depth -= 1;
        out.finish()
    }

    /// One argument: a group, a command, or a single character; on one
    /// line.
    fn argument(&mut self) -> String {
        self.skip_blanks();
        match self.peek() {
            Some('{') => {
                self.at += 1;
                self.group_body().flat()
            }
            Some('\\') if self.depth >= MAX_DEPTH => self.rest(),
            Some('\\') => {
                self.at += 1;
                self.depth += 1;
                let mut out = Out::default();
                self.place(&mut out);
                self.depth -= 1;
                out.finish().flat()
            }
            Some(c) => {
                self.at += 1;
                c.to_string()
            }
            None => String::new(),
        }
    }

    /// The raw text of a `{…}` group (or of one argument), as written.
    fn raw_group(&mut self) -> String {
        self.skip_blanks();
        if self.peek() != Some('{') {
            return self.argument();
        }
        let start = self.at + 1;
        let mut depth = 0;
        while let Some(c) = self.peek() {
            self.at += 1;
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        return self.chars[start..self.at - 1].iter().collect();
                    }
                }
                _ => {}
            }
        }
        self.chars[start..].iter().collect()
    }

    /// An optional `[…]` argument, as written.
    fn optional(&mut self) -> Option<String> {
        let save = self.at;
        self.skip_blanks();
        if self.peek() != Some('[') {
            self.at = save;
            return None;
        }
        let start = self.at + 1;
        while let Some(c) = self.peek() {
            self.at += 1;
            if c == ']' {
                return Some(self.chars[start..self.at - 1].iter().collect());
            }
        }
        Some(self.chars[start..].iter().collect())
    }

    /// The Unicode form of a group's text (`\text`-like arguments hold
    /// text, with `\,` and `\_` in it).
    fn text_argument(&mut self) -> String {
        let raw = self.raw_group();
        let mut text = String::with_capacity(raw.len());
        let mut chars = raw.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some(',' | ';' | ':' | ' ' | '!') => text.push(' '),
                    Some(other) if !other.is_ascii_alphabetic() => text.push(other),
                    Some(other) => {
                        // A command inside text: its name, converted if it can be.
                        let mut name = other.to_string();
                        while let Some(&c) = chars.peek().filter(|c| c.is_ascii_alphabetic()) {
                            name.push(c);
                            chars.next();
                        }
                        text.push_str(&symbol(&name).unwrap_or(name));
                    }
                    None => {}
                },
                '{' | '}' | '$' => {}
                '~' => text.push(' '),
                c => text.push(c),
            }
        }
        text
    }

    fn command(&mut self) -> Piece {
        let Some(first) = self.peek() else { return Piece::Text("\\".into()) };
        if !first.is_ascii_alphabetic() {
            self.at += 1;
            return Piece::Text(match first {
                '\\' => {
                    self.optional();
                    return Piece::Row;
                }
                ',' | ';' | ':' | ' ' | '>' => " ".into(),
                '!' => String::new(),
                '|' => "‖".into(),
                '{' | '}' | '%' | '$' | '#' | '&' | '_' => first.to_string(),
                other => format!("\\{other}"),
            });
        }
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.at += 1;
        }
        let name: String = self.chars[start..self.at].iter().collect();
        // `\operatorname*`, `\begin{align*}`: the star is part of the name.
        if self.peek() == Some('*') && name == "operatorname" {
            self.at += 1;
        }
        self.named(&name)
    }

    fn named(&mut self, name: &str) -> Piece {
        if DROPPED.contains(&name) {
            return Piece::Text(String::new());
        }
        if OPERATORS.contains(&name) {
            let word = if name == "bmod" { "mod" } else { name };
            return Piece::Word(word.to_string());
        }
        let text = match name {
            "quad" | "qquad" | "enspace" | "thinspace" | "medspace" | "thickspace" => " ".into(),
            "hspace" | "vspace" | "label" | "phantom" | "hphantom" | "vphantom" => {
                self.raw_group();
                " ".into()
            }
            "text" | "textrm" | "textit" | "textbf" | "texttt" | "textsf" | "textnormal"
            | "mbox" | "hbox" | "mathrm" | "mathop" | "textup" | "emph" => self.text_argument(),
            "operatorname" => return Piece::Word(self.text_argument()),
            "color" => {
                self.raw_group();
                String::new()
            }
            "textcolor" | "colorbox" => {
                self.raw_group();
                self.argument()
            }
            "tag" => format!("  ({})", self.text_argument()),
            "pmod" => format!(" (mod {})", self.argument()),
            "Vert" | "lVert" | "rVert" => "‖".into(),
            "vert" | "lvert" | "rvert" | "mid" => "|".into(),
            "prime" => "′".into(),
            "not" => {
                let negated = self.argument();
                format!("{negated}\u{338}")
            }
            "begin" => return self.environment(),
            "end" => {
                self.raw_group();
                return Piece::Row;
            }
            _ => return self.structure(name),
        };
        Piece::Text(text)
    }

    /// Commands that build on their arguments: fractions, roots, fonts,
    /// accents, braces and arrows with labels.
    fn structure(&mut self, name: &str) -> Piece {
        let text = match name {
            "frac" | "dfrac" | "tfrac" | "cfrac" => {
                let numerator = self.argument();
                let denominator = self.argument();
                let fraction = format!("{}/{}", bracketed(&numerator), bracketed(&denominator));
                return Piece::Word(fraction);
            }
            "binom" | "dbinom" | "tbinom" => {
                let (n, k) = (self.argument(), self.argument());
                if self.flat {
                    format!("C({n}, {k})")
                } else {
                    let rows = [vec![n], vec![k]];
                    return Piece::Block(grid(&rows, &|_| Align::Center, "", Fence::Paren));
                }
            }
            "sqrt" => {
                let root = self.optional().unwrap_or_default();
                let radicand = self.argument();
                let sign = match root.trim() {
                    "" => "√".to_string(),
                    "3" => "∛".to_string(),
                    "4" => "∜".to_string(),
                    other => format!("{}√", scripted(other, true)),
                };
                format!("{sign}{}", bracketed(&radicand))
            }
            "mathbf" => bold(&self.argument(), Bold::Upright),
            "boldsymbol" | "bm" | "pmb" => bold(&self.argument(), Bold::Italic),
            "mathbb" | "mathcal" | "mathfrak" | "mathit" | "mathsf" | "mathtt" | "mathscr" => {
                let body = self.raw_group();
                unicodeit(&format!("\\{name}{{{body}}}"))
                    .unwrap_or_else(|| to_unicode_inline(&body))
            }
            "hat" | "widehat" | "bar" | "overline" | "vec" | "dot" | "ddot" | "tilde"
            | "widetilde" | "underline" | "check" | "breve" | "acute" | "grave" | "mathring" => {
                let body = self.argument();
                accented(&body, accent_mark(name))
            }
            "underbrace" | "overbrace" => {
                let body = self.argument();
                let under = name == "underbrace";
                let mark = if under { '_' } else { '^' };
                self.skip_blanks();
                let label = if self.peek() == Some(mark) {
                    self.at += 1;
                    scripted(&self.argument(), !under)
                } else {
                    String::new()
                };
                format!("{body}{}{label}", if under { '⏟' } else { '⏞' })
            }
            "overset" | "stackrel" | "underset" => {
                let over = self.argument();
                let base = self.argument();
                format!("{base}{}", scripted(&over, name != "underset"))
            }
            "xrightarrow" | "xleftarrow" | "xRightarrow" | "xLeftarrow" => {
                let below = self.optional().map(|b| to_unicode_inline(&b)).unwrap_or_default();
                let above = self.argument();
                let labels = [above, below];
                let label: Vec<&str> =
                    labels.iter().map(String::as_str).filter(|l| !l.is_empty()).collect();
                let label = label.join("/");
                match name {
                    "xrightarrow" => format!("─{label}→"),
                    "xRightarrow" => format!("═{label}⇒"),
                    "xleftarrow" => format!("←{label}─"),
                    _ => format!("⇐{label}═"),
                }
            }
            "substack" => {
                let body = self.raw_group();
                to_unicode_inline(&body).replace("; ", ", ")
            }
            _ => return Piece::Text(self.unknown(name)),
        };
        Piece::Text(text)
    }

    /// A symbol, or a command kept as written with its argument.
    fn unknown(&mut self, name: &str) -> String {
        if name.len() <= MAX_NAME
            && let Some(symbol) = symbol(name)
        {
            return symbol;
        }
        if self.peek() == Some('{') {
            format!("\\{name}{{{}}}", self.raw_group())
        } else {
            format!("\\{name}")
        }
    }

    /// `\begin{…}` read: the environment up to its `\end`, as a grid of
    /// cells when it is one.
    fn environment(&mut self) -> Piece {
        let name = self.raw_group();
        let name = name.trim().trim_end_matches('*');
        let spec = if matches!(name, "array" | "tabular" | "alignat") {
            self.raw_group()
        } else {
            String::new()
        };
        let (fence, gap) = match name {
            "matrix" | "smallmatrix" | "array" | "tabular" => (Fence::None, "  "),
            "pmatrix" => (Fence::Paren, "  "),
            "bmatrix" => (Fence::Bracket, "  "),
            "Bmatrix" => (Fence::Brace, "  "),
            "vmatrix" => (Fence::Bar, "  "),
            "Vmatrix" => (Fence::DoubleBar, "  "),
            "cases" | "dcases" => (Fence::Cases, "  "),
            _ => (Fence::None, " "),
        };
        let rows = self.cells();
        let columns: Vec<Align> = spec
            .chars()
            .filter_map(|c| match c {
                'l' => Some(Align::Left),
                'c' => Some(Align::Center),
                'r' => Some(Align::Right),
                _ => None,
            })
            .collect();
        let align = move |i: usize| match name {
            "cases" | "dcases" => Align::Left,
            "array" | "tabular" => columns.get(i).copied().unwrap_or(Align::Center),
            "eqnarray" => [Align::Right, Align::Center, Align::Left][i.min(2)],
            "aligned" | "align" | "alignat" | "alignedat" | "split" | "flalign" => {
                if i.is_multiple_of(2) { Align::Right } else { Align::Left }
            }
            _ => Align::Center,
        };
        if self.flat {
            let rows: Vec<String> = rows.iter().map(|r| r.join(" ").trim().to_string()).collect();
            let (open, close) = flat_fence(fence);
            return Piece::Text(format!("{open}{}{close}", rows.join("; ")));
        }
        Piece::Block(grid(&rows, &align, gap, fence))
    }

    /// The cells of an environment, row by row, up to its `\end`.
    fn cells(&mut self) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        let mut row = Vec::new();
        if self.depth >= MAX_DEPTH {
            return vec![vec![self.rest()]];
        }
        self.depth += 1;
        loop {
            let (cell, stop) = self.sequence(Until::Cell);
            row.push(cell.finish().flat());
            match stop {
                Stop::Amp => {}
                Stop::Row => rows.push(std::mem::take(&mut row)),
                Stop::Eof | Stop::Brace | Stop::EndEnvironment => {
                    rows.push(row);
                    break;
                }
            }
        }
        self.depth -= 1;
        // A `\\` after the last row leaves an empty one.
        while rows.last().is_some_and(|r| r.iter().all(String::is_empty)) {
            rows.pop();
        }
        rows
    }
}

fn accent_mark(name: &str) -> char {
    match name {
        "hat" | "widehat" => '\u{302}',
        "bar" | "overline" => '\u{305}',
        "underline" => '\u{332}',
        "vec" => '\u{20d7}',
        "dot" => '\u{307}',
        "ddot" => '\u{308}',
        "check" => '\u{30c}',
        "breve" => '\u{306}',
        "acute" => '\u{301}',
        "grave" => '\u{300}',
        "mathring" => '\u{30a}',
        _ => '\u{303}',
    }
}

/// `body` with the combining `mark` over each of its letters (a bar over
/// several letters is one line).
fn accented(body: &str, mark: char) -> String {
    let mut out = String::with_capacity(body.len() * 2);
    for c in body.chars() {
        out.push(c);
        if !c.is_whitespace() {
            out.push(mark);
        }
    }
    out
}

/// `text` in parentheses unless it is one symbol, a plain word, or
/// already one parenthesised group.
fn bracketed(text: &str) -> String {
    let simple =
        text.chars().count() <= 1 || text.chars().all(char::is_alphanumeric) || one_group(text);
    if simple { text.to_string() } else { format!("({text})") }
}

/// Whether `text` is `(…)` with its first parenthesis closed by its last.
fn one_group(text: &str) -> bool {
    if !(text.starts_with('(') && text.ends_with(')')) {
        return false;
    }
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i == text.len() - 1;
                }
            }
            _ => {}
        }
    }
    false
}
