//! The list pane: a post per two rows (title and date; authors and tags),
//! matched characters highlighted, the selection marked.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{cut, framed, paint, pane_block, put};

/// The fewest columns a title gets beside its date; below, the date moves
/// to the second row.
const MIN_TITLE: usize = 32;
use crate::app::layout::ROW_HEIGHT;
use crate::app::{App, Focus};
use crate::sanitize;
use crate::text::{plural, thousands};

/// Draws the list pane in `area`.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    if matches!(app.overlay, crate::app::Overlay::FullText(_)) {
        return draw_fulltext(app, area, buf);
    }
    let inner = framed(pane_block(app, title(app), app.focus == Focus::List), area, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if app.list.hits.is_empty() {
        let message = if app.library.indexing || app.list.filtering() {
            "Reading the folder…"
        } else if app.library.total() == 0 {
            "No Markdown posts in this folder."
        } else {
            "No posts match. Esc clears the filters."
        };
        put(buf, inner.x, inner.y, &Line::styled(message, app.theme.meta), inner.width);
        return;
    }
    let highlighter = app.list.query.highlighter();
    let rows = usize::from(inner.height / ROW_HEIGHT).max(1);
    for (row, hit) in app.list.hits.iter().skip(app.list.offset).take(rows).enumerate() {
        let Some(post) = app.library.posts.get(hit.post) else {
            continue;
        };
        let y = inner.y + row as u16 * ROW_HEIGHT;
        let selected = app.list.selected == Some(hit.post);
        let marker = if selected { "▌" } else { " " };
        let date = post.date.map(|d| d.to_string()).unwrap_or_default();
        // Beside the title while that leaves it room; on a narrow list the
        // title takes its row alone and the date leads the second row.
        let date_beside =
            !date.is_empty() && usize::from(inner.width) >= 1 + MIN_TITLE + 1 + date.len();
        let title_width = usize::from(inner.width) - if date_beside { date.len() + 1 } else { 0 };
        let positions = highlighter.positions(&post.title);
        let read = app.marks.read(&post.path);
        let mut title = vec![
            Span::styled(marker, app.theme.border_focused),
            // Unread: a dot and a bold title, as mail readers show them.
            if read { Span::raw(" ") } else { Span::styled("•", app.theme.unread) },
        ];
        if app.marks.starred(&post.path) {
            title.push(Span::styled("★ ", app.theme.star));
        }
        let weight = if read {
            Style::new()
        } else {
            Style::new().add_modifier(ratatui::style::Modifier::BOLD)
        };
        title.extend(highlighted(&post.title, &positions, weight, app.theme.list_match));
        put(buf, inner.x, y, &Line::from(cut(title, title_width)), title_width as u16);
        if date_beside {
            let date_width = date.len() as u16;
            put(
                buf,
                inner.x + inner.width - date_width,
                y,
                &Line::styled(date.clone(), app.theme.meta),
                date_width,
            );
        }
        if ROW_HEIGHT > 1 && y + 1 < inner.y + inner.height {
            let mut second = vec![Span::raw("   ")];
            if !date_beside && !date.is_empty() {
                second.push(Span::styled(date, app.theme.meta));
                second.push(Span::raw("  "));
            }
            if !post.authors.is_empty() {
                second.push(Span::styled(post.authors.join(", "), app.theme.author));
                second.push(Span::raw("  "));
            }
            for tag in &post.tags {
                second.push(Span::styled(format!("#{tag}"), app.theme.tag));
                second.push(Span::raw(" "));
            }
            if post.draft {
                second.push(Span::styled("draft", app.theme.task_open));
            }
            // Trailing blanks are no content: an ellipsis only for a real cut.
            if second.last().is_some_and(|s| s.content.trim().is_empty()) {
                second.pop();
            }
            let second = cut(second, usize::from(inner.width));
            put(buf, inner.x, y + 1, &Line::from(second), inner.width);
        }
        if selected {
            paint(
                buf,
                Rect::new(inner.x, y, inner.width, ROW_HEIGHT.min(inner.y + inner.height - y)),
                app.theme.selection,
            );
        }
    }
}

/// The full-text results: each post's title, then the text around its best
/// match with the words marked.
fn draw_fulltext(app: &App, area: Rect, buf: &mut Buffer) {
    let view = &app.fulltext;
    let title = match (&view.status, view.searching()) {
        (Some(status), _) => format!(" {} ", sanitize::line(status)),
        (None, true) => " Searching… ".to_string(),
        (None, false) if view.query.trim().is_empty() => " Type words to find ".to_string(),
        (None, false) if view.results.len() >= crate::fulltext::LISTED => {
            format!(" The best {} posts holding the words ", view.results.len())
        }
        (None, false) => {
            let verb = if view.results.len() == 1 { "holds" } else { "hold" };
            format!(" {} {verb} the words ", plural(view.results.len(), "post", "posts"))
        }
    };
    let inner = framed(pane_block(app, Line::from(title), true), area, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if view.results.is_empty() && !view.searching() && !view.query.trim().is_empty() {
        let line = Line::styled("No post holds these words. Esc goes back.", app.theme.meta);
        put(buf, inner.x, inner.y, &line, inner.width);
        return;
    }
    let rows = usize::from(inner.height / ROW_HEIGHT).max(1);
    let top = view.cursor.saturating_sub(rows - 1);
    for (row, found) in view.results.iter().enumerate().skip(top).take(rows) {
        let Some(post) = app.library.posts.get(found.post) else {
            continue;
        };
        let y = inner.y + (row - top) as u16 * ROW_HEIGHT;
        let selected = row == view.cursor;
        let date = post.date.map(|d| d.to_string()).unwrap_or_default();
        let title = vec![
            Span::styled(if selected { "▌" } else { " " }, app.theme.border_focused),
            Span::styled(
                sanitize::line(&post.title).into_owned(),
                Style::new().add_modifier(ratatui::style::Modifier::BOLD),
            ),
            Span::raw("  "),
            Span::styled(date, app.theme.meta),
        ];
        let width = usize::from(inner.width);
        put(buf, inner.x, y, &Line::from(cut(title, width)), inner.width);
        if ROW_HEIGHT > 1 && y + 1 < inner.y + inner.height {
            let mut second = vec![Span::raw("   ")];
            if let Some(snippet) = &found.snippet {
                // The match in view, however narrow the list.
                let shown = snippet.around(width.saturating_sub(3));
                second.extend(shown.pieces().into_iter().map(|(piece, matched)| {
                    let style = if matched { app.theme.list_match } else { app.theme.meta };
                    Span::styled(piece.to_string(), style)
                }));
            }
            put(buf, inner.x, y + 1, &Line::from(cut(second, width)), inner.width);
        }
        if selected {
            let height = ROW_HEIGHT.min(inner.y + inner.height - y);
            paint(buf, Rect::new(inner.x, y, inner.width, height), app.theme.selection);
        }
    }
}

/// "1,234 of 100,000 posts", with what is still going on.
fn title(app: &App) -> Line<'static> {
    let total = app.library.total();
    let mut text = if app.list.query.is_empty() {
        format!(" {} ", plural(total, "post", "posts"))
    } else {
        format!(" {} of {} ", thousands(app.list.hits.len()), plural(total, "post", "posts"))
    };
    if app.list.unread > 0 && !app.list.filtering() {
        text.push_str(&format!("· {} unread ", thousands(app.list.unread)));
    }
    if app.library.indexing {
        text.push_str("· reading… ");
    } else if app.list.filtering() {
        text.push_str("· … ");
    }
    Line::from(text)
}

/// `text` with the characters at `positions` (char indices) in `mark`.
fn highlighted(text: &str, positions: &[usize], base: Style, mark: Style) -> Vec<Span<'static>> {
    if positions.is_empty() {
        return vec![Span::styled(text.to_string(), base)];
    }
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut current = String::new();
    let mut current_marked = false;
    for (i, c) in text.chars().enumerate() {
        let marked = positions.binary_search(&i).is_ok();
        if marked != current_marked && !current.is_empty() {
            let style = if current_marked { base.patch(mark) } else { base };
            spans.push(Span::styled(std::mem::take(&mut current), style));
        }
        current_marked = marked;
        current.push(c);
    }
    if !current.is_empty() {
        let style = if current_marked { base.patch(mark) } else { base };
        spans.push(Span::styled(current, style));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_split_spans() {
        let spans = highlighted(
            "rust",
            &[0, 2],
            Style::new(),
            Style::new().add_modifier(ratatui::style::Modifier::BOLD),
        );
        let texts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, ["r", "u", "s", "t"]);
    }
}
