//! Keeping the reader true to the disk: the loading at start-up (from the
//! cache first, then checked against the folder) and the watcher that
//! follows changes while folio runs. Both report as [`Action`]s through a
//! callback, so the reader and the tests use them the same way.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::app::Action;
use crate::app::action::{CacheSave, Change};
use crate::post::cache::{self, ByPath, Known, Stamp};
use crate::post::walk::{Found, is_markdown, read_post, refresh, scan};
use crate::post::{Severity, Warning};

/// Where results go.
pub type Send = Box<dyn Fn(Action) + std::marker::Send + Sync + 'static>;

/// Loads `root` in the background: the cached posts at once (when `cache`
/// names a usable cache file), then every file checked against the disk,
/// changes sent as they are found, and [`Action::IndexDone`] (asking to
/// write the cache when it was stale). Then `after` runs on the same
/// thread: the reader starts its watcher there, once the folder has been
/// walked (a recursive watch walks the whole tree too, and would slow the
/// first reading down).
pub fn load(
    root: PathBuf,
    cache_file: Option<PathBuf>,
    send: Send,
    after: impl FnOnce() + std::marker::Send + 'static,
) {
    std::thread::spawn(move || {
        let send = Arc::new(send);
        let (found_tx, found_rx) = mpsc::channel::<Found>();
        // What the cache knew, once loaded: its stamps (and so its paths),
        // and whether the list came from it.
        let (known_tx, known_rx) = mpsc::channel::<(Arc<Known>, bool)>();
        let scan_root = root.clone();
        let scan_cache = cache_file.clone();
        let scan_send = Arc::clone(&send);
        std::thread::spawn(move || {
            let sink = move |found| {
                let _ = found_tx.send(found);
            };
            let wanted = scan_cache.is_some();
            let result = match scan_cache.filter(|file| file.exists()) {
                // Stat every file while the cache loads, show the cached
                // list, then read only what changed.
                Some(file) => {
                    let loader_root = scan_root.clone();
                    let loader = std::thread::spawn(move || cache::load(&file, &loader_root).ok());
                    let known = move || {
                        let old = loader.join().ok().flatten();
                        let from_cache = old.is_some();
                        let mut known = Known::default();
                        if let Some(old) = old {
                            known.trusted_before = old.trusted_before();
                            let (mut posts, mut warnings) =
                                (Vec::with_capacity(old.entries.len()), Vec::new());
                            // The entries are taken apart: paths to the stamps,
                            // posts to the list.
                            for (path, entry) in old.entries {
                                known.stamps.insert(path, entry.stamp);
                                posts.extend(entry.post);
                                warnings.extend(entry.warnings);
                            }
                            scan_send(Action::Found(posts, warnings));
                        }
                        let known = Arc::new(known);
                        let _ = known_tx.send((Arc::clone(&known), from_cache));
                        known
                    };
                    refresh(&scan_root, known, &sink)
                }
                // No cache yet (or none wanted): read everything, stamping
                // each file when there is a cache to write.
                None => {
                    let _ = known_tx.send((Arc::new(Known::default()), false));
                    scan(&scan_root, wanted, &sink)
                }
            };
            if let Err(error) = result {
                sink(Found::Warning(Warning::new(
                    Path::new(""),
                    Severity::Skipped,
                    error.to_string(),
                )));
            }
        });
        let (known, from_cache) = known_rx.recv().unwrap_or_default();
        let mut batch = Batch::new(from_cache);
        let mut stamps: ByPath<Stamp> = ByPath::default();
        let mut stale = cache_file.is_some() && !from_cache;
        loop {
            let next = found_rx.recv_timeout(Duration::from_millis(25));
            let done = matches!(next, Err(RecvTimeoutError::Disconnected));
            match next {
                Ok(Found::File { path, stamp, post, warnings }) => {
                    stale = true;
                    // A file read without a stamp still counts as seen.
                    let stamp = stamp.unwrap_or(Stamp { size: 0, modified: 0 });
                    stamps.insert(path.clone().into_os_string(), stamp);
                    batch.file(path, post, warnings);
                }
                // Every file's stamp: the files not read again are unchanged.
                Ok(Found::Stamps(all)) => {
                    if stamps.is_empty() {
                        stamps = all;
                    } else {
                        stamps.extend(all);
                    }
                }
                Ok(Found::Warning(warning)) => batch.warning(warning),
                Ok(Found::Stamped(..)) => {}
                Err(_) => {}
            }
            if batch.due() || done {
                batch.flush(&send);
            }
            if done {
                break;
            }
        }
        // Every file still there has a stamp by now: the others are gone.
        let removed: Vec<PathBuf> =
            known.stamps.keys().filter(|p| !stamps.contains_key(*p)).map(PathBuf::from).collect();
        if !removed.is_empty() {
            stale = true;
            send(Action::Changed(Change { removed, ..Change::default() }));
        }
        let save = cache_file.filter(|_| stale).map(|file| CacheSave { file, stamps });
        send(Action::IndexDone(save));
        after();
    });
}

/// Posts gathered between two sends: appended (`Found`) on a first
/// reading, or changes when the list came from the cache.
struct Batch {
    changes: bool,
    change: Change,
    since: Instant,
    limit: usize,
}

impl Batch {
    fn new(changes: bool) -> Self {
        Batch { changes, change: Change::default(), since: Instant::now(), limit: 256 }
    }

    fn file(&mut self, path: PathBuf, post: Option<crate::post::Post>, warnings: Vec<Warning>) {
        self.change.read.push(path);
        self.change.posts.extend(post);
        self.change.warnings.extend(warnings);
    }

    fn warning(&mut self, warning: Warning) {
        self.change.warnings.push(warning);
    }

    /// Small and quick batches first, so the list appears at once; larger
    /// ones after, so a big folder does not mean a redraw per post.
    fn due(&self) -> bool {
        self.since.elapsed() >= Duration::from_millis(80) || self.change.read.len() >= self.limit
    }

    fn flush(&mut self, send: &Send) {
        self.since = Instant::now();
        if self.change.read.is_empty() && self.change.warnings.is_empty() {
            return;
        }
        self.limit = (self.limit * 2).min(16384);
        let change = std::mem::take(&mut self.change);
        if self.changes {
            send(Action::Changed(change));
        } else {
            send(Action::Found(change.posts, change.warnings));
        }
    }
}

/// Watches `root` and reports changes to Markdown files as
/// [`Action::Changed`], within a fraction of a second. Bursts (an editor
/// writing a temporary file and renaming it) are gathered for a moment,
/// then each path involved is looked at as it is now. The watch stops
/// when the returned watcher is dropped.
pub fn watch(root: PathBuf, send: Send) -> notify::Result<notify::RecommendedWatcher> {
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx)?;
    watcher.watch(&root, RecursiveMode::Recursive)?;
    let canonical = root.canonicalize().unwrap_or_else(|_| root.clone());
    let send = Mutex::new(send);
    std::thread::spawn(move || {
        const SETTLE: Duration = Duration::from_millis(150);
        let mut pending: HashSet<PathBuf> = HashSet::new();
        loop {
            let event = if pending.is_empty() {
                rx.recv().map_err(|_| ())
            } else {
                rx.recv_timeout(SETTLE).map_err(|_| ())
            };
            match event {
                // Files being opened and read (by folio itself, first of
                // all) change nothing: only creations, writes, renames and
                // removals count.
                Ok(Ok(event)) if matches!(event.kind, notify::EventKind::Access(_)) => continue,
                Ok(Ok(event)) => {
                    pending.extend(event.paths);
                    continue;
                }
                Ok(Err(_)) => continue,
                Err(()) if pending.is_empty() => return, // the watcher was dropped
                Err(()) => {}
            }
            let change = look_at(&root, &canonical, std::mem::take(&mut pending));
            if !change.is_empty() {
                match send.lock() {
                    Ok(send) => send(Action::Changed(change)),
                    Err(_) => return,
                }
            }
        }
    });
    Ok(watcher)
}

/// What the paths an event named are now: a post read again, a folder
/// walked again, or something gone.
fn look_at(root: &Path, canonical: &Path, paths: HashSet<PathBuf>) -> Change {
    let mut change = Change::default();
    let mut buffer = Vec::new();
    for path in paths {
        let relative = match path.strip_prefix(canonical).or_else(|_| path.strip_prefix(root)) {
            Ok(relative) if !relative.as_os_str().is_empty() => relative.to_path_buf(),
            _ => continue,
        };
        if relative.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.')) {
            continue; // hidden files and folders are not read
        }
        let here = root.join(&relative);
        match std::fs::symlink_metadata(&here) {
            Err(_) => change.removed.push(relative),
            Ok(meta) if meta.is_dir() => {
                // A folder moved in: read what it holds.
                let (tx, rx) = mpsc::channel();
                let _ = scan(&here, false, &move |found| {
                    let _ = tx.send(found);
                });
                for found in rx {
                    if let Found::File { path, post, warnings, .. } = found {
                        let full = relative.join(&path);
                        change.read.push(full.clone());
                        change.posts.extend(post.map(|mut p| {
                            p.path = full.clone();
                            p
                        }));
                        change.warnings.extend(warnings.into_iter().map(|mut w| {
                            w.path = full.clone();
                            w
                        }));
                    }
                }
            }
            Ok(_) if is_markdown(&relative) => {
                if let Found::File { path, post, warnings, .. } =
                    read_post(&here, relative, false, &mut buffer)
                {
                    change.read.push(path);
                    change.posts.extend(post);
                    change.warnings.extend(warnings);
                }
            }
            Ok(_) => {}
        }
    }
    change
}
