//! Styled lines as text for a terminal: ANSI SGR sequences, or none.

use std::io::{self, Write};

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;

use crate::markdown::Article;

/// Writes `lines`, with styles as ANSI sequences when `color` is set. The
/// text itself was sanitized when it was rendered, so the only escape
/// sequences in the output are the ones written here.
pub fn write_lines(out: &mut impl Write, lines: &[Line<'_>], color: bool) -> io::Result<()> {
    write_linked(out, lines, color, &[])
}

/// Writes an article's lines as [`write_lines`] does and, with `color`, its
/// links as OSC 8 hyperlinks that terminals let the reader open.
pub fn write_article(
    out: &mut impl Write,
    article: &Article,
    color: bool,
    hyperlinks: bool,
) -> io::Result<()> {
    let mut places: Vec<Place<'_>> = if color && hyperlinks {
        article
            .places
            .iter()
            .filter_map(|&(link, line, from, to)| {
                let target = article.links.get(link)?.target.as_str();
                (hyperlink_safe(target) && from < to).then_some(Place { line, from, to, target })
            })
            .collect()
    } else {
        Vec::new()
    };
    places.sort_by_key(|p| (p.line, p.from));
    write_linked(out, &article.lines, color, &places)
}

/// Whether the terminal is one known to take OSC 8 hyperlinks (others may
/// print the sequence as text): kitty, WezTerm, iTerm2, VS Code, Ghostty,
/// foot, Alacritty, Windows Terminal and VTE-based terminals.
pub fn takes_hyperlinks() -> bool {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if var("FOLIO_HYPERLINKS") == "0" {
        return false;
    }
    let term = var("TERM");
    let program = var("TERM_PROGRAM");
    matches!(program.as_str(), "WezTerm" | "iTerm.app" | "vscode" | "ghostty")
        || ["kitty", "foot", "alacritty", "ghostty", "wezterm"].iter().any(|t| term.contains(t))
        || !var("WT_SESSION").is_empty()
        || var("VTE_VERSION").parse::<u32>().is_ok_and(|v| v >= 5000)
        || var("FOLIO_HYPERLINKS") == "1"
}

/// A link's text on a line, and where it leads.
struct Place<'a> {
    line: usize,
    from: usize,
    to: usize,
    target: &'a str,
}

/// A target printed inside an escape sequence: web and mail addresses
/// only (a terminal cannot open a post's relative path, and `javascript:`
/// is nothing to hand it), with no control character (sanitized text has
/// none) and no blank.
pub(crate) fn hyperlink_safe(target: &str) -> bool {
    crate::post::resolve::is_web_address(target)
        && target.chars().all(|c| crate::sanitize::is_safe(c) && c != ' ')
}

fn write_linked(
    out: &mut impl Write,
    lines: &[Line<'_>],
    color: bool,
    places: &[Place<'_>],
) -> io::Result<()> {
    let mut sgr = String::with_capacity(32);
    let mut places = places.iter().peekable();
    for (index, line) in lines.iter().enumerate() {
        let mut open = false;
        let mut current = Style::new();
        while places.next_if(|p| p.line < index).is_some() {}
        let mut column = 0;
        let mut linked: Option<&Place<'_>> = None;
        for span in &line.spans {
            let style = line.style.patch(span.style);
            if color && style != current {
                sgr.clear();
                sgr.push_str("\x1b[0");
                push_style(&mut sgr, style);
                sgr.push('m');
                out.write_all(sgr.as_bytes())?;
                current = style;
                open = style != Style::new();
            }
            // Hyperlinks open and close at span edges: link text is drawn
            // in spans of its own.
            if let Some(place) = linked
                && column >= place.to
            {
                out.write_all(b"\x1b]8;;\x1b\\")?;
                linked = None;
            }
            if linked.is_none()
                && let Some(place) = places.next_if(|p| p.line == index && p.from <= column)
            {
                write!(out, "\x1b]8;;{}\x1b\\", place.target)?;
                linked = Some(place);
            }
            out.write_all(span.content.as_bytes())?;
            column += crate::text::width(&span.content);
        }
        if linked.is_some() {
            out.write_all(b"\x1b]8;;\x1b\\")?;
        }
        if open {
            out.write_all(b"\x1b[0m")?;
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// `ESC [ 0 ; … m` for `style`.
pub(crate) fn sgr(style: Style) -> String {
    let mut sgr = String::from("\x1b[0");
    push_style(&mut sgr, style);
    sgr.push('m');
    sgr
}

fn push_style(sgr: &mut String, style: Style) {
    use std::fmt::Write as _;
    for (modifier, code) in [
        (Modifier::BOLD, 1),
        (Modifier::DIM, 2),
        (Modifier::ITALIC, 3),
        (Modifier::UNDERLINED, 4),
        (Modifier::REVERSED, 7),
        (Modifier::CROSSED_OUT, 9),
    ] {
        if style.add_modifier.contains(modifier) {
            let _ = write!(sgr, ";{code}");
        }
    }
    if let Some(fg) = style.fg {
        push_color(sgr, fg, 30);
    }
    if let Some(bg) = style.bg {
        push_color(sgr, bg, 40);
    }
}

/// `base` is 30 for foreground, 40 for background.
fn push_color(sgr: &mut String, color: Color, base: u8) {
    use std::fmt::Write as _;
    let named = |n: u8| if n < 8 { base + n } else { base + 60 + n - 8 };
    let _ = match color {
        Color::Reset => write!(sgr, ";{}", base + 9),
        Color::Black => write!(sgr, ";{}", named(0)),
        Color::Red => write!(sgr, ";{}", named(1)),
        Color::Green => write!(sgr, ";{}", named(2)),
        Color::Yellow => write!(sgr, ";{}", named(3)),
        Color::Blue => write!(sgr, ";{}", named(4)),
        Color::Magenta => write!(sgr, ";{}", named(5)),
        Color::Cyan => write!(sgr, ";{}", named(6)),
        Color::Gray => write!(sgr, ";{}", named(7)),
        Color::DarkGray => write!(sgr, ";{}", named(8)),
        Color::LightRed => write!(sgr, ";{}", named(9)),
        Color::LightGreen => write!(sgr, ";{}", named(10)),
        Color::LightYellow => write!(sgr, ";{}", named(11)),
        Color::LightBlue => write!(sgr, ";{}", named(12)),
        Color::LightMagenta => write!(sgr, ";{}", named(13)),
        Color::LightCyan => write!(sgr, ";{}", named(14)),
        Color::White => write!(sgr, ";{}", named(15)),
        Color::Indexed(n) => write!(sgr, ";{};5;{n}", base + 8),
        Color::Rgb(r, g, b) => write!(sgr, ";{};2;{r};{g};{b}", base + 8),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::text::Span;

    fn written(lines: &[Line<'_>], color: bool) -> String {
        let mut out = Vec::new();
        write_lines(&mut out, lines, color).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn plain_has_no_escapes() {
        let lines = [Line::from(vec![
            Span::styled("bold", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(" x"),
        ])];
        assert_eq!(written(&lines, false), "bold x\n");
    }

    #[test]
    fn colour_sequences() {
        let style =
            Style::new().fg(Color::Red).bg(Color::Rgb(1, 2, 3)).add_modifier(Modifier::BOLD);
        let lines = [Line::from(vec![Span::styled("a", style), Span::raw("b")])];
        assert_eq!(written(&lines, true), "\x1b[0;1;31;48;2;1;2;3ma\x1b[0mb\n");
        let bright = [Line::from(Span::styled("c", Style::new().fg(Color::LightBlue)))];
        assert_eq!(written(&bright, true), "\x1b[0;94mc\x1b[0m\n");
    }
}
