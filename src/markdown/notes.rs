//! What is gathered under the article: footnote definitions, in the order
//! of their numbers, then the numbered list of link and image targets.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::Link;
use crate::sanitize;
use crate::theme::Theme;

/// A link's place on a line: `(link, line, first column, end column)`,
/// the link being its position in [`super::Article::links`].
pub type LinkSpot = (usize, usize, usize, usize);

/// Footnotes and links met while rendering.
#[derive(Debug, Default)]
pub struct Notes {
    links: Vec<Link>,
    /// Listed links by target and kind: one number per distinct target.
    listed: std::collections::HashMap<(String, bool), usize>,
    /// The numbers given so far.
    numbers: usize,
    /// Footnote labels and their numbers, from 1 in order of first sight.
    labels: std::collections::HashMap<String, usize>,
    /// Drawn definitions: number, lines, link spots within those lines.
    definitions: Vec<(usize, Vec<Line<'static>>, Vec<LinkSpot>)>,
    current: Option<usize>,
}

impl Notes {
    /// Takes in a link or image and returns its position in the links.
    /// A `listed` one is numbered, the same target keeping one number; one
    /// that is not (an autolink, whose text is its target, or an in-page
    /// `#anchor`) gets number 0 and is not listed under the article.
    /// Gives the link at `at` its text, unless it has one already.
    pub fn set_text(&mut self, at: usize, text: String) {
        if let Some(link) = self.links.get_mut(at)
            && link.text.is_empty()
        {
            // An image's text is drawn `[image: alt]`: the alt is its text.
            link.text =
                if link.image { text.trim_end_matches(']').trim().to_string() } else { text };
        }
    }

    /// Adds a link (or finds the one to the same target); returns its
    /// position.
    pub fn add_link(&mut self, target: &str, image: bool, listed: bool) -> usize {
        let target = sanitize::line(target).into_owned();
        if listed && let Some(&at) = self.listed.get(&(target.clone(), image)) {
            return at;
        }
        let number = if listed {
            self.numbers += 1;
            self.numbers
        } else {
            0
        };
        let at = self.links.len();
        if listed {
            self.listed.insert((target.clone(), image), at);
        }
        self.links.push(Link {
            number,
            target,
            text: String::new(),
            image,
            line: None,
            columns: (0, 0),
        });
        at
    }

    /// The number shown after a link's text (0: none).
    pub fn number(&self, link: usize) -> usize {
        self.links.get(link).map_or(0, |l| l.number)
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
    ) -> (Vec<Line<'static>>, Vec<Link>, Vec<LinkSpot>) {
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
        if self.numbers > 0 {
            section(&mut lines, "Links", width, theme);
            for (at, link) in self.links.iter().enumerate().filter(|(_, l)| l.number > 0) {
                // A target is never broken: terminals could not find it
                // again. It has its line, however long.
                let mark = format!("[{}] ", link.number);
                let from = crate::text::width(&mark);
                let to = from + crate::text::width(&link.target);
                spots.push((at, lines.len(), from, to));
                let mut spans = vec![
                    Span::styled(mark, theme.reference_mark),
                    Span::styled(link.target.clone(), theme.link_target),
                ];
                if link.image {
                    spans.push(Span::styled(" (image)", theme.meta));
                }
                lines.push(Line::from(spans));
            }
        }
        for &(at, line, from, to) in &spots {
            if let Some(link) = self.links.get_mut(at)
                && link.line.is_none()
            {
                link.line = Some(line);
                link.columns = (from, to);
            }
        }
        (lines, self.links, spots)
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
