//! Block quotes and callouts (GitHub alerts).

use pulldown_cmark::BlockQuoteKind;
use ratatui::text::Span;

use super::Renderer;
use crate::markdown::container::Container;

impl Renderer<'_> {
    pub(super) fn start_quote(&mut self, kind: Option<BlockQuoteKind>) {
        self.flush();
        self.owe_blank_line_now();
        self.quotes += 1;
        self.containers.push(Container::Quote);
        if let Some(kind) = kind {
            // A callout: its kind on its first line.
            let label = callout_label(kind);
            self.emit_line(vec![Span::styled(label, self.theme.callout)], Vec::new());
        }
    }

    pub(super) fn end_quote(&mut self) {
        self.flush();
        self.containers.pop();
        self.quotes -= 1;
        self.blank_owed = true;
    }
}

/// The first line of a callout.
fn callout_label(kind: BlockQuoteKind) -> &'static str {
    use BlockQuoteKind::*;
    match kind {
        Note => "ℹ Note",
        Tip => "✱ Tip",
        Important => "❢ Important",
        Warning => "⚠ Warning",
        Caution => "⛔ Caution",
    }
}
