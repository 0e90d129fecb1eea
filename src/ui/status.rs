//! The status line: the search being typed, or the filters as chips, the
//! sort, key hints and the number of the folder's problems.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use super::put;
use crate::app::keymap::Mode;
use crate::app::{App, Command, Focus, Overlay};
use crate::query::Sort;
use crate::sanitize;
use crate::text::width;

/// Draws the status line in `area`.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let mut right = right_side(app, true);
    if right.width() as u16 > area.width * 3 / 5 {
        // Too narrow for the hints: keep what only the status line shows.
        right = right_side(app, false);
    }
    // A message says something now: the hints give it room.
    if (app.status.hint.is_some() || app.status.notice.is_some())
        && matches!(app.overlay, Overlay::None)
    {
        right = right_side(app, false);
    }
    let right_width = right.width() as u16;
    let left = match &app.overlay {
        Overlay::Search(input) => {
            let mut spans = vec![
                Span::styled("/", theme.chip),
                Span::raw(" "),
                Span::raw(sanitize::line(&input.text).into_owned()),
            ];
            // A tag being typed: the tags it matches.
            let last = input.text.rsplit(char::is_whitespace).next().unwrap_or("");
            if let Some(prefix) = last.strip_prefix("-#").or_else(|| last.strip_prefix('#')) {
                spans.push(Span::styled(format!("  → {}", tags_matching(app, prefix)), theme.meta));
            }
            // What of the line could not be read.
            if let Some(hint) = &app.status.hint {
                spans.push(Span::styled(format!("  {}", sanitize::line(hint)), theme.warning));
            }
            Line::from(spans)
        }
        Overlay::FullText(input) => Line::from(vec![
            Span::styled("text", theme.chip),
            Span::raw(" "),
            Span::raw(sanitize::line(&input.text).into_owned()),
        ]),
        Overlay::ArticleSearch(input) => Line::from(vec![
            Span::styled("find", theme.chip),
            Span::raw(" "),
            Span::raw(sanitize::line(&input.text).into_owned()),
        ]),
        _ => match (&app.status.hint, &app.status.notice) {
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

/// The tags starting with `prefix`, most used first, a few of them.
fn tags_matching(app: &App, prefix: &str) -> String {
    let mut tags: Vec<(String, usize)> = app
        .library
        .tags
        .in_use()
        .into_iter()
        .filter(|(tag, _)| crate::query::starts_with_any_case(tag, prefix))
        .collect();
    if tags.is_empty() {
        return "no tag".to_string();
    }
    tags.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut shown: Vec<String> =
        tags.iter().take(6).map(|(tag, _)| format!("#{}", sanitize::line(tag))).collect();
    if tags.len() > 6 {
        shown.push(format!("+{}", tags.len() - 6));
    }
    shown.join(" ")
}

/// Where the cursor goes while typing.
pub fn cursor(app: &App, area: Rect) -> Option<Position> {
    let (prefix, input) = match &app.overlay {
        Overlay::Search(input) => (2, input),
        Overlay::ArticleSearch(input) => (5, input),
        Overlay::FullText(input) => (5, input),
        _ => return None,
    };
    let text = &input.text[..input.cursor()];
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
    // Several tags: whether any or all of them is asked.
    let join = if app.list.query.tags.len() > 1 {
        if app.list.query.any_tag { "any " } else { "all " }
    } else {
        ""
    };
    for (i, tag) in app.list.query.tags.iter().enumerate() {
        chip(format!("{}#{tag}", if i == 0 { join } else { "" }));
    }
    for tag in &app.list.query.not_tags {
        chip(format!("-#{tag}"));
    }
    for author in &app.list.query.authors {
        chip(format!("@{author}"));
    }
    if let Some(since) = app.list.query.since {
        chip(format!("since {since}"));
    }
    if let Some(until) = app.list.query.until {
        chip(format!("until {until}"));
    }
    if !app.list.query.text.trim().is_empty() {
        chip(format!("\"{}\"", app.list.query.text.trim()));
    }
    let searching = !app.list.query.text.trim().is_empty();
    let sort = match (app.list.query.sort, app.list.query.reverse) {
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

/// One hint: the commands whose first keys it shows (none: only the
/// words), and what to call them.
type Hint = (Mode, &'static [Command], &'static str);

/// The hints of each state, the keys taken from the keymap.
fn hints(app: &App) -> Vec<Hint> {
    use Command::*;
    match app.overlay {
        Overlay::Search(_) => vec![
            (Mode::Line, &[Confirm], "keep"),
            (Mode::Line, &[Cancel], "cancel"),
            (Mode::Line, &[], "#tag @author is:unread"),
        ],
        Overlay::ArticleSearch(_) => {
            vec![(Mode::Line, &[Confirm], "keep"), (Mode::Line, &[Cancel], "cancel")]
        }
        Overlay::FullText(_) => vec![
            (Mode::Line, &[Confirm], "open"),
            (Mode::Line, &[Cancel], "back"),
            (Mode::Line, &[], "\"phrase\" -word word* #tag"),
        ],
        Overlay::Tags(_) | Overlay::Authors(_) => vec![
            (Mode::Picker, &[Toggle], "toggle"),
            (Mode::Picker, &[Confirm], "apply"),
            (Mode::Picker, &[Cancel], "cancel"),
        ],
        Overlay::Links(_) => vec![
            (Mode::Line, &[], "type to narrow"),
            (Mode::Picker, &[Confirm], "follow"),
            (Mode::Picker, &[Copy], "copy"),
            (Mode::Picker, &[Cancel], "close"),
        ],
        Overlay::Outline(_) => vec![
            (Mode::Line, &[], "type to narrow"),
            (Mode::Line, &[Confirm], "jump"),
            (Mode::Line, &[Cancel], "close"),
        ],
        Overlay::Warnings(_) => {
            vec![(Mode::Page, &[Confirm], "open the post"), (Mode::Page, &[Cancel], "close")]
        }
        Overlay::Help(_) => vec![(Mode::Page, &[Cancel], "close")],
        Overlay::None if app.focus == Focus::Article => vec![
            (Mode::Panes, &[NextMatch, PreviousMatch], "match"),
            (Mode::Panes, &[PreviousPost, NextPost], "post"),
            (Mode::Panes, &[Links], "links"),
            (Mode::Panes, &[Help], "help"),
            (Mode::Panes, &[Quit], "quit"),
        ],
        Overlay::None => vec![
            (Mode::Panes, &[Search], "search"),
            (Mode::Panes, &[FullText], "text"),
            (Mode::Panes, &[TagPicker], "tags"),
            (Mode::Panes, &[AuthorPicker], "authors"),
            (Mode::Panes, &[Sort], "sort"),
            (Mode::Panes, &[Help], "help"),
            (Mode::Panes, &[Quit], "quit"),
        ],
    }
}

/// A hint as shown: `n/N match`; `None` when a command has no key.
fn hint_text(app: &App, (mode, commands, label): &Hint) -> Option<String> {
    let keys: Option<Vec<String>> =
        commands.iter().map(|&c| app.keymap.first_key(*mode, c)).collect();
    let keys = keys?.join("/");
    Some(if keys.is_empty() { label.to_string() } else { format!("{keys} {label}") })
}

/// Key hints (when `hints`) and the problems count.
fn right_side(app: &App, hints: bool) -> Line<'static> {
    let theme = &app.theme;
    let all = self::hints(app);
    // Narrow: only the way to the help, or out of the overlay.
    let wanted = |hint: &Hint| hints || matches!(hint.1, [Command::Help] | [Command::Cancel]);
    let hint = all
        .iter()
        .filter(|hint| wanted(hint))
        .take(if hints { usize::MAX } else { 1 })
        .filter_map(|hint| hint_text(app, hint))
        .collect::<Vec<_>>()
        .join(" · ");

    let mut spans = vec![Span::styled(hint.to_string(), theme.hint)];
    // The full-text index being built: how far it is.
    if let Some(building) = app.fulltext.building() {
        spans.insert(0, Span::styled(format!("{building}  "), theme.meta));
    }
    if !app.library.warnings.is_empty() {
        let count = app.library.warnings.len();
        spans.push(Span::styled(format!("  ⚠ {count} (w)"), theme.warning));
    }
    if !app.layout.mouse {
        spans.push(Span::styled("  mouse off (m)", theme.warning));
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}
