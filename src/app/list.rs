//! The list pane's view: the query in force, the posts it shows, the
//! selection.

use std::sync::Arc;

use crate::query::{Hit, Query};

/// The list pane: what it answers, what it shows, where it is.
#[derive(Clone, Debug, Default)]
pub struct ListView {
    /// The filters and sort in force.
    pub query: Query,
    /// The posts shown, in order.
    pub hits: Arc<Vec<Hit>>,
    /// The query `hits` answers and how many posts there were then, when
    /// `hits` can be narrowed from.
    pub(super) hits_for: Option<(Query, usize)>,
    /// The same for the latest filter request.
    pub(super) pending_filter: Option<(Query, usize)>,
    /// The latest filter request, and the one `hits` answers.
    pub(super) filter_generation: u64,
    pub(super) shown_generation: u64,
    /// The selected post (a position in the posts).
    pub selected: Option<usize>,
    /// The first row shown.
    pub offset: usize,
    /// The query before a search started, restored by Esc.
    pub(super) before_search: Option<Query>,
    /// Unread posts among those listed.
    pub unread: usize,
    /// The post shown was opened by a link: it stays shown even when the
    /// filters hide it from the list.
    pub(super) pinned: bool,
}

impl ListView {
    /// Whether a filter is still being computed.
    pub fn filtering(&self) -> bool {
        self.shown_generation < self.filter_generation
    }

    /// The row of the selected post.
    pub fn selected_row(&self) -> Option<usize> {
        let post = self.selected?;
        self.hits.iter().position(|h| h.post == post)
    }
}
