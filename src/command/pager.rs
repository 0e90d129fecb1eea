//! Output taller than the terminal through a pager, as `bat --paging` and
//! `glow -p` do: `$PAGER`, else `less -R`, with `LESS` defaulting to
//! `FRX` (quit when it fits, keep colours, leave the text on screen).

use std::io::Write;
use std::process::{Command, Stdio};

/// Shows `text` in the pager; `false` when no pager could be started (the
/// caller writes it itself).
pub fn page(text: &[u8]) -> std::io::Result<bool> {
    let pager = std::env::var("PAGER").ok().filter(|p| !p.trim().is_empty());
    let (program, args): (String, Vec<String>) = match &pager {
        Some(pager) => {
            let mut words = pager.split_whitespace().map(str::to_string);
            let program = words.next().unwrap_or_else(|| "less".into());
            (program, words.collect())
        }
        None => ("less".into(), vec!["-R".into()]),
    };
    let mut command = Command::new(&program);
    command.args(&args).stdin(Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        command.env("LESS", "FRX");
    }
    let Ok(mut child) = command.spawn() else {
        return Ok(false);
    };
    if let Some(mut stdin) = child.stdin.take() {
        // A pager quit early closes the pipe: not an error.
        match stdin.write_all(text) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other?,
        }
    }
    child.wait()?;
    Ok(true)
}

/// Whether output of `lines` lines goes through the pager.
pub fn wanted(when: super::When, terminal: super::Terminal, lines: usize) -> bool {
    match when {
        super::When::Never => false,
        super::When::Always => terminal.is_terminal,
        super::When::Auto => {
            terminal.is_terminal && terminal.height.is_some_and(|h| lines > usize::from(h))
        }
    }
}
