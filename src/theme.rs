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
    /// The mark of an unread post in the list.
    pub unread: Style,
    /// The star of a starred post.
    pub star: Style,
    /// The name of the syntect theme for code blocks.
    pub syntax_theme: &'static str,
    /// The colours the terminal shows.
    pub depth: Depth,
}

/// How many colours a terminal shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Depth {
    /// Any RGB colour (`COLORTERM=truecolor` or `24bit`).
    #[default]
    TrueColor,
    /// The xterm 256-colour palette (`TERM=*-256color`).
    Palette256,
    /// The 16 ANSI colours.
    Ansi16,
}

impl Depth {
    /// What the environment says the terminal shows: 24-bit colour only
    /// when `COLORTERM` says so, as terminals that lack it mis-draw it.
    pub fn from_env() -> Depth {
        let colorterm = std::env::var("COLORTERM").unwrap_or_default().to_ascii_lowercase();
        let term = std::env::var("TERM").unwrap_or_default();
        Depth::from_names(&colorterm, &term)
    }

    /// The depth `COLORTERM` and `TERM` values name.
    pub fn from_names(colorterm: &str, term: &str) -> Depth {
        if matches!(colorterm, "truecolor" | "24bit") {
            Depth::TrueColor
        } else if term.contains("256") || term.contains("direct") {
            Depth::Palette256
        } else {
            Depth::Ansi16
        }
    }

    /// `color` as this depth can show it: RGB colours go to the nearest
    /// palette entry; named and indexed colours stay.
    pub fn color(self, color: Color) -> Color {
        let Color::Rgb(r, g, b) = color else { return color };
        match self {
            Depth::TrueColor => color,
            Depth::Palette256 => Color::Indexed(palette_256(r, g, b)),
            Depth::Ansi16 => ansi_16(r, g, b),
        }
    }
}

/// The nearest entry of the xterm palette: the 6×6×6 cube or the grey ramp.
fn palette_256(r: u8, g: u8, b: u8) -> u8 {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    let nearest =
        |v: u8| (0..6).min_by_key(|&i| (i32::from(LEVELS[i]) - i32::from(v)).abs()).unwrap_or(0);
    let (ri, gi, bi) = (nearest(r), nearest(g), nearest(b));
    let cube = (LEVELS[ri], LEVELS[gi], LEVELS[bi]);
    let distance = |(x, y, z): (u8, u8, u8)| {
        let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).pow(2);
        d(x, r) + d(y, g) + d(z, b)
    };
    let grey_level = ((i32::from(r) + i32::from(g) + i32::from(b)) / 3 - 8).clamp(0, 230) / 10;
    let grey = (8 + grey_level * 10) as u8;
    if distance((grey, grey, grey)) < distance(cube) {
        232 + grey_level as u8
    } else {
        16 + 36 * ri as u8 + 6 * gi as u8 + bi as u8
    }
}

/// The nearest of the 16 ANSI colours.
fn ansi_16(r: u8, g: u8, b: u8) -> Color {
    const COLORS: [(Color, (u8, u8, u8)); 16] = [
        (Color::Black, (0, 0, 0)),
        (Color::Red, (205, 0, 0)),
        (Color::Green, (0, 205, 0)),
        (Color::Yellow, (205, 205, 0)),
        (Color::Blue, (0, 0, 238)),
        (Color::Magenta, (205, 0, 205)),
        (Color::Cyan, (0, 205, 205)),
        (Color::Gray, (229, 229, 229)),
        (Color::DarkGray, (127, 127, 127)),
        (Color::LightRed, (255, 0, 0)),
        (Color::LightGreen, (0, 255, 0)),
        (Color::LightYellow, (255, 255, 0)),
        (Color::LightBlue, (92, 92, 255)),
        (Color::LightMagenta, (255, 0, 255)),
        (Color::LightCyan, (0, 255, 255)),
        (Color::White, (255, 255, 255)),
    ];
    let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).pow(2);
    COLORS
        .iter()
        .min_by_key(|(_, (x, y, z))| d(*x, r) + d(*y, g) + d(*z, b))
        .map_or(Color::White, |(c, _)| *c)
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
            unread: bold.fg(Color::Cyan),
            star: Style::new().fg(Color::Yellow),
            syntax_theme: "base16-ocean.dark",
            depth: Depth::TrueColor,
        }
    }
}

/// The theme's roles, declared once: [`Theme::ROLES`] (the names a
/// config's `[colors]` table gives) and [`Theme::role_mut`] from one list
/// of `name: field` (or `name: field[index]`).
macro_rules! roles {
    ($($name:ident : $field:ident $([$index:literal])?),* $(,)?) => {
        /// The names of the theme's roles, as a config's `[colors]` table
        /// gives them.
        pub const ROLES: &'static [&'static str] = &[$(stringify!($name)),*];

        /// The style of the role called `name`, to change it.
        pub fn role_mut(&mut self, name: &str) -> Option<&mut Style> {
            Some(match name {
                $(stringify!($name) => &mut self.$field $([$index])?,)*
                _ => return None,
            })
        }
    };
}

impl Theme {
    // Each role once: its name in a config's `[colors]` table, and the
    // style it names.
    roles! {
        heading1: headings[0],
        heading2: headings[1],
        heading3: headings[2],
        heading4: headings[3],
        heading5: headings[4],
        heading6: headings[5],
        heading_mark: heading_mark,
        emphasis: emphasis,
        strong: strong,
        strikethrough: strikethrough,
        inline_code: inline_code,
        code_block: code_block,
        code_label: code_label,
        code_wrap_mark: code_wrap_mark,
        link: link,
        reference_mark: reference_mark,
        link_target: link_target,
        image: image,
        quote_text: quote_text,
        list_marker: list_marker,
        task_done: task_done,
        task_open: task_open,
        rule: rule,
        table_border: table_border,
        table_header: table_header,
        footnote_mark: footnote_mark,
        section: section,
        title: title,
        meta: meta,
        author: author,
        tag: tag,
        search_match: search_match,
        search_current: search_current,
        selection: selection,
        border: border,
        border_focused: border_focused,
        list_match: list_match,
        chip: chip,
        hint: hint,
        warning: warning,
        math: math,
        callout: callout,
        unread: unread,
        star: star,
        quote_bar1: quote_bars[0],
        quote_bar2: quote_bars[1],
        quote_bar3: quote_bars[2],
    }

    /// The default theme for a light background: the same roles, with
    /// colours that read on white, and a light code theme.
    pub fn light() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let paper = Color::Rgb(0xf3, 0xf4, 0xf6);
        Theme {
            headings: [
                bold.fg(Color::Magenta),
                bold.fg(Color::Blue),
                bold.fg(Color::Cyan),
                bold.fg(Color::Green),
                bold.fg(Color::Red),
                Style::new().add_modifier(Modifier::BOLD | Modifier::ITALIC),
            ],
            heading_mark: Style::new().fg(Color::Gray),
            inline_code: Style::new().fg(Color::Red),
            code_block: Style::new().fg(Color::Rgb(0x24, 0x29, 0x2e)).bg(paper),
            code_label: Style::new().fg(Color::White).bg(Color::Blue),
            code_wrap_mark: Style::new().fg(Color::Gray).bg(paper),
            reference_mark: Style::new().fg(Color::Gray),
            rule: Style::new().fg(Color::Gray),
            table_border: Style::new().fg(Color::Gray),
            section: bold.fg(Color::Gray),
            meta: Style::new().fg(Color::Rgb(0x6a, 0x73, 0x7d)),
            hint: Style::new().fg(Color::Rgb(0x6a, 0x73, 0x7d)),
            selection: Style::new().bg(Color::Rgb(0xdd, 0xe4, 0xee)).add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::Gray),
            border_focused: Style::new().fg(Color::Blue),
            list_match: Style::new()
                .fg(Color::Red)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            chip: Style::new().fg(Color::White).bg(Color::Blue),
            warning: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            math: Style::new().fg(Color::Blue).add_modifier(Modifier::ITALIC),
            callout: bold.fg(Color::Blue),
            unread: bold.fg(Color::Blue),
            star: Style::new().fg(Color::Rgb(0xb0, 0x80, 0x00)),
            syntax_theme: "InspiredGitHub",
            ..Theme::default()
        }
    }

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
            unread: none,
            star: none,
            syntax_theme: "",
            depth: Depth::TrueColor,
        }
    }

    /// The default theme in the colours this terminal shows (see
    /// [`Depth::from_env`]).
    pub fn for_terminal() -> Self {
        Theme::default().with_depth(Depth::from_env())
    }

    /// This theme with every RGB colour brought to `depth`.
    pub fn with_depth(mut self, depth: Depth) -> Self {
        let fix = |style: &mut Style| {
            style.fg = style.fg.map(|c| depth.color(c));
            style.bg = style.bg.map(|c| depth.color(c));
        };
        fix(&mut self.code_block);
        fix(&mut self.code_wrap_mark);
        fix(&mut self.code_label);
        for style in [&mut self.selection, &mut self.meta, &mut self.hint, &mut self.star] {
            fix(style);
        }
        self.depth = depth;
        self
    }

    /// Whether code blocks get syntax colours.
    pub fn highlights_code(&self) -> bool {
        !self.syntax_theme.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_name_reaches_a_style() {
        let mut theme = Theme::plain();
        for role in Theme::ROLES {
            let style = theme.role_mut(role).unwrap_or_else(|| panic!("{role}"));
            *style = Style::new().fg(Color::Red);
        }
        assert_eq!(theme.title.fg, Some(Color::Red));
        assert_eq!(theme.headings[5].fg, Some(Color::Red));
        assert!(theme.role_mut("titel").is_none());
    }

    #[test]
    fn depth_from_the_environment() {
        assert_eq!(Depth::from_names("truecolor", "xterm-256color"), Depth::TrueColor);
        assert_eq!(Depth::from_names("24bit", "xterm"), Depth::TrueColor);
        assert_eq!(Depth::from_names("", "xterm-256color"), Depth::Palette256);
        assert_eq!(Depth::from_names("", "linux"), Depth::Ansi16);
    }

    #[test]
    fn rgb_goes_to_the_nearest_palette_entry() {
        assert_eq!(Depth::Palette256.color(Color::Rgb(255, 0, 0)), Color::Indexed(196));
        assert_eq!(Depth::Palette256.color(Color::Rgb(0, 0, 0)), Color::Indexed(16));
        assert_eq!(Depth::Palette256.color(Color::Rgb(0x2b, 0x30, 0x3b)), Color::Indexed(236));
        assert_eq!(Depth::Ansi16.color(Color::Rgb(250, 10, 10)), Color::LightRed);
        assert_eq!(Depth::TrueColor.color(Color::Rgb(1, 2, 3)), Color::Rgb(1, 2, 3));
        assert_eq!(Depth::Ansi16.color(Color::Cyan), Color::Cyan, "named colours stay");
        let theme = Theme::default().with_depth(Depth::Palette256);
        assert!(matches!(theme.code_block.bg, Some(Color::Indexed(_))));
    }
}
