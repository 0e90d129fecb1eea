//! What is drawn over the panes: the pickers, the outline, the help and
//! the folder's problems.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::{framed, paint, put};
use crate::app::keymap::bindings;
use crate::app::picker::Picker;
use crate::app::{App, Overlay};
use crate::post::Severity;
use crate::sanitize;

/// Draws the overlay, if one is open.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    match &app.overlay {
        Overlay::Tags(picker) => draw_picker(app, "Tags", '#', picker, area, buf),
        Overlay::Authors(picker) => draw_picker(app, "Authors", '@', picker, area, buf),
        Overlay::Outline(row) => draw_outline(app, *row, area, buf),
        Overlay::Help(top) => draw_lines(app, " Keys ", help_lines(app), *top, area, buf),
        Overlay::Warnings(top) => {
            draw_lines(app, " Problems in this folder ", warning_lines(app), *top, area, buf)
        }
        Overlay::None | Overlay::Search(_) | Overlay::ArticleSearch(_) => {}
    }
}

/// A box `width` × `height` in the middle of `area` (smaller if it must be),
/// cleared, with a border and title; returns its inside.
fn popup(app: &App, title: &str, width: u16, height: u16, area: Rect, buf: &mut Buffer) -> Rect {
    let width = width.min(area.width.saturating_sub(2)).max(area.width.min(3));
    let height = height.min(area.height.saturating_sub(2)).max(area.height.min(3));
    let rect = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    Clear.render(rect, buf);
    let block = Block::bordered().border_style(app.theme.border_focused).title(title.to_string());
    framed(block, rect, buf)
}

fn draw_picker(app: &App, what: &str, sigil: char, picker: &Picker, area: Rect, buf: &mut Buffer) {
    let visible = picker.visible();
    let title = format!(" {what} · {} chosen ", picker.chosen.len());
    let inner = popup(app, &title, 50, visible.len() as u16 + 4, area, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let filter = Line::from(vec![
        Span::styled("filter: ", app.theme.meta),
        Span::raw(sanitize::line(&picker.filter.text).into_owned()),
        Span::raw("▏"),
    ]);
    put(buf, inner.x, inner.y, &filter, inner.width);
    let rows = usize::from(inner.height.saturating_sub(1));
    if visible.is_empty() {
        put(
            buf,
            inner.x,
            inner.y + 1,
            &Line::styled("nothing matches", app.theme.meta),
            inner.width,
        );
        return;
    }
    let top = picker.cursor.saturating_sub(rows.saturating_sub(1));
    for (row, &i) in visible.iter().enumerate().skip(top).take(rows) {
        let (name, count) = &picker.items[i];
        let chosen = picker.is_chosen(name);
        let line = Line::from(vec![
            Span::styled(
                if chosen { "☑ " } else { "☐ " },
                if chosen { app.theme.task_done } else { app.theme.meta },
            ),
            Span::styled(
                format!("{sigil}{}", sanitize::line(name)),
                if sigil == '#' { app.theme.tag } else { app.theme.author },
            ),
            Span::styled(format!("  {count}"), app.theme.meta),
        ]);
        let y = inner.y + 1 + (row - top) as u16;
        put(buf, inner.x, y, &line, inner.width);
        if row == picker.cursor {
            paint(buf, Rect::new(inner.x, y, inner.width, 1), app.theme.selection);
        }
    }
}

fn draw_outline(app: &App, cursor: usize, area: Rect, buf: &mut Buffer) {
    let Some((_, article)) = &app.article.shown else {
        return;
    };
    let inner = popup(app, " Outline ", 60, article.headings.len() as u16 + 2, area, buf);
    let rows = usize::from(inner.height);
    if rows == 0 {
        return;
    }
    let top = cursor.saturating_sub(rows - 1);
    for (row, heading) in article.headings.iter().enumerate().skip(top).take(rows) {
        let indent = "  ".repeat(usize::from(heading.level.saturating_sub(1)));
        let style = app.theme.headings[usize::from(heading.level.clamp(1, 6) - 1)];
        let line = Line::from(vec![Span::raw(indent), Span::styled(heading.text.clone(), style)]);
        let y = inner.y + (row - top) as u16;
        put(buf, inner.x, y, &line, inner.width);
        if row == cursor {
            paint(buf, Rect::new(inner.x, y, inner.width, 1), app.theme.selection);
        }
    }
}

fn draw_lines(
    app: &App,
    title: &str,
    lines: Vec<Line<'static>>,
    top: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    // Long lines wrap, with a hanging indent, rather than being cut.
    let width = usize::from(76.min(area.width.saturating_sub(2)).saturating_sub(2));
    let lines: Vec<Line<'static>> =
        lines.into_iter().flat_map(|line| wrapped(line, width)).collect();
    let inner = popup(app, title, 76, lines.len() as u16 + 2, area, buf);
    let rows = usize::from(inner.height);
    let top = top.min(lines.len().saturating_sub(rows));
    for (row, line) in lines.iter().skip(top).take(rows).enumerate() {
        put(buf, inner.x, inner.y + row as u16, line, inner.width);
    }
}

/// `line` wrapped to `width`, continuation lines indented by two.
fn wrapped(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    use crate::markdown::wrap::{Piece, wrap};
    if line.width() <= width || width < 8 {
        return vec![line];
    }
    let pieces: Vec<Piece> = line
        .spans
        .iter()
        .map(|s| Piece { text: s.content.to_string(), style: s.style, link: None })
        .collect();
    // Wrapping drops blanks at the start of a line: put the indent back.
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let indent = text.len() - text.trim_start_matches(' ').len();
    let mut out: Vec<Line<'static>> = Vec::new();
    for (i, part) in wrap(&pieces, width.saturating_sub(indent + 2).max(4)).into_iter().enumerate()
    {
        let lead = if i == 0 { indent } else { indent + 2 };
        let mut spans = vec![Span::raw(" ".repeat(lead))];
        spans.extend(part.spans);
        out.push(Line::from(spans));
    }
    out
}

/// The key table, then the keys of the search line and the pickers.
fn help_lines(app: &App) -> Vec<Line<'static>> {
    let key = |label: &str| Span::styled(format!("{label:>12}  "), app.theme.strong);
    let mut lines: Vec<Line<'static>> = bindings()
        .into_iter()
        .filter(|b| !b.label.is_empty())
        .map(|b| Line::from(vec![key(b.label), Span::raw(b.help)]))
        .collect();
    lines.push(Line::default());
    lines.push(Line::styled("  While typing a search or in a picker:", app.theme.section));
    for (label, help) in [
        ("Enter", "keep the search, apply the picker, jump to the heading"),
        ("Esc", "cancel"),
        ("Ctrl-w", "delete a word"),
        ("↑ ↓ Ctrl-p/n", "move"),
        ("Space", "toggle a tag or author (pickers)"),
    ] {
        lines.push(Line::from(vec![key(label), Span::raw(help)]));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        "  Mouse: the wheel scrolls the pane under it; a click selects.",
        app.theme.meta,
    ));
    lines
}

fn warning_lines(app: &App) -> Vec<Line<'static>> {
    if app.warnings.is_empty() {
        return vec![Line::styled("No problems.", app.theme.meta)];
    }
    app.warnings
        .iter()
        .map(|w| {
            let (label, style) = match w.severity {
                Severity::Skipped => ("skipped", app.theme.warning),
                Severity::FrontMatter => ("front matter", app.theme.warning),
                Severity::Note => ("note", app.theme.meta),
            };
            Line::from(vec![
                Span::styled(sanitize::path(&w.path), app.theme.strong),
                Span::raw(": "),
                Span::styled(label, style),
                Span::raw(": "),
                Span::raw(w.message.clone()),
            ])
        })
        .collect()
}
