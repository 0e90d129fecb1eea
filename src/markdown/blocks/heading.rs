//! Headings: their style, their underline, and the outline's entries.

use pulldown_cmark::HeadingLevel;
use ratatui::text::Span;

use super::Renderer;
use crate::markdown::Heading;
use crate::markdown::wrap::{Piece, wrap};
use crate::sanitize;

impl Renderer<'_> {
    pub(super) fn start_heading(&mut self, level: HeadingLevel, id: Option<&str>) {
        self.flush();
        self.heading_id = id.map(str::to_string);
        let level = heading_level(level);
        self.heading = Some(level);
        self.inline.open(self.theme.headings[usize::from(level - 1)]);
    }

    pub(super) fn end_heading(&mut self) {
        let Some(level) = self.heading.take() else {
            return;
        };
        let text = self.inline.plain_text();
        let mut pieces = self.inline.take();
        self.inline.reset();
        self.owe_blank_line_now();
        let available = self.containers.available(self.width);
        if level >= 3 {
            let marks = format!("{} ", "#".repeat(usize::from(level)));
            pieces.insert(0, Piece { text: marks, style: self.theme.heading_mark, link: None });
        }
        let line = self.out.lines.len();
        let wrapped = wrap(&pieces, available);
        let underline = wrapped.iter().map(|l| l.width).max().unwrap_or(0).min(available);
        self.emit_wrapped(wrapped);
        if level <= 2 && underline > 0 {
            let rule = if level == 1 { "═" } else { "─" };
            let style = self.theme.heading_mark;
            self.emit_line(vec![Span::styled(rule.repeat(underline), style)], Vec::new());
        }
        if self.saved.is_none() {
            let text = text.trim().to_string();
            let anchor = self
                .heading_id
                .take()
                .map(|id| sanitize::line(&id).into_owned())
                .unwrap_or_else(|| crate::markdown::slug(&text));
            self.headings.push(Heading { level, text, line, anchor });
        }
        self.blank_owed = true;
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}
