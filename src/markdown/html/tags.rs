//! What each HTML tag becomes: the Markdown events a start tag opens and
//! its end tag closes, and what media, progress bars and checkboxes show.

use std::collections::VecDeque;

use html5gum::Token;
use pulldown_cmark::{Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::{Context, Gather, Html, attribute, collapse, owned, text_of};

impl Html {
    pub(super) fn start<'a>(
        &mut self,
        name: &str,
        tag: &html5gum::StartTag<()>,
        rest: &[Token],
        context: Context,
        out: &mut VecDeque<Event<'a>>,
    ) {
        if let Some(skipping) = &self.skip {
            // A video's first source is what it shows.
            if name == "source" && matches!(skipping.as_str(), "video" | "audio") && !self.shown {
                self.media(name, tag, rest, context, out);
            }
            return;
        }
        if let Some(gather) = &mut self.gather {
            match (gather, name) {
                (Gather::Pre { text, .. }, "br") => text.push('\n'),
                (Gather::Pre { language, .. }, "code") if language.is_empty() => {
                    *language = language_of(tag).unwrap_or_default();
                }
                _ => {}
            }
            return;
        }
        let block = context == Context::Block;
        if block && self.inner_table_part(name, true, out) {
            return;
        }
        if block && self.in_cell_block(name, true, out) {
            return;
        }
        if block && is_block(name) {
            self.end_loose_paragraph(out);
        }
        let handled = self.start_hidden(name, tag, rest, context, out)
            || (block && self.start_text_block(name, tag, context, out))
            || (block && self.start_list_part(name, tag, context, out))
            || (block && self.start_table_part(name, rest, context, out));
        if !handled {
            self.start_inline(name, tag, context, out);
        }
    }

    /// What a terminal does not show (scripts, styles, media drawn as a
    /// link to what they hold); whether `name` is one.
    fn start_hidden<'a>(
        &mut self,
        name: &str,
        tag: &html5gum::StartTag<()>,
        rest: &[Token],
        context: Context,
        out: &mut VecDeque<Event<'a>>,
    ) -> bool {
        match name {
            // A terminal runs no scripts: what `<noscript>` holds is what it shows.
            "noscript" => self.noscript = !tag.self_closing,
            // MathML: read whole, shown as a formula once it ends.
            "math" if !tag.self_closing => {
                let display = attribute(tag, "display").is_some_and(|d| d == "block");
                self.mathml = Some(super::mathml::MathMl::new(display));
            }
            "math" => {}
            "script" | "style" | "template" | "head" | "title" | "svg" | "iframe" | "video"
            | "audio" | "object" | "canvas" | "progress" => {
                self.shown = false;
                self.media(name, tag, rest, context, out);
                if !tag.self_closing {
                    self.skip = Some(name.to_string());
                }
            }
            "source" | "embed" => self.media(name, tag, rest, context, out),
            _ => return false,
        }
        true
    }

    /// Paragraphs, headings, quotes, preformatted text, rules; whether
    /// `name` is one.
    fn start_text_block<'a>(
        &mut self,
        name: &str,
        tag: &html5gum::StartTag<()>,
        context: Context,
        out: &mut VecDeque<Event<'a>>,
    ) -> bool {
        match name {
            "pre" => {
                let language = language_of(tag).unwrap_or_default();
                self.gather = Some(Gather::Pre { language, text: String::new() });
            }
            "p" => self.push(context, "p", vec![Tag::Paragraph], true, out),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = match name {
                    "h1" => HeadingLevel::H1,
                    "h2" => HeadingLevel::H2,
                    "h3" => HeadingLevel::H3,
                    "h4" => HeadingLevel::H4,
                    "h5" => HeadingLevel::H5,
                    _ => HeadingLevel::H6,
                };
                let id = attribute(tag, "id").map(owned);
                let heading = Tag::Heading { level, id, classes: Vec::new(), attrs: Vec::new() };
                self.push(context, name, vec![heading], true, out);
            }
            "blockquote" | "details" => {
                self.push(context, name, vec![Tag::BlockQuote(None)], false, out)
            }
            "summary" => {
                self.push(context, name, vec![Tag::Paragraph, Tag::Strong], true, out);
                out.push_back(Event::Text(owned("▸ ")));
                self.fresh = true;
            }
            "hr" => out.push_back(Event::Rule),
            _ => return false,
        }
        true
    }

    /// Lists, their items, definition lists; whether `name` is one.
    fn start_list_part<'a>(
        &mut self,
        name: &str,
        tag: &html5gum::StartTag<()>,
        context: Context,
        out: &mut VecDeque<Event<'a>>,
    ) -> bool {
        match name {
            "ul" | "ol" => {
                let start = (name == "ol").then(|| {
                    attribute(tag, "start").and_then(|s| s.trim().parse().ok()).unwrap_or(1)
                });
                self.push(context, name, vec![Tag::List(start)], false, out);
            }
            "li" => {
                // A new item ends the one before it, in the same list.
                let list = self.open.iter().rposition(|o| o.name == "ul" || o.name == "ol");
                let item = self.open.iter().rposition(|o| o.name == "li");
                if item.is_some() && item > list {
                    self.close(context, "li", out);
                }
                if list.is_none() {
                    self.push(context, "ul", vec![Tag::List(None)], false, out);
                }
                self.push(context, "li", vec![Tag::Item], true, out);
            }
            "dt" => {
                self.close(context, "dd", out);
                self.push(context, name, vec![Tag::Paragraph, Tag::Strong], true, out)
            }
            "dd" => {
                self.close(context, "dd", out);
                self.push(context, name, vec![Tag::BlockQuote(None)], false, out)
            }
            _ => return false,
        }
        true
    }

    /// Tables, their rows and cells; whether `name` is one.
    fn start_table_part<'a>(
        &mut self,
        name: &str,
        rest: &[Token],
        context: Context,
        out: &mut VecDeque<Event<'a>>,
    ) -> bool {
        match name {
            "table" => self.push(context, name, vec![Tag::Table(Vec::new())], false, out),
            "tr" => {
                self.close(context, "tr", out);
                let head = self.open.iter().any(|o| o.name == "thead") || next_cell_is_header(rest);
                let row = if head { Tag::TableHead } else { Tag::TableRow };
                self.push(context, name, vec![row], false, out);
            }
            "thead" => self.push(context, name, Vec::new(), false, out),
            "td" | "th" => {
                self.close(context, "td", out);
                self.close(context, "th", out);
                self.push(context, name, vec![Tag::TableCell], true, out);
            }
            _ => return false,
        }
        true
    }

    /// Inline elements: code, breaks, pictures, links, emphasis, check boxes.
    fn start_inline<'a>(
        &mut self,
        name: &str,
        tag: &html5gum::StartTag<()>,
        context: Context,
        out: &mut VecDeque<Event<'a>>,
    ) {
        match name {
            "code" | "kbd" | "samp" | "tt" => {
                self.ensure_holder(context, out);
                self.gather = Some(Gather::Code { tag: name.to_string(), text: String::new() });
            }
            "br" if context == Context::Inline
                || self.open.last().is_some_and(|o| o.holds_text) =>
            {
                out.push_back(Event::HardBreak)
            }
            "img" => self.start_image(tag, context, out),
            "a" => self.start_link(tag, context, out),
            "em" | "i" | "cite" | "dfn" | "var" | "strong" | "b" | "del" | "s" | "strike"
            | "sup" | "sub" => {
                self.ensure_holder(context, out);
                let style = match name {
                    "strong" | "b" => Tag::Strong,
                    "del" | "s" | "strike" => Tag::Strikethrough,
                    "sup" => Tag::Superscript,
                    "sub" => Tag::Subscript,
                    _ => Tag::Emphasis,
                };
                let fresh = self.fresh;
                self.push(context, name, vec![style], true, out);
                self.fresh = fresh;
            }
            "input"
                if attribute(tag, "type").is_some_and(|t| t.eq_ignore_ascii_case("checkbox")) =>
            {
                self.ensure_holder(context, out);
                let checked = tag.attributes.contains_key(b"checked".as_slice());
                out.push_back(Event::Text(owned(if checked { "☑ " } else { "☐ " })));
            }
            _ => {}
        }
    }

    /// `<img>`: a picture, with its alt text (or title).
    fn start_image<'a>(
        &mut self,
        tag: &html5gum::StartTag<()>,
        context: Context,
        out: &mut VecDeque<Event<'a>>,
    ) {
        let Some(image) = target(tag, "src", true) else {
            return;
        };
        self.ensure_holder(context, out);
        let alt = attribute(tag, "alt").or_else(|| attribute(tag, "title")).unwrap_or_default();
        out.push_back(Event::Start(image));
        if !alt.trim().is_empty() {
            out.push_back(Event::Text(owned(collapse(&alt))));
        }
        out.push_back(Event::End(TagEnd::Image));
        self.fresh = false;
    }

    /// `<a href>`: a link around what follows, until `</a>`.
    fn start_link<'a>(
        &mut self,
        tag: &html5gum::StartTag<()>,
        context: Context,
        out: &mut VecDeque<Event<'a>>,
    ) {
        let Some(link) = target(tag, "href", false) else {
            return;
        };
        self.ensure_holder(context, out);
        let fresh = self.fresh;
        self.push(context, "a", vec![link], true, out);
        self.fresh = fresh;
    }

    /// `<iframe>`, `<video>`, `<audio>`, `<embed>`, `<source>`: a link to
    /// what they show; `<progress>`: its value.
    fn media<'a>(
        &mut self,
        name: &str,
        tag: &html5gum::StartTag<()>,
        rest: &[Token],
        context: Context,
        out: &mut VecDeque<Event<'a>>,
    ) {
        if name == "progress" {
            let number = |name| attribute(tag, name).and_then(|v| v.trim().parse::<f64>().ok());
            if let (Some(value), Some(max)) = (number("value"), number("max").or(Some(1.0))) {
                self.ensure_holder(context, out);
                let filled = if max > 0.0 { (value / max).clamp(0.0, 1.0) } else { 0.0 };
                let cells = (filled * 10.0).round() as usize;
                let bar = format!("{}{}", "▰".repeat(cells), "▱".repeat(10 - cells));
                out.push_back(Event::Text(owned(format!(" {bar} {value}/{max} "))));
            }
            return;
        }
        let kind = match name {
            "iframe" | "embed" | "object" => "embedded",
            "video" => "video",
            "audio" => "audio",
            "source" => "media",
            _ => return,
        };
        let src = attribute(tag, "src")
            .or_else(|| attribute(tag, "data"))
            .or_else(|| first_source(rest).filter(|_| name == "video" || name == "audio"));
        let kind = if name == "source" && self.skip.as_deref() == Some("audio") {
            "audio"
        } else if name == "source" {
            "video"
        } else {
            kind
        };
        let Some(src) = src else { return };
        self.ensure_holder(context, out);
        let title = attribute(tag, "title").unwrap_or_else(|| src.clone());
        let link = Tag::Link {
            link_type: LinkType::Inline,
            dest_url: owned(src),
            title: owned(""),
            id: owned(""),
        };
        out.push_back(Event::Text(owned(format!("▶ {kind}: "))));
        out.push_back(Event::Start(link));
        out.push_back(Event::Text(owned(collapse(&title))));
        out.push_back(Event::End(TagEnd::Link));
        self.fresh = false;
        self.shown = true;
    }

    pub(super) fn end<'a>(&mut self, name: &str, context: Context, out: &mut VecDeque<Event<'a>>) {
        if name == "noscript" {
            self.noscript = false;
            return;
        }
        if let Some(skipping) = &self.skip {
            if skipping == name {
                self.skip = None;
            }
            return;
        }
        match &self.gather {
            Some(Gather::Pre { .. }) if name == "pre" => return self.end_gather(out),
            Some(Gather::Code { tag, .. }) if tag == name => return self.end_gather(out),
            Some(_) => return,
            None => {}
        }
        if context == Context::Block && self.inner_table_part(name, false, out) {
            return;
        }
        if context == Context::Block && self.in_cell_block(name, false, out) {
            return;
        }
        match name {
            "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "li" | "blockquote"
            | "details" | "summary" | "dt" | "dd" | "table" | "tr" | "td" | "th" | "thead"
            | "a" | "em" | "i" | "cite" | "dfn" | "var" | "strong" | "b" | "del" | "s"
            | "strike" | "sup" | "sub" => self.close(context, name, out),
            "dl" => self.close(context, "dd", out),
            _ if context == Context::Block && is_block(name) => self.end_loose_paragraph(out),
            _ => {}
        }
    }
}

impl Html {
    /// A table inside a table's cell cannot be drawn as one: its cells'
    /// text stays in the outer cell, a space between them. Whether the tag
    /// (a start tag when `start`) was such a part, and taken.
    fn inner_table_part<'a>(
        &mut self,
        name: &str,
        start: bool,
        out: &mut VecDeque<Event<'a>>,
    ) -> bool {
        if !matches!(name, "table" | "thead" | "tbody" | "tfoot" | "tr" | "td" | "th") {
            return false;
        }
        let in_cell = || self.open.iter().any(|o| o.name == "td" || o.name == "th");
        if self.inner_tables == 0 && !(start && name == "table" && in_cell()) {
            return false;
        }
        match (start, name) {
            (true, "table") => self.inner_tables += 1,
            (false, "table") => self.inner_tables -= 1,
            _ => {}
        }
        if matches!(name, "td" | "th" | "tr" | "table") {
            self.text(" ", Context::Block, out);
        }
        true
    }
}

impl Html {
    /// A block element inside a table's cell (`<td><p>…</p></td>`): its
    /// text stays in the cell, blocks apart by a blank, list items marked.
    /// Whether `name` was one.
    fn in_cell_block<'a>(
        &mut self,
        name: &str,
        start: bool,
        out: &mut VecDeque<Event<'a>>,
    ) -> bool {
        let cell = self.open.iter().rev().find(|o| o.lasting);
        if !cell.is_some_and(|o| o.name == "td" || o.name == "th") {
            return false;
        }
        if !is_block(name) || matches!(name, "table" | "tr" | "td" | "th" | "thead") {
            return false;
        }
        if start && name == "li" {
            self.text(" • ", Context::Block, out);
        } else if start && !self.fresh {
            self.text(" ", Context::Block, out);
        }
        true
    }
}

/// Tags whose start or end ends a paragraph, as in a browser.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "main"
            | "aside"
            | "nav"
            | "figure"
            | "figcaption"
            | "center"
            | "address"
            | "hgroup"
            | "form"
            | "fieldset"
            | "body"
            | "html"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "details"
            | "summary"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "hr"
            | "pre"
    )
}

/// The language a `<pre>` or `<code>` names in its class (`language-rust`,
/// `lang-rust`, `highlight-rust`) or `data-lang`.
fn language_of(tag: &html5gum::StartTag<()>) -> Option<String> {
    if let Some(lang) = attribute(tag, "data-lang") {
        return Some(lang);
    }
    let class = attribute(tag, "class")?;
    class.split_whitespace().find_map(|c| {
        ["language-", "lang-", "highlight-"]
            .iter()
            .find_map(|prefix| c.strip_prefix(prefix))
            .map(str::to_string)
    })
}

/// Whether the row starting after a `<tr>` begins with a header cell.
fn next_cell_is_header(rest: &[Token]) -> bool {
    rest.iter()
        .find_map(|token| match token {
            Token::StartTag(tag) => {
                let name = text_of(&tag.name).to_ascii_lowercase();
                match name.as_str() {
                    "td" | "th" => Some(name == "th"),
                    "tr" | "table" | "tbody" | "thead" | "tfoot" => Some(false),
                    _ => None,
                }
            }
            // The row ends before a cell: it is not a header row. Looking
            // no further than the next row keeps `<tr><tr><tr>…` linear.
            Token::EndTag(tag) if text_of(&tag.name).eq_ignore_ascii_case("tr") => Some(false),
            _ => None,
        })
        .unwrap_or(false)
}

/// The `src` of the first `<source>` inside a `<video>` or `<audio>`.
fn first_source(rest: &[Token]) -> Option<String> {
    for token in rest {
        match token {
            Token::StartTag(tag) if text_of(&tag.name).eq_ignore_ascii_case("source") => {
                return attribute(tag, "src");
            }
            Token::EndTag(tag)
                if matches!(
                    text_of(&tag.name).to_ascii_lowercase().as_str(),
                    "video" | "audio"
                ) =>
            {
                return None;
            }
            _ => {}
        }
    }
    None
}

/// The link (or picture) an element's `attribute` points to, with its title.
fn target<'a>(tag: &html5gum::StartTag<()>, attribute_name: &str, image: bool) -> Option<Tag<'a>> {
    let dest_url = owned(attribute(tag, attribute_name)?);
    let title = owned(attribute(tag, "title").unwrap_or_default());
    let (link_type, id) = (LinkType::Inline, owned(""));
    Some(if image {
        Tag::Image { link_type, dest_url, title, id }
    } else {
        Tag::Link { link_type, dest_url, title, id }
    })
}
