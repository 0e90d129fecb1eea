//! Everything that can change the reader's state, from a key or from a
//! background task. Keys become actions in [`super::keymap`]; every state
//! change goes through [`super::App::update`].

use std::path::PathBuf;
use std::sync::Arc;

use crate::markdown::Article;
use crate::post::cache::{ByPath, Stamp};
use crate::post::{Post, Warning};
use crate::query::Hit;

/// One change to the reader's state.
#[derive(Debug, Clone)]
pub enum Action {
    // ---- moving -------------------------------------------------------
    /// Move down one row (list) or line (article).
    Down,
    /// Move up one row or line.
    Up,
    /// Move down half a screen.
    HalfPageDown,
    /// Move up half a screen.
    HalfPageUp,
    /// Move down a screen.
    PageDown,
    /// Move up a screen.
    PageUp,
    /// Go to the first post or the top of the article.
    Top,
    /// Go to the last post or the end of the article.
    Bottom,
    /// Select the post at this row of the visible list (a click).
    SelectRow(usize),
    /// Scroll the pane under the pointer by this many lines (the wheel).
    Scroll {
        /// Whether the pointer is over the article.
        article: bool,
        /// Lines, positive downwards.
        lines: i32,
    },
    /// The previous post, staying in the article.
    PreviousPost,
    /// The next post, staying in the article.
    NextPost,

    // ---- panes --------------------------------------------------------
    /// Switch focus between the list and the article.
    ToggleFocus,
    /// Focus the article (Enter on the list).
    FocusArticle,
    /// Focus the list.
    FocusList,
    /// Show the article full width, or go back to two panes.
    ToggleZoom,
    /// Make the list narrower.
    NarrowList,
    /// Make the list wider.
    WidenList,

    // ---- filters ------------------------------------------------------
    /// Start typing a search (in the list) or a search in the article.
    StartSearch,
    /// Start typing a search in the article.
    StartArticleSearch,
    /// Open the tag picker.
    OpenTagPicker,
    /// Open the author picker.
    OpenAuthorPicker,
    /// Clear every filter.
    ClearFilters,
    /// Cycle the sort: newest, oldest, title.
    CycleSort,
    /// Jump to the next match in the article.
    NextMatch,
    /// Jump to the previous match in the article.
    PreviousMatch,

    // ---- text input (search line, picker filter) -----------------------
    /// Type a character.
    Input(char),
    /// Text pasted: one edit, however long.
    Paste(String),
    /// Delete the character before the cursor.
    Backspace,
    /// Delete the word before the cursor.
    DeleteWord,
    /// Clear the line (Ctrl-u).
    ClearLine,
    /// Accept: keep the search, apply the picker, jump to the heading.
    Confirm,
    /// Cancel: drop the search, close the overlay.
    Cancel,
    /// Toggle the item under the cursor in a picker.
    ToggleItem,

    // ---- overlays -----------------------------------------------------
    /// Open the article's outline.
    OpenOutline,
    /// Show the keys.
    OpenHelp,
    /// Show the folder's problems.
    OpenWarnings,

    // ---- the application -----------------------------------------------
    /// Capture the mouse, or release it so text can be selected.
    ToggleMouse,
    /// The terminal changed size.
    Resize(u16, u16),
    /// Quit.
    Quit,
    /// A message for the status line.
    Notice(String),

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
    },
    /// The places a find in the article matched.
    FoundInArticle {
        /// The request this answers.
        generation: u64,
        /// Line, first column, end column of each match.
        matches: Vec<(usize, usize, usize)>,
    },
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
