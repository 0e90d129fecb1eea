//! Code blocks: drawn at once, their syntax colours spliced in later.

use pulldown_cmark::CodeBlockKind;

use super::Renderer;
use crate::markdown::code::{CodeBlock, Colourer};
use crate::sanitize;

impl Renderer<'_> {
    pub(super) fn start_code(&mut self, kind: CodeBlockKind<'_>) {
        self.flush();
        self.code_start = self.source.get();
        let language = match kind {
            CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        self.code = Some(CodeBlock {
            language: sanitize::line(&language).into_owned(),
            text: String::new(),
        });
    }

    pub(super) fn end_code(&mut self, colourer: &mut Colourer) {
        // A `math` block (GitHub's, and kramdown's `$$` over several lines)
        // is a display formula.
        if let Some(code) = self.code.take_if(|c| c.language.eq_ignore_ascii_case("math")) {
            self.display_math(&code.text);
            self.flush();
            self.blank_owed = true;
            return;
        }
        if let Some(code) = self.code.take() {
            self.owe_blank_line_now();
            let width = self.containers.available(self.width);
            // Syntax colours are the slow part: draw the block now and
            // colour it with the others at the end, in parallel.
            let later = self.saved.is_none() && code.has_colours(self.theme);
            let lines = code.render_indexed(width, self.theme, !later);
            // Each line's place: the start of its source line.
            let mut starts = vec![self.code_start];
            for (i, _) in code.text.match_indices('\n') {
                starts.push(self.code_start + i + 1);
            }
            let mut places = Vec::with_capacity(lines.len());
            let block = self.source.get();
            for (source_line, spans) in lines {
                self.source.set(starts.get(source_line).copied().unwrap_or(block));
                let prefix = self.emit_line(spans, Vec::new());
                places.push((self.out.lines.len() - 1, prefix));
            }
            self.source.set(block);
            if later {
                colourer.submit(code, width);
                self.uncoloured.push(places);
            }
        }
        self.blank_owed = true;
    }
}
