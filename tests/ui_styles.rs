//! Screens with their styles, keys pressed through the keymap as a user
//! presses them: the selection, matches, unread and starred marks, and the
//! themes a config asks for.

use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use folio::app::{App, keymap};
use folio::config::{self, Config};
use folio::theme::Theme;
use folio::{Index, ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Style;

fn app(theme: Theme, config: &Config) -> App {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-posts");
    let mut app = App::with_index(Index::build(&root).unwrap(), theme, (80, 14));
    app.configure(config);
    app
}

/// Presses keys as a terminal sends them: `j`, `*`, `enter`, `ctrl-d`…,
/// each through the app's keymap.
fn press(app: &mut App, keys: &[&str]) {
    for key in keys {
        let parsed = keymap::Key::parse(key).unwrap();
        let event = KeyEvent::new(parsed.code, parsed.modifiers);
        if let Some(msg) = keymap::msg_for(app, event) {
            app.update(msg);
            app.settle();
        }
    }
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        let code = KeyCode::Char(c);
        if let Some(msg) = keymap::msg_for(app, KeyEvent::new(code, KeyModifiers::NONE)) {
            app.update(msg);
            app.settle();
        }
    }
}

/// The screen, each run of one style written once before its text:
/// `{fg bg modifiers}text`.
fn styled(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    terminal.draw(|frame| ui::draw(app, frame)).unwrap();
    let buffer = terminal.backend().buffer().clone();
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

#[test]
fn selection_unread_and_starred_marks() {
    let mut app = app(Theme::default(), &Config::default());
    // Star the first post, read the second, come back to the list.
    press(&mut app, &["*", "j", "enter", "h"]);
    let screen = styled(&app);
    assert!(screen.contains("★"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn matches_in_the_list() {
    let mut app = app(Theme::default(), &Config::default());
    press(&mut app, &["/"]);
    typed(&mut app, "rust err");
    insta::assert_snapshot!(styled(&app));
}

#[test]
fn a_light_theme_with_colours_of_ones_own() {
    let text = "theme = \"light\"\n[colors]\ntitle = \"bold red\"\nselection = \"on #ffe0a0\"\n";
    let config = config::parse(text, Path::new("config.toml")).unwrap();
    let theme = config.theme_in(true, || false, folio::theme::Depth::TrueColor);
    let selection = format!("{:?}", theme.selection.bg.unwrap());
    let mut app = app(theme, &config);
    press(&mut app, &["enter"]);
    let screen = styled(&app);
    let dark = styled(&self::app(Theme::default(), &Config::default()));
    assert_ne!(screen, dark, "the config changes the screen");
    assert_eq!(selection, "Rgb(255, 224, 160)");
    assert!(screen.contains(&selection), "the selection colour given: {selection}");
    insta::assert_snapshot!(screen);
}

#[test]
fn a_remapped_key_works_and_the_help_shows_it() {
    let config =
        config::parse("[keys]\nhelp = [\"h\"]\nfocus_list = [\"H\"]\n", Path::new("c")).unwrap();
    let mut app = app(Theme::plain(), &config);
    press(&mut app, &["?"]);
    assert!(!styled(&app).contains("Keys"), "? no longer opens the help");
    press(&mut app, &["h"]);
    let mut terminal = Terminal::new(TestBackend::new(100, 60)).unwrap();
    app.update(folio::app::Msg::Resize(100, 60));
    terminal.draw(|frame| ui::draw(&app, frame)).unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains("Keys"), "h opens it:\n{screen}");
    let line = screen.lines().find(|l| l.contains("this help")).unwrap();
    assert!(line.contains(" h ") && !line.contains('?'), "{line}");
}
