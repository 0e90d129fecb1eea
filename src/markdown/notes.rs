//! What is gathered under the article: footnote definitions, in the order
//! of their numbers, then the numbered list of link and image targets.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::Link;
use super::inline::Inline;
use super::wrap::wrap;
use crate::sanitize;
use crate::theme::Theme;

/// A link's place on a line: `(link number, line, first column, end column)`.
pub type LinkSpot = (usize, usize, usize, usize);

/// Footnotes and links met while rendering.
#[derive(Debug, Default)]
pub struct Notes {
    links: Vec<Link>,
    /// Footnote labels and their numbers, from 1 in order of first sight.
    labels: std::collections::HashMap<String, usize>,
    /// Drawn definitions: number, lines, link spots within those lines.
    definitions: Vec<(usize, Vec<Line<'static>>, Vec<LinkSpot>)>,
    current: Option<usize>,
}

impl Notes {
    /// Numbers a new link or image; returns its number.
    pub fn add_link(&mut self, target: &str, image: bool) -> usize {
        let number = self.links.len() + 1;
        let target = sanitize::line(target).into_owned();
        self.links.push(Link { number, target, image, line: None, columns: (0, 0) });
        number
    }

    /// The number of a footnote label, given on first sight.
    pub fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.labels.len() + 1;
        *self.labels.entry(label.to_string()).or_insert(next)
    }

    /// A footnote definition starts; its lines come to [`Notes::end_footnote`].
    pub fn begin_footnote(&mut self, number: usize) {
        self.current = Some(number);
    }

    /// A footnote definition's drawn lines.
    pub fn end_footnote(&mut self, lines: Vec<Line<'static>>, links: Vec<LinkSpot>) {
        if let Some(number) = self.current.take() {
            self.definitions.push((number, lines, links));
        }
    }

    /// The article's lines with the notes appended, and every link with the
    /// place where it was drawn.
    pub fn append(
        mut self,
        mut lines: Vec<Line<'static>>,
        mut spots: Vec<LinkSpot>,
        width: usize,
        theme: &Theme,
    ) -> (Vec<Line<'static>>, Vec<Link>) {
        if !self.definitions.is_empty() {
            section(&mut lines, "Footnotes", width, theme);
            self.definitions.sort_by_key(|(number, _, _)| *number);
            for (_, drawn, drawn_spots) in std::mem::take(&mut self.definitions) {
                let offset = lines.len();
                spots.extend(
                    drawn_spots.into_iter().map(|(n, line, from, to)| (n, line + offset, from, to)),
                );
                lines.extend(drawn);
            }
        }
        if !self.links.is_empty() {
            section(&mut lines, "Links", width, theme);
            for link in &self.links {
                let mut inline = Inline::default();
                inline.mark(&format!("[{}] ", link.number), theme.reference_mark);
                inline.styled(&link.target, theme.link_target);
                if link.image {
                    inline.styled(" (image)", theme.meta);
                }
                let pieces = inline.take();
                lines.extend(wrap(&pieces, width).into_iter().map(|l| Line::from(l.spans)));
            }
        }
        for (number, line, from, to) in spots {
            if let Some(link) = self.links.get_mut(number.wrapping_sub(1))
                && link.line.is_none()
            {
                link.line = Some(line);
                link.columns = (from, to);
            }
        }
        (lines, self.links)
    }
}

/// A blank line, then a titled rule: `── Footnotes ─────`.
fn section(lines: &mut Vec<Line<'static>>, title: &str, width: usize, theme: &Theme) {
    if !lines.is_empty() {
        lines.push(Line::default());
    }
    let head = format!("── {title} ");
    let rest = width.saturating_sub(crate::text::width(&head));
    let mut spans =
        vec![Span::styled(crate::text::truncate(&head, width).into_owned(), theme.section)];
    if rest > 0 {
        spans.push(Span::styled("─".repeat(rest), theme.rule));
    }
    lines.push(Line::from(spans).style(Style::new()));
}
