//! The one kit of the screen tests: a reader on the sample posts, keys
//! pressed by name through its keymap as a terminal sends them, and the
//! screen dumped as text, or as text with its styles.

use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use folio::app::{App, keymap};
use folio::theme::Theme;
use folio::{Index, ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Style;

/// A reader on the sample posts, every request carried out.
pub fn sample(theme: Theme, size: (u16, u16)) -> App {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-posts");
    App::with_index(Index::build(&root).unwrap(), theme, size)
}

/// Presses keys by name (`j`, `*`, `enter`, `ctrl-d`, `down`…), each
/// through the app's keymap, then carries out what it asked.
pub fn press(app: &mut App, keys: &[&str]) {
    for key in keys {
        let parsed = keymap::Key::parse(key).unwrap_or_else(|e| panic!("{key}: {e}"));
        let event = KeyEvent::new(parsed.code, parsed.modifiers);
        if let Some(msg) = keymap::msg_for(app, event) {
            app.update(msg);
            app.settle();
        }
    }
}

/// Types `text`, a key per character.
pub fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        let event = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        if let Some(msg) = keymap::msg_for(app, event) {
            app.update(msg);
            app.settle();
        }
    }
}

/// The screen's cells, drawn at `size`.
pub fn draw(app: &App, size: (u16, u16)) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    terminal.draw(|frame| ui::draw(app, frame)).unwrap();
    terminal.backend().buffer().clone()
}

/// The screen as text, framed as ratatui's test backend prints it.
pub fn screen(app: &App) -> String {
    screen_of(app, app.layout.size)
}

/// The screen as text, drawn in a frame of `size` (which may differ from
/// the size the state knows).
pub fn screen_of(app: &App, size: (u16, u16)) -> String {
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    terminal.draw(|frame| ui::draw(app, frame)).unwrap();
    terminal.backend().to_string()
}

/// The screen, each run of one style written once before its text:
/// `{fg bg modifiers}text`.
pub fn styled(app: &App) -> String {
    let buffer = draw(app, app.layout.size);
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut current: Option<Style> = None;
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            let style = cell.style();
            if current != Some(style) {
                let mods = format!("{:?}", style.add_modifier).replace("Modifier(", "(");
                out.push_str(&format!("{{{:?} {:?} {mods}}}", style.fg, style.bg));
                current = Some(style);
            }
            out.push_str(cell.symbol());
        }
        out.push('\n');
    }
    out
}
