//! The background tasks: reading the folder, matching, rendering. Each
//! answers with an [`Action`] on the event channel; none is ever waited for.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex};

use super::Event;
use crate::app::{Action, Request};
use crate::markdown::Article;
use crate::query::{Hit, Searcher};
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

/// Matches queries on all cores, always the latest one first.
pub fn start_filter(events: Sender<Event>) -> Arc<Mailbox<Request>> {
    let mailbox = Arc::new(Mailbox::default());
    let inbox = Arc::clone(&mailbox);
    std::thread::spawn(move || {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        // Keeps the orders of the posts between searches.
        let mut searcher = Searcher::default();
        while let Some(request) = inbox.take() {
            let Request::Filter { generation, query, posts, candidates, epoch } = request else {
                continue;
            };
            let hits: Vec<Hit> =
                searcher.search(&query, &posts, epoch, candidates.as_deref(), threads);
            // Let go of the posts before answering, so the reader can add to them.
            drop(posts);
            let action = Action::Filtered { generation, hits: Arc::new(hits) };
            if events.send(Event::Action(action)).is_err() {
                return;
            }
        }
    });
    mailbox
}

/// What identifies a rendering: the file as it is now, and the width.
type CacheKey = (PathBuf, usize, u64, Option<std::time::SystemTime>);

/// Renders articles, keeping the last few.
pub fn start_renderer(theme: Theme, events: Sender<Event>) -> Arc<Mailbox<Request>> {
    const KEEP: usize = 24;
    let mailbox = Arc::new(Mailbox::default());
    let inbox = Arc::clone(&mailbox);
    std::thread::spawn(move || {
        let mut cache: VecDeque<(CacheKey, Arc<Article>)> = VecDeque::new();
        while let Some(request) = inbox.take() {
            let Request::Render { generation, post, file, width } = request else {
                continue;
            };
            let meta = std::fs::metadata(&file).ok();
            let key: CacheKey = (
                file.clone(),
                width,
                meta.as_ref().map_or(0, |m| m.len()),
                meta.and_then(|m| m.modified().ok()),
            );
            let article = match cache.iter().position(|(k, _)| *k == key) {
                Some(at) => {
                    let entry = cache.remove(at).expect("cached entry");
                    let article = Arc::clone(&entry.1);
                    cache.push_front(entry);
                    Ok(article)
                }
                None => crate::article::render_file(&post, &file, width, &theme).map(|article| {
                    let article = Arc::new(article);
                    cache.push_front((key, Arc::clone(&article)));
                    cache.truncate(KEEP);
                    article
                }),
            };
            if events.send(Event::Action(Action::Rendered { generation, article })).is_err() {
                return;
            }
        }
    });
    mailbox
}
