//! Handing a web address or a file to the system: `$BROWSER` when set,
//! else `xdg-open` (`open` on macOS). The program runs on its own, its
//! output thrown away, so that it cannot write over the reader's screen.

use std::io;
use std::process::{Command, Stdio};

/// The opener's command for `target`: `$BROWSER` (its first choice, with
/// `%s` standing for the target when it has one), else the system's.
pub fn command_for(target: &str, browser: Option<&str>) -> Vec<String> {
    let chosen = browser.and_then(|b| b.split(':').map(str::trim).find(|b| !b.is_empty()));
    match chosen {
        Some(browser) => {
            let mut words: Vec<String> = browser.split_whitespace().map(str::to_string).collect();
            if words.iter().any(|w| w.contains("%s")) {
                for word in &mut words {
                    *word = word.replace("%s", target);
                }
            } else {
                words.push(target.to_string());
            }
            words
        }
        None if cfg!(target_os = "macos") => vec!["open".into(), target.into()],
        None => vec!["xdg-open".into(), target.into()],
    }
}

/// Opens `target` in the background; waits only for the program to start.
pub fn open(target: &str) -> io::Result<()> {
    open_with(target, std::env::var("BROWSER").ok().as_deref())
}

/// [`open`] with `browser` for `$BROWSER`.
fn open_with(target: &str, browser: Option<&str>) -> io::Result<()> {
    let words = command_for(target, browser);
    let (program, args) = words.split_first().ok_or_else(|| io::Error::other("no opener"))?;
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| io::Error::other(format!("could not open {target} with {program}: {e}")))?;
    // A program that fails at once (no display, a bad $BROWSER) is said;
    // one still running is reaped when it ends, whenever that is.
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_millis(300) {
        match child.try_wait()? {
            Some(status) if !status.success() => {
                return Err(io::Error::other(format!(
                    "could not open {target}: {program} ended with {status}"
                )));
            }
            Some(_) => return Ok(()),
            None => std::thread::sleep(std::time::Duration::from_millis(20)),
        }
    }
    std::thread::spawn(move || child.wait());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_first_then_the_system() {
        let url = "https://example.com/a";
        assert_eq!(command_for(url, Some("firefox")), ["firefox", url]);
        assert_eq!(command_for(url, Some("lynx -dump %s:w3m")), ["lynx", "-dump", url]);
        assert_eq!(command_for(url, Some("")).first().map(String::as_str), Some("xdg-open"));
        assert_eq!(command_for(url, None), ["xdg-open", url]);
    }

    #[test]
    fn an_opener_that_fails_at_once_is_said() {
        let url = "https://example.com/a";
        let missing = open_with(url, Some("/nonexistent/browser")).unwrap_err().to_string();
        assert!(missing.contains("/nonexistent/browser"), "{missing}");
        let failing = open_with(url, Some("false")).unwrap_err().to_string();
        assert!(failing.contains("false ended with"), "{failing}");
        assert!(open_with(url, Some("true")).is_ok());
    }
}
