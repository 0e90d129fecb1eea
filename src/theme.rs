//! Every style folio draws with, in one place.
//!
//! The default theme uses the terminal's sixteen named colours, so it
//! follows the user's own palette, light or dark. Only code blocks use the
//! exact colours of their syntax theme.

use ratatui::style::{Color, Modifier, Style};

/// Styles for the article and the reader.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    /// Headings by level, h1 first.
    pub headings: [Style; 6],
    /// The `###` marks before h3-h6 and the rules under h1 and h2.
    pub heading_mark: Style,
    /// `*emphasis*`.
    pub emphasis: Style,
    /// `**strong**`.
    pub strong: Style,
    /// `~~strikethrough~~`.
    pub strikethrough: Style,
    /// `` `inline code` ``.
    pub inline_code: Style,
    /// Code block text without syntax colours, and the block's background.
    pub code_block: Style,
    /// The language label above a code block.
    pub code_label: Style,
    /// The mark at the start of a wrapped code line.
    pub code_wrap_mark: Style,
    /// Link text.
    pub link: Style,
    /// The `[n]` after a link or image, and the numbers in the list of links.
    pub reference_mark: Style,
    /// Link targets in the list of links.
    pub link_target: Style,
    /// Image alt text.
    pub image: Style,
    /// Block quote bars, by depth (cycled).
    pub quote_bars: [Style; 3],
    /// Text inside block quotes.
    pub quote_text: Style,
    /// List bullets and numbers.
    pub list_marker: Style,
    /// A done task's box.
    pub task_done: Style,
    /// An open task's box.
    pub task_open: Style,
    /// Thematic breaks.
    pub rule: Style,
    /// HTML shown as source.
    pub html: Style,
    /// Table borders.
    pub table_border: Style,
    /// Table header cells.
    pub table_header: Style,
    /// Footnote markers in the text.
    pub footnote_mark: Style,
    /// Section titles the renderer adds ("Footnotes", "Links").
    pub section: Style,
    /// The article header's title.
    pub title: Style,
    /// Secondary text: dates, counts, reading time.
    pub meta: Style,
    /// Author names.
    pub author: Style,
    /// Tag chips.
    pub tag: Style,
    /// Search matches inside an article.
    pub search_match: Style,
    /// The current search match.
    pub search_current: Style,
    /// The selected row of a list.
    pub selection: Style,
    /// Pane borders.
    pub border: Style,
    /// The focused pane's border.
    pub border_focused: Style,
    /// Characters of a title that match the search.
    pub list_match: Style,
    /// Filter chips in the status line.
    pub chip: Style,
    /// Key hints in the status line.
    pub hint: Style,
    /// The warnings count in the status line.
    pub warning: Style,
    /// TeX math, converted to Unicode.
    pub math: Style,
    /// A callout's label (Note, Warning…).
    pub callout: Style,
    /// The name of the syntect theme for code blocks.
    pub syntax_theme: &'static str,
}

impl Default for Theme {
    fn default() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            headings: [
                bold.fg(Color::Magenta),
                bold.fg(Color::Cyan),
                bold.fg(Color::Blue),
                bold.fg(Color::Green),
                bold.fg(Color::Yellow),
                Style::new().add_modifier(Modifier::BOLD | Modifier::ITALIC),
            ],
            heading_mark: Style::new().fg(Color::DarkGray),
            emphasis: Style::new().add_modifier(Modifier::ITALIC),
            strong: bold,
            strikethrough: Style::new().add_modifier(Modifier::CROSSED_OUT),
            inline_code: Style::new().fg(Color::Yellow),
            code_block: Style::new()
                .fg(Color::Rgb(0xc0, 0xc5, 0xce))
                .bg(Color::Rgb(0x2b, 0x30, 0x3b)),
            code_label: Style::new().fg(Color::Black).bg(Color::Cyan),
            code_wrap_mark: Style::new().fg(Color::DarkGray).bg(Color::Rgb(0x2b, 0x30, 0x3b)),
            link: Style::new().fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
            reference_mark: Style::new().fg(Color::DarkGray),
            link_target: Style::new().fg(Color::Blue),
            image: Style::new().fg(Color::Magenta).add_modifier(Modifier::ITALIC),
            quote_bars: [
                Style::new().fg(Color::Green),
                Style::new().fg(Color::Blue),
                Style::new().fg(Color::Magenta),
            ],
            quote_text: Style::new().add_modifier(Modifier::ITALIC),
            list_marker: Style::new().fg(Color::Cyan),
            task_done: Style::new().fg(Color::Green),
            task_open: Style::new().fg(Color::Yellow),
            rule: Style::new().fg(Color::DarkGray),
            html: Style::new().fg(Color::DarkGray),
            table_border: Style::new().fg(Color::DarkGray),
            table_header: bold,
            footnote_mark: Style::new().fg(Color::Cyan),
            section: bold.fg(Color::DarkGray),
            title: bold.fg(Color::Magenta),
            meta: Style::new().fg(Color::DarkGray),
            author: Style::new().fg(Color::Green),
            tag: Style::new().fg(Color::Cyan),
            search_match: Style::new().bg(Color::Yellow).fg(Color::Black),
            search_current: Style::new().bg(Color::LightRed).fg(Color::Black),
            selection: Style::new().bg(Color::DarkGray).add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new().fg(Color::Cyan),
            list_match: Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            chip: Style::new().fg(Color::Black).bg(Color::Cyan),
            hint: Style::new().fg(Color::DarkGray),
            warning: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            math: Style::new().fg(Color::LightCyan).add_modifier(Modifier::ITALIC),
            callout: bold.fg(Color::LightBlue),
            syntax_theme: "base16-ocean.dark",
        }
    }
}

impl Theme {
    /// A theme with no colour and no style at all, for plain output; the
    /// structure (bullets, bars, rules, marks) still shows.
    pub fn plain() -> Self {
        let none = Style::new();
        Theme {
            headings: [none; 6],
            heading_mark: none,
            emphasis: none,
            strong: none,
            strikethrough: none,
            inline_code: none,
            code_block: none,
            code_label: none,
            code_wrap_mark: none,
            link: none,
            reference_mark: none,
            link_target: none,
            image: none,
            quote_bars: [none; 3],
            quote_text: none,
            list_marker: none,
            task_done: none,
            task_open: none,
            rule: none,
            html: none,
            table_border: none,
            table_header: none,
            footnote_mark: none,
            section: none,
            title: none,
            meta: none,
            author: none,
            tag: none,
            search_match: none,
            search_current: none,
            selection: Style::new().add_modifier(Modifier::REVERSED),
            border: none,
            border_focused: none,
            list_match: none,
            chip: none,
            hint: none,
            warning: none,
            math: none,
            callout: none,
            syntax_theme: "",
        }
    }

    /// Whether code blocks get syntax colours.
    pub fn highlights_code(&self) -> bool {
        !self.syntax_theme.is_empty()
    }
}
