//! Keeping the reader true to the disk: the loading at start-up (from the
//! cache first, then checked against the folder) and the watcher that
//! follows changes while folio runs. Both send [`Report`]s through a
//! callback, so the reader and the tests use them the same way.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::post::cache::{self, ByPath, Known, Stamp};
use crate::post::rules::{IGNORE_FILES, Link, Rules, is_hidden, link};
use crate::post::walk::{Found, is_markdown, read_post, refresh, scan};
use crate::post::{Post, Severity, Warning};

/// What loading and watching report.
#[derive(Debug, Clone)]
pub enum Report {
    /// Posts and warnings read (new ones, to append).
    Found(Vec<Post>, Vec<Warning>),
    /// Files read again or gone: the folder changed on disk.
    Changed(Change),
    /// The folder has been read; the cache is to be written if this says
    /// where.
    Done(Option<CacheSave>),
    /// Something the reader should say (the watch could not start).
    Notice(String),
}

/// What changed on disk.
#[derive(Debug, Clone, Default)]
pub struct Change {
    /// Files read again: afterwards their posts are exactly those in
    /// `posts` (none for a file now skipped) and their problems those in
    /// `warnings`.
    pub read: Vec<PathBuf>,
    /// The posts of the files read.
    pub posts: Vec<Post>,
    /// The problems of the files read.
    pub warnings: Vec<Warning>,
    /// Files or folders gone (relative to the folder): every post under them
    /// is removed.
    pub removed: Vec<PathBuf>,
    /// The files read are the whole folder: every post not among them is
    /// gone (an ignore file changed, the folder was made again).
    pub complete: bool,
}

impl Change {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.read.is_empty() && self.removed.is_empty() && !self.complete
    }
}

/// Where and what to write to the cache once the folder has been read.
#[derive(Debug, Clone)]
pub struct CacheSave {
    /// The cache file.
    pub file: PathBuf,
    /// Every file's stamp.
    pub stamps: ByPath<Stamp>,
}

/// Where reports go.
pub type Sink = Box<dyn Fn(Report) + Send + Sync + 'static>;

/// What [`load`] does once the folder has been read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Then {
    /// Nothing more.
    Stop,
    /// Watch the folder for as long as the process runs: the watch starts
    /// once the folder has been walked (a recursive watch walks the whole
    /// tree too, and would slow the first reading down), then every file is
    /// checked again against the stamps the walk took, so that a change
    /// made while the folder was being read is not lost.
    Watch,
}

/// Loads `root` in the background: the cached posts at once (when `cache`
/// names a usable cache file), then every file checked against the disk,
/// changes sent as they are found, and [`Report::Done`] (asking to
/// write the cache when it was stale). Then, with [`Then::Watch`], follows
/// the folder's changes.
pub fn load(root: PathBuf, cache_file: Option<PathBuf>, send: Sink, then: Then) {
    std::thread::spawn(move || {
        let send: Arc<Sink> = Arc::new(send);
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
                            scan_send(Report::Found(posts, warnings));
                        }
                        let known = Arc::new(known);
                        let _ = known_tx.send((Arc::clone(&known), from_cache));
                        known
                    };
                    refresh(&scan_root, known, &sink)
                }
                // No cache yet (or none wanted): read everything, stamping
                // each file (for the cache, and to see what changes while
                // the folder is being read).
                None => {
                    let _ = known_tx.send((Arc::new(Known::default()), false));
                    scan(&scan_root, true, &sink)
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
            send(Report::Changed(Change { removed, ..Change::default() }));
        }
        let seen = if then == Then::Watch { stamps.clone() } else { ByPath::default() };
        let save = cache_file.filter(|_| stale).map(|file| CacheSave { file, stamps });
        send(Report::Done(save));
        if then == Then::Watch {
            watch_after_load(root, seen, send);
        }
    });
}

/// Starts the watch, catches up with what changed while the folder was
/// being read (files whose stamp differs from `seen`, or new, or gone),
/// then keeps the watch for as long as the process runs.
fn watch_after_load(root: PathBuf, seen: ByPath<Stamp>, send: Arc<Sink>) {
    let forward = Arc::clone(&send);
    let watch = match watch(root.clone(), Box::new(move |action| forward(action))) {
        Ok(watch) => watch,
        // Without a watcher (no inotify, too many folders), the list is only
        // as fresh as the start: say so rather than fail.
        Err(error) => {
            send(Report::Notice(format!("not watching for changes: {error}")));
            return;
        }
    };
    let (tx, rx) = mpsc::channel();
    let _ = crate::post::walk::scan_stamps(&root, &move |found| {
        let _ = tx.send(found);
    });
    let mut now: ByPath<Stamp> = ByPath::default();
    for found in rx {
        if let Found::Stamped(path, stamp) = found {
            now.insert(path.into_os_string(), stamp);
        }
    }
    let changed: Vec<PathBuf> = now
        .iter()
        .filter(|(path, stamp)| seen.get(*path) != Some(stamp))
        .map(|(path, _)| PathBuf::from(path))
        .collect();
    let removed: Vec<PathBuf> =
        seen.keys().filter(|path| !now.contains_key(*path)).map(PathBuf::from).collect();
    if !changed.is_empty() || !removed.is_empty() {
        let mut change = Change { removed, ..Change::default() };
        let (tx, rx) = mpsc::channel();
        crate::post::walk::read_files(&root, &changed, &move |found| {
            let _ = tx.send(found);
        });
        for found in rx {
            if let Found::File { path, post, warnings, .. } = found {
                change.read.push(path);
                change.posts.extend(post);
                change.warnings.extend(warnings);
            }
        }
        send(Report::Changed(change));
    }
    // The watch lives as long as this thread, which only keeps it.
    let _keep = watch;
    loop {
        std::thread::park();
    }
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

    fn flush(&mut self, send: &Sink) {
        self.since = Instant::now();
        if self.change.read.is_empty() && self.change.warnings.is_empty() {
            return;
        }
        self.limit = (self.limit * 2).min(16384);
        let change = std::mem::take(&mut self.change);
        if self.changes {
            send(Report::Changed(change));
        } else {
            send(Report::Found(change.posts, change.warnings));
        }
    }
}

/// A running watch of a folder; the watch stops when this is dropped.
pub struct Watch {
    _watcher: Arc<Mutex<notify::RecommendedWatcher>>,
}

/// How long the paths of a burst of events are gathered (an editor writing
/// a temporary file and renaming it) before they are looked at. Counted from
/// the first event, so that a steady stream of writes elsewhere cannot hold
/// an update back.
const SETTLE: Duration = Duration::from_millis(150);

/// Watches `root` and reports changes to its posts as [`Report::Changed`],
/// within a fraction of a second. Each path is judged by the rules of a walk
/// (hidden, ignored, links, regular files); events for paths a walk would
/// not take wake nothing. A changed ignore file, or the folder itself
/// deleted and made again, means the whole folder is read again.
pub fn watch(root: PathBuf, send: Sink) -> notify::Result<Watch> {
    let canonical = root.canonicalize().map_err(notify::Error::io)?;
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let watcher = Arc::new(Mutex::new(notify::recommended_watcher(tx)?));
    {
        let mut guard = watcher.lock().map_err(|_| notify::Error::generic("watcher poisoned"))?;
        guard.watch(&root, RecursiveMode::Recursive)?;
        // The folder's own parent, to see the folder deleted and made again.
        if let Some(parent) = canonical.parent() {
            let _ = guard.watch(parent, RecursiveMode::NonRecursive);
        }
    }
    let rearm = Arc::downgrade(&watcher);
    std::thread::spawn(move || {
        let mut rules = Rules::new(&root);
        let mut pending: HashSet<PathBuf> = HashSet::new();
        let mut whole = Whole::No;
        let mut since: Option<Instant> = None;
        loop {
            let event = match since {
                None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
                Some(first) => rx.recv_timeout(SETTLE.saturating_sub(first.elapsed())),
            };
            match event {
                Ok(Ok(event)) => {
                    // Files being opened and read (by folio itself, first of
                    // all) change nothing.
                    if matches!(event.kind, notify::EventKind::Access(_)) {
                        continue;
                    }
                    for path in event.paths {
                        match judge(&root, &canonical, &path) {
                            Seen::Folder => whole = Whole::Folder,
                            Seen::IgnoreFile => whole = whole.max(Whole::Rules),
                            Seen::Post(relative) => {
                                pending.insert(relative);
                            }
                            Seen::Nothing => {}
                        }
                    }
                    if pending.is_empty() && whole == Whole::No {
                        continue;
                    }
                    let first = *since.get_or_insert_with(Instant::now);
                    if first.elapsed() < SETTLE {
                        continue;
                    }
                }
                Ok(Err(_)) => continue,
                Err(RecvTimeoutError::Disconnected) => return, // the watch was dropped
                Err(RecvTimeoutError::Timeout) => {}
            }
            since = None;
            let change = match std::mem::replace(&mut whole, Whole::No) {
                Whole::Folder => {
                    pending.clear();
                    rules.reload();
                    if root.is_dir()
                        && let Some(watcher) = rearm.upgrade()
                        && let Ok(mut watcher) = watcher.lock()
                    {
                        let _ = watcher.watch(&root, RecursiveMode::Recursive);
                    }
                    read_whole(&root, &mut rules)
                }
                Whole::Rules => {
                    pending.clear();
                    rules.reload();
                    read_whole(&root, &mut rules)
                }
                Whole::No => look_at(&root, &canonical, &mut rules, std::mem::take(&mut pending)),
            };
            if !change.is_empty() {
                send(Report::Changed(change));
            }
        }
    });
    Ok(Watch { _watcher: watcher })
}

/// What must be read again after a burst of events, from least to most.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Whole {
    /// Only the paths the events named.
    No,
    /// Everything, by new ignore rules.
    Rules,
    /// Everything: the folder itself came or went.
    Folder,
}

/// What an event's path is to the reader.
enum Seen {
    /// The folder itself.
    Folder,
    /// An ignore file inside it.
    IgnoreFile,
    /// A path a walk may take (relative to the folder).
    Post(PathBuf),
    /// Something else: another entry of the parent folder, a hidden path.
    Nothing,
}

fn judge(root: &Path, canonical: &Path, path: &Path) -> Seen {
    if path == canonical || path == root {
        return Seen::Folder;
    }
    let relative = match path.strip_prefix(canonical).or_else(|_| path.strip_prefix(root)) {
        Ok(relative) if !relative.as_os_str().is_empty() => relative,
        _ => return Seen::Nothing,
    };
    if relative.file_name().is_some_and(|name| IGNORE_FILES.iter().any(|f| name == *f))
        && !is_hidden(relative.parent().unwrap_or(Path::new("")))
    {
        return Seen::IgnoreFile;
    }
    if is_hidden(relative) {
        return Seen::Nothing;
    }
    Seen::Post(relative.to_path_buf())
}

/// The whole folder read again, as a change that replaces everything.
fn read_whole(root: &Path, rules: &mut Rules) -> Change {
    let mut change = Change { complete: true, ..Change::default() };
    if !root.is_dir() {
        return change; // gone: every post goes with it
    }
    let (tx, rx) = mpsc::channel();
    let result = scan(root, false, &move |found| {
        let _ = tx.send(found);
    });
    for found in rx {
        match found {
            Found::File { path, post, warnings, .. } if rules.admits(&path, false) => {
                change.read.push(path);
                change.posts.extend(post);
                change.warnings.extend(warnings);
            }
            Found::Warning(warning) => change.warnings.push(warning),
            _ => {}
        }
    }
    if let Err(error) = result {
        change.warnings.push(Warning::new(Path::new(""), Severity::Skipped, error.to_string()));
    }
    change
}

/// What the paths an event named are now, judged as a walk would: a post
/// read again, a folder walked again, or something gone.
fn look_at(root: &Path, canonical: &Path, rules: &mut Rules, paths: HashSet<PathBuf>) -> Change {
    let mut change = Change::default();
    let mut buffer = Vec::new();
    for relative in paths {
        let here = root.join(&relative);
        let meta = match std::fs::symlink_metadata(&here) {
            Err(_) => {
                change.removed.push(relative);
                continue;
            }
            Ok(meta) => meta,
        };
        let (mut is_dir, mut regular) = (meta.is_dir(), meta.is_file());
        if meta.file_type().is_symlink() {
            let refused = match link(&here, canonical) {
                Link::Follow { target } => {
                    (is_dir, regular) = (target.is_dir(), target.is_file());
                    None
                }
                Link::Walked { .. } => Some(None),
                Link::Outside => {
                    Some(Some("symbolic link leads outside the folder; not followed".to_string()))
                }
                Link::Broken(error) => Some(Some(format!("broken symbolic link: {error}"))),
            };
            if let Some(reason) = refused {
                // Whatever was at this path before is gone from the list.
                if is_markdown(&relative) {
                    change.read.push(relative.clone());
                    if let Some(reason) = reason {
                        change.warnings.push(Warning::new(&relative, Severity::Skipped, reason));
                    }
                } else {
                    change.removed.push(relative);
                }
                continue;
            }
        }
        if !rules.admits(&relative, is_dir) {
            // Now left out by the rules: gone, as far as the list goes.
            change.removed.push(relative);
            continue;
        }
        if is_dir {
            // A folder moved in: read what it holds.
            let (tx, rx) = mpsc::channel();
            let _ = scan(&here, false, &move |found| {
                let _ = tx.send(found);
            });
            for found in rx {
                if let Found::File { path, post, warnings, .. } = found {
                    let full = relative.join(&path);
                    if !rules.admits(&full, false) {
                        continue;
                    }
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
        } else if is_markdown(&relative) {
            if !regular {
                change.read.push(relative.clone());
                change.warnings.push(Warning::new(
                    &relative,
                    Severity::Skipped,
                    "not a regular file",
                ));
                continue;
            }
            if let Found::File { path, post, warnings, .. } =
                read_post(&here, relative, false, &mut buffer)
            {
                change.read.push(path);
                change.posts.extend(post);
                change.warnings.extend(warnings);
            }
        }
    }
    change
}
