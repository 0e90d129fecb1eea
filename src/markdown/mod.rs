//! Markdown to styled, wrapped lines: a pure function of the text, the
//! width and the theme.
//!
//! pulldown-cmark's events drive one loop; nesting (quotes, list items,
//! footnote definitions) lives in an explicit stack of containers, never
//! in recursion, so no depth of nesting can overflow the stack. Each
//! construct has its own module: [`code`], [`table`], [`wrap`] and the
//! notes gathered at the end ([`notes`]).
//!
//! ```
//! use folio::markdown::render;
//! use folio::theme::Theme;
//!
//! let article = render("# Hello\n\nSome *text* with [a link](https://example.com).", 40, &Theme::plain());
//! let text: Vec<String> = article.lines.iter().map(|l| l.to_string()).collect();
//! assert_eq!(text[0], "Hello");
//! assert!(text.iter().any(|l| l.contains("a link[1]")));
//! assert_eq!(article.headings[0].text, "Hello");
//! ```

pub mod code;
pub mod container;
pub mod dialect;
pub mod html;
pub mod inline;
pub mod math;
pub mod notes;
pub mod table;
pub mod wrap;

mod blocks;

use ratatui::text::Line;

use crate::theme::Theme;

pub use blocks::Renderer;

/// A heading of the article, for an outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Its plain text.
    pub text: String,
    /// The line it starts on.
    pub line: usize,
    /// Its anchor: the `{#id}` it was given, else its text as a slug
    /// (`## Why Rust?` → `why-rust`), for `#fragment` links.
    pub anchor: String,
}

/// A heading's text as a URL fragment, as static site generators make
/// them: lower case, blanks as `-`, punctuation dropped.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_') && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// A link or image of the article, numbered in order of appearance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The number shown after it, from 1, one per distinct target; 0 for
    /// a link that is not numbered nor listed (an autolink, an in-page
    /// `#anchor`).
    pub number: usize,
    /// Where it leads (sanitized).
    pub target: String,
    /// Its text where it first appears (an image's alt text).
    pub text: String,
    /// Whether it is an image.
    pub image: bool,
    /// The line where its text starts, once drawn.
    pub line: Option<usize>,
    /// The columns its text takes on that line.
    pub columns: (usize, usize),
}

/// A rendered article: its lines, and where its headings and links are.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Article {
    /// Styled lines, each at most the width asked for (from two columns
    /// on: a single column cannot hold a double-width character).
    pub lines: Vec<Line<'static>>,
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Links and images in order.
    pub links: Vec<Link>,
    /// Every place a link's text is drawn: `(link, line, first column, end
    /// column)`, the link a position in `links` (its entry in the list
    /// under the article included), for hyperlinks.
    pub places: Vec<notes::LinkSpot>,
    /// For each line, the byte offset in the text rendered of the block it
    /// was drawn from: a reading position that holds at any width.
    pub sources: Vec<usize>,
    /// The pictures drawn, in order.
    pub pictures: Vec<Slot>,
    /// Pictures on the web not fetched yet, shown as their text until
    /// they are (`remote_images`).
    pub fetching: Vec<String>,
}

/// A picture drawn in the article: the rows kept for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    /// Its first line.
    pub line: usize,
    /// The column it starts at (after a quote's bar or an item's indent).
    pub column: u16,
    /// Its size in cells: columns and rows.
    pub cells: (u16, u16),
    /// Its file.
    pub path: std::path::PathBuf,
    /// Its text (alt or title), sanitized.
    pub text: String,
}

impl Slot {
    /// What shows in its place when its file cannot be drawn: its text
    /// and `why`, as the renderer writes a picture it cannot show.
    pub fn refused(&self, why: &str) -> String {
        let what = if self.text.is_empty() { "no description" } else { &self.text };
        format!("[image: {what} — {why}]")
    }
}

impl Article {
    /// The source offset of line `line` (the end of the text past the end).
    pub fn source_of(&self, line: usize) -> usize {
        self.sources.get(line).or(self.sources.last()).copied().unwrap_or(0)
    }

    /// The first line drawn from `offset` or after it: where to be to
    /// read from that place again.
    pub fn line_of(&self, offset: usize) -> usize {
        let line = self.sources.partition_point(|&s| s < offset);
        // A block that starts before the place but holds it: its first line.
        match line.checked_sub(1) {
            Some(before) if line == self.sources.len() || self.sources[line] > offset => {
                let block = self.sources[before];
                self.sources.partition_point(|&s| s < block)
            }
            _ => line,
        }
    }
}

/// Renders `markdown` to lines of at most `width` columns. Front matter at
/// the start of the text is skipped when it reads as a set of keys; other
/// text between `---` lines is Markdown (two rules around a heading).
pub fn render(markdown: &str, width: usize, theme: &Theme) -> Article {
    render_with(markdown, width, theme, &dialect::Dialect::default())
}

/// Renders `markdown` written for a site of `dialect` (Jekyll, Hugo, MDX…):
/// its site syntax is rewritten into what the site would show first.
pub fn render_with(
    markdown: &str,
    width: usize,
    theme: &Theme,
    dialect: &dialect::Dialect,
) -> Article {
    render_until(markdown, width, theme, dialect, &|| false)
}

/// [`render_with`], given up (with what was drawn so far) as soon as
/// `stop` says the rendering is no longer wanted.
pub fn render_until(
    markdown: &str,
    width: usize,
    theme: &Theme,
    dialect: &dialect::Dialect,
    stop: &dyn Fn() -> bool,
) -> Article {
    let body = without_front_matter(markdown);
    let base = body.as_ptr() as usize - markdown.as_ptr() as usize;
    let (prepared, map) = dialect::prepare_mapped(body, dialect);
    let mut article = Renderer::new(width, theme)
        .with_pictures(dialect.pictures.clone())
        .with_frames(dialect.frames)
        .run_until(&prepared, stop);
    // Offsets into the text as written, front matter included.
    for source in &mut article.sources {
        *source = base + dialect::original_offset(&map, *source).min(body.len());
    }
    article
}

/// The first blocks of `markdown`, about `bytes` long: cut at a blank line
/// outside code, so that they render as the start of the whole does.
pub fn top_blocks(markdown: &str, bytes: usize) -> &str {
    let mut fence: Option<(u8, usize)> = None;
    let mut cut = 0;
    let mut at = 0;
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim_start_matches(' ');
        let marker = trimmed.bytes().next().filter(|b| *b == b'`' || *b == b'~');
        let run = marker.map_or(0, |m| trimmed.bytes().take_while(|b| *b == m).count());
        match (fence, marker) {
            (None, Some(m)) if run >= 3 => fence = Some((m, run)),
            (Some((m, open)), Some(c)) if c == m && run >= open => fence = None,
            _ => {}
        }
        at += line.len();
        if fence.is_none() && line.trim().is_empty() {
            cut = at;
            if cut >= bytes {
                break;
            }
        }
    }
    if cut == 0 { markdown } else { &markdown[..cut] }
}

fn without_front_matter(markdown: &str) -> &str {
    use crate::post::front_matter;
    let split = front_matter::split(markdown);
    match split.front_matter {
        Some((format, text)) if front_matter::parse(format, text, split.first_line).is_ok() => {
            split.body
        }
        _ => markdown,
    }
}

/// The Markdown options the renderer parses with: CommonMark plus tables,
/// strikethrough, task lists, footnotes, GitHub alerts, heading
/// attributes (`{#id}`), definition lists and math (`$…$`, `$$…$$`).
pub fn options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    crate::post::body::markdown_options()
        | Options::ENABLE_GFM
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_MATH
}

#[cfg(test)]
mod tests;

/// The words of a post as its site shows them, without markup: the text
/// of its prose, headings, lists, tables, HTML and code blocks, a line per
/// block, for full-text search. `markdown` is the whole file (its front
/// matter is left out).
pub fn plain_text(markdown: &str, dialect: &dialect::Dialect) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let prepared = dialect::prepare(without_front_matter(markdown), dialect);
    let mut out = String::with_capacity(prepared.len());
    for event in html::expand(Parser::new_ext(&prepared, options())) {
        match event {
            // A block that starts inside another (a list in an item, a
            // paragraph after an item's first line) is a word boundary too.
            Event::Start(
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Item
                | Tag::List(_)
                | Tag::CodeBlock(_)
                | Tag::TableCell
                | Tag::BlockQuote(_)
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition,
            ) if !out.is_empty() && !out.ends_with('\n') => out.push('\n'),
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::InlineMath(text) | Event::DisplayMath(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) => out.push('\n'),
            _ => {}
        }
    }
    crate::sanitize::line(&out).into_owned()
}
