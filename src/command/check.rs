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

/// Reads `dir` (unchanged files from `cache`, when given) and prints one
/// line per problem, then a summary.
pub fn run(
    dir: &std::path::Path,
    cache: Option<std::path::PathBuf>,
    terminal: Terminal,
    out: &mut impl Write,
) -> Result<Report> {
    let (index, usage) = Index::build_cached(dir, cache)?;
    if let (true, Some(file)) = (usage.stale(), usage.file.as_deref()) {
        // A cache that cannot be written is only a slower next start.
        let _ = index.save_cache(file);
    }
    for warning in &index.warnings {
        let (label, paint) = match warning.severity {
            Severity::Skipped => ("skipped", style::error()),
            Severity::FrontMatter => ("front matter", style::warning()),
            Severity::Note => ("note", style::dim()),
            Severity::Section => ("section page", style::dim()),
        };
        let path = sanitize::path(&index.root.join(&warning.path));
        writeln!(out, "{path}: {}: {}", terminal.paint(label, paint), warning.message)?;
    }
    let (skipped, broken) = index.problem_counts();
    let sections = index.warnings.iter().filter(|w| w.severity == Severity::Section).count();
    let notes = index.warnings.len() - skipped - broken - sections;
    let report = Report { skipped, broken, notes, sections };
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
