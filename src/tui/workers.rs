//! The background tasks: matching, finding, rendering. Each answers with
//! an [`Msg`] on the event channel; none is ever waited for. The work
//! itself is [`Request::answer`], shared with the tests and benchmarks.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use super::Event;
use crate::app::{Msg, Request, Runner};
use crate::markdown::Article;
use crate::theme::Theme;

/// A box holding the latest request only: a new one replaces one not yet
/// taken, so a busy task skips straight to what is wanted now.
pub struct Mailbox<T> {
    slot: Mutex<(Option<T>, bool)>,
    ready: Condvar,
}

impl<T> Default for Mailbox<T> {
    fn default() -> Self {
        Mailbox { slot: Mutex::new((None, false)), ready: Condvar::new() }
    }
}

impl<T> Mailbox<T> {
    /// Leaves a request, replacing any not yet taken.
    pub fn put(&self, value: T) {
        if let Ok(mut slot) = self.slot.lock() {
            slot.0 = Some(value);
            self.ready.notify_one();
        }
    }

    /// Waits for a request; `None` once closed.
    pub fn take(&self) -> Option<T> {
        let mut slot = self.slot.lock().ok()?;
        loop {
            if let Some(value) = slot.0.take() {
                return Some(value);
            }
            if slot.1 {
                return None;
            }
            slot = self.ready.wait(slot).ok()?;
        }
    }

    /// Whether a request is waiting.
    pub fn has_news(&self) -> bool {
        self.slot.lock().map(|s| s.0.is_some()).unwrap_or(false)
    }

    /// Ends the task waiting on this box.
    pub fn close(&self) {
        if let Ok(mut slot) = self.slot.lock() {
            slot.1 = true;
            self.ready.notify_all();
        }
    }
}

/// Starts a task that answers the requests left in its mailbox, always the
/// latest one first: matching (on all cores) or finding in an article.
pub fn start(events: Sender<Event>, theme: Theme) -> Arc<Mailbox<Request>> {
    let mailbox: Arc<Mailbox<Request>> = Arc::new(Mailbox::default());
    let inbox = Arc::clone(&mailbox);
    std::thread::spawn(move || {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        // Keeps the orders of the posts between searches.
        let mut runner = Runner::default();
        while let Some(request) = inbox.take() {
            if let Some(action) = request.answer(&mut runner, &theme, threads)
                && events.send(Event::Msg(action)).is_err()
            {
                return;
            }
        }
    });
    mailbox
}

/// Starts the full-text search task: it opens (or builds) the index on
/// the first search, telling how the build goes, and answers the latest
/// search first.
fn start_fulltext(events: Sender<Event>) -> Arc<Mailbox<Request>> {
    let mailbox: Arc<Mailbox<Request>> = Arc::new(Mailbox::default());
    let inbox = Arc::clone(&mailbox);
    std::thread::spawn(move || {
        let mut runner = Runner::default();
        let progress = events.clone();
        runner.fulltext.progress = Some(Box::new(move |done, total| {
            let _ = progress.send(Event::Msg(Msg::FullTextProgress(done, total)));
        }));
        let theme = Theme::plain();
        while let Some(request) = inbox.take() {
            if let Some(msg) = request.answer(&mut runner, &theme, 1)
                && events.send(Event::Msg(msg)).is_err()
            {
                return;
            }
        }
    });
    mailbox
}

/// What identifies a rendering: the file as it is now, the width and the
/// room for pictures.
type CacheKey =
    (PathBuf, usize, Option<crate::graphics::Frames>, u64, Option<std::time::SystemTime>);

/// Renderings kept, most recent first, within a budget of bytes: a few
/// huge posts must not hold gigabytes, many small ones may all stay.
#[derive(Default)]
struct Kept {
    entries: VecDeque<(CacheKey, Arc<Article>, usize)>,
    bytes: usize,
}

impl Kept {
    /// What the renderings may hold together (the newest is always kept).
    const BUDGET: usize = 256 << 20;

    fn get(&mut self, key: &CacheKey) -> Option<Arc<Article>> {
        let at = self.entries.iter().position(|(k, _, _)| k == key)?;
        let entry = self.entries.remove(at)?;
        let article = Arc::clone(&entry.1);
        self.entries.push_front(entry);
        Some(article)
    }

    fn put(&mut self, key: CacheKey, article: Arc<Article>) {
        let size = weight(&article);
        self.bytes += size;
        self.entries.push_front((key, article, size));
        while self.bytes > Self::BUDGET && self.entries.len() > 1 {
            if let Some((_, _, size)) = self.entries.pop_back() {
                self.bytes -= size;
            }
        }
    }
}

/// About how many bytes a rendering holds: its text and, per span and
/// per line, the memory of a style and a string.
pub fn weight(article: &Article) -> usize {
    article
        .lines
        .iter()
        .map(|line| 64 + line.spans.iter().map(|s| 48 + s.content.len()).sum::<usize>())
        .sum()
}

/// Renders articles, each on a thread of its own so that a post that
/// takes long never delays the next one asked for; keeps the latest.
pub fn start_renderer(theme: Theme, events: Sender<Event>) -> Arc<Mailbox<Request>> {
    let mailbox = Arc::new(Mailbox::default());
    let inbox = Arc::clone(&mailbox);
    std::thread::spawn(move || {
        let kept = Arc::new(Mutex::new(Kept::default()));
        // The generation asked for last: a rendering of any other is given up.
        let latest = Arc::new(AtomicU64::new(0));
        while let Some(request) = inbox.take() {
            let Request::Render { generation, post, file, width, frames } = request else {
                continue;
            };
            latest.store(generation, Ordering::SeqCst);
            let meta = std::fs::metadata(&file).ok();
            let key: CacheKey = (
                file.clone(),
                width,
                frames,
                meta.as_ref().map_or(0, |m| m.len()),
                meta.and_then(|m| m.modified().ok()),
            );
            let hit = kept.lock().ok().and_then(|mut kept| kept.get(&key));
            if let Some(article) = hit {
                let action = Msg::Rendered { generation, article: Ok(article), complete: true };
                if events.send(Event::Msg(action)).is_err() {
                    return;
                }
                continue;
            }
            let (kept, events, theme) = (Arc::clone(&kept), events.clone(), theme.clone());
            let latest = Arc::clone(&latest);
            std::thread::spawn(move || {
                let stop = || latest.load(Ordering::SeqCst) != generation;
                // A long post's top first, then all of it without colours.
                let mut early = |article| {
                    let article = Ok(Arc::new(article));
                    let action = Msg::Rendered { generation, article, complete: false };
                    let _ = events.send(Event::Msg(action));
                };
                let article = crate::article::render_file_in_steps(
                    &post, &file, width, frames, &theme, &mut early, &stop,
                )
                .map(Arc::new);
                if stop() {
                    return;
                }
                // One waiting for pictures on the web is rendered again
                // when they come, not kept as it is.
                if let (Ok(article), Ok(mut kept)) = (&article, kept.lock())
                    && article.fetching.is_empty()
                {
                    kept.put(key, Arc::clone(article));
                }
                let action = Msg::Rendered { generation, article, complete: true };
                let _ = events.send(Event::Msg(action));
            });
        }
    });
    mailbox
}

/// The reader's background tasks, and the one place its requests are
/// handed out: matching, finding and rendering each to its task (only
/// the latest of each kind counts), writing files on a thread of their
/// own (each write counts).
pub struct Tasks {
    filter: Arc<Mailbox<Request>>,
    finder: Arc<Mailbox<Request>>,
    renderer: Arc<Mailbox<Request>>,
    fulltext: Arc<Mailbox<Request>>,
    /// Pictures to read, in the order asked.
    pictures: std::sync::mpsc::Sender<Request>,
    /// The reading state's writes, in order: each one counts.
    state: Option<Writer>,
    /// The index cache's writes under way, finished before folio exits.
    cache_writes: std::cell::RefCell<Vec<std::thread::JoinHandle<()>>>,
    theme: Theme,
    /// Where the background work answers.
    events: Sender<Event>,
}

impl Tasks {
    /// Starts the tasks; they answer on `events`.
    pub fn start(events: Sender<Event>, theme: Theme) -> Tasks {
        Tasks {
            filter: start(events.clone(), theme.clone()),
            finder: start(events.clone(), theme.clone()),
            renderer: start_renderer(theme.clone(), events.clone()),
            fulltext: start_fulltext(events.clone()),
            pictures: start_pictures(events.clone()),
            state: Some(start_writer(events.clone())),
            cache_writes: std::cell::RefCell::default(),
            theme,
            events,
        }
    }

    /// Hands `request` to the task for it.
    pub fn put(&self, request: Request) {
        match request {
            Request::Filter { .. } => self.filter.put(request),
            Request::Find { .. } => self.finder.put(request),
            Request::Render { .. } => self.renderer.put(request),
            Request::FullText { .. } => self.fulltext.put(request),
            Request::Picture { .. } => {
                let _ = self.pictures.send(request);
            }
            Request::Fetch(urls) => {
                // Each one said as it comes in; never waited for.
                let events = self.events.clone();
                std::thread::spawn(move || {
                    crate::graphics::remote::fetch_all(&urls, &|url| {
                        let _ = events.send(Event::Msg(Msg::Fetched(vec![url.to_string()])));
                    });
                });
            }
            Request::SaveCache { .. } => {
                let theme = self.theme.clone();
                let write = std::thread::spawn(move || {
                    request.answer(&mut Runner::default(), &theme, 1);
                });
                let mut writes = self.cache_writes.borrow_mut();
                writes.retain(|w| !w.is_finished());
                writes.push(write);
            }
            // Writes in order, and the opener (quick to start) after them.
            Request::SaveState { .. } | Request::Open(_) => {
                if let Some(writer) = &self.state {
                    let _ = writer.requests.send(request);
                }
            }
            // The event loop carries these out itself (see `tui::drain`).
            Request::Edit { .. }
            | Request::Copy(_)
            | Request::Quit
            | Request::DeletePictures { .. } => {}
        }
    }

    /// Ends the tasks, once the reading state's writes asked for are done
    /// or `deadline` has passed (a lock another process holds must not keep
    /// the reader from quitting). Returns what could not be written, to be
    /// said once the terminal is given back.
    pub fn close(mut self, deadline: Duration) -> Option<String> {
        self.filter.close();
        self.finder.close();
        self.renderer.close();
        self.fulltext.close();
        let started = Instant::now();
        // A cache being written is finished (a large folder's takes a
        // moment): cut short, it would leave a temporary file and a cold
        // next start.
        let caches = self.cache_writes.take();
        while caches.iter().any(|w| !w.is_finished()) && started.elapsed() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        let writer = self.state.take()?;
        drop(writer.requests);
        while !writer.thread.is_finished() && started.elapsed() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        let failed = writer.failed.lock().ok().and_then(|mut f| f.take());
        if writer.thread.is_finished() {
            let _ = writer.thread.join();
            failed
        } else {
            Some(failed.unwrap_or_else(|| {
                "the reading state was still being written when folio quit".to_string()
            }))
        }
    }
}

/// Reads pictures one at a time (one decoding's memory at most), in the
/// order asked; of several parts asked of the same picture while it was
/// busy (a sixel picture scrolled through), only the last.
fn start_pictures(events: Sender<Event>) -> std::sync::mpsc::Sender<Request> {
    let (requests, inbox) = std::sync::mpsc::channel::<Request>();
    std::thread::spawn(move || {
        let mut runner = Runner::default();
        let theme = Theme::plain();
        while let Ok(first) = inbox.recv() {
            let mut batch: Vec<Request> = vec![first];
            batch.extend(inbox.try_iter());
            let same = |a: &Request, b: &Request| match (a, b) {
                (Request::Picture { want: a, .. }, Request::Picture { want: b, .. }) => {
                    a.path == b.path && a.cells == b.cells && a.rows != b.rows
                }
                _ => false,
            };
            let superseded: Vec<bool> = (0..batch.len())
                .map(|at| batch[at + 1..].iter().any(|later| same(&batch[at], later)))
                .collect();
            for (request, superseded) in batch.into_iter().zip(superseded) {
                let msg = match request {
                    // Asked again if still wanted.
                    Request::Picture { want, .. } if superseded => Some(Msg::PictureDropped(want)),
                    request => request.answer(&mut runner, &theme, 1),
                };
                if let Some(msg) = msg
                    && events.send(Event::Msg(msg)).is_err()
                {
                    return;
                }
            }
        }
    });
    requests
}

/// The thread writing the reading state, one write after another.
struct Writer {
    requests: std::sync::mpsc::Sender<Request>,
    thread: std::thread::JoinHandle<()>,
    /// The last write that failed, as the reader was told.
    failed: Arc<Mutex<Option<String>>>,
}

fn start_writer(events: Sender<Event>) -> Writer {
    let (requests, writes) = std::sync::mpsc::channel::<Request>();
    let failed = Arc::new(Mutex::new(None));
    let failures = Arc::clone(&failed);
    let thread = std::thread::spawn(move || {
        let theme = Theme::plain();
        while let Ok(request) = writes.recv() {
            let saving = matches!(request, Request::SaveState { .. });
            if let Some(msg) = request.answer(&mut Runner::default(), &theme, 1) {
                if let (true, Msg::Notice(text), Ok(mut failed)) = (saving, &msg, failures.lock()) {
                    *failed = Some(text.clone());
                }
                let _ = events.send(Event::Msg(msg));
            }
        }
    });
    Writer { requests, thread, failed }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(lines: usize, text: &str) -> Arc<Article> {
        let line = ratatui::text::Line::from(text.to_string());
        Arc::new(Article { lines: vec![line; lines], ..Article::default() })
    }

    #[test]
    fn a_slow_render_does_not_delay_the_next_post() {
        let dir = tempfile::tempdir().unwrap();
        let code: String =
            (0..20_000).map(|i| format!("def f{i}(x):\n    return x * {i}\n")).collect();
        let big = dir.path().join("big.md");
        std::fs::write(&big, format!("# Big\n\n```python\n{code}```\n")).unwrap();
        let small = dir.path().join("small.md");
        std::fs::write(&small, "# Small\n\nA short post.\n").unwrap();
        let (events, inbox) = std::sync::mpsc::channel();
        let renderer = start_renderer(Theme::default(), events);
        let request = |generation, file: &PathBuf| Request::Render {
            generation,
            post: crate::post::Post::parse(file, "# T\n", &mut Vec::new()),
            file: file.clone(),
            width: 80,
            frames: None,
        };
        renderer.put(request(1, &big));
        std::thread::sleep(std::time::Duration::from_millis(50));
        renderer.put(request(2, &small));
        // The big post's top may come first; the small post is complete
        // before the big one is.
        let first_complete = loop {
            let event = inbox.recv_timeout(std::time::Duration::from_secs(60)).unwrap();
            if let Event::Msg(Msg::Rendered { generation, complete: true, .. }) = event {
                break generation;
            }
        };
        assert_eq!(first_complete, 2, "the small post is shown while the big one renders");
        renderer.close();
    }

    #[test]
    fn kept_renderings_stay_within_their_budget() {
        let mut kept = Kept::default();
        let big = "x".repeat(1000);
        for i in 0..40 {
            kept.put((PathBuf::from(format!("{i}.md")), 80, None, 0, None), article(20_000, &big));
        }
        assert!(kept.bytes <= Kept::BUDGET, "{} bytes kept", kept.bytes);
        assert!(kept.entries.len() < 40);
        let newest = (PathBuf::from("39.md"), 80, None, 0, None);
        assert!(kept.get(&newest).is_some(), "the newest is kept");
        let mut small = Kept::default();
        for i in 0..100 {
            small.put((PathBuf::from(format!("{i}.md")), 80, None, 0, None), article(50, "short"));
        }
        assert_eq!(small.entries.len(), 100, "small posts all stay");
    }
}
