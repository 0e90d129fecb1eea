//! `folio render FILE`: one post, styled for a terminal or as plain text.

use std::io::Write;
use std::path::Path;

use super::Terminal;
use crate::error::{Error, Result};
use crate::post::walk::read_file;
use crate::post::{Post, decode, front_matter};
use crate::theme::Theme;

/// How `folio render` draws.
#[derive(Clone, Copy, Debug)]
pub struct Look<'t> {
    /// Columns.
    pub width: usize,
    /// The styles (plain without colour).
    pub theme: &'t Theme,
    /// Whether to write colours and styles.
    pub color: bool,
    /// Whether links are made clickable (OSC 8).
    pub hyperlinks: bool,
    /// How pictures are drawn (`None`: as their text).
    pub pictures: Option<crate::graphics::Graphics>,
    /// The terminal's rows: a picture takes at most two thirds of them.
    pub height: u16,
    /// Whether pictures on the web are fetched (`remote_images`).
    pub remote: bool,
}

/// Renders the post in `file` (`-`: standard input) to `out`.
pub fn run(file: &Path, look: Look<'_>, out: &mut impl Write) -> Result<()> {
    let stdin = file.as_os_str() == "-";
    let bytes = if stdin { read_stdin() } else { read_file(file) }
        .map_err(|reason| Error::NotAPost { path: file.into(), reason })?;
    let (text, _) =
        decode(&bytes).map_err(|reason| Error::NotAPost { path: file.into(), reason })?;
    let post = Post::parse(file, &text, &mut Vec::new());
    let body = front_matter::split(&text).body;
    let mut dialect = if stdin {
        crate::markdown::dialect::Dialect::default()
    } else {
        crate::markdown::dialect::Dialect::of_file(file)
    };
    dialect.frames = look.pictures.map(|g| crate::graphics::Frames {
        remote: look.remote,
        ..crate::graphics::Frames::for_pane(&g, look.height)
    });
    let mut article = crate::article::render_in(&post, body, look.width, look.theme, &dialect);
    if !article.fetching.is_empty() {
        // Fetched now (each within its timeouts), then drawn.
        crate::graphics::remote::fetch_all(&article.fetching, &|_| {});
        article = crate::article::render_in(&post, body, look.width, look.theme, &dialect);
    }
    if let Some(graphics) = look.pictures {
        draw_pictures(&mut article, &graphics, look.theme);
    }
    crate::ansi::write_article(out, &article, look.color, look.hyperlinks)?;
    // The process ends right after; freeing every span of a long post
    // one by one would only delay the exit.
    std::mem::forget(article);
    Ok(())
}

/// Puts the article's pictures in its lines: one drawn in cells (half
/// blocks, kitty's placeholders) as those cells, over the rows kept for
/// it; one drawn as a single sequence (sixel, iTerm2) sent at the start
/// of the line after it, the cursor moved up to its place and back; one
/// that cannot be read says why on its first row.
fn draw_pictures(
    article: &mut crate::markdown::Article,
    graphics: &crate::graphics::Graphics,
    theme: &Theme,
) {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::text::{Line, Span};
    let mut shelf = crate::graphics::shelf::Shelf::default();
    let slots = std::mem::take(&mut article.pictures);
    // Distinct from other programs' pictures in the same terminal.
    let base = std::process::id().wrapping_mul(2_654_435_761) & 0x00ff_ff00;
    for (n, slot) in slots.iter().enumerate() {
        let rows = usize::from(slot.cells.1);
        let want = crate::graphics::shelf::Want::whole(slot.path.clone(), slot.cells);
        let id = (base | (n as u32 & 0xff)).max(1);
        let encoded = match shelf.load(&want, graphics, id) {
            Ok(encoded) => encoded,
            Err(refusal) => {
                let words = slot.refused(refusal.words());
                if let Some(line) = article.lines.get_mut(slot.line) {
                    line.spans.push(Span::styled(words, theme.image));
                }
                continue;
            }
        };
        let area = Rect::new(0, 0, slot.cells.0, slot.cells.1);
        let mut cells = Buffer::empty(area);
        crate::graphics::encode::draw(&encoded.protocol, 0, area, &mut cells);
        if graphics.kind.in_cells() {
            for y in 0..slot.cells.1 {
                let Some(line) = article.lines.get_mut(slot.line + usize::from(y)) else {
                    break;
                };
                for x in 0..slot.cells.0 {
                    let cell = &cells[(x, y)];
                    line.spans.push(Span::styled(cell.symbol().to_string(), cell.style()));
                }
            }
        } else {
            // The whole picture is one sequence, in its first cell.
            let sequence = cells[(0, 0)].symbol().to_string();
            let right =
                if slot.column > 0 { format!("\x1b[{}C", slot.column) } else { String::new() };
            let jump = format!("\x1b[{rows}A\x1b7{right}{sequence}\x1b8\x1b[{rows}B");
            let after = slot.line + rows;
            if after >= article.lines.len() {
                article.lines.resize(after + 1, Line::default());
            }
            article.lines[after].spans.insert(0, Span::raw(jump));
        }
    }
}

/// Standard input, up to the size a post file may have.
fn read_stdin() -> std::result::Result<Vec<u8>, String> {
    use std::io::Read;
    let limit = crate::post::walk::MAX_FILE_BYTES;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!("standard input is larger than {} MB", limit >> 20));
    }
    Ok(bytes)
}

/// The width to render at: the one asked for, else the terminal's (or
/// `COLUMNS`), else 80.
pub fn width(asked: Option<u16>, terminal: Terminal) -> usize {
    usize::from(asked.or(terminal.width).unwrap_or(80)).max(1)
}
