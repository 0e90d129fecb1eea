//! The pages the overlays show (the keys, the folder's problems) as lines
//! wrapped to the popup's width. The state scrolls them and the view draws
//! them, so both need the same lines.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::App;
use super::keymap::Mode;
use crate::post::Severity;
use crate::sanitize;

/// The widest a page's popup gets.
pub const WIDTH: u16 = 76;

/// A popup of at most `width` × `height` in the middle of `area`, smaller
/// when the screen is.
pub fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width.saturating_sub(2)).max(area.width.min(3));
    let height = height.min(area.height.saturating_sub(2)).max(area.height.min(3));
    Rect::new(area.x + (area.width - width) / 2, area.y + (area.height - height) / 2, width, height)
}

/// The whole screen.
fn screen(app: &App) -> Rect {
    Rect::new(0, 0, app.layout.size.0, app.layout.size.1)
}

/// Columns of text inside a page's popup.
pub fn text_width(app: &App) -> usize {
    usize::from(popup(screen(app), WIDTH, u16::MAX).width.saturating_sub(2))
}

/// Rows of text a page's popup shows at most.
pub fn rows(app: &App) -> usize {
    usize::from(popup(screen(app), WIDTH, u16::MAX).height.saturating_sub(2))
}

/// The keys of each mode, as the keymap has them (the config's keys
/// included), a heading for each mode.
pub fn help(app: &App) -> Vec<Line<'static>> {
    const KEYS: usize = 18;
    let key = |label: &str| {
        let pad = KEYS.saturating_sub(crate::text::width(label));
        Span::styled(format!("{}{label}  ", " ".repeat(pad)), app.theme.strong)
    };
    let mut lines: Vec<Line<'static>> = Vec::new();
    for mode in Mode::ALL {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::styled(format!("  {}:", mode.title()), app.theme.section));
        for (m, command, keys) in app.keymap.listed() {
            if *m != mode || keys.is_empty() {
                continue;
            }
            let label = keys.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ");
            if crate::text::width(&label) > KEYS {
                // Many keys: on a line of their own, the words under them.
                lines.push(Line::from(vec![Span::raw("  "), key(&label)]));
                lines.push(Line::from(vec![key(""), Span::raw(command.help())]));
            } else {
                lines.push(Line::from(vec![key(&label), Span::raw(command.help())]));
            }
        }
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        "  In a picker, Enter with nothing toggled takes the entry under the cursor.",
        app.theme.meta,
    ));
    lines.push(Line::styled(
        "  Mouse: the wheel scrolls the pane under it; a click selects.",
        app.theme.meta,
    ));
    let width = text_width(app);
    lines.into_iter().flat_map(|line| wrapped(line, width)).collect()
}

/// The folder's problems, in the order of `app.library.warnings` (by path): each
/// line with the problem it belongs to.
pub fn problems(app: &App) -> Vec<(usize, Line<'static>)> {
    if app.library.warnings.is_empty() {
        return vec![(0, Line::styled("No problems.", app.theme.meta))];
    }
    let width = text_width(app);
    let mut lines = Vec::with_capacity(app.library.warnings.len());
    for (i, w) in app.library.warnings.iter().enumerate() {
        let (label, style) = match w.severity {
            Severity::Skipped => ("skipped", app.theme.warning),
            Severity::FrontMatter => ("front matter", app.theme.warning),
            Severity::Note | Severity::Section => ("note", app.theme.meta),
        };
        let line = Line::from(vec![
            Span::styled(sanitize::path(&w.path), app.theme.strong),
            Span::raw(": "),
            Span::styled(label, style),
            Span::raw(": "),
            Span::raw(w.message.clone()),
        ]);
        lines.extend(wrapped(line, width).into_iter().map(|line| (i, line)));
    }
    lines
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
