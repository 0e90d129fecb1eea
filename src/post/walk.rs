//! Walking a folder for posts, in parallel, and reading each file.
//!
//! The walk honours `.gitignore` and `.ignore` files inside the folder,
//! skips hidden files and folders, follows symbolic links only while they
//! stay inside the folder (loops are reported, not followed), and opens
//! regular files only, without blocking: a FIFO named `x.md` cannot hang it.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};

use ignore::{WalkBuilder, WalkState};

use super::cache::{ByPath, Known, Stamp};
use super::rules::{Link, link};
use super::{Post, Severity, Warning};
use crate::error::{Error, Result};

/// Files larger than this are skipped.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// One result of a scan, sent as soon as it is known.
// Each value crosses a channel once; boxing the post would cost an
// allocation per post for nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Found {
    /// A file was read: its post (none if it was skipped) and its problems.
    File {
        /// The file, relative to the folder.
        path: PathBuf,
        /// Its stamp, when the scan compares against a cache.
        stamp: Option<Stamp>,
        /// The post, unless the file was skipped.
        post: Option<Post>,
        /// Problems met reading it.
        warnings: Vec<Warning>,
    },
    /// A file's stamp, from a walk that only stats ([`scan_stamps`]).
    Stamped(PathBuf, Stamp),
    /// Every file's stamp, sent once by [`refresh`] before it reads the
    /// files that changed: those missing from the cache or with another
    /// stamp are read, the others are unchanged.
    Stamps(ByPath<Stamp>),
    /// A problem with the folder rather than with one file's text.
    Warning(Warning),
}

/// The extensions of Markdown files: `.md`, `.markdown`, `.mdx` (MDX),
/// `.mdown`, `.mkd`, `.mkdn` (any case).
pub const EXTENSIONS: [&str; 6] = ["md", "markdown", "mdx", "mdown", "mkd", "mkdn"];

/// Whether `path` names a Markdown file (see [`EXTENSIONS`]).
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Walks `root` in parallel and calls `sink` from the walking threads with
/// each file as soon as it is read; with `stamp`, each with its stamp (for
/// a cache to be written).
pub fn scan(root: &Path, stamp: bool, sink: &(dyn Fn(Found) + Sync)) -> Result<()> {
    walk(root, Mode::Read { stamp }, sink)
}

/// Walks `root` in parallel and only stats each Markdown file: one
/// [`Found::Stamped`] per file, to compare with a cache before reading.
pub fn scan_stamps(root: &Path, sink: &(dyn Fn(Found) + Sync)) -> Result<()> {
    walk(root, Mode::Stamps, sink)
}

/// Brings cached knowledge up to date with `root`: stats every Markdown
/// file (in parallel), then asks `known` for the cache (which may be loading
/// meanwhile), reports every stamp at once ([`Found::Stamps`]) and reads the
/// others, on every core.
pub fn refresh(
    root: &Path,
    known: impl FnOnce() -> Arc<Known>,
    sink: &(dyn Fn(Found) + Sync),
) -> Result<()> {
    let (sender, receiver) = mpsc::channel();
    scan_stamps(root, &move |found| {
        let _ = sender.send(found);
    })?;
    let known = known();
    let mut changed = Vec::new();
    let mut stamps = ByPath::default();
    for found in receiver {
        match found {
            Found::Stamped(path, stamp) => {
                if !known.unchanged(&path, stamp) {
                    changed.push(path.clone());
                }
                stamps.insert(path.into_os_string(), stamp);
            }
            other => sink(other),
        }
    }
    // One message for the unchanged files rather than one per file.
    sink(Found::Stamps(stamps));
    read_files(root, &changed, sink);
    Ok(())
}

/// Reads `files` (relative to `root`) on every core, each with its stamp.
pub fn read_files(root: &Path, files: &[PathBuf], sink: &(dyn Fn(Found) + Sync)) {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().div_ceil(64))
        .max(1);
    std::thread::scope(|scope| {
        for t in 0..threads {
            scope.spawn(move || {
                let mut buffer = Vec::with_capacity(64 * 1024);
                for rel in files.iter().skip(t).step_by(threads) {
                    sink(read_post(&root.join(rel), rel.clone(), true, &mut buffer));
                }
            });
        }
    });
}

/// What a walk does with each Markdown file.
#[derive(Clone, Copy)]
enum Mode {
    /// Read it, with its stamp when asked.
    Read {
        /// Whether to take the file's stamp.
        stamp: bool,
    },
    /// Only stat it.
    Stamps,
}

fn walk(root: &Path, mode: Mode, sink: &(dyn Fn(Found) + Sync)) -> Result<()> {
    let meta =
        std::fs::metadata(root).map_err(|source| Error::Folder { path: root.into(), source })?;
    if !meta.is_dir() {
        return Err(Error::NotAFolder { path: root.into() });
    }
    let canonical_root =
        root.canonicalize().map_err(|source| Error::Folder { path: root.into(), source })?;
    let visited = Visited::default();
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
            let visited = &visited;
            // One read buffer per thread, reused for every file it reads.
            let mut buffer = Vec::with_capacity(64 * 1024);
            let mut out = Bundle { items: Vec::with_capacity(Bundle::SIZE), sink };
            Box::new(move |entry| {
                visit(root, canonical_root, visited, mode, entry, &mut buffer, &mut out)
            })
        });
    Ok(())
}

/// Results gathered per walking thread and handed on a few dozen at a
/// time. A channel send wakes a sleeping receiver, and a hundred thousand
/// wake-ups cost more than the reading; sends in a burst wake it once.
struct Bundle<'a> {
    items: Vec<Found>,
    sink: &'a (dyn Fn(Found) + Sync),
}

impl Bundle<'_> {
    const SIZE: usize = 64;

    fn push(&mut self, found: Found) {
        self.items.push(found);
        if self.items.len() >= Self::SIZE {
            self.flush();
        }
    }

    fn flush(&mut self) {
        for found in self.items.drain(..) {
            (self.sink)(found);
        }
    }
}

impl Drop for Bundle<'_> {
    /// The walking thread is done: hand on what is left.
    fn drop(&mut self) {
        self.flush();
    }
}

/// Folders entered through symbolic links, by device and inode.
#[derive(Default)]
struct Visited(std::sync::Mutex<std::collections::HashSet<(u64, u64)>>);

impl Visited {
    /// Whether `dir` is entered for the first time (and notes it).
    fn first_visit(&self, dir: &Path) -> bool {
        let Ok(meta) = std::fs::metadata(dir) else { return false };
        let id = file_id(&meta);
        self.0.lock().map(|mut seen| seen.insert(id)).unwrap_or(false)
    }
}

#[cfg(unix)]
fn file_id(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn file_id(_: &std::fs::Metadata) -> (u64, u64) {
    (0, 0)
}

fn visit(
    root: &Path,
    canonical_root: &Path,
    visited: &Visited,
    mode: Mode,
    entry: std::result::Result<ignore::DirEntry, ignore::Error>,
    buffer: &mut Vec<u8>,
    out: &mut Bundle<'_>,
) -> WalkState {
    let relative = |path: &Path| path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let mut warn = |path: &Path, severity, message: &str| {
        out.push(Found::Warning(Warning::new(&relative(path), severity, message)));
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
        let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
        match link(path, canonical_root) {
            Link::Follow { target } => {
                // A folder reached through links is walked once, whatever
                // the number of links to it: links that lead to each other
                // would otherwise multiply the walk.
                if is_dir && !visited.first_visit(&target) {
                    return WalkState::Skip;
                }
            }
            Link::Walked { target } => {
                if is_dir && path.starts_with(root.join(&target)) {
                    warn(path, Severity::Skipped, "symbolic link loop; not followed");
                } else if is_dir || is_markdown(path) {
                    let target = crate::sanitize::path(&target);
                    let what = if is_dir { "folder" } else { "post" };
                    warn(
                        path,
                        Severity::Note,
                        &format!("link to the {what} '{target}', which is listed at its own path"),
                    );
                }
                return WalkState::Skip;
            }
            Link::Outside => {
                if is_markdown(path) || is_dir {
                    warn(
                        path,
                        Severity::Skipped,
                        "symbolic link leads outside the folder; not followed",
                    );
                }
                return WalkState::Skip;
            }
            Link::Broken(error) => {
                if is_markdown(path) {
                    warn(path, Severity::Skipped, &format!("broken symbolic link: {error}"));
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
    out.push(match mode {
        Mode::Read { stamp } => read_post(path, rel, stamp, buffer),
        Mode::Stamps => match std::fs::metadata(path) {
            Ok(meta) => Found::Stamped(rel, Stamp::of(&meta)),
            Err(error) => {
                let warning =
                    Warning::new(&rel, Severity::Skipped, format!("cannot read: {error}"));
                Found::File { path: rel, stamp: None, post: None, warnings: vec![warning] }
            }
        },
    });
    WalkState::Continue
}

/// Reads one file found by a walk (or a watcher) into a [`Found`]; with
/// `stamp`, the file's stamp is taken from the open file.
pub fn read_post(path: &Path, rel: PathBuf, stamp: bool, buffer: &mut Vec<u8>) -> Found {
    let mut warnings = Vec::new();
    let mut post = None;
    let mut stamped = None;
    match read_into(path, buffer, stamp) {
        Ok(read_stamp) => {
            stamped = read_stamp;
            post = Post::from_bytes(&rel, buffer, &mut warnings);
        }
        Err(reason) => warnings.push(Warning::new(&rel, Severity::Skipped, reason)),
    }
    if buffer.capacity() > 1 << 20 {
        // A huge file was read: do not keep its buffer for small ones.
        *buffer = Vec::with_capacity(64 * 1024);
    }
    Found::File { path: rel, stamp: stamped, post, warnings }
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

/// Reads a file the walk found to be a regular file into `buffer`; with
/// `stamp`, also returns its stamp (from the open file, not the path). No
/// `stat` is needed before: the open does not block even if the file was
/// swapped for a FIFO since, and the read stops past [`MAX_FILE_BYTES`]
/// whatever the file claims.
fn read_into(
    path: &Path,
    buffer: &mut Vec<u8>,
    stamp: bool,
) -> std::result::Result<Option<Stamp>, String> {
    buffer.clear();
    let file = open_nonblocking(path).map_err(|e| format!("cannot open: {e}"))?;
    let stamp = if stamp { file.metadata().ok().map(|m| Stamp::of(&m)) } else { None };
    read_limited(file, buffer)?;
    Ok(stamp)
}

fn read_limited(file: File, buffer: &mut Vec<u8>) -> std::result::Result<(), String> {
    file.take(MAX_FILE_BYTES + 1).read_to_end(buffer).map_err(|e| format!("cannot read: {e}"))?;
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
