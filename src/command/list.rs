//! `folio list`: the posts of a folder as a table, tab-separated text or JSON.

use std::io::{self, Write};
use std::path::PathBuf;

use serde::Serialize;

use super::{Terminal, plural, style};
use crate::cli::{Column, ListArgs};
use crate::error::Result;
use crate::post::index::Index;
use crate::post::{Post, Severity};
use crate::query::Hit;
use crate::sanitize;
use crate::text::{fit, width};

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
    // What the reader marked: read and starred posts.
    let marks = std::sync::Arc::new(super::marks_of(&args.dir));
    let (mut query, problems) = args.query();
    // What could not be read is said; the rest is in force.
    for problem in problems {
        writeln!(err, "folio: --query: {}", sanitize::line(&problem))?;
    }
    query.marks = Some(crate::query::Marked(std::sync::Arc::clone(&marks)));
    let hits = query.run(&index.posts);
    std::thread::scope(|scope| -> Result<()> {
        if let (true, Some(file)) = (usage.stale(), usage.file.as_deref()) {
            // A cache that cannot be written is only a slower next start.
            scope.spawn(|| index.save_cache(file));
        }
        if args.json {
            write_json(&index, &hits, &marks, out)?;
        } else if let Some(room) = terminal.width {
            write_table(&index, &hits, args.columns.as_deref(), usize::from(room), terminal, out)?;
        } else {
            write_plain(&index, &hits, args.columns.as_deref(), out)?;
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
pub(super) struct JsonPost<'a> {
    path: String,
    title: &'a str,
    date: Option<String>,
    tags: &'a [String],
    authors: &'a [String],
    excerpt: &'a str,
    words: u32,
    reading_minutes: u32,
    draft: bool,
    read: bool,
    starred: bool,
}

impl<'a> JsonPost<'a> {
    pub(super) fn new(index: &Index, post: &'a Post, marks: &crate::state::Marks) -> Self {
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
            read: marks.read(&post.path),
            starred: marks.starred(&post.path),
        }
    }
}

/// A JSON array, one post per line, so that it streams and greps well.
/// Large lists are serialized in batches, each split across the cores.
fn write_json(
    index: &Index,
    hits: &[Hit],
    marks: &crate::state::Marks,
    out: &mut impl Write,
) -> Result<()> {
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
                    scope.spawn(move || json_lines(index, chunk, marks, first))
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
fn json_lines(
    index: &Index,
    hits: &[Hit],
    marks: &crate::state::Marks,
    first: bool,
) -> io::Result<Vec<u8>> {
    let mut buffer = Vec::with_capacity(hits.len() * 512);
    for (i, hit) in hits.iter().enumerate() {
        buffer.extend_from_slice(if first && i == 0 { b"\n" } else { b",\n" });
        let post = JsonPost::new(index, &index.posts[hit.post], marks);
        serde_json::to_writer(&mut buffer, &post)?;
    }
    Ok(buffer)
}

/// One cell's text.
fn cell(index: &Index, post: &Post, column: Column) -> String {
    match column {
        Column::Title => post.title.clone(),
        Column::Date => post.date.map_or_else(String::new, |d| d.to_string()),
        Column::Authors => post.authors.join(", "),
        Column::Tags => post.tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" "),
        Column::Path => sanitize::path(&index.file_of(post)),
    }
}

/// Tab-separated, for pipes and scripts: date, title, authors, tags, path
/// (or the columns asked for).
fn write_plain(
    index: &Index,
    hits: &[Hit],
    columns: Option<&[Column]>,
    out: &mut impl Write,
) -> Result<()> {
    let Some(columns) = columns else {
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
        return Ok(());
    };
    for hit in hits {
        let post = &index.posts[hit.post];
        let cells: Vec<String> = columns.iter().map(|&c| cell(index, post, c)).collect();
        writeln!(out, "{}", cells.join("\t"))?;
    }
    Ok(())
}

/// The columns of the table and their widths, for a terminal `room`
/// columns wide. Unless columns were asked for, the title gets its width
/// first (up to [`TITLE_CAP`]); authors, then tags, are dropped when they do
/// not fit; a path column is added when everything fits with it.
fn layout(
    natural: &dyn Fn(Column) -> usize,
    asked: Option<&[Column]>,
    room: usize,
) -> Vec<(Column, usize)> {
    let cap = |c: Column| match c {
        Column::Title => TITLE_CAP,
        Column::Date => 10,
        Column::Authors => 24,
        Column::Tags => 32,
        Column::Path => 60,
    };
    let mut columns: Vec<(Column, usize)> = asked
        .unwrap_or(&[Column::Title, Column::Date, Column::Authors, Column::Tags, Column::Path])
        .iter()
        .map(|&c| (c, natural(c).min(cap(c)).max(c.header().len())))
        .collect();
    let total = |columns: &[(Column, usize)]| {
        columns.iter().map(|c| c.1).sum::<usize>() + GAP * columns.len().saturating_sub(1)
    };
    // Side columns may narrow to this before they are dropped.
    const SIDE_MIN: usize = 12;
    let least = |columns: &[(Column, usize)]| {
        let at_least = columns.iter().map(|&(c, w)| match c {
            Column::Authors | Column::Tags | Column::Path => w.min(SIDE_MIN),
            _ => w,
        });
        at_least.sum::<usize>() + GAP * columns.len().saturating_sub(1)
    };
    if asked.is_none() {
        for drop in [Column::Path, Column::Tags, Column::Authors] {
            // The path only comes when it fits whole.
            let fits = if drop == Column::Path { total(&columns) } else { least(&columns) };
            if fits > room {
                columns.retain(|c| c.0 != drop);
            }
        }
    }
    // Still too wide: narrow the widest side column, then the title.
    while total(&columns) > room {
        let side = columns
            .iter_mut()
            .filter(|c| c.0 != Column::Title && c.0 != Column::Date && c.1 > SIDE_MIN)
            .max_by_key(|c| c.1);
        let narrowed = match side {
            Some(column) => Some(column),
            None => columns.iter_mut().filter(|c| c.1 > 8).max_by_key(|c| c.1),
        };
        let Some(column) = narrowed else { break };
        column.1 -= 1;
    }
    // Room to spare goes to a title that was capped.
    let spare = room.saturating_sub(total(&columns));
    if let Some(title) = columns.iter_mut().find(|c| c.0 == Column::Title) {
        title.1 += spare.min(natural(Column::Title).saturating_sub(title.1));
    }
    columns
}

/// The widest a title column starts; spare room widens it further.
const TITLE_CAP: usize = 60;
/// Blanks between columns.
const GAP: usize = 2;

/// An aligned table that fits the terminal's width.
fn write_table(
    index: &Index,
    hits: &[Hit],
    asked: Option<&[Column]>,
    room: usize,
    term: Terminal,
    out: &mut impl Write,
) -> Result<()> {
    let every = [Column::Title, Column::Date, Column::Authors, Column::Tags, Column::Path];
    let wanted = asked.unwrap_or(&every);
    let rows: Vec<Vec<String>> = hits
        .iter()
        .map(|hit| wanted.iter().map(|&c| cell(index, &index.posts[hit.post], c)).collect())
        .collect();
    let natural = |column: Column| {
        let at = wanted.iter().position(|&c| c == column);
        at.map_or(0, |at| rows.iter().map(|r| width(&r[at])).max().unwrap_or(0))
    };
    let columns = layout(&natural, asked, room);
    let gap = " ".repeat(GAP);
    let header: Vec<String> = columns
        .iter()
        .map(|&(c, w)| term.paint(&fit(c.header(), w), style::header()).to_string())
        .collect();
    writeln!(out, "{}", header.join(&gap).trim_end())?;
    for row in &rows {
        let cells: Vec<String> = columns
            .iter()
            .map(|&(c, w)| {
                let at = wanted.iter().position(|&x| x == c).unwrap_or(0);
                term.paint(&fit(&row[at], w), c.style()).to_string()
            })
            .collect();
        writeln!(out, "{}", cells.join(&gap).trim_end())?;
    }
    Ok(())
}

impl Column {
    fn header(self) -> &'static str {
        match self {
            Column::Title => "TITLE",
            Column::Date => "DATE",
            Column::Authors => "AUTHORS",
            Column::Tags => "TAGS",
            Column::Path => "PATH",
        }
    }

    fn style(self) -> crossterm::style::ContentStyle {
        match self {
            Column::Title | Column::Path => crossterm::style::ContentStyle::new(),
            Column::Date => style::dim(),
            Column::Authors => style::author(),
            Column::Tags => style::tag(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_table(room: usize, asked: Option<&[Column]>) -> String {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-posts");
        let index = Index::build(&root).unwrap();
        let hits = crate::query::Query::default().run(&index.posts);
        let mut out = Vec::new();
        write_table(&index, &hits, asked, room, Terminal::plain(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_title_gets_its_room_before_the_tags() {
        let table = sample_table(80, None);
        assert!(table.lines().all(|l| width(l) <= 80), "{table}");
        let header = table.lines().next().unwrap();
        assert!(header.starts_with("TITLE") && header.contains("DATE"), "{header}");
        assert!(header.contains("AUTHORS"), "authors narrowed to fit: {header}");
        assert!(!header.contains("TAGS"), "tags go first on 80 columns: {header}");
        assert!(table.contains("Three Go Concurrency Patterns Worth Knowing"), "{table}");
        assert!(table.contains("Unicode Is Hard, and Terminals Make It Harder"), "{table}");
    }

    #[test]
    fn wide_terminals_show_the_path_and_columns_can_be_asked_for() {
        let wide = sample_table(260, None);
        assert!(wide.lines().next().unwrap().ends_with("PATH"), "{wide}");
        assert!(wide.contains("garden-planning-2025.md"));
        let asked = sample_table(60, Some(&[Column::Path, Column::Title]));
        let header = asked.lines().next().unwrap();
        assert!(header.starts_with("PATH") && header.contains("TITLE") && !header.contains("DATE"));
        assert!(asked.lines().all(|l| width(l) <= 60), "{asked}");
        assert!(asked.contains('…'), "cut cells end in an ellipsis: {asked}");
    }
}
