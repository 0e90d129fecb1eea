//! `folio render FILE`: one post, styled for a terminal or as plain text.

use std::io::Write;
use std::path::Path;

use super::Terminal;
use crate::error::{Error, Result};
use crate::post::walk::read_file;
use crate::post::{Post, decode, front_matter};
use crate::theme::Theme;

/// Renders the post in `file` to `out`, `width` columns wide.
pub fn run(file: &Path, width: usize, color: bool, out: &mut impl Write) -> Result<()> {
    let bytes = read_file(file).map_err(|reason| Error::NotAPost { path: file.into(), reason })?;
    let (text, _) =
        decode(&bytes).map_err(|reason| Error::NotAPost { path: file.into(), reason })?;
    let post = Post::parse(file, &text, &mut Vec::new());
    let body = front_matter::split(&text).body;
    let theme = if color { Theme::for_terminal() } else { Theme::plain() };
    let dialect = crate::markdown::dialect::Dialect::of_file(file);
    let article = crate::article::render_in(&post, body, width, &theme, &dialect);
    crate::ansi::write_article(out, &article, color)?;
    // The process ends right after; freeing every span of a long post
    // one by one would only delay the exit.
    std::mem::forget(article);
    Ok(())
}

/// The width to render at: the one asked for, else the terminal's, else 80.
pub fn width(asked: Option<u16>, terminal: Terminal) -> usize {
    usize::from(asked.or(terminal.width).unwrap_or(80)).max(1)
}
