//! Pictures through the real binary in a pseudo-terminal, against a fake
//! terminal that answers folio's questions as kitty, a sixel terminal or
//! iTerm2 would: folio sends each picture with that protocol, deletes or
//! overwrites it when the post changes, and sends none when pictures are
//! off. Bad pictures say why, while keys keep answering and memory stays
//! low.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use image::{Rgba, RgbaImage};
use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

/// A terminal's answers to the device-attributes query and what came
/// before it.
struct Fake {
    answers: &'static str,
    env: &'static [(&'static str, &'static str)],
}

const KITTY: Fake = Fake {
    answers: "\x1b]11;rgb:0000/0000/0000\x1b\\\x1b_Gi=31;OK\x1b\\\x1b[6;20;10t\x1b[?62;22c",
    env: &[],
};
const FOOT: Fake = Fake { answers: "\x1b[6;20;10t\x1b[?62;4;22c", env: &[] };
const ITERM: Fake =
    Fake { answers: "\x1b[6;20;10t\x1b[?62;22c", env: &[("TERM_PROGRAM", "iTerm.app")] };

struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn Child + Send + Sync>,
    _home: tempfile::TempDir,
}

impl Session {
    fn start(args: &[&str], fake: &Fake) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize { rows: 40, cols: 120, pixel_width: 0, pixel_height: 0 })
            .unwrap();
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_folio"));
        command.args(args);
        command.env("TERM", "xterm-256color");
        let home = tempfile::tempdir().unwrap();
        command.env("XDG_CACHE_HOME", home.path().join("cache"));
        command.env("XDG_STATE_HOME", home.path().join("state"));
        command.env("XDG_CONFIG_HOME", home.path().join("config"));
        for name in ["NO_COLOR", "TMUX", "TERM_PROGRAM", "LC_TERMINAL", "WEZTERM_EXECUTABLE"] {
            command.env_remove(name);
        }
        for (key, value) in fake.env {
            command.env(key, value);
        }
        let child = pty.slave.spawn_command(command).unwrap();
        drop(pty.slave);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(40).unwrap(),
            std::num::NonZeroU16::new(120).unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let writer = Arc::new(Mutex::new(pty.master.take_writer().unwrap()));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let (feed, log, answer) = (Arc::clone(&screen), Arc::clone(&raw), Arc::clone(&writer));
        let answers = fake.answers;
        std::thread::spawn(move || {
            let _master = pty.master;
            let mut buf = [0u8; 65536];
            let mut answered = false;
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut log = log.lock().unwrap();
                log.extend_from_slice(&buf[..n]);
                // The questions end with device attributes: answer them all.
                if !answered && log.windows(3).any(|w| w == b"\x1b[c") {
                    answered = true;
                    let mut answer = answer.lock().unwrap();
                    let _ = answer.write_all(answers.as_bytes());
                    let _ = answer.flush();
                }
                feed.lock().unwrap().process(&buf[..n]);
            }
        });
        Session { screen, raw, writer, child, _home: home }
    }

    fn keys(&self, keys: &str) {
        let mut writer = self.writer.lock().unwrap();
        writer.write_all(keys.as_bytes()).unwrap();
        writer.flush().unwrap();
    }

    fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, what: &str, ok: impl Fn(&Session) -> bool) {
        let started = Instant::now();
        while !ok(self) {
            if started.elapsed() > Duration::from_secs(30) {
                panic!("timed out waiting for {what}; the screen:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// The most memory the process has held, in bytes (Linux).
    fn peak_memory(&self) -> Option<u64> {
        let pid = self.child.process_id()?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb * 1024)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn has(bytes: &[u8], needle: &[u8]) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle)
}

/// A blog of two posts: one with a picture, one without.
fn blog() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("a.md"),
        "---\ntitle: With a picture\ndate: 2024-02-01\n---\n\nAbove.\n\n![A green field](field.png)\n\nBelow the field.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("b.md"),
        "---\ntitle: Without one\ndate: 2024-01-01\n---\n\nOnly words here, on every line.\n",
    )
    .unwrap();
    RgbaImage::from_fn(300, 150, |x, _| Rgba([20, 120 + (x % 100) as u8, 20, 255]))
        .save(root.join("field.png"))
        .unwrap();
    dir
}

fn open_post(dir: &Path, fake: &Fake, extra: &[&str]) -> Session {
    let post = dir.join("a.md");
    let mut args = extra.to_vec();
    args.push(post.to_str().unwrap());
    let session = Session::start(&args, fake);
    session.wait_for("the post", |s| s.contents().contains("Below the field."));
    session
}

#[test]
fn kitty_gets_the_picture_and_its_deletion_when_the_post_changes() {
    let dir = blog();
    let session = open_post(dir.path(), &KITTY, &[]);
    session.wait_for("a kitty transmission", |s| has(&s.raw(), b"a=T,U=1,f=32"));
    let raw = session.raw();
    assert!(!has(&raw, b"]1337;File"), "no iTerm2 picture");
    // The next post: the picture is deleted from the terminal.
    session.keys("]");
    session.wait_for("the other post", |s| s.contents().contains("Only words here"));
    session.wait_for("a deletion", |s| has(&s.raw(), b"\x1b_Ga=d,d=I,i="));
}

#[test]
fn a_sixel_terminal_gets_sixel_and_the_picture_is_overwritten_when_the_post_changes() {
    let dir = blog();
    let session = open_post(dir.path(), &FOOT, &[]);
    // A sixel sequence: DCS … q, then colour registers.
    session.wait_for("sixel", |s| {
        let raw = s.raw();
        raw.windows(2).enumerate().any(|(i, w)| {
            w == b"\x1bP"
                && raw[i..].iter().take(12).any(|&b| b == b'q')
                && has(&raw[i..], b"#0;2;")
        })
    });
    assert!(!has(&session.raw(), b"a=T,U=1"), "no kitty picture");
    let rows: Vec<usize> = {
        let contents = session.contents();
        let above = contents.lines().position(|l| l.contains("Above.")).unwrap();
        let below = contents.lines().position(|l| l.contains("Below the field.")).unwrap();
        (above + 1..below).collect()
    };
    let before = session.raw().len();
    session.keys("]");
    session.wait_for("the other post", |s| s.contents().contains("Only words here"));
    std::thread::sleep(Duration::from_millis(300));
    // Where the picture was, the new post's screen was written: nothing
    // of it is left, and no picture was sent again.
    let after = &session.raw()[before..];
    assert!(!has(after, b"#0;2;"), "no sixel for a post without pictures");
    let contents = session.contents();
    let lines: Vec<&str> = contents.lines().collect();
    for row in rows {
        assert!(!lines.get(row).is_some_and(|l| l.contains("Below the field")), "{contents}");
    }
}

#[test]
fn iterm2_gets_an_inline_image() {
    let dir = blog();
    let session = open_post(dir.path(), &ITERM, &[]);
    session.wait_for("an iTerm2 picture", |s| has(&s.raw(), b"]1337;File=inline=1"));
    assert!(!has(&session.raw(), b"a=T,U=1"));
}

#[test]
fn with_images_off_no_picture_and_no_question_is_sent() {
    let dir = blog();
    let session = open_post(dir.path(), &KITTY, &["--images", "off"]);
    session.wait_for("its text", |s| s.contents().contains("[image: A green field]"));
    std::thread::sleep(Duration::from_millis(500));
    let raw = session.raw();
    assert!(!has(&raw, b"\x1b_G"), "no kitty query nor picture");
    assert!(!has(&raw, b"]1337;File"));
    assert!(!has(&raw, b"#0;2;"));
}

#[test]
fn bad_pictures_say_why_while_keys_answer_and_memory_stays_low() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("bad.md"),
        "---\ntitle: Bad pictures\n---\n\nThe text comes first.\n\n\
         ![corrupt](corrupt.png)\n\n![truncated](cut.png)\n\n![bomb](bomb.png)\n\n\
         ![gone](missing.png)\n\n![fifo](pipe.png)\n\n![huge](huge.jpg)\n\nThe end of the text.\n",
    )
    .unwrap();
    std::fs::write(root.join("corrupt.png"), b"\x89PNG\r\n\x1a\nthis is not the rest of a png")
        .unwrap();
    // A real 6,000 x 6,000 photograph-sized picture, and half of one.
    let huge =
        RgbaImage::from_fn(6000, 6000, |x, y| Rgba([(x / 24) as u8, (y / 24) as u8, 90, 255]));
    let huge = image::DynamicImage::ImageRgba8(huge).into_rgb8();
    huge.save(root.join("huge.jpg")).unwrap();
    drop(huge);
    RgbaImage::from_fn(400, 400, |x, y| Rgba([x as u8, y as u8, 7, 255]))
        .save(root.join("whole.png"))
        .unwrap();
    let whole = std::fs::read(root.join("whole.png")).unwrap();
    std::fs::write(root.join("cut.png"), &whole[..whole.len() / 3]).unwrap();
    std::fs::write(root.join("bomb.png"), bomb_png(100_000, 100_000)).unwrap();
    let made = std::process::Command::new("mkfifo").arg(root.join("pipe.png")).status().unwrap();
    assert!(made.success());

    let post = root.join("bad.md");
    let session = Session::start(&["--images", "halfblocks", post.to_str().unwrap()], &FOOT);
    session.wait_for("the text", |s| s.contents().contains("The text comes first."));
    // Keys answer while the pictures are read: the help opens and closes.
    session.keys("?");
    session.wait_for("the help", |s| s.contents().contains("Keys"));
    session.keys("\x1b");
    session.wait_for("the help closed", |s| !s.contents().contains("Keys"));
    // Each bad picture says why; the end of the text is reached.
    session.keys("G");
    session.wait_for("every reason", |s| {
        let screen = s.contents();
        let all = s.raw();
        let text = String::from_utf8_lossy(&all);
        [
            "corrupt — not an image",
            "truncated — damaged",
            "bomb — too large",
            "gone — missing",
            "fifo — not a file",
        ]
        .iter()
        .all(|reason| text.contains(reason) || screen.contains(reason))
            && screen.contains("The end of the text.")
    });
    // The huge one is drawn in half blocks: scroll through it.
    session.keys("g");
    for _ in 0..12 {
        session.keys("\x04");
        std::thread::sleep(Duration::from_millis(100));
    }
    session.wait_for("the huge picture drawn", |s| {
        s.contents().contains('▀') || s.contents().contains('▄')
    });
    let peak = session.peak_memory().unwrap();
    eprintln!("peak memory with the bad and huge pictures: {} MB", peak >> 20);
    assert!(peak < 300 << 20, "peak memory {} MB", peak >> 20);
}

/// A PNG declaring `w` x `h` pixels with a few bytes of data.
fn bomb_png(w: u32, h: u32) -> Vec<u8> {
    let chunk = |out: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32fast::hash(&body).to_be_bytes());
    };
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &[0x78, 0x01, 0x01, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01]);
    chunk(&mut out, b"IEND", &[]);
    out
}

#[test]
fn folio_render_draws_pictures_with_the_terminals_protocol() {
    let dir = blog();
    let post = dir.path().join("a.md");
    let post = post.to_str().unwrap();
    let kitty = Session::start(&["render", post], &KITTY);
    kitty.wait_for("the text after the picture", |s| has(&s.raw(), b"Below the field."));
    kitty.wait_for("a kitty transmission", |s| has(&s.raw(), b"a=T,U=1,f=32"));
    // The caption under it, after the placeholders.
    let text = String::from_utf8_lossy(&kitty.raw()).into_owned();
    let sent = text.find("a=T,U=1").unwrap();
    let caption = text.find("A green field").unwrap();
    assert!(sent < caption && caption < text.find("Below the field.").unwrap(), "{text:?}");

    let foot = Session::start(&["render", post], &FOOT);
    foot.wait_for("the text after the picture", |s| has(&s.raw(), b"Below the field."));
    foot.wait_for("sixel colour registers", |s| has(&s.raw(), b"#0;2;"));

    let off = Session::start(&["render", "--images", "off", post], &KITTY);
    off.wait_for("the text", |s| has(&s.raw(), b"Below the field."));
    off.wait_for("its text in place of the picture", |s| {
        s.contents().contains("[image: A green field]")
    });
    assert!(!has(&off.raw(), b"a=T"), "no picture with --images off");
}

/// `folio render --color always POST` into a pipe, with `extra` flags and
/// `env`; its output.
fn render_piped(post: &Path, extra: &[&str], env: &[(&str, &Path)]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["render", "--color", "always"])
        .args(extra)
        .arg(post)
        .envs(env.iter().copied())
        .env_remove("TMUX")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn folio_render_into_a_pipe_draws_no_picture_unless_asked() {
    let dir = blog();
    let post = dir.path().join("a.md");
    let run = |extra: &[&str]| render_piped(&post, extra, &[]);
    let piped = run(&[]);
    assert!(piped.contains("[image: A green field]"), "{piped}");
    assert!(!piped.contains('▀') && !piped.contains("\x1b_G"));
    let blocks = run(&["--images", "halfblocks"]);
    assert!(blocks.contains('▀') || blocks.contains('▄'), "{blocks}");
    assert!(blocks.contains("A green field") && !blocks.contains("[image: A green field]"));
    let kitty = run(&["--images", "kitty"]);
    assert!(kitty.contains("a=T,U=1,f=32"), "{kitty}");
}

/// A server of one picture, answering each request after `delay`; counts
/// the requests.
fn picture_server(delay: Duration) -> (String, Arc<Mutex<usize>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut png = Vec::new();
    RgbaImage::from_fn(300, 150, |x, _| Rgba([200, 40 + (x % 100) as u8, 20, 255]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let count = Arc::new(Mutex::new(0));
    let counted = Arc::clone(&count);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            *counted.lock().unwrap() += 1;
            let png = png.clone();
            std::thread::spawn(move || {
                let mut request = [0u8; 4096];
                let _ = stream.read(&mut request);
                std::thread::sleep(delay);
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    png.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&png);
            });
        }
    });
    (format!("http://127.0.0.1:{port}/field.png"), count)
}

#[test]
fn a_picture_on_the_web_is_fetched_in_the_background_when_the_config_asks() {
    let (url, requests) = picture_server(Duration::from_millis(1500));
    let dir = tempfile::tempdir().unwrap();
    let post = dir.path().join("web.md");
    std::fs::write(
        &post,
        format!(
            "---\ntitle: From the web\n---\n\nAbove.\n\n![A red field]({url})\n\nBelow the field.\n"
        ),
    )
    .unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "remote_images = true\n").unwrap();
    let env: &'static [(&'static str, &'static str)] =
        Box::leak(vec![("FOLIO_CONFIG", &*config.to_string_lossy().into_owned().leak())].into());
    let fake = Fake { answers: FOOT.answers, env };
    let session = Session::start(&["--images", "halfblocks", post.to_str().unwrap()], &fake);
    // The text at once, the picture said to be on its way; keys answer.
    session.wait_for("the text", |s| s.contents().contains("Below the field."));
    assert!(session.contents().contains("A red field — fetching"), "{}", session.contents());
    session.keys("?");
    session.wait_for("the help", |s| s.contents().contains("Keys"));
    session.keys("\x1b");
    session.wait_for("the help closed", |s| !s.contents().contains("Keys"));
    // Then drawn, its caption under it.
    session.wait_for("the picture", |s| {
        let screen = s.contents();
        screen.contains('▀') && screen.contains("A red field") && !screen.contains("[image:")
    });
    assert_eq!(*requests.lock().unwrap(), 1, "fetched once");
}

#[test]
fn without_remote_images_nothing_is_fetched() {
    let (url, requests) = picture_server(Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let post = dir.path().join("web.md");
    std::fs::write(&post, format!("---\ntitle: W\n---\n\n![A red field]({url})\n\nThe end.\n"))
        .unwrap();
    let session = Session::start(&["--images", "halfblocks", post.to_str().unwrap()], &FOOT);
    session.wait_for("the text", |s| s.contents().contains("[image: A red field]"));
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(*requests.lock().unwrap(), 0);
}

#[test]
fn folio_render_fetches_a_picture_on_the_web_before_drawing_it() {
    let (url, requests) = picture_server(Duration::from_millis(200));
    let dir = tempfile::tempdir().unwrap();
    let post = dir.path().join("web.md");
    std::fs::write(&post, format!("---\ntitle: W\n---\n\n![A red field]({url})\n\nThe end.\n"))
        .unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "remote_images = true\n").unwrap();
    let cache = dir.path().join("cache");
    let render = |config: &Path| {
        let env = [("FOLIO_CONFIG", config), ("XDG_CACHE_HOME", cache.as_path())];
        render_piped(&post, &["--images", "halfblocks"], &env)
    };
    let drawn = render(&config);
    assert!(drawn.contains('▀') && !drawn.contains("[image:"), "{drawn}");
    // Kept: drawn again without a second fetch.
    let again = render(&config);
    assert!(again.contains('▀'));
    assert_eq!(*requests.lock().unwrap(), 1);
    let kept = std::fs::read_dir(dir.path().join("cache/folio/images")).unwrap().count();
    assert_eq!(kept, 1);
    // Off (the default): its text.
    let off = dir.path().join("off.toml");
    std::fs::write(&off, "").unwrap();
    assert!(render(&off).contains("[image: A red field]"));
}
