//! `folio check`: every problem met reading a folder, one per line.

use std::io::Write;

use super::{Terminal, plural, style};
use crate::error::Result;
use crate::post::Severity;
use crate::post::index::Index;
use crate::sanitize;

/// What `folio check` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// Files not indexed.
    pub skipped: usize,
    /// Posts indexed from their body because the front matter is broken.
    pub broken: usize,
    /// Minor problems.
    pub notes: usize,
    /// Section pages left out of the list.
    pub sections: usize,
}

impl Report {
    /// Whether the folder has a problem worth failing a script for.
    pub fn failed(&self) -> bool {
        self.skipped > 0 || self.broken > 0
    }
}

/// One problem as `--json` prints it.
#[derive(serde::Serialize)]
struct JsonProblem<'a> {
    path: String,
    kind: &'static str,
    message: &'a str,
}

/// The whole report as `--json` prints it.
#[derive(serde::Serialize)]
struct JsonReport<'a> {
    posts: usize,
    skipped: usize,
    broken_front_matter: usize,
    notes: usize,
    section_pages: usize,
    problems: Vec<JsonProblem<'a>>,
}

fn kind(severity: Severity) -> &'static str {
    match severity {
        Severity::Skipped => "skipped",
        Severity::FrontMatter => "front matter",
        Severity::Note => "note",
        Severity::Section => "section page",
    }
}

/// Reads `dir` (unchanged files from `cache`, when given) and prints one
/// line per problem, then a summary; or, with `json`, one JSON object.
pub fn run(
    dir: &std::path::Path,
    cache: Option<std::path::PathBuf>,
    terminal: Terminal,
    json: bool,
    out: &mut impl Write,
) -> Result<Report> {
    let (index, usage) = Index::build_cached(dir, cache)?;
    if let (true, Some(file)) = (usage.stale(), usage.file.as_deref()) {
        // A cache that cannot be written is only a slower next start.
        let _ = index.save_cache(file);
    }
    let (skipped, broken) = index.problem_counts();
    let sections = index.warnings.iter().filter(|w| w.severity == Severity::Section).count();
    let notes = index.warnings.len() - skipped - broken - sections;
    let report = Report { skipped, broken, notes, sections };
    if json {
        let problems = index
            .warnings
            .iter()
            .map(|w| JsonProblem {
                path: sanitize::path(&index.root.join(&w.path)),
                kind: kind(w.severity),
                message: &w.message,
            })
            .collect();
        let whole = JsonReport {
            posts: index.posts.len(),
            skipped,
            broken_front_matter: broken,
            notes,
            section_pages: sections,
            problems,
        };
        serde_json::to_writer_pretty(&mut *out, &whole).map_err(std::io::Error::other)?;
        writeln!(out)?;
        return Ok(report);
    }
    for warning in &index.warnings {
        let label = kind(warning.severity);
        let paint = match warning.severity {
            Severity::Skipped => style::error(),
            Severity::FrontMatter => style::warning(),
            Severity::Note | Severity::Section => style::dim(),
        };
        let path = sanitize::path(&index.root.join(&warning.path));
        writeln!(out, "{path}: {}: {}", terminal.paint(label, paint), warning.message)?;
    }
    write!(
        out,
        "{} read, {} skipped, {} with a broken front matter, {}",
        plural(index.posts.len(), "post", "posts"),
        plural(report.skipped, "file", "files"),
        plural(report.broken, "post", "posts"),
        plural(report.notes, "note", "notes"),
    )?;
    if sections > 0 {
        write!(out, ", {} left out", plural(sections, "section page", "section pages"))?;
    }
    writeln!(out)?;
    Ok(report)
}
