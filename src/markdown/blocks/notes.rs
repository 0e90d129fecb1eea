//! Footnote definitions: drawn aside, to be listed after the text.

use ratatui::text::Span;

use super::Renderer;
use crate::markdown::container::Container;
use crate::text::width as text_width;

impl Renderer<'_> {
    pub(super) fn start_footnote(&mut self, label: &str) {
        self.flush();
        let number = self.notes.footnote_number(label);
        let outer = std::mem::take(&mut self.out);
        let containers = std::mem::take(&mut self.containers);
        self.saved = Some((outer, containers));
        let text = format!("{} ", super::footnote_mark(number));
        let width = text_width(&text);
        self.containers.push(Container::Item {
            marker: vec![Span::styled(text, self.theme.footnote_mark)],
            width,
            pending: true,
        });
        self.notes.begin_footnote(number);
        self.blank_owed = false;
    }

    pub(super) fn end_footnote(&mut self) {
        self.flush();
        self.containers.pop();
        if let Some((outer, containers)) = self.saved.take() {
            let drawn = std::mem::replace(&mut self.out, outer);
            self.notes.end_footnote(drawn.lines, drawn.links);
            self.containers = containers;
        }
    }
}
