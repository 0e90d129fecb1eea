//! What is drawn over the panes: the pickers, the outline, the help and
//! the folder's problems.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::{framed, paint, put};
use crate::app::links::LinkPicker;
use crate::app::pages;
use crate::app::picker::Picker;
use crate::app::{App, Outline, Overlay};
use crate::sanitize;
use crate::text::plural;

/// Draws the overlay, if one is open.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    match &app.overlay {
        Overlay::Tags(picker) => draw_picker(app, "Tags", '#', picker, area, buf),
        Overlay::Authors(picker) => draw_picker(app, "Authors", '@', picker, area, buf),
        Overlay::Outline(outline) => draw_outline(app, outline, area, buf),
        Overlay::Links(picker) => draw_links(app, picker, area, buf),
        Overlay::Help(top) => draw_help(app, *top, area, buf),
        Overlay::Warnings(cursor) => draw_problems(app, *cursor, area, buf),
        Overlay::None | Overlay::Search(_) | Overlay::ArticleSearch(_) | Overlay::FullText(_) => {}
    }
}

/// A box `width` × `height` in the middle of `area` (smaller if it must be),
/// cleared, with a border and title; returns its inside.
fn popup(app: &App, title: &str, width: u16, height: u16, area: Rect, buf: &mut Buffer) -> Rect {
    let rect = pages::popup(area, width, height);
    Clear.render(rect, buf);
    let block = Block::bordered().border_style(app.theme.border_focused).title(title.to_string());
    framed(block, rect, buf)
}

fn draw_picker(app: &App, what: &str, sigil: char, picker: &Picker, area: Rect, buf: &mut Buffer) {
    let visible = picker.visible();
    let mut title = format!(" {what} · {} chosen ", picker.chosen.len());
    if sigil == '#' {
        let key =
            app.keymap.first_key(crate::app::keymap::Mode::Picker, crate::app::Command::AnyAll);
        let (now, other) = if picker.any { ("any", "all") } else { ("all", "any") };
        title.push_str(&format!("· {now} · {}: {other} ", key.unwrap_or_default()));
    }
    let inner = popup(app, &title, 50, rows_for(visible.len(), 4), area, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    put(buf, inner.x, inner.y, &filter_line(app, &picker.filter.text), inner.width);
    let rows = usize::from(inner.height.saturating_sub(1));
    if visible.is_empty() {
        let message = match (picker.items.is_empty(), sigil) {
            (true, '#') => "This folder has no tags.",
            (true, _) => "No post in this folder names an author.",
            (false, _) => "Nothing matches.",
        };
        put(buf, inner.x, inner.y + 1, &Line::styled(message, app.theme.meta), inner.width);
        return;
    }
    let top = picker.cursor.saturating_sub(rows.saturating_sub(1));
    for (row, &i) in visible.iter().enumerate().skip(top).take(rows) {
        let (name, count) = &picker.items[i];
        let chosen = picker.is_chosen(name);
        // None among the posts the other filters leave: dimmed.
        let none = *count == 0;
        let line = Line::from(vec![
            Span::styled(
                if chosen { "☑ " } else { "☐ " },
                if chosen { app.theme.task_done } else { app.theme.meta },
            ),
            Span::styled(
                format!("{sigil}{}", sanitize::line(name)),
                match (none, sigil) {
                    (true, _) => app.theme.meta,
                    (false, '#') => app.theme.tag,
                    (false, _) => app.theme.author,
                },
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

fn draw_outline(app: &App, outline: &Outline, area: Rect, buf: &mut Buffer) {
    let Some((_, article)) = &app.article.shown else {
        return;
    };
    let visible = outline.visible(&article.headings);
    let title = format!(" Outline · {} ", plural(visible.len(), "heading", "headings"));
    let inner = popup(app, &title, 60, rows_for(article.headings.len(), 3), area, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    put(buf, inner.x, inner.y, &filter_line(app, &outline.filter.text), inner.width);
    let rows = usize::from(inner.height - 1);
    if visible.is_empty() {
        put(
            buf,
            inner.x,
            inner.y + 1,
            &Line::styled("Nothing matches.", app.theme.meta),
            inner.width,
        );
        return;
    }
    let top = outline.cursor.saturating_sub(rows.saturating_sub(1));
    for (row, &i) in visible.iter().enumerate().skip(top).take(rows) {
        let heading = &article.headings[i];
        let indent = "  ".repeat(usize::from(heading.level.saturating_sub(1)));
        let style = app.theme.headings[usize::from(heading.level.clamp(1, 6) - 1)];
        let line = Line::from(vec![Span::raw(indent), Span::styled(heading.text.clone(), style)]);
        let y = inner.y + 1 + (row - top) as u16;
        put(buf, inner.x, y, &line, inner.width);
        if row == outline.cursor {
            paint(buf, Rect::new(inner.x, y, inner.width, 1), app.theme.selection);
        }
    }
}

/// The line a picker's filter is typed on.
fn filter_line(app: &App, text: &str) -> Line<'static> {
    Line::from(vec![
        Span::styled("filter: ", app.theme.meta),
        Span::raw(sanitize::line(text).into_owned()),
        Span::raw("▏"),
    ])
}

/// The article's links: number, text, target.
fn draw_links(app: &App, picker: &LinkPicker, area: Rect, buf: &mut Buffer) {
    let Some((_, article)) = &app.article.shown else {
        return;
    };
    let visible = picker.visible(&article.links);
    let title = format!(" Links · {} ", visible.len());
    let inner = popup(app, &title, 90, rows_for(visible.len(), 3), area, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    put(buf, inner.x, inner.y, &filter_line(app, &picker.filter.text), inner.width);
    let rows = usize::from(inner.height - 1);
    if visible.is_empty() {
        let line = Line::styled("Nothing matches.", app.theme.meta);
        put(buf, inner.x, inner.y + 1, &line, inner.width);
        return;
    }
    let top = picker.cursor.saturating_sub(rows.saturating_sub(1));
    for (row, &i) in visible.iter().enumerate().skip(top).take(rows) {
        let link = &article.links[i];
        let number = if link.number > 0 { format!("[{}] ", link.number) } else { "    ".into() };
        // An autolink's text is its target: once is enough.
        let text = if link.text == link.target { "" } else { link.text.as_str() };
        let text = crate::text::truncate(text, 40).into_owned();
        let spans = vec![
            Span::styled(format!("{number:>5}"), app.theme.reference_mark),
            Span::styled(sanitize::line(&text).into_owned(), app.theme.link),
            Span::styled(if text.is_empty() { "" } else { "  " }, app.theme.meta),
            Span::styled(sanitize::line(&link.target).into_owned(), app.theme.link_target),
        ];
        // A long address ends in `…` at the pane's edge, not cut silently.
        let line = Line::from(super::cut(spans, usize::from(inner.width)));
        let y = inner.y + 1 + (row - top) as u16;
        put(buf, inner.x, y, &line, inner.width);
        if row == picker.cursor {
            paint(buf, Rect::new(inner.x, y, inner.width, 1), app.theme.selection);
        }
    }
}

/// The popup's height for `count` rows and `extra` rows of frame and
/// filter, however many rows there are.
fn rows_for(count: usize, extra: u16) -> u16 {
    u16::try_from(count).unwrap_or(u16::MAX).saturating_add(extra)
}

/// The keys: in two columns when the screen is wide and one would not
/// fit, and saying which rows show when they still scroll.
fn draw_help(app: &App, top: usize, area: Rect, buf: &mut Buffer) {
    let lines = pages::help(app);
    let wide = area.width >= pages::WIDTH * 2 + 4;
    let columns: Vec<&[Line<'static>]> = if wide && lines.len() + 2 > usize::from(area.height) {
        // Split at the blank line between sections nearest the middle.
        let middle = lines.len() / 2;
        let blank = |i: &usize| lines[*i].width() == 0;
        let split = (0..lines.len()).filter(blank).min_by_key(|i| i.abs_diff(middle));
        let (left, right) = lines.split_at(split.map_or(middle, |i| i + 1));
        vec![left, right]
    } else {
        vec![&lines]
    };
    let height = columns.iter().map(|c| c.len()).max().unwrap_or(0);
    let width = if columns.len() == 2 { pages::WIDTH * 2 + 2 } else { pages::WIDTH };
    let rows = usize::from(pages::popup(area, width, rows_for(height, 2)).height.saturating_sub(2));
    let top = top.min(height.saturating_sub(rows));
    let title = if height > rows {
        format!(" Keys · {}–{} of {} ", top + 1, top + rows, height)
    } else {
        " Keys ".to_string()
    };
    let inner = popup(app, &title, width, rows_for(height, 2), area, buf);
    for (at, column) in columns.iter().enumerate() {
        let x = inner.x + at as u16 * (pages::WIDTH + 2);
        let room = inner.width.saturating_sub(x - inner.x).min(pages::WIDTH);
        for (row, line) in column.iter().skip(top).take(rows).enumerate() {
            put(buf, x, inner.y + row as u16, line, room);
        }
    }
}

/// The problems, the cursor's one highlighted and kept in view.
fn draw_problems(app: &App, cursor: usize, area: Rect, buf: &mut Buffer) {
    let lines = pages::problems(app);
    let title = format!(" Problems in this folder · {} ", app.library.warnings.len());
    let inner = popup(app, &title, pages::WIDTH, rows_for(lines.len(), 2), area, buf);
    let rows = usize::from(inner.height);
    if rows == 0 {
        return;
    }
    let first = lines.iter().position(|(i, _)| *i == cursor).unwrap_or(0);
    let last = lines.iter().rposition(|(i, _)| *i == cursor).unwrap_or(0);
    // The cursor's lines in view, its first line rather than its last.
    let top = last.saturating_sub(rows - 1).max(first.saturating_sub(rows - 1)).min(first);
    for (row, (problem, line)) in lines.iter().skip(top).take(rows).enumerate() {
        let y = inner.y + row as u16;
        put(buf, inner.x, y, line, inner.width);
        if *problem == cursor && !app.library.warnings.is_empty() {
            paint(buf, Rect::new(inner.x, y, inner.width, 1), app.theme.selection);
        }
    }
}
