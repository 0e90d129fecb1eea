//! Everything that can change the reader's state, from a key or from a
//! background task. Keys become actions in [`super::keymap`]; every state
//! change goes through [`super::App::update`].

use std::sync::Arc;

use crate::markdown::Article;
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
    /// Delete the character before the cursor.
    Backspace,
    /// Delete the word before the cursor.
    DeleteWord,
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

    // ---- results of background work ------------------------------------
    /// Posts and warnings read by the indexer.
    Found(Vec<Post>, Vec<Warning>),
    /// The indexer is done.
    IndexDone,
    /// A query's results.
    Filtered {
        /// The request this answers.
        generation: u64,
        /// The matching posts, best first.
        hits: Arc<Vec<Hit>>,
    },
    /// An article was rendered.
    Rendered {
        /// The request this answers.
        generation: u64,
        /// The rendered article, or why it could not be read.
        article: Result<Arc<Article>, String>,
    },
}
