//! Which keymap mode the reader is in, and what a pressed key becomes: a
//! [`Msg`] for [`App::update`]. The keys themselves live in [`crate::keys`].

#[cfg(test)]
use crossterm::event::KeyModifiers;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

pub use crate::keys::{Key, Keymap, Mode};

use super::{App, Msg, Overlay};

/// The mode the reader's keys are in now.
pub fn mode(app: &App) -> Mode {
    match app.overlay {
        Overlay::None => Mode::Panes,
        Overlay::Search(_)
        | Overlay::ArticleSearch(_)
        | Overlay::Outline(_)
        | Overlay::FullText(_) => Mode::Line,
        Overlay::Tags(_) | Overlay::Authors(_) | Overlay::Links(_) => Mode::Picker,
        Overlay::Help(_) | Overlay::Warnings(_) => Mode::Page,
    }
}

/// Whether the keys type into a line now (a search, a picker's filter,
/// the outline's), so that pasted text has somewhere to go.
pub fn takes_text(app: &App) -> bool {
    matches!(mode(app), Mode::Line | Mode::Picker)
}

/// What a key does in the current state, if anything.
pub fn msg_for(app: &App, key: KeyEvent) -> Option<Msg> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let mode = mode(app);
    let pressed = Key::of(&key);
    if let Some(command) = app.keymap.command(mode, pressed) {
        return Some(Msg::Command(command));
    }
    match pressed.code {
        KeyCode::Char(c) if takes_text(app) && pressed.modifiers.is_empty() => {
            Some(Msg::Text(c.to_string()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::Command;
    use crate::theme::Theme;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    const NONE: KeyModifiers = KeyModifiers::NONE;
    const CTRL: KeyModifiers = KeyModifiers::CONTROL;

    #[test]
    fn the_contract_keys() {
        let app = App::new(".".into(), Theme::plain(), (120, 40));
        let msg = |code, mods| msg_for(&app, key(code, mods)).map(|a| format!("{a:?}"));
        assert_eq!(msg(KeyCode::Char('j'), NONE).as_deref(), Some("Command(Down)"));
        assert_eq!(
            msg(KeyCode::Char('G'), KeyModifiers::SHIFT).as_deref(),
            Some("Command(Bottom)")
        );
        assert_eq!(msg(KeyCode::Char('d'), CTRL).as_deref(), Some("Command(HalfPageDown)"));
        assert_eq!(msg(KeyCode::Char('D'), CTRL).as_deref(), Some("Command(HalfPageDown)"));
        assert_eq!(msg(KeyCode::Tab, NONE).as_deref(), Some("Command(ToggleFocus)"));
        assert_eq!(
            msg(KeyCode::BackTab, KeyModifiers::SHIFT).as_deref(),
            Some("Command(ToggleFocus)")
        );
        assert_eq!(msg(KeyCode::Char('/'), NONE).as_deref(), Some("Command(Search)"));
        assert_eq!(msg(KeyCode::Char('t'), NONE).as_deref(), Some("Command(TagPicker)"));
        assert_eq!(msg(KeyCode::Char('?'), NONE).as_deref(), Some("Command(Help)"));
        assert_eq!(msg(KeyCode::Char('c'), CTRL).as_deref(), Some("Command(Quit)"));
        assert_eq!(msg(KeyCode::Char('x'), NONE), None);
    }

    #[test]
    fn typing_in_the_search_line() {
        let mut app = App::new(".".into(), Theme::plain(), (120, 40));
        app.overlay = Overlay::Search(Default::default());
        let msg = |code, mods| msg_for(&app, key(code, mods)).map(|a| format!("{a:?}"));
        assert_eq!(msg(KeyCode::Char('q'), NONE).as_deref(), Some("Text(\"q\")"));
        assert_eq!(msg(KeyCode::Char('w'), CTRL).as_deref(), Some("Command(DeleteWord)"));
        assert_eq!(msg(KeyCode::Char('a'), CTRL).as_deref(), Some("Command(LineStart)"));
        assert_eq!(msg(KeyCode::Esc, NONE).as_deref(), Some("Command(Cancel)"));
        assert_eq!(msg(KeyCode::Char('n'), CTRL).as_deref(), Some("Command(Down)"));
        assert_eq!(msg(KeyCode::Char('c'), CTRL).as_deref(), Some("Command(Quit)"));
    }

    #[test]
    fn keys_parse_and_show() {
        for (text, shown) in [
            ("q", "q"),
            ("G", "G"),
            ("ctrl-d", "Ctrl-d"),
            ("Ctrl-D", "Ctrl-d"),
            ("alt-backspace", "Alt-Backspace"),
            ("shift-tab", "Shift-Tab"),
            ("down", "↓"),
            ("space", "Space"),
            ("f1", "F1"),
            ("<", "<"),
            ("-", "-"),
        ] {
            assert_eq!(Key::parse(text).map(|k| k.to_string()), Ok(shown.to_string()), "{text}");
        }
        for bad in ["", "ctrl-", "f13", "downn", "pg up"] {
            assert!(Key::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_change_takes_its_keys_from_the_others() {
        let j = Key::parse("j").unwrap();
        let x = Key::parse("x").unwrap();
        let map = Keymap::with(&[(Mode::Panes, Command::Quit, vec![j, x])]).unwrap();
        assert_eq!(map.command(Mode::Panes, j), Some(Command::Quit));
        assert_eq!(map.command(Mode::Panes, x), Some(Command::Quit));
        assert_eq!(map.keys(Mode::Panes, Command::Down), "↓", "down keeps its other key");
        assert_eq!(map.command(Mode::Panes, Key::parse("q").unwrap()), None);
        assert_eq!(map.command(Mode::Page, j), Some(Command::Down), "other modes keep theirs");
    }

    #[test]
    fn every_command_has_a_key_somewhere_and_pickers_fall_back_to_lines() {
        let map = Keymap::default();
        for &command in Command::ALL {
            assert!(
                Mode::ALL.iter().any(|&m| !map.keys(m, command).is_empty()),
                "{} has no key",
                command.name()
            );
        }
        let esc = Key::parse("esc").unwrap();
        assert_eq!(map.command(Mode::Picker, esc), Some(Command::Cancel));
    }
}
