//! HTML inside Markdown, shown as a browser shows it: the raw HTML events
//! pulldown-cmark emits are tokenized with html5gum (a WHATWG tokenizer)
//! and turned into the Markdown events of the same meaning, which the
//! renderer draws like any other. `<p>` is a paragraph, `<em>` emphasis,
//! `<a href>` a link, `<img>` an image, `<pre>` a code block kept verbatim,
//! `<table>` a table, `<details>` a titled section; `<script>`, `<style>`
//! and comments are dropped; unknown tags are dropped with their text kept;
//! entities are decoded (the renderer sanitizes after that).
//!
//! HTML is not always well nested and a block of it may open an element
//! that Markdown between two blocks fills (`<div>`, blank line, Markdown,
//! `</div>`): the elements opened are kept on a stack, closed by their end
//! tag or by what closes them in a browser (a `<li>` by the next one), and
//! at the end of each block everything but lists and quotes is closed.

use std::collections::VecDeque;

use html5gum::{DefaultEmitter, Token, Tokenizer};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

/// The events of `events`, with raw HTML turned into Markdown events.
pub fn expand<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    Expander { inner: events, out: VecDeque::new(), html: Html::default(), done: false }
}

struct Expander<'a, I> {
    inner: I,
    out: VecDeque<Event<'a>>,
    html: Html,
    done: bool,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Expander<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.out.pop_front() {
                return Some(event);
            }
            if self.done {
                return None;
            }
            let Some(event) = self.inner.next() else {
                self.done = true;
                self.html.finish(&mut self.out);
                continue;
            };
            match event {
                Event::Start(Tag::HtmlBlock) => {
                    let mut block = String::new();
                    for event in self.inner.by_ref() {
                        match event {
                            Event::Html(text) | Event::Text(text) => block.push_str(&text),
                            Event::End(TagEnd::HtmlBlock) => break,
                            _ => {}
                        }
                    }
                    self.html.block(&block, &mut self.out);
                }
                Event::InlineHtml(text) => self.html.inline(&text, &mut self.out),
                Event::Text(text) if self.html.takes_text() => {
                    self.html.inline_text(&text, &mut self.out)
                }
                Event::Code(text) if self.html.takes_text() => {
                    self.html.inline_text(&text, &mut self.out)
                }
                Event::SoftBreak if self.html.takes_text() => {
                    self.html.inline_text("\n", &mut self.out)
                }
                Event::End(tag) => {
                    // Inline elements an HTML tag opened end with their block.
                    self.html.close_inline(&mut self.out);
                    self.out.push_back(Event::End(tag));
                }
                other => self.out.push_back(other),
            }
        }
    }
}

/// An element opened by a tag, and the events that close it.
#[derive(Debug)]
struct Open {
    /// The tag's name; empty for a paragraph opened for loose text.
    name: String,
    ends: Vec<TagEnd>,
    /// Whether text may go straight in (a paragraph, a heading, a cell, an
    /// item), or a paragraph must be opened for it.
    holds_text: bool,
    /// Whether it stays open after its block of HTML (lists, quotes, items).
    lasting: bool,
}

/// Text gathered rather than shown as it comes.
#[derive(Debug)]
enum Gather {
    /// `<pre>`: kept verbatim, shown as a code block in `language`.
    Pre { language: String, text: String },
    /// `<code>`, `<kbd>`: shown as inline code.
    Code { tag: String, text: String },
}

#[derive(Debug, Default)]
struct Html {
    /// Elements opened by block HTML.
    open: Vec<Open>,
    /// Elements opened by inline HTML in a Markdown paragraph.
    inline: Vec<Open>,
    /// Inside `<script>`, `<style>`…: everything is dropped until this end tag.
    skip: Option<String>,
    gather: Option<Gather>,
    /// Inline HTML cut by pulldown-cmark (a tag over two lines), until it is whole.
    pending: String,
    /// Where the reading of `pending` stands.
    cut: Cut,
    /// Whether text comes right after an element that holds text opened.
    fresh: bool,
    /// Whether the media element being skipped was shown as a link.
    shown: bool,
    /// Inside `<noscript>`, whose text the tokenizer leaves raw.
    noscript: bool,
    /// Tables open inside a table's cell.
    inner_tables: usize,
    /// A `<math>` element being read.
    mathml: Option<mathml::MathMl>,
}

/// What the tags being read are in: a block of HTML, or Markdown's inline text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Block,
    Inline,
}

/// Elements open at once at most (browsers stop nesting at 512).
const MAX_DEPTH: usize = 256;

fn owned<'a>(text: impl Into<String>) -> CowStr<'a> {
    CowStr::from(text.into())
}

fn tokens(html: &str) -> Vec<Token> {
    let mut emitter = DefaultEmitter::default();
    // `<script>`, `<style>`, `<textarea>`, `<title>` hold raw text.
    emitter.naively_switch_states(true);
    let html = guard::guard(html);
    Tokenizer::new_with_emitter(html.as_ref(), emitter).flatten().collect()
}

fn text_of(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn attribute(tag: &html5gum::StartTag<()>, name: &str) -> Option<String> {
    tag.attributes.get(name.as_bytes()).map(|value| text_of(value))
}

impl Html {
    /// Whether Markdown text goes to this module now (gathered for inline
    /// code, or completing a tag cut in two).
    fn takes_text(&self) -> bool {
        !self.pending.is_empty()
            || self.gather.is_some()
            || self.skip.is_some()
            || self.mathml.is_some()
    }

    /// A block of HTML.
    fn block<'a>(&mut self, html: &str, out: &mut VecDeque<Event<'a>>) {
        let tokens = tokens(html);
        for (at, token) in tokens.iter().enumerate() {
            self.token(token, &tokens[at + 1..], Context::Block, out);
        }
        // Markdown may follow: only lists, items and quotes stay open.
        if let Some(Gather::Pre { .. }) = &self.gather {
            self.end_gather(out);
        }
        self.end_math(Context::Block, out);
        self.gather = None;
        self.skip = None;
        while self.open.last().is_some_and(|o| !o.lasting) {
            self.pop(out);
        }
    }

    /// Inline HTML in a Markdown paragraph (or a piece of a tag cut in two).
    fn inline<'a>(&mut self, html: &str, out: &mut VecDeque<Event<'a>>) {
        let start = self.pending.len();
        self.pending.push_str(html);
        // Only the new piece is read: a tag cut in many pieces stays linear.
        if !self.cut.read(&self.pending, start) {
            return;
        }
        self.cut = Cut::default();
        let html = std::mem::take(&mut self.pending);
        let tokens = tokens(&html);
        for (at, token) in tokens.iter().enumerate() {
            self.token(token, &tokens[at + 1..], Context::Inline, out);
        }
    }

    /// Markdown text while a tag is pending or text is gathered.
    fn inline_text<'a>(&mut self, text: &str, out: &mut VecDeque<Event<'a>>) {
        if !self.pending.is_empty() {
            self.inline(text, out);
        } else {
            // Skipped or gathered, as HTML text is.
            self.text(text, Context::Inline, out);
        }
    }

    /// Closes what inline HTML opened (its Markdown block ends).
    fn close_inline<'a>(&mut self, out: &mut VecDeque<Event<'a>>) {
        if self.gather.is_some() {
            self.end_gather(out);
        }
        self.end_math(Context::Inline, out);
        self.skip = None;
        while let Some(open) = self.inline.pop() {
            out.extend(open.ends.into_iter().rev().map(Event::End));
        }
    }

    /// The end of the document: everything still open is closed.
    fn finish<'a>(&mut self, out: &mut VecDeque<Event<'a>>) {
        self.close_inline(out);
        while !self.open.is_empty() {
            self.pop(out);
        }
    }

    fn stack(&mut self, context: Context) -> &mut Vec<Open> {
        match context {
            Context::Block => &mut self.open,
            Context::Inline => &mut self.inline,
        }
    }

    fn pop<'a>(&mut self, out: &mut VecDeque<Event<'a>>) {
        if let Some(open) = self.open.pop() {
            out.extend(open.ends.into_iter().rev().map(Event::End));
        }
    }

    /// Opens `name`, closed later by `ends` (in reverse), after `starts`.
    fn push<'a>(
        &mut self,
        context: Context,
        name: &str,
        starts: Vec<Tag<'a>>,
        holds_text: bool,
        out: &mut VecDeque<Event<'a>>,
    ) {
        // Elements nested deeper than any page has are read as text: every
        // tag looks down the stack, and an unbounded stack made that quadratic.
        if self.stack(context).len() >= MAX_DEPTH {
            return;
        }
        let ends = starts.iter().map(|tag| tag.to_end()).collect();
        out.extend(starts.into_iter().map(Event::Start));
        // Markdown may stand between two blocks of HTML and belong inside
        // these (a table may even be spread over blocks split by blank lines).
        let lasting = matches!(
            name,
            "ul" | "ol"
                | "li"
                | "blockquote"
                | "details"
                | "dd"
                | "table"
                | "thead"
                | "tr"
                | "td"
                | "th"
        );
        self.stack(context).push(Open { name: name.to_string(), ends, holds_text, lasting });
        self.fresh = holds_text;
    }

    /// Closes the element `name` and everything opened inside it; nothing
    /// when it is not open.
    fn close<'a>(&mut self, context: Context, name: &str, out: &mut VecDeque<Event<'a>>) {
        let stack = self.stack(context);
        let Some(at) = stack.iter().rposition(|o| o.name == name) else {
            return;
        };
        let closed: Vec<Open> = stack.drain(at..).collect();
        for open in closed.into_iter().rev() {
            out.extend(open.ends.into_iter().rev().map(Event::End));
        }
    }

    /// In a block, text needs an element that holds it: a paragraph is
    /// opened for loose text, as a browser makes an anonymous block.
    fn ensure_holder<'a>(&mut self, context: Context, out: &mut VecDeque<Event<'a>>) {
        if context == Context::Block && !self.open.last().is_some_and(|o| o.holds_text) {
            self.push(context, "", vec![Tag::Paragraph], true, out);
        }
    }

    /// A block-level tag ends the paragraph opened for loose text.
    fn end_loose_paragraph<'a>(&mut self, out: &mut VecDeque<Event<'a>>) {
        if let Some(at) = self.open.iter().rposition(|o| o.name.is_empty() || o.name == "p") {
            // Only when nothing lasting is above it.
            if self.open[at..].iter().all(|o| !o.lasting) {
                let closed: Vec<Open> = self.open.drain(at..).collect();
                for open in closed.into_iter().rev() {
                    out.extend(open.ends.into_iter().rev().map(Event::End));
                }
            }
        }
    }

    fn text<'a>(&mut self, text: &str, context: Context, out: &mut VecDeque<Event<'a>>) {
        if self.skip.is_some() {
            return;
        }
        if let Some(math) = &mut self.mathml {
            math.text(text);
            return;
        }
        if let Some(Gather::Pre { text: gathered, .. } | Gather::Code { text: gathered, .. }) =
            &mut self.gather
        {
            gathered.push_str(text);
            return;
        }
        if context == Context::Inline {
            out.push_back(Event::Text(owned(text)));
            return;
        }
        // Runs of blanks in HTML are one space; blanks alone between
        // blocks are nothing.
        let collapsed = collapse(text);
        if collapsed.trim().is_empty() && !self.open.last().is_some_and(|o| o.holds_text) {
            return;
        }
        self.ensure_holder(context, out);
        let shown = if self.fresh { collapsed.trim_start().to_string() } else { collapsed };
        if !shown.is_empty() {
            self.fresh = false;
            out.push_back(Event::Text(owned(shown)));
        }
    }

    /// The `<math>` element read, as a formula in Unicode.
    fn end_math<'a>(&mut self, context: Context, out: &mut VecDeque<Event<'a>>) {
        let Some(math) = self.mathml.take() else {
            return;
        };
        let display = math.display;
        let text = math.finish();
        if text.trim().is_empty() {
            return;
        }
        self.ensure_holder(context, out);
        let text = owned(format!("{}{text}", crate::markdown::math::READY));
        out.push_back(if display { Event::DisplayMath(text) } else { Event::InlineMath(text) });
        self.fresh = false;
        if display && context == Context::Block {
            // A block of its own: what follows starts afresh.
            self.end_loose_paragraph(out);
        }
    }

    fn end_gather<'a>(&mut self, out: &mut VecDeque<Event<'a>>) {
        match self.gather.take() {
            Some(Gather::Pre { language, text }) => {
                // A newline right after `<pre>` is not part of the text.
                let text = text.strip_prefix('\n').unwrap_or(&text);
                let mut text = text.to_string();
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                let kind = CodeBlockKind::Fenced(owned(language));
                out.push_back(Event::Start(Tag::CodeBlock(kind)));
                out.push_back(Event::Text(owned(text)));
                out.push_back(Event::End(TagEnd::CodeBlock));
            }
            Some(Gather::Code { text, .. }) => {
                let text = collapse(&text);
                if !text.trim().is_empty() {
                    out.push_back(Event::Code(owned(text)));
                }
            }
            None => {}
        }
    }

    fn token<'a>(
        &mut self,
        token: &Token,
        rest: &[Token],
        context: Context,
        out: &mut VecDeque<Event<'a>>,
    ) {
        match token {
            Token::String(text) if self.noscript => {
                // Tokenized as raw text: read it again as the HTML it is.
                self.noscript = false;
                let inner = tokens(&String::from_utf8_lossy(text));
                for (at, token) in inner.iter().enumerate() {
                    self.token(token, &inner[at + 1..], context, out);
                }
                self.noscript = true;
            }
            Token::String(text) => self.text(&String::from_utf8_lossy(text), context, out),
            Token::StartTag(tag) if self.mathml.is_some() => {
                let name = text_of(&tag.name).to_ascii_lowercase();
                if let Some(math) = &mut self.mathml {
                    math.start(&name, tag, tag.self_closing);
                }
            }
            Token::EndTag(tag) if self.mathml.is_some() => {
                let name = text_of(&tag.name).to_ascii_lowercase();
                if self.mathml.as_mut().is_some_and(|math| math.end(&name)) {
                    self.end_math(context, out);
                }
            }
            Token::StartTag(tag) => {
                let name = text_of(&tag.name).to_ascii_lowercase();
                self.start(&name, tag, rest, context, out);
            }
            Token::EndTag(tag) => {
                let name = text_of(&tag.name).to_ascii_lowercase();
                self.end(&name, context, out);
            }
            // Comments (`<!--more-->` too), doctypes and errors show nothing.
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
}

/// How far inline HTML cut in pieces has been read: whether a tag or
/// comment is whole yet.
#[derive(Debug, Default)]
struct Cut {
    quote: Option<char>,
    open: bool,
}

impl Cut {
    /// Reads `html` from `start` (the pieces before were read already);
    /// whether it is now a whole tag or comment, not one cut in two.
    fn read(&mut self, html: &str, start: usize) -> bool {
        if html.starts_with("<!--") {
            // The end mark may straddle two pieces.
            let from = html.floor_char_boundary(start.saturating_sub(2).max(4));
            return html[from..].contains("-->");
        }
        for c in html[start..].chars() {
            match (self.quote, c) {
                (Some(q), c) if c == q => self.quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if self.open => self.quote = Some(c),
                (None, '<') => self.open = true,
                (None, '>') => self.open = false,
                _ => {}
            }
        }
        !self.open && self.quote.is_none()
    }
}

/// Runs of blanks as one space.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for c in text.chars() {
        if c.is_ascii_whitespace() {
            if !blank {
                out.push(' ');
            }
            blank = true;
        } else {
            out.push(c);
            blank = false;
        }
    }
    out
}
mod guard;
mod mathml;
mod tags;

#[cfg(test)]
mod tests;
