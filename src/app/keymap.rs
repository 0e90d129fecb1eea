//! Keys to actions, in one table. The help overlay is drawn from the same
//! table, so it cannot drift from what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::{Action, App, Overlay};

/// One line of the key table.
pub struct Binding {
    /// The keys, as the help shows them.
    pub label: &'static str,
    /// What they do, in a few words.
    pub help: &'static str,
    /// The keys themselves.
    pub keys: Vec<(KeyCode, KeyModifiers)>,
    /// The action they give.
    pub action: Action,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

fn bind(
    label: &'static str,
    help: &'static str,
    keys: &[(KeyCode, KeyModifiers)],
    action: Action,
) -> Binding {
    Binding { label, help, keys: keys.to_vec(), action }
}

fn ch(c: char) -> (KeyCode, KeyModifiers) {
    (KeyCode::Char(c), NONE)
}

/// The keys of the panes (no overlay open).
pub fn bindings() -> Vec<Binding> {
    use KeyCode::*;
    vec![
        bind("j ↓", "down one post or line", &[ch('j'), (Down, NONE)], Action::Down),
        bind("k ↑", "up one post or line", &[ch('k'), (Up, NONE)], Action::Up),
        bind("Ctrl-d", "down half a screen", &[(Char('d'), CTRL)], Action::HalfPageDown),
        bind("Ctrl-u", "up half a screen", &[(Char('u'), CTRL)], Action::HalfPageUp),
        bind(
            "PgDn Space",
            "down a screen",
            &[(PageDown, NONE), ch(' '), (Char('f'), CTRL)],
            Action::PageDown,
        ),
        bind(
            "PgUp b",
            "up a screen",
            &[(PageUp, NONE), ch('b'), (Char('b'), CTRL)],
            Action::PageUp,
        ),
        bind("g Home", "first post, top of the article", &[ch('g'), (Home, NONE)], Action::Top),
        bind(
            "G End",
            "last post, end of the article",
            &[ch('G'), (End, NONE), (Char('G'), KeyModifiers::SHIFT)],
            Action::Bottom,
        ),
        bind(
            "Tab",
            "switch between list and article",
            &[(Tab, NONE), (BackTab, KeyModifiers::SHIFT)],
            Action::ToggleFocus,
        ),
        bind(
            "Enter l →",
            "read the selected post",
            &[(Enter, NONE), ch('l'), (Right, NONE)],
            Action::FocusArticle,
        ),
        bind("h ←", "back to the list", &[ch('h'), (Left, NONE)], Action::FocusList),
        bind("z", "zoom the article to full width", &[ch('z')], Action::ToggleZoom),
        bind("< >", "narrower or wider list", &[ch('<')], Action::NarrowList),
        bind("", "", &[ch('>')], Action::WidenList),
        bind("[ ]", "previous or next post while reading", &[ch('[')], Action::PreviousPost),
        bind("", "", &[ch(']')], Action::NextPost),
        bind(
            "/",
            "search: titles in the list (#tag @author), text in the article",
            &[ch('/')],
            Action::StartSearch,
        ),
        bind("n N", "next or previous match in the article", &[ch('n')], Action::NextMatch),
        bind("", "", &[ch('N'), (Char('N'), KeyModifiers::SHIFT)], Action::PreviousMatch),
        bind("t", "choose tags", &[ch('t')], Action::OpenTagPicker),
        bind("a", "choose authors", &[ch('a')], Action::OpenAuthorPicker),
        bind("c Esc", "clear every filter (Esc in the list)", &[ch('c')], Action::ClearFilters),
        bind("", "", &[(Esc, NONE)], Action::Cancel),
        bind("s", "sort: newest, oldest, title", &[ch('s')], Action::CycleSort),
        bind("o", "outline of the article", &[ch('o')], Action::OpenOutline),
        bind("w", "the folder's problems", &[ch('w')], Action::OpenWarnings),
        bind("m", "release or capture the mouse (to select text)", &[ch('m')], Action::ToggleMouse),
        bind("?", "this help", &[ch('?'), (F(1), NONE)], Action::OpenHelp),
        bind("q Ctrl-c", "quit (Ctrl-z suspends)", &[ch('q')], Action::Quit),
    ]
}

/// Whether `key` asks to suspend (Ctrl-z), which the terminal loop handles.
pub fn is_suspend(key: &KeyEvent) -> bool {
    key.code == KeyCode::Char('z') && key.modifiers.contains(CTRL)
}

/// Whether the keys type into a line now (a search, a picker's filter,
/// the outline's), so that pasted text has somewhere to go.
pub fn takes_text(app: &App) -> bool {
    matches!(
        app.overlay,
        Overlay::Search(_)
            | Overlay::ArticleSearch(_)
            | Overlay::Tags(_)
            | Overlay::Authors(_)
            | Overlay::Outline(_)
    )
}

/// The action a key gives in the current state, if any.
pub fn action_for(app: &App, key: KeyEvent) -> Option<Action> {
    use KeyCode::*;
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(CTRL);
    if ctrl && key.code == Char('c') {
        return Some(Action::Quit);
    }
    match &app.overlay {
        _ if takes_text(app) => {
            let picker = matches!(app.overlay, Overlay::Tags(_) | Overlay::Authors(_));
            Some(match key.code {
                Esc => Action::Cancel,
                Enter => Action::Confirm,
                Backspace if ctrl || key.modifiers.contains(KeyModifiers::ALT) => {
                    Action::DeleteWord
                }
                Backspace => Action::Backspace,
                Char('w') if ctrl => Action::DeleteWord,
                Char('u') if ctrl => Action::ClearLine,
                Up | Char('p') if key.code == Up || ctrl => Action::Up,
                Down | Char('n') if key.code == Down || ctrl => Action::Down,
                PageUp => Action::PageUp,
                PageDown => Action::PageDown,
                Home => Action::Top,
                End => Action::Bottom,
                Char(' ') | Tab if picker => Action::ToggleItem,
                Char(c) if !ctrl => Action::Input(c),
                _ => return None,
            })
        }
        Overlay::Help(_) | Overlay::Warnings(_) => Some(match key.code {
            Esc | Char('q') => Action::Cancel,
            Char('?') if matches!(app.overlay, Overlay::Help(_)) => Action::Cancel,
            Char('w') if matches!(app.overlay, Overlay::Warnings(_)) => Action::Cancel,
            Enter => Action::Confirm,
            Char('j') | Down => Action::Down,
            Char('k') | Up => Action::Up,
            PageDown | Char(' ') => Action::PageDown,
            PageUp | Char('b') => Action::PageUp,
            Char('g') | Home => Action::Top,
            Char('G') | End => Action::Bottom,
            _ => return None,
        }),
        _ => {
            let pressed = (key.code, key.modifiers - KeyModifiers::SHIFT);
            bindings().into_iter().find_map(|b| {
                b.keys
                    .iter()
                    .any(|&(code, mods)| {
                        code == pressed.0 && (mods - KeyModifiers::SHIFT) == pressed.1
                    })
                    .then_some(b.action)
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::Theme;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn the_contract_keys() {
        let app = App::new(".".into(), Theme::plain(), (120, 40));
        let action = |code, mods| action_for(&app, key(code, mods)).map(|a| format!("{a:?}"));
        assert_eq!(action(KeyCode::Char('j'), NONE).as_deref(), Some("Down"));
        assert_eq!(action(KeyCode::Char('G'), KeyModifiers::SHIFT).as_deref(), Some("Bottom"));
        assert_eq!(action(KeyCode::Char('d'), CTRL).as_deref(), Some("HalfPageDown"));
        assert_eq!(action(KeyCode::Tab, NONE).as_deref(), Some("ToggleFocus"));
        assert_eq!(action(KeyCode::Char('/'), NONE).as_deref(), Some("StartSearch"));
        assert_eq!(action(KeyCode::Char('t'), NONE).as_deref(), Some("OpenTagPicker"));
        assert_eq!(action(KeyCode::Char('?'), NONE).as_deref(), Some("OpenHelp"));
        assert_eq!(action(KeyCode::Char('c'), CTRL).as_deref(), Some("Quit"));
        assert_eq!(action(KeyCode::Char('x'), NONE), None);
    }

    #[test]
    fn typing_in_the_search_line() {
        let mut app = App::new(".".into(), Theme::plain(), (120, 40));
        app.overlay = Overlay::Search(Default::default());
        let action = |code, mods| action_for(&app, key(code, mods)).map(|a| format!("{a:?}"));
        assert_eq!(action(KeyCode::Char('q'), NONE).as_deref(), Some("Input('q')"));
        assert_eq!(action(KeyCode::Char('w'), CTRL).as_deref(), Some("DeleteWord"));
        assert_eq!(action(KeyCode::Esc, NONE).as_deref(), Some("Cancel"));
        assert_eq!(action(KeyCode::Char('n'), CTRL).as_deref(), Some("Down"));
    }

    #[test]
    fn every_binding_has_help_or_shares_a_line() {
        for b in bindings() {
            assert!(!b.keys.is_empty());
            assert_eq!(b.label.is_empty(), b.help.is_empty());
        }
    }
}
