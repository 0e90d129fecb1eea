//! Where each pane goes, from the terminal's size and the state. Used by
//! drawing and by the state itself (page sizes, clicks, article width).

use ratatui::layout::Rect;

use super::{App, Focus};

/// Below this width, one pane at a time.
pub const TWO_PANES_FROM: u16 = 80;

/// The panes' sizes, as the reader set them, and the terminal's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// The list's share of the width, in percent.
    pub list_percent: u16,
    /// Whether the article takes the whole width.
    pub zoom: bool,
    /// The widest the article's text gets (0: the pane's width).
    pub reading_width: usize,
    /// Whether the mouse is captured.
    pub mouse: bool,
    /// The terminal's size.
    pub size: (u16, u16),
}

impl Layout {
    /// The layout a reader starts with on a terminal of `size`.
    pub fn new(size: (u16, u16)) -> Layout {
        Layout { list_percent: 40, zoom: false, reading_width: 0, mouse: true, size }
    }
}

/// The screen's regions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Panes {
    /// The list pane with its border, if shown.
    pub list: Option<Rect>,
    /// The article pane with its border, if shown.
    pub article: Option<Rect>,
    /// The status line.
    pub status: Option<Rect>,
}

impl Panes {
    /// The screen's regions for `app`.
    pub fn of(app: &App) -> Panes {
        Panes::sized(app, app.layout.size)
    }

    /// The regions of a screen of `size` for `app`: drawing uses the size of
    /// the frame it draws, which may be newer than the state's.
    pub fn sized(app: &App, (width, height): (u16, u16)) -> Panes {
        if width == 0 || height == 0 {
            return Panes::default();
        }
        let status = Rect::new(0, height - 1, width, 1);
        let main = Rect::new(0, 0, width, height - 1);
        if main.height == 0 {
            return Panes { status: Some(status), ..Panes::default() };
        }
        // The full-text results are in the list's place: shown whatever
        // had the keys.
        let results = matches!(app.overlay, super::Overlay::FullText(_));
        let two = width >= TWO_PANES_FROM && !app.layout.zoom;
        if !two {
            return match app.focus {
                _ if results => Panes { list: Some(main), article: None, status: Some(status) },
                Focus::List if !app.layout.zoom => {
                    Panes { list: Some(main), article: None, status: Some(status) }
                }
                _ => Panes { list: None, article: Some(main), status: Some(status) },
            };
        }
        let list_width = (u32::from(width) * u32::from(app.layout.list_percent) / 100) as u16;
        let list_width = list_width.clamp(20.min(width), width.saturating_sub(20));
        let list = Rect::new(0, 0, list_width, main.height);
        let article = Rect::new(list_width, 0, width - list_width, main.height);
        Panes { list: Some(list), article: Some(article), status: Some(status) }
    }
}

/// The inside of a bordered pane.
pub fn inner(pane: Rect) -> Rect {
    Rect::new(pane.x + 1, pane.y + 1, pane.width.saturating_sub(2), pane.height.saturating_sub(2))
}

/// The text area of the article pane: inside the border, one column of
/// padding on each side, at most the reading width, centred.
pub fn article_text(app: &App, pane: Rect) -> Rect {
    let inside = inner(pane);
    let width = inside.width.saturating_sub(2);
    let wanted = match app.layout.reading_width {
        0 => width,
        limit => width.min(u16::try_from(limit).unwrap_or(u16::MAX)),
    };
    let margin = (width - wanted) / 2;
    Rect::new(inside.x + 1 + margin, inside.y, wanted, inside.height)
}

/// Lines per post in the list.
pub const ROW_HEIGHT: u16 = 2;

/// How many posts the list shows at once.
pub fn list_rows(app: &App) -> usize {
    Panes::of(app).list.map_or(1, |pane| usize::from(inner(pane).height / ROW_HEIGHT).max(1))
}

/// How many article lines are visible.
pub fn article_lines(app: &App) -> usize {
    Panes::of(app).article.map_or(1, |pane| usize::from(article_text(app, pane).height).max(1))
}

/// The width articles are rendered at: the article pane's text width in
/// the current layout, or what it would be with the article shown.
pub fn article_width(app: &App) -> usize {
    let pane = Panes::of(app).article.or_else(|| {
        // One pane, showing the list: the article will take the screen.
        Some(Rect::new(0, 0, app.layout.size.0, app.layout.size.1.saturating_sub(1)))
    });
    pane.map_or(1, |p| usize::from(article_text(app, p).width).max(1))
}
