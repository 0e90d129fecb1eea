//! `folio search QUERY [DIR]`: the posts holding the words, best first,
//! each with the text around its best match.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use serde::Serialize;

use super::{Terminal, style};
use crate::cli::SearchArgs;
use crate::error::Result;
use crate::fulltext::{FullText, Search, Snippet};
use crate::post::index::Index;
use crate::sanitize;

/// One post as `--json` prints it.
#[derive(Serialize)]
struct JsonHit<'a> {
    #[serde(flatten)]
    post: super::list::JsonPost<'a>,
    score: f32,
    snippet: String,
}

/// Runs the search `args` asks for; progress while the index is built
/// goes to `err`.
pub fn run(
    args: &SearchArgs,
    cache: Option<PathBuf>,
    terminal: Terminal,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<()> {
    let (index, usage) = Index::build_cached(&args.dir, cache.clone())?;
    // What the reader marked, for the JSON's read and starred.
    let marks = super::marks_of(&args.dir);
    if let (true, Some(file)) = (usage.stale(), usage.file.as_deref()) {
        // A cache that cannot be written is only a slower next start.
        let _ = index.save_cache(file);
    }
    let dir = cache.and_then(|_| crate::fulltext::location(&args.dir));
    let (mut fulltext, notice) = FullText::open_or_in_memory(dir.as_deref(), &args.dir);
    let say = |err: &mut dyn Write, notice: Option<String>| match notice {
        Some(notice) => writeln!(err, "folio: {notice}"),
        None => Ok(()),
    };
    say(err, notice)?;
    let live = std::io::stderr().is_terminal();
    let progress = |done: usize, total: usize| {
        let mut err = std::io::stderr().lock();
        let line = format!(
            "folio: indexing the text of {} of {} posts",
            super::thousands(done),
            super::thousands(total)
        );
        // Progress only where someone watches: not into a file or a pipe.
        if live {
            let _ = write!(err, "\r{line}…");
        }
    };
    let stamps = Some(&index.stamps).filter(|s| !s.is_empty());
    let search = Search::parse(&args.query).with_filters(&args.tags, &args.authors);
    // A damaged index is made again (and brought up to date) before the
    // search is answered.
    let mut indexed = 0;
    let (found, notice) = fulltext
        .recovering(|fulltext| {
            indexed += fulltext.update(&index.posts, stamps, &progress)?.indexed;
            fulltext.search(&search, usize::try_from(args.limit).unwrap_or(usize::MAX))
        })
        .map_err(|e| crate::Error::Output(std::io::Error::other(e)))?;
    if indexed > 0 && live {
        writeln!(err)?;
    }
    say(err, notice)?;
    let by_path: std::collections::HashMap<&std::path::Path, &crate::Post> =
        index.posts.iter().map(|p| (p.path.as_path(), p)).collect();
    if args.json {
        out.write_all(b"[")?;
    }
    let mut first = true;
    for hit in &found {
        let Some(post) = by_path.get(hit.path.as_path()) else {
            continue;
        };
        let snippet = fulltext.snippet(&search, post);
        if args.json {
            let json = JsonHit {
                post: super::list::JsonPost::new(&index, post, &marks),
                score: hit.score,
                snippet: snippet.text.clone(),
            };
            out.write_all(if first { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut *out, &json).map_err(std::io::Error::other)?;
        } else {
            let date = post.date.map(|d| d.to_string()).unwrap_or_default();
            let title = sanitize::line(&post.title);
            let path = sanitize::path(&index.file_of(post));
            writeln!(
                out,
                "{}  {}  {}",
                terminal.paint(&title, style::header()),
                terminal.paint(&date, style::dim()),
                terminal.paint(&path, style::dim())
            )?;
            // On a terminal, one line with the match in view.
            let snippet = match terminal.width {
                Some(width) => snippet.around(usize::from(width).saturating_sub(4)),
                None => snippet,
            };
            writeln!(out, "    {}", marked(&snippet, terminal))?;
        }
        first = false;
    }
    if args.json {
        out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
    }
    out.flush()?;
    Ok(())
}

/// A snippet with its words in the match style (plain when not colouring).
fn marked(snippet: &Snippet, terminal: Terminal) -> String {
    let mut out = String::new();
    for (piece, matched) in snippet.pieces() {
        // The text is cleaned before it is painted, so the paint stays.
        let piece = sanitize::line(piece);
        if matched {
            out.push_str(&terminal.paint(&piece, style::matched()).to_string());
        } else {
            out.push_str(&piece);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_painted_on_a_terminal_and_the_text_stays_clean() {
        let snippet = Snippet {
            text: "a lantern \u{1b} here".into(),
            marks: std::iter::once(2..9).collect(),
        };
        let painted =
            marked(&snippet, Terminal { width: Some(80), color: true, ..Terminal::default() });
        assert!(painted.contains("\u{1b}[") && painted.contains("lantern"), "{painted:?}");
        assert_eq!(painted.matches('\u{1b}').count(), painted.matches("\u{1b}[").count());
        assert!(painted.contains('\u{241b}'), "the text's own ESC is shown, not sent");
        let plain = marked(&snippet, Terminal::plain());
        assert_eq!(plain, "a lantern \u{241b} here");
    }
}
