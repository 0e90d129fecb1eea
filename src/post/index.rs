//! Reading a whole folder of posts, in parallel.
//!
//! The walk honours `.gitignore` and `.ignore` files inside the folder,
//! skips hidden files and folders, follows symbolic links only while they
//! stay inside the folder (loops are reported, not followed), and opens
//! regular files only, without blocking: a FIFO named `x.md` cannot hang it.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use ignore::{WalkBuilder, WalkState};

use super::{Post, Severity, Warning};
use crate::error::{Error, Result};

/// Files larger than this are skipped.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// All the posts of a folder, and what went wrong reading it.
#[derive(Debug, Default)]
pub struct Index {
    /// The folder, as the user named it.
    pub root: PathBuf,
    /// The posts, ordered by path.
    pub posts: Vec<Post>,
    /// Problems, ordered by path.
    pub warnings: Vec<Warning>,
}

/// One result of a scan, sent as soon as it is known.
#[derive(Debug)]
pub enum Found {
    /// A post was read.
    Post(Post),
    /// Something was skipped or had to be guessed.
    Warning(Warning),
}

impl Index {
    /// Reads every post under `root`.
    pub fn build(root: &Path) -> Result<Index> {
        let (sender, receiver) = mpsc::channel();
        scan(root, &move |found| {
            // The receiver outlives the scan, so a send cannot fail.
            let _ = sender.send(found);
        })?;
        let mut index = Index {
            root: root.to_path_buf(),
            ..Index::default()
        };
        for found in receiver {
            match found {
                Found::Post(post) => index.posts.push(post),
                Found::Warning(warning) => index.warnings.push(warning),
            }
        }
        // Byte order of the paths: stable across runs, and much cheaper than
        // comparing path components. Paths are unique, so unstable is exact.
        index
            .posts
            .sort_unstable_by(|a, b| a.path.as_os_str().cmp(b.path.as_os_str()));
        index
            .warnings
            .sort_by(|a, b| a.path.as_os_str().cmp(b.path.as_os_str()));
        Ok(index)
    }

    /// The post's file, as a path usable from the current directory.
    pub fn file_of(&self, post: &Post) -> PathBuf {
        self.root.join(&post.path)
    }

    /// How many files were skipped, and how many posts have a broken front matter.
    pub fn problem_counts(&self) -> (usize, usize) {
        let count = |s| self.warnings.iter().filter(|w| w.severity == s).count();
        (count(Severity::Skipped), count(Severity::FrontMatter))
    }
}

/// Whether `path` names a Markdown file (`.md` or `.markdown`, any case).
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Walks `root` in parallel and calls `sink` from the walking threads with
/// each post and each warning as soon as it is read.
pub fn scan(root: &Path, sink: &(dyn Fn(Found) + Sync)) -> Result<()> {
    let meta = std::fs::metadata(root).map_err(|source| Error::Folder {
        path: root.into(),
        source,
    })?;
    if !meta.is_dir() {
        return Err(Error::NotAFolder { path: root.into() });
    }
    let canonical_root = root.canonicalize().map_err(|source| Error::Folder {
        path: root.into(),
        source,
    })?;
    WalkBuilder::new(root)
        .hidden(true)
        .parents(false)
        .git_global(false)
        .git_exclude(false)
        .require_git(false)
        .follow_links(true)
        .build_parallel()
        .run(|| {
            let canonical_root = &canonical_root;
            // One read buffer per thread, reused for every file it reads.
            let mut buffer = Vec::with_capacity(64 * 1024);
            Box::new(move |entry| visit(root, canonical_root, entry, &mut buffer, sink))
        });
    Ok(())
}

fn visit(
    root: &Path,
    canonical_root: &Path,
    entry: std::result::Result<ignore::DirEntry, ignore::Error>,
    buffer: &mut Vec<u8>,
    sink: &(dyn Fn(Found) + Sync),
) -> WalkState {
    let relative = |path: &Path| path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let warn = |path: &Path, severity, message: &str| {
        sink(Found::Warning(Warning::new(
            &relative(path),
            severity,
            message,
        )));
    };
    let entry = match entry {
        Ok(entry) => entry,
        Err(error) => {
            let (path, message) = describe(&error);
            warn(path.unwrap_or(root), Severity::Skipped, &message);
            return WalkState::Continue;
        }
    };
    if entry.depth() == 0 {
        return WalkState::Continue;
    }
    let path = entry.path();
    if entry.path_is_symlink() {
        match path.canonicalize() {
            Ok(target) if target.starts_with(canonical_root) => {}
            Ok(_) => {
                if is_markdown(path) || entry.file_type().is_some_and(|t| t.is_dir()) {
                    warn(
                        path,
                        Severity::Skipped,
                        "symbolic link leads outside the folder; not followed",
                    );
                }
                return WalkState::Skip;
            }
            Err(error) => {
                if is_markdown(path) {
                    warn(
                        path,
                        Severity::Skipped,
                        &format!("broken symbolic link: {error}"),
                    );
                }
                return WalkState::Skip;
            }
        }
    }
    let Some(file_type) = entry.file_type() else {
        return WalkState::Continue;
    };
    if file_type.is_dir() || !is_markdown(path) {
        return WalkState::Continue;
    }
    if !file_type.is_file() {
        warn(path, Severity::Skipped, "not a regular file");
        return WalkState::Continue;
    }
    let rel = relative(path);
    let mut warnings = Vec::new();
    match read_into(path, buffer) {
        Ok(()) => {
            if let Some(post) = Post::from_bytes(&rel, buffer, &mut warnings) {
                sink(Found::Post(post));
            }
        }
        Err(reason) => warnings.push(Warning::new(&rel, Severity::Skipped, reason)),
    }
    for warning in warnings {
        sink(Found::Warning(warning));
    }
    WalkState::Continue
}

/// The path an `ignore` error is about, and what to say about it.
fn describe(error: &ignore::Error) -> (Option<&Path>, String) {
    match error {
        ignore::Error::WithPath { path, err } => (Some(path), describe(err).1),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe(err)
        }
        ignore::Error::Loop { child, .. } => {
            (Some(child), "symbolic link loop; not followed".to_string())
        }
        ignore::Error::Io(io) => (None, io.to_string()),
        other => (None, other.to_string()),
    }
}

/// Reads one regular file of at most [`MAX_FILE_BYTES`], such as a file
/// named on the command line. The file is opened without blocking and
/// checked after opening, so a FIFO or a device cannot hang the read.
pub fn read_file(path: &Path) -> std::result::Result<Vec<u8>, String> {
    let file = open_nonblocking(path).map_err(|e| format!("cannot open: {e}"))?;
    let meta = file.metadata().map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    let mut bytes = Vec::with_capacity(meta.len().min(MAX_FILE_BYTES) as usize + 1);
    read_limited(file, &mut bytes)?;
    Ok(bytes)
}

/// Reads a file the walk found to be a regular file into `buffer`. No
/// `stat` is needed: the open does not block even if the file was swapped
/// for a FIFO since, and the read stops past [`MAX_FILE_BYTES`] whatever
/// the file claims.
fn read_into(path: &Path, buffer: &mut Vec<u8>) -> std::result::Result<(), String> {
    buffer.clear();
    let file = open_nonblocking(path).map_err(|e| format!("cannot open: {e}"))?;
    read_limited(file, buffer)
}

fn read_limited(file: File, buffer: &mut Vec<u8>) -> std::result::Result<(), String> {
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(buffer)
        .map_err(|e| format!("cannot read: {e}"))?;
    if buffer.len() as u64 > MAX_FILE_BYTES {
        return Err(format!("larger than {} MiB", MAX_FILE_BYTES >> 20));
    }
    Ok(())
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    File::open(path)
}
