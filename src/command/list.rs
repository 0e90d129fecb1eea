//! `folio list`: the posts of a folder as a table, tab-separated text or JSON.

use std::io::{self, Write};
use std::path::PathBuf;

use serde::Serialize;

use super::{Terminal, plural, style};
use crate::cli::ListArgs;
use crate::error::Result;
use crate::post::index::Index;
use crate::post::{Post, Severity};
use crate::query::Hit;
use crate::sanitize;
use crate::text::{fit, width};

/// Lists the posts `args` asks for on `out`; a one-line summary of the
/// folder's problems goes to `err`.
/// Lists the posts `args` asks for on `out`; a one-line summary of the
/// folder's problems goes to `err`. With a `cache` file, unchanged posts
/// come from it, and it is brought up to date (while the list is written).
pub fn run(
    args: &ListArgs,
    cache: Option<PathBuf>,
    terminal: Terminal,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<()> {
    let (index, usage) = Index::build_cached(&args.dir, cache)?;
    let hits = args.query().run(&index.posts);
    std::thread::scope(|scope| -> Result<()> {
        if let (true, Some(file)) = (usage.stale(), usage.file.as_deref()) {
            // A cache that cannot be written is only a slower next start.
            scope.spawn(|| index.save_cache(file));
        }
        if args.json {
            write_json(&index, &hits, out)?;
        } else if let Some(columns) = terminal.width {
            write_table(&index, &hits, usize::from(columns), terminal, out)?;
        } else {
            write_plain(&index, &hits, out)?;
        }
        out.flush()?;
        Ok(())
    })?;
    summarize_problems(&index, &args.dir.to_string_lossy(), err)?;
    // The process ends right after this command; freeing a hundred thousand
    // posts one by one would only delay the exit.
    std::mem::forget(index);
    Ok(())
}

/// One line on `err` when anything went wrong, pointing at `folio check`.
pub fn summarize_problems(index: &Index, dir: &str, err: &mut impl Write) -> io::Result<()> {
    let (skipped, broken) = index.problem_counts();
    let notes = index.warnings.iter().filter(|w| w.severity == Severity::Note).count();
    let mut parts = Vec::new();
    if skipped > 0 {
        parts.push(format!("{} skipped", plural(skipped, "file", "files")));
    }
    if broken > 0 {
        parts.push(format!("{} with a broken front matter", plural(broken, "post", "posts")));
    }
    if notes > 0 {
        parts.push(plural(notes, "note", "notes"));
    }
    if !parts.is_empty() {
        let dir = sanitize::line(dir);
        writeln!(err, "folio: {}: run 'folio check {dir}' for details", parts.join(", "))?;
    }
    Ok(())
}

/// One post as `--json` prints it.
#[derive(Serialize)]
struct JsonPost<'a> {
    path: String,
    title: &'a str,
    date: Option<String>,
    tags: &'a [String],
    authors: &'a [String],
    excerpt: &'a str,
    words: u32,
    reading_minutes: u32,
    draft: bool,
}

impl<'a> JsonPost<'a> {
    fn new(index: &Index, post: &'a Post) -> Self {
        JsonPost {
            path: sanitize::path(&index.file_of(post)),
            title: &post.title,
            date: post.date.map(|d| d.to_rfc3339_or_day()),
            tags: &post.tags,
            authors: &post.authors,
            excerpt: &post.excerpt,
            words: post.words,
            reading_minutes: post.reading_minutes(),
            draft: post.draft,
        }
    }
}

/// A JSON array, one post per line, so that it streams and greps well.
/// Large lists are serialized in batches, each split across the cores.
fn write_json(index: &Index, hits: &[Hit], out: &mut impl Write) -> Result<()> {
    const BATCH: usize = 8192;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    out.write_all(b"[")?;
    for (b, batch) in hits.chunks(BATCH).enumerate() {
        let part = batch.len().div_ceil(threads).max(1);
        let buffers: Vec<io::Result<Vec<u8>>> = std::thread::scope(|scope| {
            let workers: Vec<_> = batch
                .chunks(part)
                .enumerate()
                .map(|(c, chunk)| {
                    let first = b == 0 && c == 0;
                    scope.spawn(move || json_lines(index, chunk, first))
                })
                .collect();
            workers.into_iter().map(|w| w.join().expect("JSON worker panicked")).collect()
        });
        for buffer in buffers {
            out.write_all(&buffer?)?;
        }
    }
    out.write_all(if hits.is_empty() { b"]\n" } else { b"\n]\n" })?;
    Ok(())
}

/// Serialized posts, each on its own line after a separator; the very
/// first post of the array has no comma before it.
fn json_lines(index: &Index, hits: &[Hit], first: bool) -> io::Result<Vec<u8>> {
    let mut buffer = Vec::with_capacity(hits.len() * 512);
    for (i, hit) in hits.iter().enumerate() {
        buffer.extend_from_slice(if first && i == 0 { b"\n" } else { b",\n" });
        serde_json::to_writer(&mut buffer, &JsonPost::new(index, &index.posts[hit.post]))?;
    }
    Ok(buffer)
}

/// Tab-separated: date, title, authors, tags, path. For pipes and scripts.
fn write_plain(index: &Index, hits: &[Hit], out: &mut impl Write) -> Result<()> {
    for hit in hits {
        let post = &index.posts[hit.post];
        let date = post.date.map_or_else(|| "-".to_string(), |d| d.to_string());
        writeln!(
            out,
            "{date}\t{}\t{}\t{}\t{}",
            post.title,
            post.authors.join(", "),
            post.tags.join(", "),
            sanitize::path(&index.file_of(post))
        )?;
    }
    Ok(())
}

/// An aligned table that fits the terminal's width.
fn write_table(
    index: &Index,
    hits: &[Hit],
    columns: usize,
    term: Terminal,
    out: &mut impl Write,
) -> Result<()> {
    const GAP: usize = 2;
    const DATE: usize = 10;
    let rows: Vec<(&Post, String, String)> = hits
        .iter()
        .map(|hit| {
            let post = &index.posts[hit.post];
            (
                post,
                post.authors.join(", "),
                post.tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" "),
            )
        })
        .collect();
    let widest = |f: &dyn Fn(&(&Post, String, String)) -> usize, cap: usize| {
        rows.iter().map(f).max().unwrap_or(0).min(cap)
    };
    let mut authors = widest(&|r| width(&r.1), 24).max("AUTHORS".len());
    let mut tags = widest(&|r| width(&r.2), 32).max("TAGS".len());
    // Give the title what is left; drop the side columns on narrow screens.
    let fixed = |a: usize, t: usize| {
        DATE + GAP + a + if a > 0 { GAP } else { 0 } + t + if t > 0 { GAP } else { 0 }
    };
    if columns < fixed(authors, tags) + 24 {
        tags = 0;
    }
    if columns < fixed(authors, tags) + 20 {
        authors = 0;
    }
    let title = columns.saturating_sub(fixed(authors, tags)).max(8);
    let gap = " ".repeat(GAP);
    let header = |text: &str, w: usize| fit(text, w);
    write!(
        out,
        "{}{gap}{}",
        term.paint(&header("TITLE", title), style::header()),
        term.paint(&header("DATE", DATE), style::header())
    )?;
    if authors > 0 {
        write!(out, "{gap}{}", term.paint(&header("AUTHORS", authors), style::header()))?;
    }
    if tags > 0 {
        write!(out, "{gap}{}", term.paint(&header("TAGS", tags), style::header()))?;
    }
    writeln!(out)?;
    for (post, author_text, tag_text) in &rows {
        let date = post.date.map_or_else(String::new, |d| d.to_string());
        write!(
            out,
            "{}{gap}{}",
            fit(&post.title, title),
            term.paint(&fit(&date, DATE), style::dim())
        )?;
        if authors > 0 {
            write!(out, "{gap}{}", term.paint(&fit(author_text, authors), style::author()))?;
        }
        if tags > 0 {
            write!(
                out,
                "{gap}{}",
                term.paint(crate::text::truncate(tag_text, tags).as_ref(), style::tag())
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}
