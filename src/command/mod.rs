//! The subcommands that answer on standard output: `list`, `check`, `render`.

pub mod check;
pub mod list;
pub mod man;
pub mod pager;
pub mod render;
pub mod search;

use std::io::IsTerminal;

use crossterm::style::{ContentStyle, StyledContent};

pub use crate::cli::When;
pub use crate::text::{plural, thousands};

/// How output may be decorated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Terminal {
    /// Columns available: the terminal's, else `COLUMNS`; `None` in a
    /// pipe without `COLUMNS`.
    pub width: Option<u16>,
    /// Rows, when output goes to a terminal that says.
    pub height: Option<u16>,
    /// Whether ANSI colours and styles may be used.
    pub color: bool,
    /// Whether links may be made clickable (OSC 8).
    pub hyperlinks: bool,
    /// Whether standard output is a terminal.
    pub is_terminal: bool,
}

impl Terminal {
    /// What standard output is and may take, as `color` and `hyperlinks`
    /// ask.
    pub fn stdout(color: When, hyperlinks: When) -> Terminal {
        let is_terminal = std::io::stdout().is_terminal();
        // A terminal of 0x0 (`script`, some editors' terminals) says nothing.
        let size = if is_terminal { crossterm::terminal::size().ok() } else { None };
        let size = size.filter(|&(w, h)| w > 0 && h > 0);
        let columns = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse().ok());
        let width = size.map(|(w, _)| w).or(columns).filter(|&w| w > 0);
        let width = if is_terminal { width.or(Some(80)) } else { width };
        Terminal {
            width,
            height: size.map(|(_, h)| h),
            color: colour_wanted(color, is_terminal),
            hyperlinks: hyperlinks_wanted(hyperlinks, is_terminal),
            is_terminal,
        }
    }

    /// Not a terminal: plain text, no width limit.
    pub fn plain() -> Terminal {
        Terminal::default()
    }

    /// `text` with `style` applied when colour is on.
    pub fn paint<'a>(&self, text: &'a str, style: ContentStyle) -> StyledContent<&'a str> {
        StyledContent::new(if self.color { style } else { ContentStyle::new() }, text)
    }
}

/// Whether to colour: `never` and `always` say; `auto` follows `NO_COLOR`
/// (off), `CLICOLOR_FORCE` (on, even in a pipe), then whether output is a
/// terminal, and `TERM=dumb` (off).
pub fn colour_wanted(when: When, is_terminal: bool) -> bool {
    match when {
        When::Never => false,
        When::Always => true,
        When::Auto if anstyle_query::no_color() => false,
        When::Auto if anstyle_query::clicolor_force() => true,
        When::Auto => is_terminal && anstyle_query::term_supports_color(),
    }
}

/// Whether to make links clickable (OSC 8): `auto` on a terminal known to
/// show them; the reader and `render` alike.
pub fn hyperlinks_wanted(when: When, is_terminal: bool) -> bool {
    match when {
        When::Never => false,
        When::Always => true,
        When::Auto => is_terminal && crate::ansi::takes_hyperlinks(),
    }
}

/// What the reader marked in `dir`: posts read and starred.
pub fn marks_of(dir: &std::path::Path) -> crate::state::Marks {
    crate::state::location(dir).map(|f| crate::state::peek(&f)).unwrap_or_default()
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
