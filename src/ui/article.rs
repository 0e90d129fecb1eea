//! The article pane: the rendered post from its scroll position, search
//! matches painted, the position in the bottom border.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::{framed, paint, pane_block, put};
use crate::app::layout::article_text;
use crate::app::{App, Focus};
use crate::sanitize;

/// Draws the article pane in `area`.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let view = &app.article;
    let mut title = if view.shown.is_some() {
        format!(" {} ", sanitize::line(&view.title))
    } else {
        String::new()
    };
    if view.gone {
        title.push_str("· deleted from disk ");
    } else if view.wanted.is_some() && view.shown.is_some() && !view.complete {
        title.push_str("· loading the rest… ");
    } else if view.wanted.is_some() {
        title.push_str("· loading… ");
    }
    let title_width = crate::text::width(&title);
    let mut block = pane_block(app, Line::from(title), app.focus == Focus::Article);
    // The post's file, relative to the folder, on the right of the border.
    // Only where it leaves the title whole: the title matters more.
    if let Some(post) = app.shown_post().filter(|_| !view.gone) {
        let path = format!(" {} ", sanitize::path(&post.path));
        let room = usize::from(area.width).saturating_sub(title_width + 4);
        if crate::text::width(&path) <= room {
            block = block.title_top(Line::styled(path, app.theme.meta).right_aligned());
        }
    }
    if let Some((_, article)) = &view.shown {
        let total = article.lines.len();
        let visible = usize::from(article_text(app, area).height);
        let end = (view.scroll + visible).min(total);
        let percent = if total <= visible { 100 } else { end * 100 / total };
        let mut position = format!(" {end}/{total} · {percent}% ");
        if !view.search.is_empty() {
            let found = view.matches.len();
            let search = sanitize::line(&view.search);
            position = if found == 0 {
                format!(" no match for \"{search}\" ·{position}")
            } else {
                format!(" \"{search}\" {}/{found} ·{position}", view.current + 1)
            };
        }
        block = block.title_bottom(Line::from(position).right_aligned());
    }
    framed(block, area, buf);
    let text = article_text(app, area);
    if text.width == 0 || text.height == 0 {
        return;
    }
    let Some((_, article)) = &view.shown else {
        let message = match (&view.error, app.list.selected) {
            (Some(error), _) => format!("Cannot show this post: {}", sanitize::line(error)),
            (None, Some(_)) => "Loading…".to_string(),
            (None, None) if app.list.hits.is_empty() && !app.list.query.is_empty() => {
                "No post matches the search: Esc clears it.".to_string()
            }
            (None, None) => "No post selected.".to_string(),
        };
        put(buf, text.x, text.y, &Line::styled(message, app.theme.meta), text.width);
        return;
    };
    for (row, line) in
        article.lines.iter().skip(view.scroll).take(usize::from(text.height)).enumerate()
    {
        put(buf, text.x, text.y + row as u16, line, text.width);
    }
    draw_pictures(app, article, text, buf);
    let bottom = view.scroll + usize::from(text.height);
    for (i, &(line, from, to)) in view.matches.iter().enumerate() {
        if line < view.scroll || line >= bottom || from >= usize::from(text.width) {
            continue;
        }
        let style =
            if i == view.current { app.theme.search_current } else { app.theme.search_match };
        let width = (to.min(usize::from(text.width)) - from) as u16;
        paint(
            buf,
            Rect::new(text.x + from as u16, text.y + (line - view.scroll) as u16, width, 1),
            style,
        );
    }
}

/// Draws the article's pictures in view over the rows kept for them: a
/// picture ready is drawn (cut at the pane's edge), one refused says why
/// on its first row in view. A picture drawn as one sequence (sixel,
/// iTerm2) waits under an overlay: it would cover it.
fn draw_pictures(app: &App, article: &crate::markdown::Article, text: Rect, buf: &mut Buffer) {
    use crate::app::pictures::{Page, in_view, want_of};
    let Some(graphics) = app.pictures.graphics else {
        return;
    };
    let covered = app.overlay != crate::app::Overlay::None;
    for view in in_view(article, app.article.scroll, usize::from(text.height)) {
        let slot = view.slot;
        if slot.column >= text.width {
            continue;
        }
        let width = slot.cells.0.min(text.width - slot.column);
        let area = Rect::new(text.x + slot.column, text.y + view.row, width, view.take);
        match app.pictures.page(&want_of(&view, &graphics)) {
            Some(Page::Ready(encoded, _)) if !covered || graphics.kind.in_cells() => {
                let skip = if graphics.kind.in_cells() { view.skip } else { 0 };
                crate::graphics::encode::draw(&encoded.protocol, skip, area, buf);
            }
            Some(Page::Refused(refusal)) => {
                let words = slot.refused(refusal.words());
                put(
                    buf,
                    area.x,
                    area.y,
                    &Line::styled(words, app.theme.image),
                    text.width - slot.column,
                );
            }
            _ => {}
        }
    }
}

/// A link's text on screen, for terminals that take OSC 8 hyperlinks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hyperlink {
    /// The first column.
    pub x: u16,
    /// The row.
    pub y: u16,
    /// How many columns the text takes.
    pub width: u16,
    /// Where it leads (a web or mail address).
    pub target: String,
}

/// The links of the article visible on a screen of `size`, where their
/// text is drawn.
pub fn hyperlinks(app: &App, size: (u16, u16)) -> Vec<Hyperlink> {
    let (Some(pane), Some((_, article))) =
        (crate::app::layout::Panes::sized(app, size).article, &app.article.shown)
    else {
        return Vec::new();
    };
    let text = article_text(app, pane);
    let rows = app.article.scroll..app.article.scroll + usize::from(text.height);
    article
        .places
        .iter()
        .filter(|(_, line, from, _)| rows.contains(line) && *from < usize::from(text.width))
        .filter_map(|&(link, line, from, to)| {
            let target = &article.links.get(link)?.target;
            crate::ansi::hyperlink_safe(target).then(|| Hyperlink {
                x: text.x + from as u16,
                y: text.y + (line - app.article.scroll) as u16,
                width: (to.min(usize::from(text.width)) - from) as u16,
                target: target.clone(),
            })
        })
        .collect()
}
