//! Everything that changes the reader's state: what a person asks for
//! (a [`Command`] from a key, or typing, a click, the wheel) and what
//! background work reports. Every change goes through
//! [`super::App::update`].

use std::sync::Arc;

pub use crate::keys::Command;
use crate::live::{CacheSave, Change, Report};
use crate::markdown::Article;
use crate::post::{Post, Warning};
use crate::query::Hit;

/// One change to the reader's state.
#[derive(Debug, Clone)]
pub enum Msg {
    /// A command, from a key.
    Command(Command),
    /// Text typed or pasted into the line being edited: one edit, however
    /// long.
    Text(String),
    /// Select the post at this row of the visible list (a click).
    SelectRow(usize),
    /// Scroll the pane under the pointer by this many lines (the wheel).
    Scroll {
        /// Whether the pointer is over the article.
        article: bool,
        /// Lines, positive downwards.
        lines: i32,
    },
    /// The terminal changed size.
    Resize(u16, u16),
    /// A message for the status line.
    Notice(String),
    /// The reading state, read in the background (a large one comes after
    /// the first frame), with a word when it had to be set aside.
    StateLoaded {
        /// The state file.
        file: std::path::PathBuf,
        /// What it holds.
        marks: crate::state::Marks,
        /// What went wrong reading it.
        warning: Option<String>,
    },
    /// The editor closed: the article is read again from disk.
    Edited,

    // ---- results of background work ------------------------------------
    /// Posts and warnings read by the indexer (new ones, appended).
    Found(Vec<Post>, Vec<Warning>),
    /// Files read again or gone: the folder changed on disk.
    Changed(Change),
    /// The indexer is done; the cache is to be written if this says where.
    IndexDone(Option<CacheSave>),
    /// A query's results.
    Filtered {
        /// The request this answers.
        generation: u64,
        /// The matching posts, best first.
        hits: Arc<Vec<Hit>>,
        /// How many of them are unread.
        unread: usize,
    },
    /// The places a find in the article matched.
    FoundInArticle {
        /// The request this answers.
        generation: u64,
        /// Line, first column, end column of each match.
        matches: Vec<(usize, usize, usize)>,
    },
    /// Full-text results.
    FullTextFound {
        /// The request this answers.
        generation: u64,
        /// The posts found, best first, or why the search failed.
        results: Result<Vec<crate::fulltext::Listed>, String>,
        /// What the reader should know of the index (made again after
        /// damage, or kept in memory).
        notice: Option<String>,
    },
    /// The full-text index is being built: posts done, posts to do.
    FullTextProgress(usize, usize),
    /// An article was rendered.
    Rendered {
        /// The request this answers.
        generation: u64,
        /// Whether this is all of it, in colour (a long post comes in
        /// quicker, partial renderings first).
        complete: bool,
        /// The rendered article, or why it could not be read.
        article: Result<Arc<Article>, String>,
    },
    /// A picture was read and encoded, or refused.
    Picture {
        /// What was asked for.
        want: crate::graphics::shelf::Want,
        /// The picture ready to draw, or why it cannot be.
        result: Result<Arc<crate::graphics::shelf::Encoded>, crate::graphics::decode::Refusal>,
    },
    /// The terminal's screen was left and taken again (the editor, a
    /// suspend): pictures it held are gone.
    ScreenCleared,
    /// A picture asked for was not read: a later part of it was asked.
    PictureDropped(crate::graphics::shelf::Want),
    /// Pictures on the web were fetched into the cache, or failed.
    Fetched(Vec<String>),
}

impl From<Command> for Msg {
    fn from(command: Command) -> Msg {
        Msg::Command(command)
    }
}

impl From<Report> for Msg {
    fn from(report: Report) -> Msg {
        match report {
            Report::Found(posts, warnings) => Msg::Found(posts, warnings),
            Report::Changed(change) => Msg::Changed(change),
            Report::Done(save) => Msg::IndexDone(save),
            Report::Notice(text) => Msg::Notice(text),
        }
    }
}
