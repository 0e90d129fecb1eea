//! Drawing the reader. Everything here reads the [`App`] and writes cells;
//! nothing changes state.

mod article;

pub use article::{Hyperlink, hyperlinks};
mod list;
mod overlay;
mod status;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use crate::app::App;
use crate::app::layout::Panes;

/// Draws the whole screen.
pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    draw_into(app, area, buf);
    if let Some(cursor) = status::cursor(app, area) {
        frame.set_cursor_position(cursor);
    }
}

/// Draws the whole screen into a buffer (what tests and benchmarks call).
pub fn draw_into(app: &App, area: Rect, buf: &mut Buffer) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    // The frame's own size: never draw outside it, even when the state has
    // not heard of a resize yet.
    let panes = Panes::sized(app, (area.width, area.height));
    if let Some(pane) = panes.list {
        list::draw(app, pane, buf);
    }
    if let Some(pane) = panes.article {
        article::draw(app, pane, buf);
    }
    if let Some(line) = panes.status {
        status::draw(app, line, buf);
    }
    overlay::draw(app, area, buf);
}

/// A bordered block with a title, its border showing focus.
fn pane_block<'a>(app: &App, title: Line<'a>, focused: bool) -> Block<'a> {
    let style = if focused { app.theme.border_focused } else { app.theme.border };
    Block::bordered().border_style(style).title(title)
}

/// Draws `block` and returns its inside.
fn framed(block: Block<'_>, area: Rect, buf: &mut Buffer) -> Rect {
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// Writes `line` at `(x, y)`, cut to `width` columns.
fn put(buf: &mut Buffer, x: u16, y: u16, line: &Line<'_>, width: u16) {
    if width > 0 {
        buf.set_line(x, y, line, width);
    }
}

/// `spans` cut to at most `width` columns, ending in `…` when anything was
/// cut (the ellipsis takes the style of the span it ends).
fn cut(spans: Vec<Span<'static>>, width: usize) -> Vec<Span<'static>> {
    let total: usize = spans.iter().map(|s| crate::text::width(&s.content)).sum();
    if total <= width {
        return spans;
    }
    let mut out = Vec::with_capacity(spans.len());
    let mut room = width;
    for span in spans {
        let w = crate::text::width(&span.content);
        if w < room {
            room -= w;
            out.push(span);
            continue;
        }
        // This span holds the cut, and the ellipsis takes its last column.
        if room > 0 {
            let head = crate::text::prefix(&span.content, room - 1);
            out.push(Span::styled(format!("{head}…"), span.style));
        }
        break;
    }
    out
}

/// Paints a style over a row's cells.
fn paint(buf: &mut Buffer, area: Rect, style: Style) {
    buf.set_style(area.intersection(buf.area), style);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(spans: &[Span<'_>]) -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn cut_spans_end_in_an_ellipsis() {
        let spans = || vec![Span::raw("Three Go "), Span::raw("Concurrency Patterns")];
        assert_eq!(text(&cut(spans(), 40)), "Three Go Concurrency Patterns");
        assert_eq!(text(&cut(spans(), 14)), "Three Go Conc…");
        assert_eq!(text(&cut(spans(), 9)), "Three Go…");
        assert_eq!(text(&cut(spans(), 10)), "Three Go …");
        assert_eq!(text(&cut(spans(), 1)), "…");
        assert_eq!(text(&cut(spans(), 0)), "");
        assert_eq!(text(&cut(vec![Span::raw("日本語")], 4)), "日…");
    }
}
