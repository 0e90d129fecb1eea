//! The subcommands that answer on standard output: `list`, `check`, `render`.

pub mod check;
pub mod list;
pub mod render;
pub mod search;

use std::io::IsTerminal;

use crossterm::style::{ContentStyle, StyledContent};

pub use crate::text::{plural, thousands};

/// How output may be decorated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Terminal {
    /// Columns available, when output goes to a terminal.
    pub width: Option<u16>,
    /// Whether ANSI colours and styles may be used.
    pub color: bool,
}

impl Terminal {
    /// What standard output is: a terminal (with its width) or not. Colour
    /// follows the terminal unless `NO_COLOR` is set.
    pub fn stdout() -> Terminal {
        if !std::io::stdout().is_terminal() {
            return Terminal::plain();
        }
        let width = crossterm::terminal::size().map(|(w, _)| w).unwrap_or(80);
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Terminal { width: Some(width), color: !no_color }
    }

    /// Not a terminal: plain text, no width limit.
    pub fn plain() -> Terminal {
        Terminal { width: None, color: false }
    }

    /// `text` with `style` applied when colour is on.
    pub fn paint<'a>(&self, text: &'a str, style: ContentStyle) -> StyledContent<&'a str> {
        StyledContent::new(if self.color { style } else { ContentStyle::new() }, text)
    }
}

/// Styles used by the command-line output.
pub mod style {
    use crossterm::style::{ContentStyle, Stylize};

    /// Column headers.
    pub fn header() -> ContentStyle {
        ContentStyle::new().bold().underlined()
    }
    /// Secondary text: dates, counts.
    pub fn dim() -> ContentStyle {
        ContentStyle::new().dim()
    }
    /// Tags.
    pub fn tag() -> ContentStyle {
        ContentStyle::new().cyan()
    }
    /// Authors.
    pub fn author() -> ContentStyle {
        ContentStyle::new().green()
    }
    /// Words matched in a snippet.
    pub fn matched() -> ContentStyle {
        ContentStyle::new().yellow().bold()
    }
    /// Skipped files.
    pub fn error() -> ContentStyle {
        ContentStyle::new().red().bold()
    }
    /// Problems that did not stop a post from being read.
    pub fn warning() -> ContentStyle {
        ContentStyle::new().yellow()
    }
}
