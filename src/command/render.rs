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
    let dialect = if stdin {
        crate::markdown::dialect::Dialect::default()
    } else {
        crate::markdown::dialect::Dialect::of_file(file)
    };
    let article = crate::article::render_in(&post, body, look.width, look.theme, &dialect);
    crate::ansi::write_article(out, &article, look.color, look.hyperlinks)?;
    // The process ends right after; freeing every span of a long post
    // one by one would only delay the exit.
    std::mem::forget(article);
    Ok(())
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
