//! Taking over the terminal and giving it back, whatever happens: on quit,
//! on a panic (the message is printed after the terminal is restored), on
//! a signal, and around a suspend (Ctrl-z).

use std::io::{self, Stdout, Write};
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
