//! `folio man`: the manual page, from the command line's own declaration
//! (clap_mangen) and, after it, the reader's keys, the config file and the
//! environment, from the tables the reader itself uses.

use std::io::{self, Write};

use clap::CommandFactory;

use crate::cli::Cli;
use crate::keys::{Keymap, Mode};

/// Writes the manual page (roff) to `out`.
pub fn write(out: &mut impl Write) -> io::Result<()> {
    let page = clap_mangen::Man::new(Cli::command());
    let mut roff = Vec::new();
    page.render(&mut roff)?;
    out.write_all(&roff)?;
    write_keys(out)?;
    out.write_all(FILES_AND_ENVIRONMENT.as_bytes())
}

/// The reader's keys, by mode, as the help shows them.
fn write_keys(out: &mut impl Write) -> io::Result<()> {
    writeln!(out, ".SH KEYS")?;
    writeln!(
        out,
        "The reader's default keys; each can be changed in the config file's [keys] tables."
    )?;
    let keymap = Keymap::default();
    for mode in Mode::ALL {
        writeln!(out, ".SS \"{}\"", escape(mode.title()))?;
        for (m, command, keys) in keymap.listed() {
            if *m != mode || keys.is_empty() {
                continue;
            }
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            writeln!(out, ".TP\n\\fB{}\\fR\n{}", escape(&keys.join(" ")), escape(command.help()))?;
        }
    }
    Ok(())
}

/// Text as roff reads it: backslashes and dashes escaped, characters
/// beyond ASCII by code point, no line starting with a dot or a quote.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\e"),
            '-' => escaped.push_str("\\-"),
            // Beyond ASCII, by its code point (troff reads bytes).
            c if !c.is_ascii() => escaped.push_str(&format!("\\[u{:04X}]", c as u32)),
            c => escaped.push(c),
        }
    }
    let text = escaped;
    if text.starts_with(['.', '\'']) { format!("\\&{text}") } else { text }
}

const FILES_AND_ENVIRONMENT: &str = r#".SH FILES
.TP
\fI~/.config/folio/config.toml\fR
The config file: theme, colours, keys, widths, sort, site prefix, pictures (images, remote_images). \fBfolio config\fR prints every setting with its default, commented.
.TP
\fI~/.cache/folio/\fR
The index cache and the full-text index of each folder read (not with \fB\-\-no\-cache\fR); \fIimages/\fR, pictures fetched from the web (with \fBremote_images = true\fR).
.TP
\fI~/.local/state/folio/\fR
The reading state of each folder: posts read and starred, the place in each, what was open.
.SH ENVIRONMENT
.TP
\fBFOLIO_CONFIG\fR
The config file, as \fB\-\-config\fR names it.
.TP
\fBNO_COLOR\fR
When set and not empty, no colours (unless \fB\-\-color always\fR).
.TP
\fBCLICOLOR_FORCE\fR
When set and not 0, colours even when output is not a terminal.
.TP
\fBTERM\fR
\fBdumb\fR: no colours. The terminal's name also tells whether links can be made clickable.
.TP
\fBCOLUMNS\fR
The width to use when output is not a terminal, or a terminal that does not say its size.
.TP
\fBPAGER\fR, \fBLESS\fR
The pager of \fBfolio render \-\-paging\fR (default \fBless \-R\fR, with LESS=FRX unless set).
.TP
\fBVISUAL\fR, \fBEDITOR\fR
The editor the reader opens a post in (default vi).
.TP
\fBBROWSER\fR
The program web links are opened with (default xdg\-open).
.TP
\fBTERM\fR, \fBTERM_PROGRAM\fR, \fBLC_TERMINAL\fR, \fBTMUX\fR
With the terminal's answers at start\-up, how pictures are drawn (kitty, sixel, iTerm2 or half blocks; \fB\-\-images\fR chooses).
.TP
\fBXDG_CONFIG_HOME\fR, \fBXDG_CACHE_HOME\fR, \fBXDG_STATE_HOME\fR
Where the config, the cache and the reading state are kept.
"#;
