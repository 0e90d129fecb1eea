//! What prefixes the lines inside quotes, list items and footnote
//! definitions: bars, markers and hanging indents. Deep nesting is drawn
//! only as far as half the width, so text always keeps room.

use ratatui::text::Span;

use crate::theme::Theme;

/// Something that prefixes every line inside it.
#[derive(Clone, Debug)]
pub enum Container {
    /// A block quote, drawn as a bar.
    Quote,
    /// A list item or footnote definition: its marker on the first line,
    /// blanks of the same width after (a hanging indent).
    Item {
        /// The marker (`• `, `3. `, `☑ `, `[^1] `).
        marker: Vec<Span<'static>>,
        /// Its width in columns.
        width: usize,
        /// Whether the marker is still to be drawn.
        pending: bool,
    },
}

impl Container {
    fn width(&self) -> usize {
        match self {
            Container::Quote => 2,
            Container::Item { width, .. } => *width,
        }
    }
}

/// The containers open around the current block, outermost first.
#[derive(Clone, Debug, Default)]
pub struct Containers {
    stack: Vec<Container>,
    /// Total prefix width up to and including each container.
    reach: Vec<usize>,
}

impl Containers {
    /// Opens a container.
    pub fn push(&mut self, container: Container) {
        let reach = self.reach.last().copied().unwrap_or(0) + container.width();
        self.stack.push(container);
        self.reach.push(reach);
    }

    /// Closes the innermost container.
    pub fn pop(&mut self) {
        self.stack.pop();
        self.reach.pop();
    }

    /// Whether the innermost container is an item whose marker was never
    /// drawn (an empty item).
    pub fn item_pending(&self) -> bool {
        matches!(self.stack.last(), Some(Container::Item { pending: true, .. }))
    }

    /// Replaces the innermost item's marker (a task box for a bullet).
    pub fn set_marker(&mut self, spans: Vec<Span<'static>>, new_width: usize) {
        if let Some(Container::Item { marker, width, .. }) = self.stack.last_mut() {
            *marker = spans;
            let grew = new_width as isize - *width as isize;
            *width = new_width;
            if let Some(last) = self.reach.last_mut() {
                *last = (*last as isize + grew).max(0) as usize;
            }
        }
    }

    /// The widest a prefix may get in `width` columns: deeper containers
    /// are not drawn, so that text always keeps at least half the width.
    fn cap(width: usize) -> usize {
        width / 2
    }

    /// Columns left for text inside the containers.
    pub fn available(&self, width: usize) -> usize {
        let drawn = self.reach.iter().rev().find(|&&r| r <= Self::cap(width)).copied().unwrap_or(0);
        (width - drawn).max(1)
    }

    /// The spans before a line, and their width: quote bars and item
    /// markers or indents. `first` uses up pending item markers.
    pub fn prefix(
        &mut self,
        width: usize,
        theme: &Theme,
        first: bool,
    ) -> (Vec<Span<'static>>, usize) {
        let visible = self.reach.partition_point(|&r| r <= Self::cap(width));
        let mut spans = Vec::new();
        let mut quote = 0;
        let mut used = 0;
        for container in &mut self.stack[..visible] {
            match container {
                Container::Quote => {
                    let style = theme.quote_bars[quote % theme.quote_bars.len()];
                    spans.push(Span::styled("│ ", style));
                    quote += 1;
                }
                Container::Item { marker, width: w, pending } => {
                    if first && *pending {
                        spans.extend(marker.iter().cloned());
                        *pending = false;
                    } else {
                        spans.push(Span::raw(" ".repeat(*w)));
                    }
                }
            }
            used += container.width();
        }
        if first {
            // Markers of containers too deep to draw are used up too.
            for container in &mut self.stack[visible..] {
                if let Container::Item { pending, .. } = container {
                    *pending = false;
                }
            }
        }
        (spans, used)
    }
}
