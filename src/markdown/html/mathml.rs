//! MathML (`<math>`, inline or `display="block"`) as linear Unicode text,
//! as the TeX converter writes it: `<msup>` as small letters, `<mfrac>` as
//! `a/b`, `<msqrt>` as `√x`, `<mtable>` as aligned rows.
//!
//! Elements are turned into text as they close, from their children's
//! text: no recursion, one pass over the tokens.

use crate::markdown::math;

/// Elements open at most; deeper ones are read as a row.
const MAX_DEPTH: usize = 128;
/// Between the cells of a table row, until the table lays them out.
const CELL: char = '\u{1f}';

/// A `<math>` element being read.
#[derive(Debug, Default)]
pub(super) struct MathMl {
    /// Whether it is a display formula (`display="block"`).
    pub(super) display: bool,
    open: Vec<Node>,
    /// Elements past the depth allowed, still open.
    too_deep: usize,
}

#[derive(Debug)]
struct Node {
    name: String,
    parts: Vec<String>,
    /// `<mfenced>`'s open, close and separators.
    fence: Option<(String, String, String)>,
}

impl MathMl {
    pub(super) fn new(display: bool) -> MathMl {
        let root = Node { name: "math".into(), parts: Vec::new(), fence: None };
        MathMl { display, open: vec![root], too_deep: 0 }
    }

    pub(super) fn start(&mut self, name: &str, tag: &html5gum::StartTag<()>, self_closing: bool) {
        if self.open.len() >= MAX_DEPTH {
            self.too_deep += usize::from(!self_closing);
            return;
        }
        let attribute = |key: &str| super::attribute(tag, key);
        let fence = (name == "mfenced").then(|| {
            (
                attribute("open").unwrap_or_else(|| "(".into()),
                attribute("close").unwrap_or_else(|| ")".into()),
                attribute("separators").unwrap_or_else(|| ",".into()),
            )
        });
        self.open.push(Node { name: name.to_string(), parts: Vec::new(), fence });
        if self_closing {
            self.end(name);
        }
    }

    pub(super) fn text(&mut self, text: &str) {
        if let Some(node) = self.open.last_mut() {
            let text = text.trim();
            if !text.is_empty() {
                node.parts.push(text.to_string());
            }
        }
    }

    /// An end tag; whether it ends the `<math>` element.
    pub(super) fn end(&mut self, name: &str) -> bool {
        if self.too_deep > 0 {
            self.too_deep -= 1;
            return false;
        }
        if name == "math" {
            return true;
        }
        // Closes it and what it left open; an end tag nothing opened is nothing.
        let Some(at) = self.open.iter().rposition(|n| n.name == name).filter(|&at| at > 0) else {
            return false;
        };
        while self.open.len() > at {
            self.close_top();
        }
        false
    }

    fn close_top(&mut self) {
        if let Some(node) = self.open.pop() {
            let text = node.text(self.display);
            if let Some(parent) = self.open.last_mut() {
                parent.parts.push(text);
            }
        }
    }

    /// The whole formula's text.
    pub(super) fn finish(mut self) -> String {
        while self.open.len() > 1 {
            self.close_top();
        }
        let root = self.open.pop().map(|n| n.parts.concat()).unwrap_or_default();
        if root.contains('\n') {
            // A table's rows: their blanks line the columns up.
            let lines: Vec<&str> = root.lines().map(str::trim_end).collect();
            return lines.join("\n");
        }
        root.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

impl Node {
    fn part(&self, i: usize) -> &str {
        self.parts.get(i).map_or("", |p| p.trim())
    }

    fn text(self, display: bool) -> String {
        let all = || self.parts.concat();
        match self.name.as_str() {
            "mi" | "mn" | "mtext" | "ms" | "mtd" => all(),
            "mo" => {
                let op = all();
                match op.as_str() {
                    "," | ";" => format!("{op} "),
                    _ if is_spaced(&op) => format!(" {op} "),
                    _ => op,
                }
            }
            "msub" => format!("{}{}", self.part(0), math::script(self.part(1), false)),
            "msup" => format!("{}{}", self.part(0), math::script(self.part(1), true)),
            "msubsup" | "munderover" => format!(
                "{}{}{}",
                self.part(0),
                math::script(self.part(1), false),
                math::script(self.part(2), true)
            ),
            "munder" => format!("{}{}", self.part(0), math::script(self.part(1), false)),
            "mover" => over(self.part(0), self.part(1)),
            "mfrac" => format!("{}/{}", math::group(self.part(0)), math::group(self.part(1))),
            "msqrt" => format!("√{}", math::group(&all())),
            "mroot" => {
                format!("{}√{}", math::script(self.part(1), true), math::group(self.part(0)))
            }
            "mtr" | "mlabeledtr" => self.parts.join(&CELL.to_string()),
            "mtable" => {
                let rows: Vec<Vec<String>> = self
                    .parts
                    .iter()
                    .map(|row| row.split(CELL).map(|c| c.trim().to_string()).collect())
                    .collect();
                math::table(&rows, !display)
            }
            "mfenced" => {
                let (open, close, separators) = self.fence.clone().unwrap_or_default();
                let separator = separators.trim().chars().next().map(String::from);
                let separator = separator.map_or(String::new(), |s| format!("{s} "));
                format!("{open}{}{close}", self.parts.join(&separator))
            }
            "semantics" => self.part(0).to_string(),
            "annotation" | "annotation-xml" | "mphantom" | "none" | "mprescripts" => String::new(),
            "mspace" => " ".into(),
            _ => all(),
        }
    }
}

/// Operators written with a blank on either side.
fn is_spaced(op: &str) -> bool {
    matches!(
        op,
        "=" | "+"
            | "−"
            | "-"
            | "×"
            | "÷"
            | "<"
            | ">"
            | "≤"
            | "≥"
            | "≠"
            | "≈"
            | "≡"
            | "→"
            | "←"
            | "⇒"
            | "⇔"
            | "∈"
            | "∉"
            | "⊂"
            | "⊆"
            | "∪"
            | "∩"
            | "±"
            | "∼"
            | "≅"
            | "∝"
            | "·"
            | "⋅"
    )
}

/// `<mover>`: an accent over its base, or its upper limit.
fn over(base: &str, top: &str) -> String {
    let mark = match top {
        "^" | "ˆ" => Some('\u{302}'),
        "¯" | "‾" | "_" | "―" => Some('\u{305}'),
        "→" | "⃗" => Some('\u{20d7}'),
        "~" | "˜" => Some('\u{303}'),
        "˙" | "." => Some('\u{307}'),
        "¨" => Some('\u{308}'),
        _ => None,
    };
    match mark {
        Some(mark) if base.chars().count() == 1 => format!("{base}{mark}"),
        _ => format!("{base}{}", math::script(top, true)),
    }
}
