//! The config file: `$XDG_CONFIG_HOME/folio/config.toml`
//! (`~/.config/folio/config.toml`) or `--config FILE`. Everything in it is
//! optional; [`default_text`] is the whole default config, commented, and
//! reads back as the defaults. A config that cannot be read is an error
//! naming the file, the line and the bad value: folio stops before the
//! screen is touched.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

use crate::keys::{Command, Key, Keymap, Mode};
use crate::query::Sort;
use crate::theme::Theme;

/// The theme asked for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ThemeChoice {
    /// Dark or light, as the terminal's background is (asked with OSC 11).
    #[default]
    Auto,
    /// For a dark background.
    Dark,
    /// For a light background.
    Light,
    /// No colours, no styles.
    Plain,
}

/// A config, read and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The file it came from, if any.
    pub file: Option<PathBuf>,
    /// The theme.
    pub theme: ThemeChoice,
    /// Roles of the theme given their own style.
    pub colors: Vec<(String, Style)>,
    /// Keys given to commands, over the defaults.
    pub keys: Vec<(Mode, Command, Vec<Key>)>,
    /// The widest the article's text gets, in columns (0: the pane's width).
    pub reading_width: usize,
    /// The list's share of the width, in percent.
    pub list_width: u16,
    /// The order of the list, and whether reversed.
    pub sort: Option<(Sort, bool)>,
    /// The path the site is published under, for its site-path links
    /// (`None`: read from the site's own config).
    pub site_prefix: Option<String>,
    /// How pictures are drawn in the article (`auto`: as the terminal
    /// answers).
    pub images: crate::graphics::Images,
    /// Whether pictures on the web (`http(s)://`) are fetched and drawn.
    pub remote_images: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            file: None,
            theme: ThemeChoice::Auto,
            colors: Vec::new(),
            keys: Vec::new(),
            reading_width: 100,
            list_width: 40,
            sort: None,
            site_prefix: None,
            images: crate::graphics::Images::Auto,
            remote_images: false,
        }
    }
}

/// Why a config could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file.
    pub file: PathBuf,
    /// The line (from 1), when known.
    pub line: Option<usize>,
    /// What is wrong, naming the bad value.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = crate::sanitize::path(&self.file);
        // The message quotes the file's values, which may hold escapes.
        let message = crate::sanitize::line(&self.message);
        match self.line {
            Some(line) => write!(f, "{file}:{line}: {message}"),
            None => write!(f, "{file}: {message}"),
        }
    }
}

impl std::error::Error for ConfigError {}

/// The file read when no `--config` is given.
pub fn default_location() -> Option<PathBuf> {
    crate::files::folder(crate::files::Base::Config).map(|dir| dir.join("config.toml"))
}

/// Reads the config: `given` (which must exist), else the default file
/// when there is one, else the defaults.
pub fn load(given: Option<&Path>) -> Result<Config, ConfigError> {
    let file = match given {
        Some(file) => file.to_path_buf(),
        None => match default_location() {
            Some(file) if file.exists() => file,
            _ => return Ok(Config::default()),
        },
    };
    let text =
        read(&file).map_err(|message| ConfigError { file: file.clone(), line: None, message })?;
    parse(&text, &file)
}

/// A config is a small text file: this much at most.
const MAX_SIZE: u64 = 1 << 20;

/// The config's text. A FIFO, a device or a directory is refused before
/// anything is read from it (a FIFO would block, `/dev/zero` never end).
fn read(file: &Path) -> Result<String, String> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let opened = std::fs::File::options()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(file)
        .map_err(|error| format!("cannot be read: {error}"))?;
    let meta = opened.metadata().map_err(|error| format!("cannot be read: {error}"))?;
    if !meta.is_file() {
        return Err("is not a regular file".to_string());
    }
    if meta.len() > MAX_SIZE {
        return Err(format!("is {} bytes long; a config is at most 1 MiB", meta.len()));
    }
    let mut bytes = Vec::new();
    opened
        .take(MAX_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| format!("cannot be read: {error}"))?;
    if bytes.len() as u64 > MAX_SIZE {
        return Err("is longer than 1 MiB; a config is at most that".to_string());
    }
    String::from_utf8(bytes).map_err(|_| "is not UTF-8 text".to_string())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    theme: Option<toml::Spanned<String>>,
    reading_width: Option<toml::Spanned<i64>>,
    list_width: Option<toml::Spanned<i64>>,
    sort: Option<toml::Spanned<String>>,
    site_prefix: Option<String>,
    images: Option<toml::Spanned<String>>,
    remote_images: Option<bool>,
    colors: Option<BTreeMap<String, toml::Value>>,
    keys: Option<BTreeMap<String, toml::Value>>,
}

/// Reads a config's text; `file` names it in errors.
pub fn parse(text: &str, file: &Path) -> Result<Config, ConfigError> {
    let error = |line: Option<usize>, message: String| ConfigError {
        file: file.to_path_buf(),
        line,
        message,
    };
    let line_at = |offset: usize| Some(text[..offset.min(text.len())].matches('\n').count() + 1);
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let line = e.span().and_then(|span| line_at(span.start));
        error(line, e.message().trim().to_string())
    })?;
    let mut config = Config { file: Some(file.to_path_buf()), ..Config::default() };
    if let Some(theme) = raw.theme {
        config.theme = match theme.get_ref().as_str() {
            "auto" => ThemeChoice::Auto,
            "dark" => ThemeChoice::Dark,
            "light" => ThemeChoice::Light,
            "plain" => ThemeChoice::Plain,
            other => {
                return Err(error(
                    line_at(theme.span().start),
                    format!("unknown theme \"{other}\" (auto, dark, light or plain)"),
                ));
            }
        };
    }
    if let Some(width) = raw.reading_width {
        config.reading_width = match *width.get_ref() {
            0 => 0,
            w @ 20..=10_000 => w as usize,
            w => {
                return Err(error(
                    line_at(width.span().start),
                    format!("reading_width {w} is not 0 (no limit) nor 20 or more"),
                ));
            }
        };
    }
    if let Some(width) = raw.list_width {
        config.list_width = match *width.get_ref() {
            w @ 20..=70 => w as u16,
            w => {
                return Err(error(
                    line_at(width.span().start),
                    format!("list_width {w} is not a share of 20 to 70 (percent)"),
                ));
            }
        };
    }
    if let Some(sort) = raw.sort {
        config.sort = Some(match sort.get_ref().as_str() {
            "newest" | "date" => (Sort::Date, false),
            "oldest" => (Sort::Date, true),
            "title" => (Sort::Title, false),
            other => {
                return Err(error(
                    line_at(sort.span().start),
                    format!("unknown sort \"{other}\" (newest, oldest or title)"),
                ));
            }
        });
    }
    config.site_prefix = raw.site_prefix.map(|p| p.trim_matches('/').to_string());
    if let Some(images) = raw.images {
        use clap::ValueEnum;
        config.images =
            crate::graphics::Images::from_str(images.get_ref(), true).map_err(|_| {
                error(
                    line_at(images.span().start),
                    format!(
                        "unknown images \"{}\" (auto, kitty, sixel, iterm2, halfblocks or off)",
                        images.get_ref()
                    ),
                )
            })?;
    }
    config.remote_images = raw.remote_images.unwrap_or(false);
    for (role, value) in raw.colors.unwrap_or_default() {
        let line = line_of_key(text, "colors", &role);
        if !Theme::ROLES.contains(&role.as_str()) {
            return Err(error(line, format!("unknown colour role \"{role}\"")));
        }
        let Some(value) = value.as_str() else {
            return Err(error(line, format!("the style of {role} is not a string")));
        };
        let style = parse_style(value).map_err(|message| error(line, message))?;
        config.colors.push((role, style));
    }
    for (name, value) in raw.keys.unwrap_or_default() {
        match value {
            toml::Value::Table(sub) => {
                let table = format!("keys.{name}");
                let mode = Mode::ALL.into_iter().find(|m| m.table() == table);
                let Some(mode) = mode.filter(|m| *m != Mode::Panes) else {
                    let line = line_of_header(text, &table);
                    return Err(error(line, format!("unknown key table [{table}]")));
                };
                for (name, value) in sub {
                    let line = line_of_key(text, &table, &name);
                    let keys = read_keys(&name, value).map_err(|m| error(line, m))?;
                    config.keys.push((mode, keys.0, keys.1));
                }
            }
            value => {
                let line = line_of_key(text, "keys", &name);
                let keys = read_keys(&name, value).map_err(|m| error(line, m))?;
                config.keys.push((Mode::Panes, keys.0, keys.1));
            }
        }
    }
    // Keys that leave no way out, or one key for two commands.
    Keymap::with(&config.keys).map_err(|message| error(line_of_header(text, "keys"), message))?;
    Ok(config)
}

/// `name = ["key", …]`: a command and its keys.
fn read_keys(name: &str, value: toml::Value) -> Result<(Command, Vec<Key>), String> {
    let command: Command = name.parse()?;
    let toml::Value::Array(list) = value else {
        return Err(format!("the keys of {name} are not a list of strings"));
    };
    let mut keys = Vec::with_capacity(list.len());
    for item in list {
        let Some(text) = item.as_str() else {
            return Err(format!("the keys of {name} are not strings"));
        };
        keys.push(Key::parse(text).map_err(|e| format!("{e} for {name}"))?);
    }
    Ok((command, keys))
}

/// The line of the header `[table]`.
fn line_of_header(text: &str, table: &str) -> Option<usize> {
    text.lines().position(|line| header(line).is_some_and(|h| h == table)).map(|i| i + 1)
}

fn header(line: &str) -> Option<&str> {
    let trimmed = line.trim();
    trimmed.strip_prefix('[')?.split(']').next().map(str::trim)
}

/// The line of `key = …` inside `[table]`, for a message.
fn line_of_key(text: &str, table: &str, key: &str) -> Option<usize> {
    let mut current = "";
    for (i, line) in text.lines().enumerate() {
        if let Some(header) = header(line) {
            current = header;
            continue;
        }
        let name = line.split('=').next().unwrap_or("").trim().trim_matches('"');
        if current == table && name == key {
            return Some(i + 1);
        }
    }
    None
}

/// Reads a style: colours and modifiers separated by blanks, the
/// background after `on`: `"bold magenta"`, `"#c0c5ce on #2b303b"`,
/// `"reversed"`, `"246"`.
pub fn parse_style(text: &str) -> Result<Style, String> {
    let mut style = Style::new();
    let mut background = false;
    for word in text.split_whitespace() {
        let lower = word.to_ascii_lowercase();
        let modifier = match lower.as_str() {
            "on" => {
                background = true;
                continue;
            }
            "bold" => Some(Modifier::BOLD),
            "dim" => Some(Modifier::DIM),
            "italic" => Some(Modifier::ITALIC),
            "underlined" | "underline" => Some(Modifier::UNDERLINED),
            "reversed" | "reverse" => Some(Modifier::REVERSED),
            "crossed_out" | "strikethrough" => Some(Modifier::CROSSED_OUT),
            _ => None,
        };
        if let Some(modifier) = modifier {
            style = style.add_modifier(modifier);
            continue;
        }
        let color = parse_color(&lower).ok_or_else(|| format!("unknown colour \"{word}\""))?;
        style = if background { style.bg(color) } else { style.fg(color) };
    }
    Ok(style)
}

fn parse_color(text: &str) -> Option<Color> {
    if let Some(hex) = text.strip_prefix('#') {
        let value = u32::from_str_radix(hex, 16).ok().filter(|_| hex.len() == 6)?;
        return Some(Color::Rgb((value >> 16) as u8, (value >> 8) as u8, value as u8));
    }
    if let Ok(index) = text.parse::<u8>() {
        return Some(Color::Indexed(index));
    }
    Some(match text.replace(['-', '_', ' '], "").as_str() {
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "darkgray" | "darkgrey" => Color::DarkGray,
        "lightred" => Color::LightRed,
        "lightgreen" => Color::LightGreen,
        "lightyellow" => Color::LightYellow,
        "lightblue" => Color::LightBlue,
        "lightmagenta" => Color::LightMagenta,
        "lightcyan" => Color::LightCyan,
        "white" => Color::White,
        "default" | "reset" => Color::Reset,
        _ => return None,
    })
}

impl Config {
    /// The theme this config describes, for a terminal with a light
    /// background or not (asked only for `theme = "auto"`), in the colours
    /// the terminal shows; `NO_COLOR` (or output that takes none) gives
    /// the plain theme whatever the config says.
    pub fn theme(&self, colour: bool, light_background: impl FnOnce() -> bool) -> Theme {
        self.theme_in(colour, light_background, crate::theme::Depth::from_env())
    }

    /// [`Config::theme`] for a terminal of `depth` colours.
    pub fn theme_in(
        &self,
        colour: bool,
        light_background: impl FnOnce() -> bool,
        depth: crate::theme::Depth,
    ) -> Theme {
        if !colour || self.theme == ThemeChoice::Plain {
            return Theme::plain();
        }
        let light = match self.theme {
            ThemeChoice::Light => true,
            ThemeChoice::Dark => false,
            _ => light_background(),
        };
        let mut theme = if light { Theme::light() } else { Theme::default() };
        for (role, style) in &self.colors {
            if let Some(slot) = theme.role_mut(role) {
                *slot = *style;
            }
        }
        theme.with_depth(depth)
    }

    /// The keymap: the defaults with this config's keys.
    pub fn keymap(&self) -> Keymap {
        Keymap::with(&self.keys).unwrap_or_default()
    }
}

/// The whole default config, commented: what `folio config` prints.
pub fn default_text() -> String {
    let mut out = String::from(
        "# folio's config: ~/.config/folio/config.toml ($XDG_CONFIG_HOME/folio), or\n\
         # --config FILE. Every setting is optional; these are the defaults.\n\
         \n\
         # auto (dark or light, as the terminal's background is), dark, light\n\
         # or plain. NO_COLOR turns colours off whatever this says.\n\
         theme = \"auto\"\n\
         \n\
         # The widest the article's text gets, in columns, centred in a wider\n\
         # pane; 0 for the pane's whole width.\n\
         reading_width = 100\n\
         \n\
         # The list's share of the width, in percent (20 to 70).\n\
         list_width = 40\n\
         \n\
         # The list's order without a search: newest, oldest or title.\n\
         sort = \"newest\"\n\
         \n\
         # The path the site is published under, for links like /blog/2024/post\n\
         # (read from _config.yml's baseurl or Hugo's baseURL when not set):\n\
         #   site_prefix = \"blog\"\n\
         \n\
         # Pictures in the article: auto (the best the terminal answers it\n\
         # takes: kitty, sixel, iterm2, else halfblocks), kitty, sixel, iterm2,\n\
         # halfblocks, or off (their text only). --images says the same.\n\
         images = \"auto\"\n\
         \n\
         # Pictures on the web (http, https) are fetched and drawn when true,\n\
         # in the background, at most 16 MB each, kept in ~/.cache/folio/images.\n\
         remote_images = false\n\
         \n\
         # Any role of the theme, given its own style: colours (red, lightblue,\n\
         # darkgray, #rrggbb, 0-255), modifiers (bold, dim, italic, underlined,\n\
         # reversed, crossed_out), and the background after `on`:\n\
         #   title = \"bold magenta\"\n\
         #   code_block = \"#c0c5ce on #2b303b\"\n\
         # The roles:\n",
    );
    for chunk in Theme::ROLES.chunks(6) {
        out.push_str(&format!("#   {}\n", chunk.join(" ")));
    }
    out.push_str("[colors]\n");
    out.push_str(
        "\n# Keys: each command's keys (a command given here keeps only these).\n\
         # Keys are written q, G, ctrl-d, alt-backspace, shift-tab, enter, esc,\n\
         # space, tab, backspace, up, down, left, right, home, end, pageup,\n\
         # pagedown, f1 to f12, or any one character.",
    );
    out.push_str(&Keymap::default_config());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Config, ConfigError> {
        parse(text, Path::new("/home/me/.config/folio/config.toml"))
    }

    #[test]
    fn the_default_text_reads_back_as_the_defaults() {
        let config = read(&default_text()).unwrap();
        assert_eq!(config.theme, ThemeChoice::Auto);
        assert_eq!(config.reading_width, 100);
        assert_eq!(config.list_width, 40);
        assert_eq!(config.sort, Some((Sort::Date, false)));
        assert!(config.colors.is_empty());
        assert_eq!(config.keymap(), Keymap::default());
        assert!(config.keys.iter().any(|(m, c, _)| *m == Mode::Page && *c == Command::Bottom));
    }

    #[test]
    fn a_remapped_key_works_and_keeps_the_others() {
        let config = read("[keys]\nquit = [\"x\"]\n[keys.line]\nconfirm = [\"ctrl-j\"]\n").unwrap();
        let map = config.keymap();
        assert_eq!(map.command(Mode::Panes, Key::parse("x").unwrap()), Some(Command::Quit));
        assert_eq!(map.command(Mode::Panes, Key::parse("q").unwrap()), None);
        assert_eq!(map.command(Mode::Panes, Key::parse("j").unwrap()), Some(Command::Down));
        let ctrl_j = Key::parse("ctrl-j").unwrap();
        assert_eq!(map.command(Mode::Line, ctrl_j), Some(Command::Confirm));
    }

    #[test]
    fn each_bad_config_names_the_line_and_the_value() {
        for (text, line, needle) in [
            ("theme = \"dark\"\nreading_width = 80\n[keys\n", 3, ""),
            ("theme = \"sepia\"\n", 1, "sepia"),
            ("\n[keys]\nfly = [\"x\"]\n", 3, "fly"),
            ("[keys]\nquit = [\"ctrl-qq\"]\n", 2, "ctrl-qq"),
            ("[keys]\n\n[keys.line]\nconfirm = [\"hyper-x\"]\n", 4, "hyper-x"),
            ("[colors]\ntitle = \"bold mauve\"\n", 2, "mauve"),
            ("[colors]\ntitel = \"bold\"\n", 2, "titel"),
            ("reading_width = 5\n", 1, "5"),
            ("sort = \"random\"\n", 1, "random"),
            ("colour = 1\n", 1, "colour"),
        ] {
            let error = read(text).unwrap_err();
            assert_eq!(error.line, Some(line), "{text:?}: {error}");
            assert!(error.message.contains(needle), "{text:?}: {error}");
            assert!(error.to_string().starts_with("/home/me/.config/folio/config.toml:"));
        }
    }

    #[test]
    fn keys_that_leave_no_way_out_or_clash_are_refused() {
        for (text, needle) in [
            ("[keys]\nquit = []\n", "no key is left for quit"),
            ("[keys]\nhelp = []\n", "no key is left for help"),
            ("[keys]\ndown = [\"q\", \"ctrl-c\"]\n", "no key is left for quit"),
            ("[keys.page]\ndown = [\"esc\", \"q\"]\n", "no key is left for cancel"),
            ("[keys]\nquit = [\"x\"]\nhelp = [\"x\"]\n", "the key x is given to both"),
        ] {
            let error = read(text).unwrap_err();
            assert!(error.message.contains(needle), "{text:?}: {error}");
        }
        // Moving quit to another key is fine, and so is taking a key from
        // a command that keeps others.
        assert!(read("[keys]\nquit = [\"x\"]\ndown = [\"q\"]\n").is_ok());
    }

    #[test]
    fn escapes_in_a_config_never_reach_the_terminal_in_its_errors() {
        for text in [
            "theme = \"\\u001b]52;c;aGk=\\u0007\"\n",
            "sort = \"\\u001b[2J\"\n",
            "[colors]\n\"\\u001b[31m\" = \"red\"\n",
            "[colors]\ntitle = \"\\u009b31m\"\n",
            "[keys]\n\"\\u001b]0;x\\u0007\" = [\"x\"]\n",
            "[keys]\nquit = [\"\\u001b[A\"]\n",
        ] {
            let shown = read(text).unwrap_err().to_string();
            assert!(!shown.chars().any(|c| c.is_control() && c != '\n'), "{text:?}: {shown:?}");
        }
    }

    #[test]
    fn a_config_that_is_not_a_small_regular_file_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("config.toml");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let error = load(Some(&fifo)).unwrap_err();
        assert!(error.message.contains("not a regular file"), "{error}");
        let error = load(Some(Path::new("/dev/zero"))).unwrap_err();
        assert!(error.message.contains("not a regular file"), "{error}");
        let big = dir.path().join("big.toml");
        std::fs::write(&big, "# x\n".repeat(400_000)).unwrap();
        let error = load(Some(&big)).unwrap_err();
        assert!(error.message.contains("at most 1 MiB"), "{error}");
        assert!(load(Some(dir.path())).unwrap_err().message.contains("not a regular file"));
    }

    #[test]
    fn styles_read_as_written() {
        let style = parse_style("bold #c0c5ce on 236").unwrap();
        assert_eq!(style.fg, Some(Color::Rgb(0xc0, 0xc5, 0xce)));
        assert_eq!(style.bg, Some(Color::Indexed(236)));
        assert!(style.add_modifier.contains(Modifier::BOLD));
        assert_eq!(parse_style("light-blue").unwrap().fg, Some(Color::LightBlue));
        assert!(parse_style("#12345").is_err());
    }

    #[test]
    fn themes_follow_the_config_and_no_color_wins() {
        let config = read("theme = \"light\"\n[colors]\ntitle = \"red\"\n").unwrap();
        let theme = config.theme(true, || false);
        assert_eq!(theme.syntax_theme, "InspiredGitHub");
        assert_eq!(theme.title.fg, Some(Color::Red));
        assert_eq!(config.theme(false, || false), Theme::plain());
        let auto = read("").unwrap();
        assert_eq!(auto.theme(true, || true).syntax_theme, "InspiredGitHub");
        assert_eq!(auto.theme(true, || false).syntax_theme, Theme::default().syntax_theme);
    }
}
