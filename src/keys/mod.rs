//! Keys and what they ask for, below the reader and the config: a plain
//! [`Command`] per thing a person can ask, and the [`Keymap`] that binds
//! keys to commands in each [`Mode`], built once from data (the defaults
//! below, then the config file's `[keys]` tables over them). The help page
//! and the status hints are drawn from the same keymap, so they cannot
//! drift from what the keys do. Knows nothing of the reader's state.

use std::collections::HashMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod command;

pub use command::Command;

/// Where a key is pressed: each has its own table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The list and the article, no overlay open.
    Panes,
    /// Typing a line: a search, the outline's filter (and a picker's,
    /// under [`Mode::Picker`]'s own keys).
    Line,
    /// A picker: tags, authors, links. Keys not found here are looked up
    /// in [`Mode::Line`].
    Picker,
    /// The help and the problems pages.
    Page,
}

impl Mode {
    /// Every mode, in the order the help and the config list them.
    pub const ALL: [Mode; 4] = [Mode::Panes, Mode::Line, Mode::Picker, Mode::Page];

    /// Its table's name in the config file (`[keys]` for the panes).
    pub fn table(self) -> &'static str {
        match self {
            Mode::Panes => "keys",
            Mode::Line => "keys.line",
            Mode::Picker => "keys.picker",
            Mode::Page => "keys.page",
        }
    }

    /// Its heading in the help.
    pub fn title(self) -> &'static str {
        match self {
            Mode::Panes => "In the list and the article",
            Mode::Line => "While typing a search, a filter or in the outline",
            Mode::Picker => "In the tag, author and link pickers (typing narrows them)",
            Mode::Page => "In the help and the problems",
        }
    }
}

/// The default keys, as the config file writes them.
const DEFAULTS: &[(Mode, Command, &[&str])] = {
    use Command::*;
    use Mode::*;
    &[
        (Panes, Down, &["j", "down"]),
        (Panes, Up, &["k", "up"]),
        (Panes, HalfPageDown, &["ctrl-d"]),
        (Panes, HalfPageUp, &["ctrl-u"]),
        (Panes, PageDown, &["pagedown", "space", "ctrl-f"]),
        (Panes, PageUp, &["pageup", "b", "ctrl-b"]),
        (Panes, Top, &["g", "home"]),
        (Panes, Bottom, &["G", "end"]),
        (Panes, ToggleFocus, &["tab", "backtab"]),
        (Panes, Read, &["enter", "l", "right"]),
        (Panes, FocusList, &["h", "left"]),
        (Panes, ToggleZoom, &["z"]),
        (Panes, NarrowList, &["<"]),
        (Panes, WidenList, &[">"]),
        (Panes, PreviousPost, &["["]),
        (Panes, NextPost, &["]"]),
        (Panes, ToggleRead, &["u"]),
        (Panes, ToggleStar, &["*"]),
        (Panes, Links, &["f"]),
        (Panes, Back, &["backspace", "ctrl-o", "H"]),
        (Panes, Forward, &["L"]),
        (Panes, Edit, &["e"]),
        (Panes, Search, &["/"]),
        (Panes, FullText, &["F"]),
        (Panes, NextMatch, &["n"]),
        (Panes, PreviousMatch, &["N"]),
        (Panes, TagPicker, &["t"]),
        (Panes, AuthorPicker, &["a"]),
        (Panes, ClearFilters, &["c"]),
        (Panes, Cancel, &["esc"]),
        (Panes, Sort, &["s"]),
        (Panes, Outline, &["o"]),
        (Panes, Problems, &["w"]),
        (Panes, ToggleMouse, &["m"]),
        (Panes, Help, &["?", "f1"]),
        (Panes, Suspend, &["ctrl-z"]),
        (Panes, Quit, &["q", "ctrl-c"]),
        (Line, Confirm, &["enter"]),
        (Line, Cancel, &["esc"]),
        (Line, DeleteChar, &["backspace"]),
        (Line, DeleteWord, &["ctrl-w", "ctrl-backspace", "alt-backspace"]),
        (Line, ClearLine, &["ctrl-u"]),
        (Line, LineStart, &["ctrl-a"]),
        (Line, LineEnd, &["ctrl-e"]),
        (Line, CursorLeft, &["left", "ctrl-b"]),
        (Line, CursorRight, &["right", "ctrl-f"]),
        (Line, Down, &["down", "ctrl-n"]),
        (Line, Up, &["up", "ctrl-p"]),
        (Line, PageDown, &["pagedown"]),
        (Line, PageUp, &["pageup"]),
        (Line, Top, &["home"]),
        (Line, Bottom, &["end"]),
        (Line, Quit, &["ctrl-c"]),
        (Picker, Toggle, &["space", "tab"]),
        (Picker, Copy, &["ctrl-y"]),
        (Picker, AnyAll, &["ctrl-t"]),
        (Page, Cancel, &["esc", "q"]),
        (Page, Confirm, &["enter"]),
        (Page, Down, &["j", "down"]),
        (Page, Up, &["k", "up"]),
        (Page, PageDown, &["pagedown", "space"]),
        (Page, PageUp, &["pageup", "b"]),
        (Page, Top, &["g", "home"]),
        (Page, Bottom, &["G", "end"]),
        (Page, Quit, &["ctrl-c"]),
    ]
};

/// One key: a code and its modifiers, Shift left out for characters (an
/// upper-case letter is its own character).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl and Alt (Shift only for keys that are not characters).
    pub modifiers: KeyModifiers,
}

impl Key {
    /// The key of a key event.
    pub fn of(event: &KeyEvent) -> Key {
        Key::new(event.code, event.modifiers)
    }

    fn new(code: KeyCode, modifiers: KeyModifiers) -> Key {
        let mut modifiers =
            modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::Char(c) => {
                modifiers.remove(KeyModifiers::SHIFT);
                // Ctrl with a letter comes as either case.
                if modifiers.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::BackTab => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, modifiers }
    }

    /// Reads a key as the config file writes it: `q`, `G`, `ctrl-d`,
    /// `alt-backspace`, `shift-tab`, `down`, `space`, `f1`, `<`.
    pub fn parse(text: &str) -> Result<Key, String> {
        let bad = || format!("unknown key `{text}`");
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (prefix, modifier) = if lower.starts_with("ctrl-") {
                ("ctrl-", KeyModifiers::CONTROL)
            } else if lower.starts_with("alt-") {
                ("alt-", KeyModifiers::ALT)
            } else if lower.starts_with("shift-") {
                ("shift-", KeyModifiers::SHIFT)
            } else {
                break;
            };
            if rest.len() == prefix.len() {
                break;
            }
            modifiers |= modifier;
            rest = &rest[prefix.len()..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => KeyCode::Char(c),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" if modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "insert" => KeyCode::Insert,
                "space" => KeyCode::Char(' '),
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pageup" | "pgup" => KeyCode::PageUp,
                "pagedown" | "pgdn" => KeyCode::PageDown,
                f if f.starts_with('f') => match f[1..].parse::<u8>() {
                    Ok(n @ 1..=12) => KeyCode::F(n),
                    _ => return Err(bad()),
                },
                _ => return Err(bad()),
            },
        };
        Ok(Key::new(code, modifiers))
    }
}

impl fmt::Display for Key {
    /// As the help shows it: `Ctrl-d`, `↓`, `Space`, `G`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
            _ => f.write_str("?"),
        }
    }
}

/// Keys to commands in each mode, and each command's keys for the help.
#[derive(Clone, Debug, PartialEq)]
pub struct Keymap {
    keys: HashMap<(Mode, Key), Command>,
    /// Each mode's commands in the help's order, with their keys.
    listed: Vec<(Mode, Command, Vec<Key>)>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::with(&[]).expect("the default keys parse")
    }
}

impl Keymap {
    /// The default keys, with `changes` over them: each gives a command of
    /// a mode its own keys, which no other command of that mode keeps.
    ///
    /// Refused: one key given to two commands of a mode, and changes that
    /// leave no key to quit, to open the help, or to leave a line or a page.
    pub fn with(changes: &[(Mode, Command, Vec<Key>)]) -> Result<Keymap, String> {
        let mut given: HashMap<(Mode, Key), Command> = HashMap::new();
        for (mode, command, keys) in changes {
            for key in keys {
                match given.insert((*mode, *key), *command) {
                    Some(other) if other != *command => {
                        return Err(format!(
                            "the key {key} is given to both {} and {} in [{}]",
                            other.name(),
                            command.name(),
                            mode.table()
                        ));
                    }
                    _ => {}
                }
            }
        }
        let mut listed: Vec<(Mode, Command, Vec<Key>)> = Vec::new();
        for &(mode, command, keys) in DEFAULTS {
            let keys = keys.iter().map(|k| Key::parse(k)).collect::<Result<Vec<_>, _>>()?;
            listed.push((mode, command, keys));
        }
        for (mode, command, keys) in changes {
            for (m, _, old) in listed.iter_mut() {
                if m == mode {
                    old.retain(|k| !keys.contains(k));
                }
            }
            match listed.iter_mut().find(|(m, c, _)| m == mode && c == command) {
                Some((_, _, old)) => old.clone_from(keys),
                None => listed.push((*mode, *command, keys.clone())),
            }
        }
        const NEEDED: [(Mode, Command); 4] = [
            (Mode::Panes, Command::Quit),
            (Mode::Panes, Command::Help),
            (Mode::Line, Command::Cancel),
            (Mode::Page, Command::Cancel),
        ];
        for (mode, command) in NEEDED {
            let has_keys =
                listed.iter().any(|(m, c, k)| *m == mode && *c == command && !k.is_empty());
            if !has_keys {
                return Err(format!(
                    "no key is left for {} in [{}]: folio needs one",
                    command.name(),
                    mode.table()
                ));
            }
        }
        let mut keys = HashMap::new();
        for (mode, command, list) in &listed {
            for key in list {
                keys.insert((*mode, *key), *command);
            }
        }
        Ok(Keymap { keys, listed })
    }

    /// The command `key` gives in `mode`, if any.
    pub fn command(&self, mode: Mode, key: Key) -> Option<Command> {
        self.keys.get(&(mode, key)).copied().or_else(|| match mode {
            Mode::Picker => self.keys.get(&(Mode::Line, key)).copied(),
            _ => None,
        })
    }

    /// The keys of `command` in `mode`, as the help shows them (`j ↓`).
    pub fn keys(&self, mode: Mode, command: Command) -> String {
        let keys = self.listed.iter().find(|(m, c, _)| *m == mode && *c == command);
        keys.map(|(_, _, keys)| keys.iter().map(ToString::to_string).collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    }

    /// The first key of `command` in `mode`, for a hint (`?`), if it has one.
    pub fn first_key(&self, mode: Mode, command: Command) -> Option<String> {
        let first = |mode: Mode| {
            let keys = self.listed.iter().find(|(m, c, _)| *m == mode && *c == command);
            keys.and_then(|(_, _, keys)| keys.first()).map(ToString::to_string)
        };
        first(mode).or_else(|| if mode == Mode::Picker { first(Mode::Line) } else { None })
    }

    /// Each mode's commands with their keys, in the help's order.
    pub fn listed(&self) -> &[(Mode, Command, Vec<Key>)] {
        &self.listed
    }

    /// The config file's `[keys]` tables with every default, commented.
    pub fn default_config() -> String {
        let mut out = String::new();
        for mode in Mode::ALL {
            out.push_str(&format!("\n# {}.\n[{}]\n", mode.title(), mode.table()));
            for &(m, command, keys) in DEFAULTS {
                if m == mode {
                    let keys: Vec<String> = keys.iter().map(|k| format!("{k:?}")).collect();
                    out.push_str(&format!(
                        "{} = [{}]  # {}\n",
                        command.name(),
                        keys.join(", "),
                        command.help()
                    ));
                }
            }
        }
        out
    }
}
