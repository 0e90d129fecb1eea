//! Lists, their items and task markers, and definition lists.

use ratatui::text::Span;

use super::Renderer;
use crate::markdown::container::Container;
use crate::text::width as text_width;

/// An ordered or unordered list being drawn.
#[derive(Clone, Copy, Debug)]
pub(super) struct List {
    next: Option<u64>,
    depth: usize,
}

impl Renderer<'_> {
    pub(super) fn start_list(&mut self, first: Option<u64>) {
        self.flush();
        let depth = self.lists.len();
        self.lists.push(List { next: first, depth });
    }

    pub(super) fn end_list(&mut self) {
        self.flush();
        self.lists.pop();
        // A list nested in an item runs on into the next item.
        self.blank_owed |= self.lists.is_empty();
    }

    pub(super) fn start_item(&mut self) {
        self.flush();
        let text = match self.lists.last_mut() {
            Some(List { next: Some(n), .. }) => {
                let text = format!("{n}. ");
                *n += 1;
                text
            }
            Some(List { depth, .. }) => ["• ", "◦ ", "▪ "][*depth % 3].to_string(),
            None => "• ".to_string(),
        };
        let width = text_width(&text);
        self.containers.push(Container::Item {
            marker: vec![Span::styled(text, self.theme.list_marker)],
            width,
            pending: true,
        });
    }

    pub(super) fn end_item(&mut self) {
        self.flush();
        if self.containers.item_pending() {
            // An empty item still shows its marker.
            self.emit_line(Vec::new(), Vec::new());
        }
        self.containers.pop();
    }

    pub(super) fn task_marker(&mut self, done: bool) {
        let (text, style) =
            if done { ("☑ ", self.theme.task_done) } else { ("☐ ", self.theme.task_open) };
        self.containers.set_marker(vec![Span::styled(text.to_string(), style)], text_width(text));
    }

    /// A definition list's term.
    pub(super) fn start_term(&mut self) {
        self.flush();
        self.inline.open(self.theme.strong);
    }

    /// A definition: it hangs under its term.
    pub(super) fn start_definition(&mut self) {
        self.flush();
        self.containers.push(Container::Item {
            marker: vec![Span::raw("    ")],
            width: 4,
            pending: true,
        });
    }
}
