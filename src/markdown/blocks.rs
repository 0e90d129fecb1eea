//! The event loop: block structure and output lines.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::code::{CodeBlock, Colourer, splice, with_colourer};
use super::container::{Container, Containers};
use super::inline::Inline;
use super::notes::Notes;
use super::table::Table;
use super::wrap::{WrappedLine, wrap};
use super::{Article, Heading};
use crate::sanitize;
use crate::text::width as text_width;
use crate::theme::Theme;

/// An ordered or unordered list being drawn.
#[derive(Clone, Copy, Debug)]
struct List {
    next: Option<u64>,
    depth: usize,
}

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
        }
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
        Article { lines, headings: this.headings, links, places, sources }
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
                let shown = super::math::to_unicode(&math);
                self.inline.styled(&shown.replace('\n', "; "), self.theme.math);
            }
            Event::DisplayMath(math) => {
                // Rows on lines of their own; inside a sentence (kramdown
                // writes inline math as `$$…$$`), in its flow.
                let shown = super::math::to_unicode(&math);
                let alone = self.inline.is_empty();
                for (i, row) in shown.lines().enumerate() {
                    if i > 0 {
                        self.inline.hard_break();
                    }
                    if alone {
                        self.inline.styled("  ", Style::new());
                    }
                    self.inline.styled(row, self.theme.math);
                }
            }
            Event::FootnoteReference(label) => {
                let number = self.notes.footnote_number(&label);
                self.inline.mark(&format!("[^{number}]"), self.theme.footnote_mark);
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
            Tag::Paragraph => self.flush(),
            Tag::Heading { level, id, .. } => {
                self.flush();
                self.heading_id = id.map(|id| id.to_string());
                let level = heading_level(level);
                self.heading = Some(level);
                self.inline.open(self.theme.headings[usize::from(level - 1)]);
            }
            Tag::BlockQuote(kind) => {
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
            Tag::CodeBlock(kind) => {
                self.flush();
                self.code_start = self.source.get();
                let language = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some(CodeBlock {
                    language: sanitize::line(&language).into_owned(),
                    text: String::new(),
                });
            }
            Tag::HtmlBlock => self.flush(),
            Tag::List(first) => {
                self.flush();
                let depth = self.lists.len();
                self.lists.push(List { next: first, depth });
            }
            Tag::Item => {
                self.flush();
                let (text, style) = match self.lists.last_mut() {
                    Some(List { next: Some(n), .. }) => {
                        let text = format!("{n}. ");
                        *n += 1;
                        (text, self.theme.list_marker)
                    }
                    Some(List { depth, .. }) => {
                        (["• ", "◦ ", "▪ "][*depth % 3].to_string(), self.theme.list_marker)
                    }
                    None => ("• ".to_string(), self.theme.list_marker),
                };
                let width = text_width(&text);
                self.containers.push(Container::Item {
                    marker: vec![Span::styled(text, style)],
                    width,
                    pending: true,
                });
            }
            Tag::FootnoteDefinition(label) => {
                self.flush();
                let number = self.notes.footnote_number(&label);
                let outer = std::mem::take(&mut self.out);
                let containers = std::mem::take(&mut self.containers);
                self.saved = Some((outer, containers));
                let text = format!("[^{number}] ");
                let width = text_width(&text);
                self.containers.push(Container::Item {
                    marker: vec![Span::styled(text, self.theme.footnote_mark)],
                    width,
                    pending: true,
                });
                self.notes.begin_footnote(number);
                self.blank_owed = false;
            }
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
            Tag::Link { link_type, dest_url, .. } => {
                // An autolink shows its target already; an in-page anchor
                // leads nowhere a list could help with.
                let listed = !matches!(link_type, LinkType::Autolink | LinkType::Email)
                    && !dest_url.starts_with('#');
                let number = self.notes.add_link(&dest_url, false, listed);
                self.inline.open(self.theme.link);
                self.open_links.push(number);
                self.link_text.push(self.inline.pieces_len());
                self.inline.set_link(Some(number));
            }
            Tag::Image { dest_url, .. } => {
                let number = self.notes.add_link(&dest_url, true, true);
                self.inline.open(self.theme.image);
                self.open_links.push(number);
                self.inline.set_link(Some(number));
                self.inline.text("[image: ");
                self.link_text.push(self.inline.pieces_len());
                self.alt_start.push(self.inline.text_len());
            }
            // Metadata blocks are not enabled: front matter is cut off before.
            Tag::MetadataBlock(_) => {}
            Tag::DefinitionList => self.flush(),
            Tag::DefinitionListTitle => {
                self.flush();
                self.inline.open(self.theme.strong);
            }
            Tag::DefinitionListDefinition => {
                self.flush();
                // A definition hangs under its term.
                self.containers.push(Container::Item {
                    marker: vec![Span::raw("    ")],
                    width: 4,
                    pending: true,
                });
            }
        }
    }

    fn end(&mut self, tag: TagEnd, colourer: &mut Colourer) {
        match tag {
            TagEnd::Paragraph => {
                self.flush();
                self.blank_owed = true;
            }
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.containers.pop();
                self.quotes -= 1;
                self.blank_owed = true;
            }
            TagEnd::CodeBlock => {
                if let Some(code) = self.code.take() {
                    self.owe_blank_line_now();
                    let width = self.containers.available(self.width);
                    // Syntax colours are the slow part: draw the block now
                    // and colour it with the others at the end, in parallel.
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
            TagEnd::HtmlBlock => {}
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                // A list nested in an item runs on into the next item.
                self.blank_owed |= self.lists.is_empty();
            }
            TagEnd::Item => {
                self.flush();
                if self.containers.item_pending() {
                    // An empty item still shows its marker.
                    self.emit_line(Vec::new(), Vec::new());
                }
                self.containers.pop();
            }
            TagEnd::FootnoteDefinition => {
                self.flush();
                self.containers.pop();
                if let Some((outer, containers)) = self.saved.take() {
                    let drawn = std::mem::replace(&mut self.out, outer);
                    self.notes.end_footnote(drawn.lines, drawn.links);
                    self.containers = containers;
                }
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.owe_blank_line_now();
                    for spans in table.render(self.containers.available(self.width), self.theme) {
                        self.emit_line(spans, Vec::new());
                    }
                }
                self.blank_owed = true;
            }
            TagEnd::TableHead => {
                if let Some(table) = &mut self.table {
                    table.end_row(true);
                }
            }
            TagEnd::TableRow => {
                if let Some(table) = &mut self.table {
                    table.end_row(false);
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
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                self.inline.close();
            }
            TagEnd::Link => {
                self.inline.close();
                self.end_link();
            }
            TagEnd::Image => {
                if self.alt_start.pop() == Some(self.inline.text_len()) {
                    self.inline.text("no description");
                }
                self.inline.text("]");
                self.inline.close();
                self.end_link();
            }
            TagEnd::MetadataBlock(_) => {}
            TagEnd::DefinitionList => {
                self.flush();
                self.blank_owed = true;
            }
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

    fn end_link(&mut self) {
        let link = self.open_links.pop().unwrap_or_default();
        if let Some(mark) = self.link_text.pop() {
            let text = self.inline.text_from(mark);
            self.notes.set_text(link, text);
        }
        self.inline.set_link(self.open_links.last().copied());
        let number = self.notes.number(link);
        if number > 0 {
            self.inline.mark(&format!("[{number}]"), self.theme.reference_mark);
        }
    }

    fn end_heading(&mut self) {
        let Some(level) = self.heading.take() else {
            return;
        };
        let text = self.inline.plain_text();
        let mut pieces = self.inline.take();
        self.inline.reset();
        self.owe_blank_line_now();
        let available = self.containers.available(self.width);
        if level >= 3 {
            let marks = format!("{} ", "#".repeat(usize::from(level)));
            pieces.insert(
                0,
                super::wrap::Piece { text: marks, style: self.theme.heading_mark, link: None },
            );
        }
        let line = self.out.lines.len();
        let wrapped = wrap(&pieces, available);
        let underline = wrapped.iter().map(|l| l.width).max().unwrap_or(0).min(available);
        self.emit_wrapped(wrapped);
        if level <= 2 && underline > 0 {
            let rule = if level == 1 { "═" } else { "─" };
            let style = self.theme.heading_mark;
            self.emit_line(vec![Span::styled(rule.repeat(underline), style)], Vec::new());
        }
        if self.saved.is_none() {
            let text = text.trim().to_string();
            let anchor = self
                .heading_id
                .take()
                .map(|id| sanitize::line(&id).into_owned())
                .unwrap_or_else(|| super::slug(&text));
            self.headings.push(Heading { level, text, line, anchor });
        }
        self.blank_owed = true;
    }

    fn task_marker(&mut self, done: bool) {
        let (text, style) =
            if done { ("☑ ", self.theme.task_done) } else { ("☐ ", self.theme.task_open) };
        self.containers.set_marker(vec![Span::styled(text.to_string(), style)], text_width(text));
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

/// The first line of a callout (a GitHub alert).
fn callout_label(kind: pulldown_cmark::BlockQuoteKind) -> &'static str {
    use pulldown_cmark::BlockQuoteKind::*;
    match kind {
        Note => "ℹ Note",
        Tip => "✱ Tip",
        Important => "❢ Important",
        Warning => "⚠ Warning",
        Caution => "⛔ Caution",
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}
