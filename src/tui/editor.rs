//! `e`: the shown post in the user's editor. The reader gives the terminal
//! up (the key-reading thread paused, so that it takes none of the
//! editor's keys), waits for the editor, and takes the terminal back.

use std::io;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Pauses the key-reading thread while another program has the terminal.
#[derive(Debug, Default)]
pub struct Gate {
    /// Asked to stop reading.
    paused: AtomicBool,
    /// The thread has stopped reading.
    idle: AtomicBool,
}

impl Gate {
    /// Asks the reading thread to stop, and waits until it has (it looks
    /// between two waits for a key, each at most 50 ms).
    pub fn pause(&self) {
        self.paused.store(true, Ordering::SeqCst);
        let started = Instant::now();
        while !self.idle.load(Ordering::SeqCst) && started.elapsed() < Duration::from_millis(500) {
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Lets the reading thread read again.
    pub fn resume(&self) {
        self.paused.store(false, Ordering::SeqCst);
    }

    /// Whether another program has the terminal now: the keyboard's
    /// signals (Ctrl-c, Ctrl-z, Ctrl-\\) are for it.
    pub fn lent(&self) -> bool {
        self.paused.load(Ordering::SeqCst)
    }

    /// For the reading thread: whether to read now. While paused it says
    /// so once, then waits.
    pub fn may_read(&self) -> bool {
        if self.paused.load(Ordering::SeqCst) {
            self.idle.store(true, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(10));
            return false;
        }
        self.idle.store(false, Ordering::SeqCst);
        true
    }
}

/// The editor command: `$VISUAL`, else `$EDITOR`, else `vi`, split into
/// words (`code -w` is a program and its flag).
pub fn editor() -> Vec<String> {
    let chosen = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string());
    chosen.split_whitespace().map(str::to_string).collect()
}

/// Whether `program` opens a file at a line given as `+N`: vi and its
/// kin, emacs, nano, kakoune, micro and the like.
pub fn takes_line(program: &str) -> bool {
    let name = Path::new(program).file_name().map(|n| n.to_string_lossy().to_string());
    let name = name.unwrap_or_default();
    const KNOWN: &[&str] = &[
        "vi",
        "vim",
        "nvim",
        "gvim",
        "view",
        "nano",
        "pico",
        "emacs",
        "emacsclient",
        "kak",
        "micro",
        "joe",
        "jed",
        "ne",
        "mg",
        "mcedit",
        "helix",
    ];
    KNOWN.contains(&name.as_str()) || name.ends_with("vim")
}

/// The arguments that open `file` at `line` in `program`: `+N FILE` for
/// the vi family and its kin, `FILE:N` for Helix, Sublime Text and Zed,
/// `-g FILE:N` for VS Code; the file alone for editors not known.
pub fn at_line(program: &str, file: &Path, line: usize) -> Vec<std::ffi::OsString> {
    let name = Path::new(program).file_name().map(|n| n.to_string_lossy().to_string());
    let name = name.unwrap_or_default();
    let with_line = || {
        let mut joined = file.as_os_str().to_os_string();
        joined.push(format!(":{line}"));
        joined
    };
    match name.as_str() {
        "hx" | "subl" | "sublime_text" | "zed" | "zeditor" => vec![with_line()],
        "code" | "codium" | "code-insiders" | "cursor" => vec!["-g".into(), with_line()],
        _ if takes_line(program) => vec![format!("+{line}").into(), file.into()],
        _ => vec![file.into()],
    }
}

/// The line (from 1) of byte `offset` in `file`.
pub fn line_of(file: &Path, offset: usize) -> usize {
    let bytes = std::fs::read(file).unwrap_or_default();
    bytes[..offset.min(bytes.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Runs the editor on `file` at `line`, waiting for it; the terminal must
/// have been given up. Says why it could not run.
pub fn run(file: &Path, line: usize) -> io::Result<()> {
    let words = editor();
    let (program, flags) = words.split_first().expect("an editor command");
    let mut command = Command::new(program);
    command.args(flags);
    // A path starting with `-` would be read as an option.
    let dashed = file.as_os_str().as_encoded_bytes().starts_with(b"-");
    let file = if dashed { Path::new(".").join(file) } else { file.to_path_buf() };
    command.args(at_line(program, &file, line));
    let child = command.spawn().map_err(|error| {
        io::Error::new(error.kind(), format!("could not start {program}: {error}"))
    })?;
    let status = wait_as_a_job(&child)?;
    if status.exit_status() == Some(0) {
        Ok(())
    } else {
        let how = match (status.exit_status(), status.terminating_signal()) {
            (Some(code), _) => format!("exit status {code}"),
            (_, Some(signal)) => format!("signal {signal}"),
            _ => "an unknown status".to_string(),
        };
        Err(io::Error::other(format!("{program} ended with {how}")))
    }
}

/// Waits for the editor as a shell waits for a job: when it stops (Ctrl-z
/// in it), folio stops too, so that the shell sees the job stopped and
/// `fg` continues both; then the editor is told to go on and waited for
/// again. (A plain wait would hang: the editor stopped, folio waiting.)
fn wait_as_a_job(child: &std::process::Child) -> io::Result<rustix::process::WaitStatus> {
    use rustix::process::{Pid, Signal, WaitOptions, kill_process, waitpid};
    let pid = Pid::from_child(child);
    loop {
        match waitpid(Some(pid), WaitOptions::UNTRACED) {
            Ok(Some((_, status))) if status.stopped() => {
                let _ = signal_hook::low_level::raise(signal_hook::consts::SIGSTOP);
                let _ = kill_process(pid, Signal::CONT);
            }
            Ok(Some((_, status))) => return Ok(status),
            Ok(None) | Err(rustix::io::Errno::INTR) => {}
            Err(error) => return Err(error.into()),
        }
    }
}

/// The gate shared by the loop and the reading thread.
pub fn gate() -> Arc<Gate> {
    Arc::new(Gate::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_editors_take_a_line() {
        assert!(takes_line("vi") && takes_line("/usr/bin/nvim") && takes_line("nano"));
        assert!(!takes_line("code") && !takes_line("/opt/sublime/subl"));
    }

    #[test]
    fn each_editor_gets_the_line_its_way() {
        let file = Path::new("/blog/p.md");
        let words = |program: &str| -> Vec<String> {
            at_line(program, file, 12).iter().map(|w| w.to_string_lossy().into_owned()).collect()
        };
        assert_eq!(words("vim"), ["+12", "/blog/p.md"]);
        assert_eq!(words("/usr/bin/hx"), ["/blog/p.md:12"]);
        assert_eq!(words("code"), ["-g", "/blog/p.md:12"]);
        assert_eq!(words("zed"), ["/blog/p.md:12"]);
        assert_eq!(words("subl"), ["/blog/p.md:12"]);
        assert_eq!(words("ed"), ["/blog/p.md"]);
    }

    #[test]
    fn lines_count_from_one() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.md");
        std::fs::write(&file, "a\nb\nc\n").unwrap();
        assert_eq!(line_of(&file, 0), 1);
        assert_eq!(line_of(&file, 2), 2);
        assert_eq!(line_of(&file, 99), 4);
    }
}
