//! Taking over the terminal and giving it back, whatever happens: on quit,
//! on a panic (the message is printed after the terminal is restored), on
//! a signal, and around a suspend (Ctrl-z).

use std::io::{self, Stdout, Write};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

/// Whether the terminal is currently taken over.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// The terminal's modes before folio first changed them.
static ORIGINAL: OnceLock<rustix::termios::Termios> = OnceLock::new();

/// What gives the screen back: the mouse, bracketed paste, the alternate
/// screen and the hidden cursor undone (as [`leave`] does through crossterm).
const LEAVE: &[u8] =
    b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?2004l\x1b[?1049l\x1b[?25h";

/// Gives the terminal back from a handler of a fatal signal (an abort, a
/// stack overflow), where no destructor or panic hook will run: only
/// system calls, no allocation, no lock. The binary installs the handler.
pub fn restore_after_fatal_signal() {
    if ACTIVE.load(Ordering::SeqCst) {
        let _ = rustix::io::write(io::stdout(), LEAVE);
    }
    restore_modes();
}

fn restore_modes() {
    if let Some(modes) = ORIGINAL.get() {
        let _ =
            rustix::termios::tcsetattr(io::stdin(), rustix::termios::OptionalActions::Now, modes);
    }
}

/// The terminal folio draws on.
pub type Screen = Terminal<CrosstermBackend<Stdout>>;

/// Raw mode, the alternate screen, and the mouse if asked.
pub fn enter(mouse: bool) -> io::Result<Screen> {
    take_over(mouse)?;
    let mut screen = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    redraw_all(&mut screen)?;
    Ok(screen)
}

/// Clears the screen so that the next draw paints every cell; returns the
/// size. (ratatui's own `clear` asks the terminal for the cursor, whose
/// answer the key-reading thread would take.)
pub fn redraw_all(screen: &mut Screen) -> io::Result<ratatui::layout::Size> {
    let size = screen.size()?;
    screen.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
    Ok(size)
}

/// Sets the terminal's modes (again, after a suspend). The [`Screen`] is
/// kept: making a new one would ask the terminal for the cursor, and the
/// answer would go to the thread reading keys.
pub fn take_over(mouse: bool) -> io::Result<()> {
    // The modes as the user had them, once: a program run meanwhile (the
    // editor) may die with the terminal raw, and raw mode would then take
    // that for the modes to give back.
    if ORIGINAL.get().is_none()
        && let Ok(modes) = rustix::termios::tcgetattr(io::stdin())
    {
        let _ = ORIGINAL.set(modes);
    }
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut stdout = io::stdout();
    execute!(stdout, EnterAlternateScreen, EnableBracketedPaste, cursor::Hide)?;
    if mouse {
        execute!(stdout, EnableMouseCapture)?;
    }
    Ok(())
}

/// Gives the terminal back as it was. Safe to call more than once and from
/// a panic hook: errors are ignored, since there is nothing better to do.
pub fn leave() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut stdout = io::stdout();
    let _ = execute!(
        stdout,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    restore_modes();
    let _ = stdout.flush();
}

/// Captures or releases the mouse.
pub fn set_mouse(capture: bool) -> io::Result<()> {
    if capture {
        execute!(io::stdout(), EnableMouseCapture)
    } else {
        execute!(io::stdout(), DisableMouseCapture)
    }
}

/// Restores the terminal before the panic message is printed, then ends
/// the process: a reader whose terminal is gone is of no use.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        previous(info);
        std::process::exit(101);
    }));
}

/// Restores the terminal when dropped, so that an early return cannot leave
/// it in raw mode.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        leave();
    }
}

/// Writes the links' text again, as it is in `buffer`, inside OSC 8
/// hyperlinks. The targets are sanitized web addresses; the cells are
/// folio's own.
pub fn write_hyperlinks(
    buffer: &ratatui::buffer::Buffer,
    links: &[crate::ui::Hyperlink],
) -> io::Result<()> {
    if links.is_empty() {
        return Ok(());
    }
    let mut out = io::stdout().lock();
    // The cursor may be where a search is typed: put it back after.
    execute!(out, cursor::SavePosition)?;
    for link in links {
        execute!(out, cursor::MoveTo(link.x, link.y))?;
        write!(out, "\x1b]8;;{}\x1b\\", link.target)?;
        let mut x = link.x;
        while x < link.x + link.width {
            let Some(cell) = buffer.cell((x, link.y)) else { break };
            let style =
                ratatui::style::Style::new().fg(cell.fg).bg(cell.bg).add_modifier(cell.modifier);
            write!(out, "{}{}", crate::ansi::sgr(style), cell.symbol())?;
            // A wide character's second cell is drawn by the first.
            x += (crate::text::width(cell.symbol()) as u16).max(1);
        }
        write!(out, "\x1b]8;;\x1b\\\x1b[0m")?;
    }
    execute!(out, cursor::RestorePosition)?;
    out.flush()
}

/// Whether the terminal's background is light: as it answered OSC 11
/// (asked with the other questions in [`crate::graphics::probe::ask`]);
/// else as `COLORFGBG` says; else dark.
pub fn background_is_light(answered: Option<(f32, f32, f32)>) -> bool {
    match answered {
        Some((r, g, b)) => 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.5,
        None => colorfgbg_is_light(std::env::var("COLORFGBG").ok().as_deref()),
    }
}

/// `COLORFGBG="15;0"`: the background is the last number; 7 and 15 are
/// light.
fn colorfgbg_is_light(value: Option<&str>) -> bool {
    let background = value.and_then(|v| v.rsplit(';').next()).and_then(|b| b.parse::<u8>().ok());
    matches!(background, Some(7 | 15))
}

/// Puts `text` on the clipboard. Inside tmux, through tmux's own buffer
/// (`load-buffer -w` also hands it to the outer terminal): tmux's default
/// `set-clipboard external` drops an OSC 52 from a program. Elsewhere (or
/// when that fails) with OSC 52, which a terminal may ignore: then the
/// answer says the copy may not have arrived.
pub fn copy_to_clipboard(text: &str) -> io::Result<Option<String>> {
    use base64::Engine;
    let in_tmux = std::env::var_os("TMUX").is_some_and(|v| !v.is_empty());
    if in_tmux && tmux_buffer(text).is_ok() {
        return Ok(None);
    }
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = io::stdout().lock();
    if in_tmux {
        // Passed through to the outer terminal, when tmux allows it.
        write!(out, "\x1bPtmux;\x1b\x1b]52;c;{encoded}\x07\x1b\\")?;
        out.flush()?;
        return Ok(Some(
            "Sent through tmux with OSC 52: it arrives only with tmux's allow-passthrough on"
                .to_string(),
        ));
    }
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()?;
    Ok(None)
}

fn tmux_buffer(text: &str) -> io::Result<()> {
    use std::process::{Command, Stdio};
    let mut child = Command::new("tmux")
        .args(["load-buffer", "-w", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    if let Some(mut input) = child.stdin.take() {
        input.write_all(text.as_bytes())?;
    }
    let status = child.wait()?;
    if status.success() { Ok(()) } else { Err(io::Error::other(format!("tmux {status}"))) }
}

#[cfg(test)]
mod background_tests {
    use super::*;

    #[test]
    fn colorfgbg_is_read() {
        assert!(background_is_light(Some((1.0, 1.0, 1.0))));
        assert!(!background_is_light(Some((0.1, 0.1, 0.2))));
        assert!(colorfgbg_is_light(Some("0;15")));
        assert!(!colorfgbg_is_light(Some("15;0")));
        assert!(!colorfgbg_is_light(None));
    }
}
