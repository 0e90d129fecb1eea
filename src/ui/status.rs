//! The status line: the search being typed, or the filters as chips, the
//! sort, key hints and the number of the folder's problems.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use super::put;
use crate::app::{App, Focus, Overlay};
use crate::query::Sort;
use crate::sanitize;
use crate::text::width;

/// Draws the status line in `area`.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let mut right = right_side(app, true);
    if right.width() as u16 > area.width / 2 {
        // Too narrow for the hints: keep what only the status line shows.
        right = right_side(app, false);
    }
    let right_width = right.width() as u16;
    let left = match &app.overlay {
        Overlay::Search(input) => Line::from(vec![
            Span::styled("/", theme.chip),
            Span::raw(" "),
            Span::raw(sanitize::line(&input.text).into_owned()),
        ]),
        Overlay::ArticleSearch(input) => Line::from(vec![
            Span::styled("find", theme.chip),
            Span::raw(" "),
            Span::raw(sanitize::line(&input.text).into_owned()),
        ]),
        _ => match (&app.hint, &app.notice) {
            (Some(hint), _) => Line::styled(sanitize::line(hint).into_owned(), theme.meta),
            (None, Some(notice)) => {
                Line::styled(sanitize::line(notice).into_owned(), theme.warning)
            }
            (None, None) => chips(app),
        },
    };
    let left_width = area.width.saturating_sub(right_width + 1);
    put(buf, area.x, area.y, &left, left_width);
    if right_width < area.width {
        put(buf, area.x + area.width - right_width, area.y, &right, right_width);
    }
}

/// Where the cursor goes while typing.
pub fn cursor(app: &App, area: Rect) -> Option<Position> {
    let (prefix, text) = match &app.overlay {
        Overlay::Search(input) => (2, &input.text),
        Overlay::ArticleSearch(input) => (5, &input.text),
        _ => return None,
    };
    let (w, h) = (area.width, area.height);
    if w == 0 || h == 0 {
        return None;
    }
    let x = (prefix + width(&sanitize::line(text))).min(usize::from(w) - 1) as u16;
    Some(Position::new(x, h - 1))
}

/// The filters in force, then the sort.
fn chips(app: &App) -> Line<'static> {
    let theme = &app.theme;
    let mut spans = Vec::new();
    let mut chip = |text: String| {
        spans.push(Span::styled(format!(" {} ", sanitize::line(&text)), theme.chip));
        spans.push(Span::raw(" "));
    };
    for tag in &app.query.tags {
        chip(format!("#{tag}"));
    }
    for tag in &app.query.not_tags {
        chip(format!("-#{tag}"));
    }
    for author in &app.query.authors {
        chip(format!("@{author}"));
    }
    if let Some(since) = app.query.since {
        chip(format!("since {since}"));
    }
    if let Some(until) = app.query.until {
        chip(format!("until {until}"));
    }
    if !app.query.text.trim().is_empty() {
        chip(format!("\"{}\"", app.query.text.trim()));
    }
    let searching = !app.query.text.trim().is_empty();
    let sort = match (app.query.sort, app.query.reverse) {
        (Sort::Score, false) if searching => "by score",
        (Sort::Score, true) if searching => "by score, worst first",
        (Sort::Score | Sort::Date, false) => "newest first",
        (Sort::Score | Sort::Date, true) => "oldest first",
        (Sort::Title, false) => "A–Z",
        (Sort::Title, true) => "Z–A",
    };
    spans.push(Span::styled(format!("↕ {sort}"), theme.meta));
    Line::from(spans)
}

/// Key hints (when `hints`) and the problems count.
fn right_side(app: &App, hints: bool) -> Line<'static> {
    let theme = &app.theme;
    let hint = match app.overlay {
        Overlay::Search(_) => "Enter keep · Esc cancel · #tag @author",
        Overlay::ArticleSearch(_) => "Enter keep · Esc cancel",
        Overlay::Tags(_) | Overlay::Authors(_) => "Space toggle · Enter apply · Esc cancel",
        Overlay::Outline(_) => "type to narrow · Enter jump · Esc close",
        Overlay::Warnings(_) => "Enter open the post · Esc close",
        Overlay::Help(_) => "Esc close",
        Overlay::None if app.focus == Focus::Article => {
            "n/N match · [ ] post · o outline · ? help · q quit"
        }
        Overlay::None => "/ search · t tags · a authors · s sort · ? help · q quit",
    };
    let hint = if hints { hint } else { "? help" };
    let mut spans = vec![Span::styled(hint.to_string(), theme.hint)];
    if !app.warnings.is_empty() {
        let count = app.warnings.len();
        spans.push(Span::styled(format!("  ⚠ {count} (w)"), theme.warning));
    }
    if !app.mouse {
        spans.push(Span::styled("  mouse off (m)", theme.warning));
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}
