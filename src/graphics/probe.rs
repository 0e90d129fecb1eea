//! Asking the terminal what it is, once, before the reader reads keys: its
//! background colour (OSC 11) and, when pictures are wanted, whether it
//! takes kitty graphics (a kitty query), sixel (device attributes) and
//! its cell size in pixels (`CSI 16 t`). Every question goes out at once
//! and the device-attributes query, which every terminal answers, comes
//! last: a terminal that knows none of the others costs no wait.

use std::io::{self, Read, Write};
use std::time::{Duration, Instant};

use super::{DEFAULT_FONT, Graphics, Images, Kind};

/// What the terminal answered.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Answers {
    /// Its background colour, each channel from 0 to 1.
    pub background: Option<(f32, f32, f32)>,
    /// It answered the kitty graphics query.
    pub kitty: bool,
    /// Its device attributes list sixel graphics (4).
    pub sixel: bool,
    /// A cell's size in pixels, width and height.
    pub cell: Option<(u16, u16)>,
}

/// The kitty graphics query: a one-pixel picture asked about, not kept.
const KITTY_QUERY: &str = "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\";

/// `sequence` wrapped for tmux to pass to the terminal outside it (each
/// escape doubled inside `ESC P tmux; … ESC \`).
pub fn through_tmux(sequence: &str) -> String {
    format!("\x1bPtmux;{}\x1b\\", sequence.replace('\x1b', "\x1b\x1b"))
}

/// Whether folio runs inside tmux.
pub fn in_tmux() -> bool {
    std::env::var_os("TMUX").is_some_and(|v| !v.is_empty())
}

/// Whether tmux lets sequences through to the outer terminal: its
/// `allow-passthrough` read (never set) for this pane.
pub fn tmux_passes_through() -> bool {
    let mut command = std::process::Command::new("tmux");
    command.args(["display-message", "-p", "#{allow-passthrough}"]);
    if let Some(pane) = std::env::var_os("TMUX_PANE") {
        command.arg("-t").arg(pane);
    }
    command
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .is_some_and(|out| matches!(String::from_utf8_lossy(&out.stdout).trim(), "on" | "all"))
}

/// The questions for the terminal: the background, and when `pictures`,
/// the picture protocols and the cell size (the kitty query through tmux
/// when `tmux`); device attributes last.
pub fn questions(pictures: bool, tmux: bool) -> String {
    let mut out = String::from("\x1b]11;?\x1b\\");
    if pictures {
        if tmux {
            out.push_str(&through_tmux(KITTY_QUERY));
        } else {
            out.push_str(KITTY_QUERY);
        }
        out.push_str("\x1b[16t");
    }
    out.push_str("\x1b[c");
    out
}

/// Asks the terminal on `/dev/tty` (in raw mode for the moment), waiting
/// at most a quarter of a second; `None` when there is no terminal.
pub fn ask(pictures: bool, tmux: bool) -> Option<Answers> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open("/dev/tty")
        .ok()?;
    crossterm::terminal::enable_raw_mode().ok()?;
    let reply = (|| {
        tty.write_all(questions(pictures, tmux).as_bytes()).ok()?;
        tty.flush().ok()?;
        let deadline = Instant::now() + Duration::from_millis(250);
        let mut reply = Vec::new();
        let mut buf = [0u8; 256];
        while Instant::now() < deadline && !answers_attributes(&reply) {
            match tty.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => reply.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(_) => break,
            }
        }
        Some(reply)
    })();
    let _ = crossterm::terminal::disable_raw_mode();
    Some(parse(&reply?))
}

/// Whether `reply` holds the answer to the device-attributes query
/// (`ESC [ ? … c`), which comes after the others.
pub fn answers_attributes(reply: &[u8]) -> bool {
    attributes(reply).is_some()
}

/// The parameters of the device-attributes answer.
fn attributes(reply: &[u8]) -> Option<&[u8]> {
    let at = reply.windows(3).position(|w| w == b"\x1b[?")? + 3;
    let rest = &reply[at..];
    let end = rest.iter().position(|&b| b == b'c')?;
    Some(&rest[..end])
}

/// Reads what the terminal answered.
pub fn parse(reply: &[u8]) -> Answers {
    let text = String::from_utf8_lossy(reply);
    let sixel =
        attributes(reply).is_some_and(|params| params.split(|&b| b == b';').any(|p| p == b"4"));
    Answers {
        background: background(&text),
        kitty: text.contains("\x1b_Gi=31;OK"),
        sixel,
        cell: cell_size(&text),
    }
}

/// `ESC [ 6 ; height ; width t`.
fn cell_size(text: &str) -> Option<(u16, u16)> {
    let start = text.find("\x1b[6;")? + 4;
    let rest = &text[start..];
    let end = rest.find('t')?;
    let (height, width) = rest[..end].split_once(';')?;
    let (width, height) = (width.parse::<u16>().ok()?, height.parse::<u16>().ok()?);
    (width > 0 && height > 0).then_some((width, height))
}

/// The colour in an OSC 11 answer: `ESC ] 11 ; rgb:RRRR/GGGG/BBBB` ended
/// by BEL or ST.
fn background(text: &str) -> Option<(f32, f32, f32)> {
    let start = text.find("]11;")? + 4;
    let rest = &text[start..];
    let rest = rest.strip_prefix("rgb:").or_else(|| rest.strip_prefix("rgba:"))?;
    let end = rest.find(['\x07', '\x1b']).unwrap_or(rest.len());
    let mut channels = rest[..end].split('/').map(|hex| {
        let value = u32::from_str_radix(hex, 16).ok()?;
        let max = (1u32 << (4 * hex.len().clamp(1, 4))) - 1;
        Some(value as f32 / max as f32)
    });
    Some((channels.next()??, channels.next()??, channels.next()??))
}

/// A cell's size from the terminal's size in pixels, which the kernel
/// keeps when the terminal tells it.
fn cell_from_window() -> Option<(u16, u16)> {
    let size = rustix::termios::tcgetwinsize(std::io::stdout()).ok()?;
    let (x, y, cols, rows) = (size.ws_xpixel, size.ws_ypixel, size.ws_col, size.ws_row);
    (x > 0 && y > 0 && cols > 0 && rows > 0).then(|| (x / cols, y / rows))
}

/// What the environment says of the terminal, where queries cannot.
#[derive(Clone, Debug, Default)]
pub struct Hints {
    /// `TERM_PROGRAM`.
    pub term_program: String,
    /// `LC_TERMINAL`.
    pub lc_terminal: String,
    /// WezTerm or Konsole, whose kitty placeholders and sixel are not
    /// to be trusted.
    pub half_kitty: bool,
    /// Inside tmux.
    pub tmux: bool,
    /// tmux lets sequences through.
    pub passthrough: bool,
}

impl Hints {
    /// Read from the environment (and tmux's setting, inside tmux).
    pub fn from_env() -> Hints {
        let var = |name| std::env::var(name).unwrap_or_default();
        let tmux = in_tmux();
        Hints {
            term_program: var("TERM_PROGRAM"),
            lc_terminal: var("LC_TERMINAL"),
            half_kitty: !var("WEZTERM_EXECUTABLE").is_empty() || !var("KONSOLE_VERSION").is_empty(),
            tmux,
            passthrough: tmux && tmux_passes_through(),
        }
    }

    fn iterm2(&self) -> bool {
        ["iTerm", "WezTerm", "mintty", "vscode", "Tabby", "Hyper", "rio", "WarpTerminal"]
            .iter()
            .any(|name| self.term_program.contains(name))
            || self.lc_terminal.contains("iTerm")
    }
}

/// How pictures are drawn, from the terminal's `answers`: [`choose`], a
/// cell size it did not answer taken from the window's size in pixels.
pub fn graphics(setting: Images, mut answers: Answers, hints: &Hints) -> Option<Graphics> {
    answers.cell = answers.cell.or_else(cell_from_window);
    choose(setting, &answers, hints)
}

/// How pictures are drawn, from what was asked for, what the terminal
/// answered and what the environment says; `None` for no pictures.
pub fn choose(setting: Images, answers: &Answers, hints: &Hints) -> Option<Graphics> {
    let known_font = answers.cell;
    let font = known_font.unwrap_or(DEFAULT_FONT);
    let tmux = hints.tmux;
    let kind = match setting {
        Images::Off => return None,
        Images::Kitty => Kind::Kitty,
        Images::Sixel => Kind::Sixel,
        Images::Iterm2 => Kind::Iterm2,
        Images::Halfblocks => Kind::Halfblocks,
        Images::Auto => {
            // tmux keeps what it does not pass; a picture protocol needs
            // the cell size to draw in the right place.
            if (tmux && !hints.passthrough) || known_font.is_none() {
                Kind::Halfblocks
            } else if answers.kitty && !hints.half_kitty {
                Kind::Kitty
            } else if hints.iterm2() {
                Kind::Iterm2
            } else if answers.sixel && !hints.half_kitty {
                Kind::Sixel
            } else {
                Kind::Halfblocks
            }
        }
    };
    Some(Graphics { kind, font, tmux: tmux && kind != Kind::Halfblocks })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read() {
        let white = parse(b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?62;c");
        assert_eq!(white.background, Some((1.0, 1.0, 1.0)));
        assert!(!white.sixel && !white.kitty);
        let dark = parse(b"\x1b]11;rgb:1e/1e/2e\x07").background.unwrap();
        assert!(dark.0 < 0.2);
        assert_eq!(parse(b"\x1b[?1;2c").background, None);
        assert!(answers_attributes(b"\x1b]11;rgb:0/0/0\x07\x1b[?1;2c"));
        assert!(!answers_attributes(b"\x1b]11;rgb:0/0/0\x07"));
        let kitty = parse(b"\x1b_Gi=31;OK\x1b\\\x1b[6;20;10t\x1b[?62;22c");
        assert!(kitty.kitty && !kitty.sixel);
        assert_eq!(kitty.cell, Some((10, 20)));
        let foot = parse(b"\x1b[6;17;8t\x1b[?62;4;22c");
        assert!(foot.sixel && !foot.kitty);
        assert_eq!(foot.cell, Some((8, 17)));
    }

    #[test]
    fn the_best_protocol_answered_is_chosen() {
        let hints = Hints::default();
        let cell = Some((9, 18));
        let kitty = Answers { kitty: true, sixel: true, cell, ..Answers::default() };
        let sixel = Answers { sixel: true, cell, ..Answers::default() };
        let pick =
            |answers: &Answers, hints: &Hints| choose(Images::Auto, answers, hints).map(|g| g.kind);
        assert_eq!(pick(&kitty, &hints), Some(Kind::Kitty));
        assert_eq!(pick(&sixel, &hints), Some(Kind::Sixel));
        assert_eq!(pick(&Answers { cell, ..Answers::default() }, &hints), Some(Kind::Halfblocks));
        let iterm = Hints { term_program: "iTerm.app".into(), ..Hints::default() };
        assert_eq!(pick(&sixel, &iterm), Some(Kind::Iterm2));
        // Without a cell size, only half blocks land in the right place.
        assert_eq!(
            pick(&Answers { kitty: true, ..Answers::default() }, &hints),
            Some(Kind::Halfblocks)
        );
        // tmux without passthrough: half blocks; with it, wrapped.
        let closed = Hints { tmux: true, ..Hints::default() };
        assert_eq!(pick(&kitty, &closed), Some(Kind::Halfblocks));
        let open = Hints { tmux: true, passthrough: true, ..Hints::default() };
        assert_eq!(
            choose(Images::Auto, &kitty, &open).unwrap(),
            Graphics { kind: Kind::Kitty, font: (9, 18), tmux: true }
        );
        // Asked for by name, or off.
        assert_eq!(choose(Images::Sixel, &Answers::default(), &hints).unwrap().kind, Kind::Sixel);
        assert_eq!(choose(Images::Off, &kitty, &hints), None);
    }

    #[test]
    fn sequences_pass_through_tmux_with_their_escapes_doubled() {
        assert_eq!(through_tmux("\x1b_Ga=d\x1b\\"), "\x1bPtmux;\x1b\x1b_Ga=d\x1b\x1b\\\x1b\\");
        let asked = questions(true, true);
        assert!(asked.starts_with("\x1b]11;?") && asked.ends_with("\x1b[c"));
        assert!(asked.contains("\x1bPtmux;\x1b\x1b_Gi=31"));
        assert!(!questions(false, false).contains("_G"));
    }
}
