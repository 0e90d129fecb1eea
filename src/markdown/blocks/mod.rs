//! The event loop: block structure and output lines.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::code::{CodeBlock, Colourer, splice, with_colourer};
use super::container::Containers;
use super::inline::Inline;
use super::notes::Notes;
use super::table::Table;
use super::wrap::{WrappedLine, wrap};
use super::{Article, Heading};

mod code_block;
mod heading;
mod link;
mod list;
mod notes;
mod quote;

use crate::theme::Theme;
use list::List;

/// Where lines go: the article, or a footnote definition drawn aside.
#[derive(Debug, Default)]
struct Output {
    lines: Vec<Line<'static>>,
    /// `(link number, line, first column, end column)`.
    links: Vec<(usize, usize, usize, usize)>,
    /// Each line's source: the byte offset of the block it was drawn from.
    sources: Vec<usize>,
}

/// Turns pulldown-cmark events into an [`Article`].
pub struct Renderer<'t> {
    theme: &'t Theme,
    width: usize,
    out: Output,
    /// The article's output while a footnote definition is being drawn.
    saved: Option<(Output, Containers)>,
    containers: Containers,
    quotes: usize,
    lists: Vec<List>,
    inline: Inline,
    /// A blank line is owed before the next block.
    blank_owed: bool,
    heading: Option<u8>,
    headings: Vec<Heading>,
    code: Option<CodeBlock>,
    table: Option<Table>,
    notes: Notes,
    /// Links (and images) open around the current text, innermost last.
    open_links: Vec<usize>,
    /// Where the text of each open link starts, in pieces.
    link_text: Vec<usize>,
    /// Where the current image's alt text starts, to spot an empty one.
    alt_start: Vec<usize>,
    /// Superscripts (`true`) and subscripts open, innermost last.
    scripts: Vec<bool>,
    /// The `{#id}` of the heading being drawn.
    heading_id: Option<String>,
    /// For each code block drawn without colours (to be coloured by the
    /// [`Colourer`]), each of its lines' index and number of prefix spans.
    uncoloured: Vec<Vec<(usize, usize)>>,
    /// The byte offset of the event being drawn, set as the parser
    /// hands events out.
    source: std::rc::Rc<std::cell::Cell<usize>>,
    /// Where the code block being read starts in the text.
    code_start: usize,
    /// Where the post's pictures are looked for, when its file is known.
    pictures: Option<super::dialect::PictureSite>,
    /// How each picture open is shown.
    picture_reasons: Vec<link::Shown>,
    /// The room pictures get, when they are drawn.
    frames: Option<crate::graphics::Frames>,
    /// The pictures drawn, in order.
    slots: Vec<super::Slot>,
    /// Pictures on the web to fetch.
    fetching: Vec<String>,
}

impl<'t> Renderer<'t> {
    /// A renderer for lines of at most `width` columns.
    pub fn new(width: usize, theme: &'t Theme) -> Self {
        Renderer {
            theme,
            width: width.max(1),
            out: Output::default(),
            saved: None,
            containers: Containers::default(),
            quotes: 0,
            lists: Vec::new(),
            inline: Inline::default(),
            blank_owed: false,
            heading: None,
            headings: Vec::new(),
            code: None,
            table: None,
            notes: Notes::default(),
            open_links: Vec::new(),
            alt_start: Vec::new(),
            link_text: Vec::new(),
            uncoloured: Vec::new(),
            scripts: Vec::new(),
            heading_id: None,
            source: Default::default(),
            code_start: 0,
            pictures: None,
            picture_reasons: Vec::new(),
            frames: None,
            slots: Vec::new(),
            fetching: Vec::new(),
        }
    }

    /// Pictures looked for as the post's site would (beside the post, from
    /// its root): one that cannot be shown says why after its text.
    pub fn with_pictures(mut self, pictures: Option<super::dialect::PictureSite>) -> Self {
        self.pictures = pictures;
        self
    }

    /// Pictures drawn in the rows `frames` give them (when the post's
    /// pictures are looked for too), rather than shown as their text.
    pub fn with_frames(mut self, frames: Option<crate::graphics::Frames>) -> Self {
        self.frames = frames;
        self
    }

    /// Renders a whole document.
    pub fn run(self, markdown: &str) -> Article {
        self.run_until(markdown, &|| false)
    }

    /// [`Renderer::run`], given up (with what was drawn so far) as soon as
    /// `stop` says the rendering is no longer wanted.
    pub fn run_until(mut self, markdown: &str, stop: &dyn Fn() -> bool) -> Article {
        // Colouring code is the slow part of a long document: helpers do it
        // while this thread draws everything else.
        const WORTH_HELPERS: usize = 256 * 1024;
        let threads = if markdown.len() >= WORTH_HELPERS && self.theme.highlights_code() {
            std::thread::available_parallelism().map_or(1, |n| n.get()).min(8)
        } else {
            1
        };
        let theme = self.theme;
        let source = std::rc::Rc::clone(&self.source);
        let events = Parser::new_ext(markdown, super::options()).into_offset_iter().map(
            move |(event, range)| {
                source.set(range.start);
                event
            },
        );
        let (mut this, coloured) = with_colourer(theme, threads, |colourer| {
            for (count, event) in super::html::expand(events).enumerate() {
                if count % 1024 == 1023 && stop() {
                    break;
                }
                self.event(event, colourer);
            }
            self.flush();
            self
        });
        let places = std::mem::take(&mut this.uncoloured);
        for (places, lines) in places.iter().zip(coloured) {
            splice(&mut this.out.lines, places, lines);
        }
        let mut sources = std::mem::take(&mut this.out.sources);
        let (lines, links, places) =
            this.notes.append(this.out.lines, this.out.links, this.width, this.theme);
        // The notes come from the end of the text.
        sources.resize(lines.len(), markdown.len());
        Article {
            lines,
            headings: this.headings,
            links,
            places,
            sources,
            pictures: this.slots,
            fetching: this.fetching,
        }
    }

    fn event(&mut self, event: Event<'_>, colourer: &mut Colourer) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag, colourer),
            Event::Text(text) => {
                if let Some(code) = &mut self.code {
                    if code.text.is_empty() {
                        self.code_start = self.source.get();
                    }
                    code.text.push_str(&text);
                } else if let Some(&superscript) = self.scripts.last() {
                    // H₂O and x²: Unicode's small characters when it has them.
                    match super::math::small(&text, superscript) {
                        Some(small) => self.inline.text(&small),
                        None => self.inline.text(&text),
                    }
                } else {
                    self.inline.text(&text);
                }
            }
            Event::Code(code) => {
                if self.theme.inline_code == Style::new() {
                    // Without styles, the backticks are what marks code.
                    self.inline.styled(&format!("`{code}`"), Style::new());
                } else {
                    self.inline.styled(&code, self.theme.inline_code);
                }
            }
            // The HTML expander turns raw HTML into the events above.
            Event::Html(_) | Event::InlineHtml(_) => {}
            Event::InlineMath(math) => {
                let shown = match math.strip_prefix(super::math::READY) {
                    Some(ready) => ready.replace('\n', "; "),
                    None => super::math::to_unicode_inline(&math),
                };
                self.inline.styled(&shown, self.theme.math);
            }
            Event::DisplayMath(math) => self.display_math(&math),
            Event::FootnoteReference(label) => {
                let number = self.notes.footnote_number(&label);
                // A superscript number, as the site shows it; the notes
                // list after the text starts each note with the same.
                self.inline.mark(&footnote_mark(number), self.theme.footnote_mark);
            }
            Event::SoftBreak => self.inline.soft_break(),
            Event::HardBreak => self.inline.hard_break(),
            Event::Rule => {
                self.flush();
                self.owe_blank_line_now();
                let width = self.containers.available(self.width);
                let style = self.theme.rule;
                self.emit_line(vec![Span::styled("─".repeat(width), style)], Vec::new());
                self.blank_owed = true;
            }
            Event::TaskListMarker(done) => self.task_marker(done),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::HtmlBlock | Tag::DefinitionList => self.flush(),
            Tag::Heading { level, id, .. } => self.start_heading(level, id.as_deref()),
            Tag::BlockQuote(kind) => self.start_quote(kind),
            Tag::CodeBlock(kind) => self.start_code(kind),
            Tag::List(first) => self.start_list(first),
            Tag::Item => self.start_item(),
            Tag::FootnoteDefinition(label) => self.start_footnote(&label),
            Tag::Table(alignments) => {
                self.flush();
                self.table = Some(Table::new(alignments));
            }
            Tag::TableHead | Tag::TableRow => {}
            Tag::TableCell => self.inline.reset(),
            Tag::Emphasis => self.inline.open(self.theme.emphasis),
            Tag::Strong => self.inline.open(self.theme.strong),
            Tag::Strikethrough => self.inline.open(self.theme.strikethrough),
            Tag::Superscript | Tag::Subscript => {
                self.scripts.push(matches!(tag, Tag::Superscript));
                self.inline.open(Style::new());
            }
            Tag::Link { link_type, dest_url, .. } => self.start_link(link_type, &dest_url),
            Tag::Image { dest_url, .. } => self.start_image(&dest_url),
            // Metadata blocks are not enabled: front matter is cut off before.
            Tag::MetadataBlock(_) => {}
            Tag::DefinitionListTitle => self.start_term(),
            Tag::DefinitionListDefinition => self.start_definition(),
        }
    }

    fn end(&mut self, tag: TagEnd, colourer: &mut Colourer) {
        match tag {
            TagEnd::Paragraph | TagEnd::DefinitionList => {
                self.flush();
                self.blank_owed = true;
            }
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::BlockQuote(_) => self.end_quote(),
            TagEnd::CodeBlock => self.end_code(colourer),
            TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => {}
            TagEnd::List(_) => self.end_list(),
            TagEnd::Item => self.end_item(),
            TagEnd::FootnoteDefinition => self.end_footnote(),
            TagEnd::Table => self.end_table(),
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(table) = &mut self.table {
                    table.end_row(tag == TagEnd::TableHead);
                }
            }
            TagEnd::TableCell => {
                let pieces = self.inline.take();
                self.inline.reset();
                if let Some(table) = &mut self.table {
                    table.add_cell(pieces);
                }
            }
            TagEnd::Superscript | TagEnd::Subscript => {
                self.scripts.pop();
                self.inline.close();
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => self.inline.close(),
            TagEnd::Link => self.end_link(),
            TagEnd::Image => self.end_image(),
            TagEnd::DefinitionListTitle => {
                self.flush();
                self.inline.reset();
            }
            TagEnd::DefinitionListDefinition => {
                self.flush();
                self.containers.pop();
            }
        }
    }

    /// A display formula: rows on lines of their own; inside a sentence
    /// (kramdown writes inline math as `$$…$$`), in its flow, on one line.
    fn display_math(&mut self, tex: &str) {
        let ready = tex.strip_prefix(super::math::READY);
        if !self.inline.is_empty() {
            let shown = match ready {
                Some(ready) => ready.replace('\n', "; "),
                None => super::math::to_unicode_inline(tex),
            };
            self.inline.styled(&shown, self.theme.math);
            return;
        }
        let shown = ready.map_or_else(|| super::math::to_unicode(tex), str::to_string);
        let rows: Vec<&str> = shown.lines().collect();
        let available = self.containers.available(self.width);
        if rows.iter().any(|row| crate::text::width(row) + 2 > available) {
            // Too wide for the pane: each row wrapped at its blanks, as
            // text is, rather than cut.
            for (i, row) in rows.iter().enumerate() {
                if i > 0 {
                    self.inline.hard_break();
                }
                self.inline.styled("  ", Style::new());
                self.inline.styled(row.trim(), self.theme.math);
            }
            return;
        }
        // Rows as laid out (a matrix's columns line up), as code is.
        self.owe_blank_line_now();
        for row in rows {
            let row = crate::sanitize::line(row).into_owned();
            self.emit_line(vec![Span::raw("  "), Span::styled(row, self.theme.math)], Vec::new());
        }
    }

    /// A table is drawn whole, once its last row is in.
    fn end_table(&mut self) {
        if let Some(table) = self.table.take() {
            self.owe_blank_line_now();
            for spans in table.render(self.containers.available(self.width), self.theme) {
                self.emit_line(spans, Vec::new());
            }
        }
        self.blank_owed = true;
    }

    /// Wraps and draws the inline text gathered so far.
    fn flush(&mut self) {
        if self.inline.is_empty() {
            return;
        }
        let mut pieces = self.inline.take();
        self.inline.reset();
        if self.quotes > 0 {
            for piece in &mut pieces {
                piece.style = self.theme.quote_text.patch(piece.style);
            }
        }
        self.owe_blank_line_now();
        let lines = wrap(&pieces, self.containers.available(self.width));
        self.emit_wrapped(lines);
    }

    fn emit_wrapped(&mut self, lines: Vec<WrappedLine>) {
        for line in lines {
            self.emit_line(line.spans, line.links);
        }
    }

    /// Draws the blank line owed before a block, if any.
    fn owe_blank_line_now(&mut self) {
        if std::mem::take(&mut self.blank_owed) && !self.out.lines.is_empty() {
            let (mut spans, _) = self.containers.prefix(self.width, self.theme, false);
            // A blank line keeps the quote bars but not trailing blanks.
            while spans.last().is_some_and(|s| s.content.trim().is_empty()) {
                spans.pop();
            }
            if let Some(last) = spans.last_mut() {
                let trimmed = last.content.trim_end().to_string();
                last.content = trimmed.into();
            }
            self.out.lines.push(Line::from(spans));
            // A blank line between blocks belongs to the one before it.
            let before = self.out.sources.last().copied();
            self.out.sources.push(before.unwrap_or_else(|| self.source.get()));
        }
    }

    /// Draws one line with the containers' prefix before it; returns the
    /// number of prefix spans.
    fn emit_line(&mut self, spans: Vec<Span<'static>>, links: Vec<(usize, usize, usize)>) -> usize {
        let (mut line, offset) = self.containers.prefix(self.width, self.theme, true);
        let prefix = line.len();
        line.extend(spans);
        let index = self.out.lines.len();
        for (number, from, to) in links {
            self.out.links.push((number, index, from + offset, to + offset));
        }
        self.out.lines.push(Line::from(line));
        self.out.sources.push(self.source.get());
        prefix
    }
}

/// A footnote's number as the site shows it: superscript digits.
pub(super) fn footnote_mark(number: usize) -> String {
    number.to_string().chars().filter_map(|d| super::math::small(&d.to_string(), true)).collect()
}
