//! The real binary in a pseudo-terminal: keys typed, the screen read back
//! through a terminal emulator (vt100), as a user would see it.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    /// Every byte folio wrote.
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    /// The session's own state and config folders, unless the test gave
    /// its own.
    _home: tempfile::TempDir,
}

/// The screen model's size: a terminal that says 0x0 is modelled as 80x24.
fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap_or(std::num::NonZeroU16::new(80).unwrap())
}

impl Session {
    fn start(args: &[&str], cols: u16, rows: u16) -> Session {
        Session::start_with(args, cols, rows, &[])
    }

    fn start_with(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .unwrap();
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_folio"));
        command.args(args);
        command.cwd(env!("CARGO_MANIFEST_DIR"));
        command.env("TERM", "xterm-256color");
        command.env("XDG_CACHE_HOME", std::env::temp_dir().join("folio-pty-cache"));
        let home = tempfile::tempdir().unwrap();
        command.env("XDG_STATE_HOME", home.path().join("state"));
        command.env("XDG_CONFIG_HOME", home.path().join("config"));
        command.env_remove("NO_COLOR");
        command.env_remove("VISUAL");
        command.env_remove("EDITOR");
        command.env_remove("BROWSER");
        for (key, value) in env {
            command.env(key, value);
        }
        let child = pty.slave.spawn_command(command).unwrap();
        drop(pty.slave);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(nonzero(rows), nonzero(cols), 0)));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let feed = Arc::clone(&screen);
        let raw = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&raw);
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                log.lock().unwrap().extend_from_slice(&buf[..n]);
                feed.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().unwrap();
        Session { screen, raw, writer, child, master: pty.master, _home: home }
    }

    fn sample() -> Session {
        Session::start(&["sample-posts"], 120, 40)
    }

    fn keys(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // Let a lone ESC be read as Esc, not as the start of a sequence.
        std::thread::sleep(Duration::from_millis(60));
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen satisfies `ok`, failing with the screen shown.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let contents = self.contents();
            if ok(&contents) {
                return contents;
            }
            if started.elapsed() > Duration::from_secs(20) {
                panic!("timed out waiting for {what}; the screen:\n{contents}");
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    fn wait_for_exit(&mut self) -> portable_pty::ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread take the last bytes.
                std::thread::sleep(Duration::from_millis(100));
                return status;
            }
            if started.elapsed() > Duration::from_secs(20) {
                self.child.kill().ok();
                panic!("folio did not exit; the screen:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    fn assert_restored(&self) {
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "left the alternate screen");
        assert!(!screen.hide_cursor(), "the cursor is shown again");
        assert_eq!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::None, "mouse released");
        assert!(!screen.bracketed_paste(), "bracketed paste off");
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn list_pane(screen: &str) -> String {
    screen.lines().map(|l| l.chars().take(46).collect::<String>()).collect::<Vec<_>>().join("\n")
}

#[test]
fn opens_and_shows_titles() {
    let session = Session::sample();
    // The article pane shows the newest post (a frame may be read half drawn:
    // wait for all of it).
    let screen = session.wait_for("the list and the article", |s| {
        s.contains("37 posts") && s.contains("min read") && s.contains("Sowing calendar")
    });
    assert!(screen.contains("Garden Planning for 2025"));
}

#[test]
fn slash_narrows_the_list_as_you_type() {
    let mut session = Session::sample();
    session.wait_for("the list", |s| s.contains("37 posts"));
    session.keys("/");
    session.keys("kyo");
    let screen = session.wait_for("the narrowed list", |s| {
        s.contains("of 37 posts") && list_pane(s).contains("Kyoto")
    });
    assert!(!list_pane(&screen).contains("Garden Planning"), "{screen}");
    session.keys("\r");
    session.wait_for("the search kept as a chip", |s| s.contains("\"kyo\""));
}

#[test]
fn t_filters_by_a_tag() {
    let mut session = Session::sample();
    session.wait_for("the list", |s| s.contains("37 posts"));
    session.keys("t");
    session.wait_for("the tag picker", |s| s.contains("Tags · 0 chosen"));
    session.keys("cook");
    session.keys(" ");
    session.wait_for("a chosen tag", |s| s.contains("Tags · 1 chosen"));
    session.keys("\r");
    let screen = session.wait_for("the filtered list", |s| s.contains("3 of 37 posts"));
    assert!(screen.contains("#Cooking"), "{screen}");
    assert!(list_pane(&screen).contains("Sourdough"));
}

#[test]
fn q_quits_with_the_terminal_restored() {
    let mut session = Session::sample();
    session.wait_for("the list", |s| s.contains("37 posts"));
    session.keys("q");
    let status = session.wait_for_exit();
    assert!(status.success());
    session.assert_restored();
}

#[test]
fn ctrl_c_quits_with_the_terminal_restored() {
    let mut session = Session::sample();
    session.wait_for("the list", |s| s.contains("37 posts"));
    session.keys("\x03");
    assert!(session.wait_for_exit().success());
    session.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut session = Session::sample();
    session.wait_for("the list", |s| s.contains("37 posts"));
    let pid = session.child.process_id().unwrap();
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .unwrap()
            .success()
    );
    session.wait_for_exit();
    session.assert_restored();
}

#[test]
fn a_narrow_terminal_shows_one_pane_and_follows_resizes() {
    let session = Session::start(&["sample-posts"], 60, 20);
    let screen = session.wait_for("the list alone", |s| s.contains("37 posts"));
    assert!(!screen.contains("min read"), "no article pane at 60 columns:\n{screen}");
    // The emulator first, so that every frame drawn after the resize is
    // read at the new size.
    session.screen.lock().unwrap().screen_mut().set_size(nonzero(30), nonzero(120));
    session
        .master
        .resize(PtySize { rows: 30, cols: 120, pixel_width: 0, pixel_height: 0 })
        .unwrap();
    session.wait_for("two panes after the resize", |s| s.contains("min read"));
}

#[test]
fn a_missing_folder_is_a_plain_message() {
    let mut session = Session::start(&["/no/such/folder"], 80, 24);
    let status = session.wait_for_exit();
    assert!(!status.success());
    let screen = session.contents();
    assert!(screen.contains("folio: cannot read folder '/no/such/folder'"), "{screen}");
}

#[test]
fn hostile_titles_cannot_take_over_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("evil.md"),
        "---\ntitle: \"Evil \\e]0;pwned\\a\\e[2J\\e[?1049l title\"\n---\nBody \u{1b}]52;c;cGF3bg==\u{7} &#27;[31m\n",
    )
    .unwrap();
    let session = Session::start(&[dir.path().to_str().unwrap()], 100, 20);
    let screen = session.wait_for("the hostile post, shown", |s| s.contains("Evil"));
    assert!(screen.contains("␛]0;pwned␇"), "{screen}");
    assert!(session.screen.lock().unwrap().screen().alternate_screen(), "still on folio's screen");
}

impl Session {
    /// Resizes the emulator, then the terminal (so every frame drawn after
    /// the resize is read at the new size).
    fn resize(&self, cols: u16, rows: u16) {
        self.screen.lock().unwrap().screen_mut().set_size(nonzero(rows), nonzero(cols));
        self.master.resize(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).unwrap();
    }
}

#[test]
fn quick_resizes_between_overlays_end_at_the_real_size() {
    let mut session = Session::sample();
    session.wait_for("the list", |s| s.contains("37 posts"));
    for (i, (cols, rows)) in
        [(12, 4), (140, 45), (30, 6), (12, 4)].iter().cycle().take(24).enumerate()
    {
        session.resize(*cols, *rows);
        // Keys without waiting: an overlay opens and closes between resizes.
        let keys: &[u8] = if i % 2 == 0 { b"?" } else { b"\x1bt\x1b" };
        session.writer.write_all(keys).unwrap();
    }
    session.writer.flush().unwrap();
    // Let the emulator take every frame drawn so far, then one more resize:
    // a frame read at a size the emulator no longer has would be garbled.
    std::thread::sleep(Duration::from_millis(300));
    session.resize(139, 45);
    std::thread::sleep(Duration::from_millis(100));
    session.resize(140, 45);
    // Whatever overlay the keys left open, Esc closes it.
    std::thread::sleep(Duration::from_millis(100));
    session.keys("\x1b");
    session.keys("\x1b");
    let screen = session.wait_for("a frame at 140x45", |s| {
        let lines: Vec<&str> = s.lines().collect();
        lines.len() >= 45
            && lines[0].chars().count() >= 140
            && lines[0].ends_with('┐')
            && lines[44].contains("? help")
    });
    assert!(screen.contains("37 posts"), "{screen}");
}

fn signal(session: &Session, name: &str) {
    let pid = session.child.process_id().unwrap().to_string();
    assert!(std::process::Command::new("kill").args([name, &pid]).status().unwrap().success());
}

#[test]
fn no_color_turns_colours_off() {
    let session = Session::start_with(&["sample-posts"], 120, 40, &[("NO_COLOR", "1")]);
    session.wait_for("the list", |s| s.contains("37 posts") && s.contains("min read"));
    let parser = session.screen.lock().unwrap();
    let screen = parser.screen();
    for row in 0..40 {
        for col in 0..120 {
            let cell = screen.cell(row, col).unwrap();
            assert_eq!(cell.fgcolor(), vt100::Color::Default, "colour at {row},{col}");
            assert_eq!(cell.bgcolor(), vt100::Color::Default, "background at {row},{col}");
        }
    }
}

#[test]
fn m_releases_and_captures_the_mouse() {
    let mut session = Session::sample();
    session.wait_for("the list", |s| s.contains("37 posts"));
    let mode = |session: &Session| session.screen.lock().unwrap().screen().mouse_protocol_mode();
    assert_ne!(mode(&session), vt100::MouseProtocolMode::None, "captured at the start");
    session.keys("m");
    session.wait_for("the mouse released", |s| s.contains("mouse off (m)"));
    assert_eq!(mode(&session), vt100::MouseProtocolMode::None);
    session.keys("m");
    session.wait_for("the mouse captured", |s| !s.contains("mouse off (m)"));
    assert_ne!(mode(&session), vt100::MouseProtocolMode::None);
}

#[test]
fn ctrl_z_suspends_and_the_screen_comes_back() {
    let mut session = Session::sample();
    session.wait_for("the list", |s| s.contains("37 posts"));
    session.keys("\x1a");
    let started = Instant::now();
    while session.screen.lock().unwrap().screen().alternate_screen() {
        assert!(started.elapsed() < Duration::from_secs(10), "the terminal was not given back");
        std::thread::sleep(Duration::from_millis(25));
    }
    signal(&session, "-CONT");
    session.wait_for("the reader again", |s| s.contains("37 posts") && s.contains("min read"));
    assert!(session.screen.lock().unwrap().screen().alternate_screen());
    session.keys("q");
    assert!(session.wait_for_exit().success());
    session.assert_restored();
}

#[test]
fn links_are_hyperlinks_in_terminals_that_take_them() {
    for (program, wanted) in [("WezTerm", true), ("", false)] {
        let mut session = Session::start_with(
            &["sample-posts"],
            120,
            40,
            &[("TERM_PROGRAM", program), ("VTE_VERSION", "")],
        );
        session.wait_for("the list", |s| s.contains("37 posts"));
        session.keys("/");
        session.keys("field guide");
        session.keys("\r");
        session.wait_for("the links post", |s| {
            s.contains("A Field Guide to Links") && s.contains("min read")
        });
        std::thread::sleep(Duration::from_millis(200));
        let raw = String::from_utf8_lossy(&session.raw.lock().unwrap()).into_owned();
        assert_eq!(raw.contains("\x1b]8;;https://"), wanted, "TERM_PROGRAM={program:?}");
        session.keys("q");
        session.wait_for_exit();
    }
}

#[test]
fn a_file_opens_its_folder_with_the_post_open() {
    let session = Session::start(&["sample-posts/kyoto-in-autumn.md"], 120, 40);
    // The article is the file's post (a frame drawn before it came would
    // time out here).
    let screen = session.wait_for("the post open", |s| {
        s.contains("37 posts")
            && s.contains("min read")
            && s.lines().next().is_some_and(|header| header.contains("Kyoto in Autumn"))
            && list_pane(s).contains("▌ Kyoto")
    });
    let list = list_pane(&screen);
    assert!(list.contains("▌ Kyoto in Autumn"), "and it is selected:\n{list}");
    // The article has the keys: j scrolls it rather than moving the list.
    let mut session = session;
    session.keys("j");
    std::thread::sleep(Duration::from_millis(200));
    assert!(list_pane(&session.contents()).contains("▌ Kyoto in Autumn"));
}

/// The article pane's text: each row after the list's 48 columns.
fn article_pane(screen: &str, list_columns: usize) -> Vec<String> {
    screen.lines().map(|l| l.chars().skip(list_columns).collect::<String>()).collect()
}

/// `folio list --json` with the state kept in `state`.
fn listed_with_state(state: &std::path::Path) -> Vec<serde_json::Value> {
    listed_with(state, &[])
}

fn listed_with(state: &std::path::Path, args: &[&str]) -> Vec<serde_json::Value> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["list", "--json", "sample-posts"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("XDG_STATE_HOME", state)
        .env("XDG_CACHE_HOME", std::env::temp_dir().join("folio-pty-cache"))
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

fn titles_where(posts: &[serde_json::Value], key: &str) -> Vec<String> {
    posts
        .iter()
        .filter(|p| p[key] == serde_json::Value::Bool(true))
        .map(|p| p["title"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn read_and_starred_posts_and_the_place_come_back_after_a_restart_and_a_resize() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().to_str().unwrap();
    let env = [("XDG_STATE_HOME", state)];
    let mut session = Session::start_with(&["sample-posts"], 120, 40, &env);
    session.wait_for("the list", |s| s.contains("37 posts · 37 unread") && s.contains("▌"));
    session.keys("*");
    session.keys("/error handling\r");
    session.wait_for("the post", |s| s.contains("Error Handling in Rust") && s.contains("1 of"));
    session.keys("\r");
    for _ in 0..14 {
        session.keys("j");
    }
    let screen = session
        .wait_for("the scroll", |s| !article_pane(s, 48)[1].contains("Error Handling in Rust"));
    let rows = article_pane(&screen, 48);
    let top = rows[1..5]
        .iter()
        .map(|r| r.trim_matches(['│', ' ']).to_string())
        .find(|r| !r.is_empty())
        .expect("text at the top");
    session.keys("q");
    session.wait_for_exit();

    let posts = listed_with_state(home.path());
    assert_eq!(titles_where(&posts, "read"), ["Error Handling in Rust Without Tears"]);
    assert_eq!(titles_where(&posts, "starred"), ["Garden Planning for 2025"]);
    assert_eq!(listed_with(home.path(), &["--unread"]).len(), 36);
    let starred = listed_with(home.path(), &["--starred"]);
    assert_eq!(titles_where(&starred, "starred"), ["Garden Planning for 2025"]);
    assert_eq!(starred.len(), 1);

    // Again, on a smaller terminal: the same post, open, at the same place.
    let mut session = Session::start_with(&["sample-posts"], 100, 30, &env);
    let screen = session.wait_for("the post again", |s| {
        s.lines().next().is_some_and(|l| l.contains("Error Handling in Rust"))
            && s.contains("1 of 37 posts")
    });
    let rows = article_pane(&screen, 40);
    assert!(
        rows[1..6].iter().any(|r| r.contains(&top[..top.len().min(20)])),
        "the place read, {top:?}, is at the top:\n{screen}"
    );
    assert!(screen.contains("\"error handling\""), "the search is back:\n{screen}");
    session.keys("q");
    session.wait_for_exit();
}

#[test]
fn two_readers_on_one_folder_keep_both_stars() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().to_str().unwrap();
    let env = [("XDG_STATE_HOME", state)];
    let mut one = Session::start_with(&["sample-posts"], 120, 40, &env);
    let mut two = Session::start_with(&["sample-posts"], 120, 40, &env);
    // A post selected, not only counted.
    one.wait_for("the list", |s| s.contains("37 posts") && s.contains("▌"));
    two.wait_for("the list", |s| s.contains("37 posts") && s.contains("▌"));
    one.keys("*");
    two.keys("j");
    two.keys("*");
    one.wait_for("the star", |s| s.contains("★"));
    two.wait_for("the star", |s| s.contains("★"));
    one.keys("q");
    one.wait_for_exit();
    two.keys("q");
    two.wait_for_exit();
    let posts = listed_with_state(home.path());
    assert_eq!(
        titles_where(&posts, "starred"),
        ["Garden Planning for 2025", "On Writing Every Day"]
    );
}

#[test]
fn kill_9_while_starring_never_leaves_an_unreadable_state() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().to_str().unwrap();
    let env = [("XDG_STATE_HOME", state)];
    for round in 0..8u64 {
        let mut session = Session::start_with(&["sample-posts"], 120, 40, &env);
        session.wait_for("the list", |s| s.contains("37 posts"));
        for _ in 0..round % 4 + 1 {
            session.writer.write_all(b"*j").unwrap();
            session.writer.flush().unwrap();
        }
        std::thread::sleep(Duration::from_millis(round * 7));
        signal(&session, "-KILL");
        session.wait_for_exit();
        if !home.path().join("folio").exists() {
            continue; // killed before anything was written
        }
        if let Some(file) = state_file(home.path()) {
            let text = std::fs::read(&file).unwrap();
            let parsed: Result<serde_json::Value, _> = serde_json::from_slice(&text);
            assert!(parsed.is_ok(), "round {round}: {}", String::from_utf8_lossy(&text));
        }
        assert!(
            !home
                .path()
                .join("folio")
                .read_dir()
                .unwrap()
                .flatten()
                .any(|e| e.file_name().to_string_lossy().contains(".broken")),
            "nothing was set aside"
        );
    }
    // And the next start reads it without a word.
    let mut session = Session::start_with(&["sample-posts"], 120, 40, &env);
    let screen = session.wait_for("the list", |s| s.contains("37 posts"));
    assert!(!screen.contains("could not be read"), "{screen}");
    session.keys("q");
    session.wait_for_exit();
}

#[test]
fn a_config_remaps_keys_and_narrows_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, "reading_width = 40\ntheme = \"light\"\n[keys]\nquit = [\"x\"]\n")
        .unwrap();
    let mut session =
        Session::start(&["--config", file.to_str().unwrap(), "sample-posts"], 160, 40);
    let screen = session.wait_for("the list", |s| s.contains("37 posts") && s.contains("min read"));
    // The article's lines stay within 40 columns, centred in a wide pane.
    let rows = article_pane(&screen, 64);
    let longest = rows[1..rows.len() - 2]
        .iter()
        .map(|r| r.trim_matches(['│', ' ', '─', '┐', '┘', '┌', '└']).chars().count())
        .max()
        .unwrap();
    assert!(longest <= 40, "{longest}:\n{screen}");
    session.keys("q");
    std::thread::sleep(Duration::from_millis(200));
    assert!(session.child.try_wait().unwrap().is_none(), "q is no longer quit");
    session.keys("x");
    session.wait_for_exit();
    session.assert_restored();
}

/// An executable shell script `name` in `dir` running `body`.
fn fake_program(dir: &std::path::Path, name: &str, body: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let program = dir.join(name);
    std::fs::write(&program, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
    program
}

/// A copy of sample-posts to change.
fn samples_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-posts");
    let status = std::process::Command::new("cp")
        .args(["-r", &format!("{}/.", from.display()), dir.path().to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    dir
}

#[test]
fn e_edits_the_post_and_the_article_shows_the_edit() {
    let posts = samples_copy();
    let bin = tempfile::tempdir().unwrap();
    let log = bin.path().join("args");
    let editor = fake_program(
        bin.path(),
        "vi",
        &format!(
            "echo \"$@\" > {}\nfor last; do :; done\nprintf '\\nAppended by the editor.\\n' >> \"$last\"",
            log.display()
        ),
    );
    let env = [("EDITOR", editor.to_str().unwrap())];
    let mut session = Session::start_with(&[posts.path().to_str().unwrap()], 120, 40, &env);
    session.wait_for("the list", |s| s.contains("37 posts") && s.contains("min read"));
    session.keys("\r");
    session.keys("e");
    session.wait_for("the edit", |s| s.contains("Appended by the editor."));
    let args = std::fs::read_to_string(&log).unwrap();
    assert!(args.starts_with('+') && args.contains("garden-planning-2025.md"), "{args}");
    // The reader has the keys again.
    session.keys("j");
    session.keys("q");
    session.wait_for_exit();
    session.assert_restored();
}

#[test]
fn links_are_followed_back_and_forth_and_the_browser_gets_the_rest() {
    let bin = tempfile::tempdir().unwrap();
    let log = bin.path().join("opened");
    let browser = fake_program(
        bin.path(),
        "browser",
        &format!("echo \"$1\" > {}\necho noise on stdout\necho noise >&2", log.display()),
    );
    let env = [("BROWSER", browser.to_str().unwrap())];
    let mut session =
        Session::start_with(&["sample-posts/a-field-guide-to-links.md"], 120, 40, &env);
    session.wait_for("the post", |s| {
        s.lines().next().is_some_and(|l| l.contains("A Field Guide to Links"))
    });
    session.keys("f");
    session.wait_for("the links", |s| s.contains("Links ·"));
    session.keys("panics");
    session.keys("\r");
    session.wait_for("the followed post at its heading", |s| {
        s.lines().next().is_some_and(|l| l.contains("Error Handling in Rust"))
            && s.contains("Panics are for bugs")
    });
    session.keys("\x7f"); // Backspace: back
    session.wait_for("back", |s| s.lines().next().is_some_and(|l| l.contains("Field Guide")));
    session.keys("L");
    session.wait_for("forward", |s| s.lines().next().is_some_and(|l| l.contains("Error Handling")));
    session.keys("\x7f");
    session.wait_for("back again", |s| s.lines().next().is_some_and(|l| l.contains("Field Guide")));
    let before = session.wait_for("a still screen", |_| true);
    session.keys("f");
    session.keys("gobyexample");
    session.keys("\r");
    let started = Instant::now();
    while !log.exists() && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(25));
    }
    assert_eq!(std::fs::read_to_string(&log).unwrap().trim(), "https://gobyexample.com/");
    std::thread::sleep(Duration::from_millis(200));
    let after = session.contents();
    assert!(!after.contains("noise"), "the browser's output is not on the screen:\n{after}");
    let body = |s: &str| s.lines().take(38).skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&after), body(&before), "the screen is intact");
    session.keys("q");
    session.wait_for_exit();
    session.assert_restored();
}

#[test]
fn capital_f_finds_any_word_and_opens_the_post_at_the_match() {
    let mut session = Session::sample();
    session.wait_for("the list", |s| s.contains("37 posts") && s.contains("▌"));
    session.keys("F");
    session.keys("kneading");
    let screen = session.wait_for("the results", |s| s.contains("1 post holds the words"));
    let list = list_pane(&screen);
    assert!(list.contains("bread-baking-basics") || list.contains("Bread"), "{list}");
    assert!(list.to_lowercase().contains("kneading"), "the snippet holds the word:\n{list}");
    session.keys("\r");
    let screen = session.wait_for("the post at its match", |s| s.contains("\"kneading\" 1/1"));
    // The match is on screen.
    let rows = article_pane(&screen, 48);
    assert!(rows.iter().skip(1).any(|r| r.contains("kneading")), "{screen}");
    // Esc from a search leaves the list as it was.
    session.keys("F");
    session.keys("\x1b");
    session.wait_for("the list again", |s| s.contains("37 posts"));
    session.keys("q");
    session.wait_for_exit();
}

#[test]
fn a_late_colour_answer_is_not_read_as_keys() {
    let bin = tempfile::tempdir().unwrap();
    let log = bin.path().join("editor.log");
    let editor = fake_program(bin.path(), "vi", &format!("echo ran >> {}", log.display()));
    let env = [("EDITOR", editor.to_str().unwrap())];
    let mut session = Session::start_with(&["sample-posts"], 120, 40, &env);
    session.wait_for("the list", |s| s.contains("37 posts") && s.contains("min read"));
    // What a terminal behind a slow link sends long after it was asked.
    session.keys("\x1b]11;rgb:ffff/ffff/ffff\x1b\\");
    session.keys("\x1b]11;rgb:0000/0000/0000\x07");
    std::thread::sleep(Duration::from_millis(300));
    let screen = session.contents();
    assert!(!screen.contains("Links ·"), "no picker opened: {screen}");
    assert!(!log.exists(), "the editor was not started");
    // Keys typed after it work as ever.
    session.keys("/");
    session.keys("kyo");
    session.wait_for("the narrowed list", |s| list_pane(s).contains("Kyoto"));
    session.keys("\x1b");
    session.keys("q");
    assert!(session.wait_for_exit().success());
}

/// The reading state file folio wrote under the state folder `home`.
fn state_file(home: &std::path::Path) -> Option<std::path::PathBuf> {
    std::fs::read_dir(home.join("folio"))
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
}

/// The one-letter state of process `pid` (R, S, T…), from /proc.
fn process_state(pid: u32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rsplit(')').next().and_then(|rest| rest.trim().chars().next()).unwrap_or('?')
}

#[test]
fn ctrl_z_in_the_editor_stops_folio_with_it_and_fg_continues_both() {
    let posts = samples_copy();
    let bin = tempfile::tempdir().unwrap();
    let log = bin.path().join("editor.log");
    // An editor that stops itself as Ctrl-z does, then finishes when
    // continued. (SIGSTOP: folio leads the pseudo-terminal's session here,
    // so its group has no shell above it and the kernel would drop a TSTP.)
    let editor = fake_program(
        bin.path(),
        "vi",
        &format!("kill -STOP $$\necho continued > {}", log.display()),
    );
    let env = [("EDITOR", editor.to_str().unwrap())];
    let mut session = Session::start_with(&[posts.path().to_str().unwrap()], 120, 40, &env);
    session.wait_for("the list", |s| s.contains("37 posts") && s.contains("min read"));
    session.keys("\r");
    session.keys("e");
    let pid = session.child.process_id().unwrap();
    let started = Instant::now();
    while process_state(pid) != 'T' {
        assert!(started.elapsed() < Duration::from_secs(10), "folio did not stop with its editor");
        std::thread::sleep(Duration::from_millis(25));
    }
    // What a shell's fg does: continue the whole job.
    let group = format!("-{pid}");
    assert!(
        std::process::Command::new("kill")
            .args(["-CONT", "--", &group])
            .status()
            .unwrap()
            .success()
    );
    session.wait_for("the reader again", |s| s.contains("37 posts") && s.contains("min read"));
    assert_eq!(std::fs::read_to_string(&log).unwrap().trim(), "continued");
    session.keys("j");
    session.keys("q");
    assert!(session.wait_for_exit().success());
    session.assert_restored();
}

#[test]
fn an_abort_gives_the_terminal_back() {
    let mut session = Session::sample();
    session.wait_for("the list", |s| s.contains("37 posts"));
    signal(&session, "-ABRT");
    let status = session.wait_for_exit();
    assert!(!status.success());
    session.assert_restored();
}

#[test]
fn quitting_while_another_process_holds_the_state_lock_says_what_was_not_saved() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().to_str().unwrap();
    let env = [("XDG_STATE_HOME", state)];
    // A first run writes the state, so that its lock file's name is known.
    let mut session = Session::start_with(&["sample-posts"], 120, 40, &env);
    session.wait_for("the list", |s| s.contains("37 posts"));
    session.keys("*");
    session.keys("q");
    session.wait_for_exit();
    let file = state_file(home.path()).expect("a state file");
    let name = file.file_name().unwrap().to_string_lossy().to_string();
    let lock = file.with_file_name(format!(".{name}.lock"));
    let mut holder =
        std::process::Command::new("flock").arg(&lock).args(["sleep", "60"]).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let mut session = Session::start_with(&["sample-posts"], 120, 40, &env);
    session.wait_for("the list", |s| s.contains("37 posts"));
    session.keys("j*");
    session.keys("q");
    // Quits in bounded time (the writer waits 2 s per save, 4 s in all).
    let status = session.wait_for_exit();
    holder.kill().unwrap();
    let _ = holder.wait();
    assert!(status.success());
    session.assert_restored();
    let screen = session.contents();
    assert!(screen.contains("reading state"), "the unsaved change is said: {screen}");
}

#[test]
fn a_file_named_is_shown_even_after_a_search_was_left_in_force() {
    let home = tempfile::tempdir().unwrap();
    let env = [("XDG_STATE_HOME", home.path().to_str().unwrap())];
    let mut session = Session::start_with(&["sample-posts"], 120, 40, &env);
    session.wait_for("the list", |s| s.contains("37 posts"));
    session.keys("/kyo\r");
    session.wait_for("the search in force", |s| s.contains("2 of 37 posts"));
    session.keys("q");
    session.wait_for_exit();
    let session = Session::start_with(&["sample-posts/garden-planning-2025.md"], 120, 40, &env);
    session.wait_for("the file named, with every post", |s| {
        s.contains("37 posts")
            && !s.contains("of 35")
            && s.lines().next().is_some_and(|header| header.contains("Garden Planning"))
    });
}

#[test]
fn a_file_of_a_site_opens_the_whole_site() {
    let site = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = site.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("_config.yml", "title: A site\n");
    write("_posts/2020-01-01-first.md", "---\ntitle: First Post\n---\nOne.\n");
    write("_posts/2021-01-01-second.md", "---\ntitle: Second Post\n---\nTwo.\n");
    write("notes/deep/2022-01-01-third.md", "---\ntitle: Third Post\n---\nThree.\n");
    let file = site.path().join("notes/deep/2022-01-01-third.md");
    let session = Session::start(&[file.to_str().unwrap()], 120, 40);
    session.wait_for("the whole site, the file open", |s| {
        s.contains("3 posts")
            && s.lines().next().is_some_and(|header| header.contains("Third Post"))
    });
}

#[test]
fn reading_under_is_unread_reads_one_post_and_it_stays_on_screen() {
    let home = tempfile::tempdir().unwrap();
    let env = [("XDG_STATE_HOME", home.path().to_str().unwrap())];
    let mut session = Session::start_with(&["sample-posts"], 120, 40, &env);
    session.wait_for("the list", |s| s.contains("37 posts") && s.contains("min read"));
    session.keys("/is:unread\r");
    session.wait_for("the filter", |s| s.contains("37 of 37 posts"));
    session.keys("\r");
    session.keys("\r");
    session.wait_for("one read", |s| s.contains("36 of 37 posts"));
    std::thread::sleep(Duration::from_millis(300));
    let screen = session.contents();
    assert!(screen.contains("36 of 37 posts"), "no cascade: {screen}");
    session.keys("q");
    session.wait_for_exit();
    let read = titles_where(&listed_with_state(home.path()), "read");
    assert_eq!(read.len(), 1, "{read:?}");
    // The post read is the one still on screen.
    let header = screen.lines().next().unwrap();
    assert!(header.contains(read[0].split_whitespace().next().unwrap()), "{header}");
}

#[test]
fn full_text_at_80x24_keeps_the_match_in_view_and_previews_the_result() {
    let mut session = Session::start(&["sample-posts"], 80, 24);
    session.wait_for("the list", |s| s.contains("37 posts"));
    session.keys("F");
    session.keys("kneading");
    let screen = session.wait_for("a result with its match", |s| s.contains("kneading"));
    // The snippet's line in the 30-column list holds the word marked.
    let parser = session.screen.lock().unwrap();
    let marked = (0..24).any(|row| {
        let line: String = (0..32)
            .filter_map(|col| parser.screen().cell(row, col).map(|c| c.contents().to_string()))
            .collect();
        line.contains("kneading")
    });
    drop(parser);
    assert!(marked, "the match is in the list's width: {screen}");
    // The article beside it previews the result under the cursor.
    let header = screen.lines().next().unwrap_or_default().to_string();
    assert!(header.contains("Bread") || header.contains("Sourdough"), "{screen}");
    session.keys("\r");
    session.wait_for("the post at its match", |s| s.contains("\"kneading\" 1/"));
    session.keys("q");
    session.wait_for_exit();
}

#[test]
fn full_text_at_60x20_shows_its_results_while_reading() {
    let mut session = Session::start(&["sample-posts"], 60, 20);
    session.wait_for("the list", |s| s.contains("37 posts"));
    session.keys("\r");
    session.wait_for("the article", |s| s.contains("min read"));
    session.keys("F");
    session.keys("kneading");
    session.wait_for("the results in the one pane", |s| s.contains("holds the words"));
    session.keys("\x1b");
    session.keys("q");
    session.wait_for_exit();
}

#[test]
fn a_huge_state_file_is_read_in_the_background_and_pruned() {
    let home = tempfile::tempdir().unwrap();
    let env = [("XDG_STATE_HOME", home.path().to_str().unwrap())];
    let mut session = Session::start_with(&["sample-posts/kyoto-in-autumn.md"], 120, 40, &env);
    session.wait_for("the post", |s| s.lines().next().is_some_and(|l| l.contains("Kyoto")));
    session.keys("*");
    session.keys("q");
    session.wait_for_exit();
    let file = state_file(home.path()).expect("a state file");
    // 150,000 entries of posts long gone.
    let mut state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let posts = state["posts"].as_object_mut().unwrap();
    for i in 0..150_000 {
        posts.insert(format!("gone/{i}.md"), serde_json::json!({"read": true, "fingerprint": 7}));
    }
    std::fs::write(&file, serde_json::to_vec(&state).unwrap()).unwrap();
    let huge = std::fs::metadata(&file).unwrap().len();
    let mut session = Session::start_with(&["sample-posts"], 120, 40, &env);
    session.wait_for("the star, once the state is read", |s| {
        s.contains("37 posts") && s.lines().any(|l| l.contains("★") && l.contains("Kyoto"))
    });
    session.keys("q");
    session.wait_for_exit();
    let pruned = std::fs::metadata(&file).unwrap().len();
    assert!(pruned * 100 < huge, "{huge} bytes pruned to {pruned}");
    let kept = listed_with_state(home.path());
    assert_eq!(titles_where(&kept, "starred"), ["Kyoto in Autumn 紅葉"]);
}

/// `folio render` in a terminal: the terminal's width, colour unless
/// `TERM=dumb`, OSC 8 links where the terminal takes them; a terminal that
/// says it is 0x0 counts as unknown (COLUMNS, else 80), not one column.
#[test]
fn render_in_a_terminal_takes_its_width_colour_and_links() {
    let rendered_post = |post: &str, cols: u16, rows: u16, env: &[(&str, &str)]| {
        let args = ["render", post, "--paging", "never"];
        let mut session = Session::start_with(&args, cols, rows, env);
        session.wait_for_exit();
        let raw = session.raw.lock().unwrap().clone();
        String::from_utf8_lossy(&raw).into_owned()
    };
    let rendered = |cols: u16, rows: u16, env: &[(&str, &str)]| {
        rendered_post("sample-posts/kyoto-in-autumn.md", cols, rows, env)
    };
    let links = |env: &[(&str, &str)]| {
        rendered_post("sample-posts/a-field-guide-to-links.md", 70, 40, env).contains("\x1b]8;")
    };
    let widest = |text: &str| {
        let plain = strip_escapes(text);
        plain.lines().map(|l| l.trim_end().chars().count()).max().unwrap_or(0)
    };
    let at_70 = rendered(70, 40, &[]);
    assert!(widest(&at_70) <= 70 && widest(&at_70) > 50, "{}", widest(&at_70));
    assert!(at_70.contains("\x1b["), "colour on a terminal");
    let unknown = rendered(0, 0, &[]);
    assert!(widest(&unknown) > 60 && widest(&unknown) <= 80, "0x0: {}", widest(&unknown));
    let columns = rendered(0, 0, &[("COLUMNS", "45")]);
    assert!(widest(&columns) <= 45 && widest(&columns) > 30, "COLUMNS: {}", widest(&columns));
    let dumb = rendered(70, 40, &[("TERM", "dumb")]);
    assert!(!dumb.contains("\x1b["), "TERM=dumb: no colour");
    assert!(links(&[("TERM", "xterm-kitty")]), "links in kitty");
    assert!(!links(&[("TERM", "linux")]), "none on the console");
}

/// `--paging auto` sends output taller than the terminal through `$PAGER`.
#[test]
fn render_pages_long_output() {
    let dir = tempfile::tempdir().unwrap();
    let pager = dir.path().join("pager");
    std::fs::write(&pager, "#!/bin/sh\necho PAGED; cat >/dev/null\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pager, std::fs::Permissions::from_mode(0o755)).unwrap();
    let pager = pager.to_string_lossy().into_owned();
    let run = |args: &[&str], rows: u16| {
        let mut session = Session::start_with(args, 80, rows, &[("PAGER", &pager)]);
        session.wait_for_exit();
        String::from_utf8_lossy(&session.raw.lock().unwrap()).into_owned()
    };
    let post = "sample-posts/rust-error-handling.md";
    assert!(run(&["render", post], 10).contains("PAGED"), "taller than 10 rows: paged");
    assert!(!run(&["render", post, "--paging", "never"], 10).contains("PAGED"));
    assert!(!run(&["render", "sample-posts/writing-every-day.md"], 200).contains("PAGED"), "fits");
}

/// Text without its escape sequences (CSI and OSC).
fn strip_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('[') => {
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            // OSC, APC (kitty graphics) and DCS (sixel) strings, to ST.
            Some(']' | '_' | 'P') => {
                while let Some(c) = chars.next() {
                    if c == '\x07' || (c == '\x1b' && chars.next_if_eq(&'\\').is_some()) {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out.replace('\r', "")
}
