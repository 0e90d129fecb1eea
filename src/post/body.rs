//! What the index needs from a post's Markdown body: its first heading, its
//! first paragraph as plain text, and a word count. All three are cheap on
//! purpose, because they run for every post of a folder at start-up.

use std::borrow::Cow;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::fields::one_line;

/// The length an excerpt is cut near, in characters.
pub const EXCERPT_CHARS: usize = 200;

/// Words read per minute, for reading time.
pub const WORDS_PER_MINUTE: u32 = 200;

/// Markdown options the whole crate parses with.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// The plain text of the first level-one heading (`# Title` or a `===`
/// underlined line), outside code blocks.
pub fn first_heading(body: &str) -> Option<String> {
    let mut previous = "";
    for line in lines_outside_code(body) {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if indent < 4 {
            if let Some(rest) = trimmed.strip_prefix('#')
                && (rest.is_empty() || rest.starts_with([' ', '\t']))
            {
                let text = rest.trim().trim_end_matches('#').trim_end();
                let text = inline_text(text);
                if !text.is_empty() {
                    return Some(text);
                }
            }
            if !trimmed.is_empty()
                && trimmed.trim_end().bytes().all(|b| b == b'=')
                && !previous.trim().is_empty()
            {
                return Some(inline_text(previous.trim())).filter(|t| !t.is_empty());
            }
        }
        previous = line;
    }
    None
}

/// The lines of `body` outside fenced code blocks, the fences left out
/// too: where headings can be.
pub fn lines_outside_code(body: &str) -> impl Iterator<Item = &str> {
    let mut fence: Option<(u8, usize)> = None;
    body.lines().filter(move |line| {
        let trimmed = line.trim_start_matches(' ');
        if line.len() - trimmed.len() < 4 {
            let marker = trimmed.bytes().next().filter(|b| *b == b'`' || *b == b'~');
            let run = marker.map_or(0, |m| trimmed.bytes().take_while(|b| *b == m).count());
            match (fence, marker) {
                (None, Some(m)) if run >= 3 => {
                    fence = Some((m, run));
                    return false;
                }
                (Some((m, open)), Some(c)) if c == m && run >= open => {
                    fence = None;
                    return false;
                }
                _ => {}
            }
        }
        fence.is_none()
    })
}

/// The plain text of one line of inline Markdown: `` `code` `` and
/// `[text](address)` as their text.
pub fn inline_text(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown, markdown_options()) {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(&t);
        }
    }
    one_line(&text)
}

/// The first paragraph with text, as plain text on one line, cut at a word
/// boundary near [`EXCERPT_CHARS`] characters. Paragraphs that are only
/// images or template tags (`{% ... %}`, `{{< ... >}}`) are passed over.
pub fn excerpt(body: &str) -> String {
    // Parsing costs time in proportion to the text and this runs for every
    // post, so a line scan finds the candidate blocks (runs of lines outside
    // code fences, headings and HTML) and only those are parsed.
    Blocks::new(body)
        .filter(|block| !block.lines().all(is_link_line))
        .find_map(first_paragraph)
        .unwrap_or_default()
}

/// The longest block handed to the parser: far more than an excerpt needs.
const MAX_BLOCK: usize = 4096;

/// Runs of non-blank lines that may hold a paragraph.
struct Blocks<'a> {
    text: &'a str,
    at: usize,
    fence: Option<(u8, usize)>,
}

impl<'a> Blocks<'a> {
    fn new(text: &'a str) -> Self {
        Blocks { text, at: 0, fence: None }
    }
}

impl<'a> Iterator for Blocks<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let mut start = None;
        let mut in_html = false;
        while self.at < self.text.len() {
            let line_start = self.at;
            let end = memchr::memchr(b'\n', &self.text.as_bytes()[line_start..])
                .map_or(self.text.len(), |i| line_start + i + 1);
            self.at = end;
            let line = &self.text[line_start..end];
            let trimmed = line.trim_start_matches(' ');
            let shallow = line.len() - trimmed.len() < 4;
            if let Some((marker, open)) = self.fence {
                let run = trimmed.bytes().take_while(|&b| b == marker).count();
                if shallow && run >= open && trimmed[run..].trim().is_empty() {
                    self.fence = None;
                }
                continue;
            }
            if trimmed.trim_end().is_empty() {
                in_html = false;
                match start {
                    Some(s) => return Some(&self.text[s..line_start]),
                    None => continue,
                }
            }
            if in_html {
                continue;
            }
            let marker = trimmed.bytes().next().filter(|&b| b == b'`' || b == b'~');
            let run = marker.map_or(0, |m| trimmed.bytes().take_while(|&b| b == m).count());
            if shallow && run >= 3 {
                self.fence = marker.map(|m| (m, run));
            }
            if shallow && (run >= 3 || is_atx_heading(trimmed)) {
                match start {
                    Some(s) => return Some(&self.text[s..line_start]),
                    None => continue,
                }
            }
            if shallow && start.is_none() && trimmed.starts_with('<') {
                // An HTML block runs to the next blank line.
                in_html = true;
                continue;
            }
            let s = *start.get_or_insert(line_start);
            if end - s > MAX_BLOCK {
                let mut cut = end.min(s + MAX_BLOCK);
                while !self.text.is_char_boundary(cut) {
                    cut -= 1;
                }
                return Some(&self.text[s..cut]);
            }
        }
        start.map(|s| &self.text[s..])
    }
}

fn is_atx_heading(line: &str) -> bool {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    let rest = &line[hashes..];
    (1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

/// The excerpt of the first paragraph with text in `markdown`, if any.
fn first_paragraph(markdown: &str) -> Option<String> {
    match plain_text(markdown) {
        Some(text) => excerpt_of(&text),
        None => parsed_paragraph(markdown),
    }
}

/// Whether a line is only links: URLs and `[text](address)` links with at
/// most a label before them (`Windows Installer: https://…`) or separators
/// between them (`[Download](…) · [Docs](…)`). Release notes open with
/// such lists, and they say nothing about the post.
fn is_link_line(line: &str) -> bool {
    // A hard break at the end (`\`, `<br>`) is no text of its own.
    let mut line = line.trim();
    loop {
        let lower = line.to_ascii_lowercase();
        let cut = ["\\", "<br>", "<br/>", "<br />"]
            .iter()
            .find(|end| lower.ends_with(*end))
            .map(|end| end.len());
        match cut {
            Some(len) => line = line[..line.len() - len].trim_end(),
            None => break,
        }
    }
    if line.is_empty() {
        return true;
    }
    if !line.contains("://") && !line.contains("](") {
        return false;
    }
    let mut rest = String::with_capacity(line.len());
    let mut links = 0;
    for word in line.split_whitespace() {
        let bare = word.trim_matches(|c: char| matches!(c, '<' | '>' | '(' | ')' | ',' | ';'));
        if bare.starts_with("http://") || bare.starts_with("https://") {
            links += 1;
        } else {
            rest.push_str(word);
            rest.push(' ');
        }
    }
    // Markdown links go with their text: what is left is what stands
    // outside them.
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|i| open + i) else { break };
        let Some(end) = rest[close..].find(')').map(|i| close + i) else { break };
        rest.replace_range(open..=end, " ");
        links += 1;
    }
    let rest = rest.trim();
    links > 0 && (rest.ends_with(':') || !rest.chars().any(char::is_alphanumeric))
}

/// The excerpt of a paragraph's text, unless it is empty or a template tag.
fn excerpt_of(text: &str) -> Option<String> {
    // Only the start of a long paragraph can end up in the excerpt: tidy
    // a generous prefix, and the whole text only if that came out short.
    let bound = text.char_indices().nth(EXCERPT_CHARS * 2).map(|(i, _)| i);
    if let Some(bound) = bound {
        let line = one_line(&text[..bound]);
        if line.chars().count() > EXCERPT_CHARS {
            return excerpt_of(&line);
        }
    }
    let line = one_line(text);
    let shown = !line.is_empty() && !line.starts_with("{%") && !line.starts_with("{{");
    shown.then(|| cut_near(&line, EXCERPT_CHARS))
}

/// A block with no Markdown syntax in it (inline links aside) is a
/// paragraph whose text is the block itself, links reduced to their text:
/// most opening paragraphs are, and this skips the parser.
fn plain_text(block: &str) -> Option<Cow<'_, str>> {
    const SYNTAX: &[u8] = b"\\`*_<>&|~!";
    if block.bytes().any(|b| SYNTAX.contains(&b)) {
        return None;
    }
    for line in block.lines() {
        let trimmed = line.trim_start_matches(' ');
        let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
        let starts_a_block = trimmed.starts_with(['-', '+', '=', '#', '\t', '['])
            || (digits > 0 && trimmed[digits..].starts_with(['.', ')']));
        if starts_a_block {
            return None;
        }
    }
    let first_indent = block.len() - block.trim_start_matches(' ').len();
    if first_indent >= 4 {
        return None;
    }
    if !block.contains(['[', ']']) {
        return Some(Cow::Borrowed(block));
    }
    without_simple_links(block).map(Cow::Owned)
}

/// `see [the docs](https://x.org/a) now` → `see the docs now`; `None` for
/// anything but plain `[text](address)` links (titles, nesting, spaces or
/// parentheses in the address, reference links), which the parser handles.
fn without_simple_links(block: &str) -> Option<String> {
    let mut out = String::with_capacity(block.len());
    let mut rest = block;
    while let Some(open) = rest.find(['[', ']']) {
        if rest.as_bytes()[open] == b']' {
            return None;
        }
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find(['[', ']', '(', ')'])?;
        if after.as_bytes()[close] != b']' || close == 0 || after[..close].trim() != &after[..close]
        {
            return None;
        }
        let text = &after[..close];
        let target = after[close + 1..].strip_prefix('(')?;
        let end = target
            .find(|c: char| c == ')' || c == '(' || c.is_whitespace() || c == '"' || c == '\'')?;
        if target.as_bytes()[end] != b')' || end == 0 {
            return None;
        }
        out.push_str(text);
        rest = &target[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

fn parsed_paragraph(markdown: &str) -> Option<String> {
    let mut text = String::new();
    let mut in_paragraph = false;
    let mut in_image = 0usize;
    // Paragraphs of a loose list are list items, not an opening paragraph.
    let mut in_item = 0usize;
    // The block is parsed alone, so reference links defined elsewhere in
    // the post would show as `[text][ref]`: take them as links.
    let mut as_link = |_: pulldown_cmark::BrokenLink<'_>| Some(("".into(), "".into()));
    let parser =
        Parser::new_with_broken_link_callback(markdown, markdown_options(), Some(&mut as_link));
    for event in parser {
        match event {
            Event::Start(Tag::Item) => in_item += 1,
            Event::End(TagEnd::Item) => in_item = in_item.saturating_sub(1),
            Event::Start(Tag::Paragraph) if in_item == 0 => {
                in_paragraph = true;
                text.clear();
            }
            Event::End(TagEnd::Paragraph) if in_paragraph => {
                in_paragraph = false;
                if let Some(excerpt) = excerpt_of(&text) {
                    return Some(excerpt);
                }
            }
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if in_paragraph && in_image == 0 => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_paragraph => text.push(' '),
            _ => {}
        }
    }
    None
}

/// Cuts `text` at the last space before `limit` characters (if that space is
/// not too far back), adding an ellipsis when anything was cut.
pub fn cut_near(text: &str, limit: usize) -> String {
    let Some((byte_limit, _)) = text.char_indices().nth(limit) else {
        return text.to_string();
    };
    let head = &text[..byte_limit];
    let cut = match head.rfind(' ') {
        Some(space) if head[..space].chars().count() >= limit * 3 / 4 => space,
        _ => byte_limit,
    };
    let kept = head[..cut].trim_end_matches([' ', ',', ';', ':', '.']);
    let mut out = String::with_capacity(kept.len() + '…'.len_utf8());
    out.push_str(kept);
    out.push('…');
    out
}

/// Counts words: runs of non-blank bytes, plus one per CJK character (those
/// scripts do not put spaces between words). It runs for every post at
/// start-up, so it is written as sums over byte slices, which the compiler
/// vectorises: an 8 KB post takes about a microsecond.
pub fn word_count(body: &str) -> u32 {
    let bytes = body.as_bytes();
    let Some(&first) = bytes.first() else {
        return 0;
    };
    let mut total = usize::from(is_word_byte(first));
    // Sum in blocks whose counts fit a byte (each byte adds at most two),
    // so that the vector lanes are bytes.
    for (block, previous) in bytes[1..].chunks(127).zip(bytes.chunks(127)) {
        let count: u8 = block
            .iter()
            .zip(previous)
            .map(|(&b, &p)| u8::from(is_word_byte(b) & (p <= b' ')) + u8::from(is_cjk_lead(b)))
            .fold(0u8, |sum, n| sum.wrapping_add(n));
        total += usize::from(count);
    }
    total += usize::from(is_cjk_lead(first));
    u32::try_from(total).unwrap_or(u32::MAX)
}

/// A byte that can start a word: not blank and not a CJK lead byte.
#[inline(always)]
fn is_word_byte(b: u8) -> bool {
    (b > b' ') & !is_cjk_lead(b)
}

/// UTF-8 lead bytes E3..E9 start U+3000..U+9FFF: kana and CJK ideographs.
#[inline(always)]
fn is_cjk_lead(b: u8) -> bool {
    b.wrapping_sub(0xE3) <= 0xE9 - 0xE3
}

/// Minutes to read `words` words, rounded up; at least one for any text.
pub fn reading_minutes(words: u32) -> u32 {
    words.div_ceil(WORDS_PER_MINUTE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_atx_and_setext() {
        assert_eq!(first_heading("intro\n\n# The *Title* #\n").as_deref(), Some("The Title"));
        assert_eq!(first_heading("Setext Title\n=====\n").as_deref(), Some("Setext Title"));
        assert_eq!(first_heading("## Only h2\n"), None);
        assert_eq!(first_heading("#hashtag\n"), None);
        assert_eq!(first_heading("    # indented code\n"), None);
        assert_eq!(first_heading("# `code` title\n").as_deref(), Some("code title"));
    }

    #[test]
    fn heading_inside_code_fence_is_skipped() {
        let body = "```sh\n# a comment\n```\n~~~\n# another\n~~~\n# Real\n";
        assert_eq!(first_heading(body).as_deref(), Some("Real"));
    }

    #[test]
    fn excerpt_skips_headings_images_and_templates() {
        let body = "# Title\n\n![alt](x.png)\n\n{% include x %}\n\nThe *first* real `paragraph`\ncontinues.\n\nSecond.";
        assert_eq!(excerpt(body), "The first real paragraph continues.");
    }

    #[test]
    fn excerpt_is_cut_at_a_word() {
        let body = "word ".repeat(100);
        let cut = excerpt(&body);
        assert!(cut.ends_with("word…"), "{cut}");
        assert!(cut.chars().count() <= EXCERPT_CHARS + 1);
        assert!(cut.chars().count() > EXCERPT_CHARS * 3 / 4);
    }

    #[test]
    fn excerpt_of_text_without_spaces() {
        let body = "漢".repeat(300);
        assert_eq!(excerpt(&body).chars().count(), EXCERPT_CHARS + 1);
    }

    #[test]
    fn excerpt_after_a_long_code_block() {
        let body = format!("```\n{}```\n\nAfter the code.\n", "let x = 1;\n".repeat(1000));
        assert_eq!(excerpt(&body), "After the code.");
    }

    #[test]
    fn excerpt_passes_over_setext_headings_lists_and_html() {
        let setext = format!("{}\nTitle line\n===\n\nReal paragraph.", "\n".repeat(4094));
        assert_eq!(excerpt(&setext), "Real paragraph.");
        assert_eq!(excerpt("- a\n- b\n\n<div>\nhtml text\n</div>\n\nAfter."), "After.");
        assert_eq!(excerpt("> Quoted *words*.\n"), "Quoted words.");
        assert_eq!(excerpt("    indented code\n\nText."), "Text.");
    }

    /// The shortcut for blocks without syntax gives what the parser gives.
    #[test]
    fn plain_blocks_agree_with_the_parser() {
        const PIECES: &[&str] = &[
            "word",
            "Word.",
            " ",
            "  ",
            "\n",
            "\n    ",
            "- ",
            "1. ",
            "2) ",
            "+",
            "=",
            "===",
            "#",
            "# ",
            "!",
            "?",
            "é",
            "漢字",
            "{%",
            "{{",
            "(x)",
            "a-b",
            "1999.",
            "\t",
            "'q'",
            "\"q\"",
            ":",
            ";",
            "/",
            "%",
            "$",
            "[a link](https://x.org/p)",
            "[two words](p.md)",
            "[",
            "]",
            "](",
            "[x]",
            "[x][y]",
            "(",
            ")",
            "[t](u \"title\")",
            "[ sp ](x)",
            "[](x)",
            "[a](b c)",
            "[a]()",
            "![i](p.png)",
            "[a](<b>)",
            "[a](b(c))",
            "[a]",
            "\\[",
            "[[x]](y)",
            "[a link](https://x.org/p)",
            "[two words](p.md)",
        ];
        let mut rng = fastrand::Rng::with_seed(3);
        let mut checked = 0;
        let mut linked = 0;
        for _ in 0..20_000 {
            let block: String =
                (0..rng.usize(1..12)).map(|_| PIECES[rng.usize(..PIECES.len())]).collect();
            if block.trim().is_empty()
                || block.contains("\n\n")
                || block.lines().any(|l| l.trim().is_empty())
            {
                continue;
            }
            if plain_text(&block).is_some() {
                checked += 1;
                linked += usize::from(block.contains('['));
                assert_eq!(first_paragraph(&block), parsed_paragraph(&block), "{block:?}");
            }
        }
        assert!(checked > 1000, "{checked}");
        assert!(linked > 100, "blocks with links are compared too: {linked}");
        let linked = without_simple_links("see [the docs](https://x.org/a) and [b](c) now");
        assert_eq!(linked.as_deref(), Some("see the docs and b now"));
    }

    #[test]
    fn excerpt_passes_over_download_lists_tables_and_link_lines() {
        let body = "Windows 32-bit Installer: https://nodejs.org/dist/v4.0.0/node-v4.0.0-x86.msi\n\n\
            Windows 64-bit Installer: https://nodejs.org/dist/v4.0.0/node-v4.0.0-x64.msi\n\
            Mac OS X Installer: <https://nodejs.org/dist/v4.0.0/node-v4.0.0.pkg>\n\n\
            - a loose list item\n\n- another item\n\n\
            | a | b |\n|---|---|\n| 1 | 2 |\n\n\
            \x20   indented code\n\n\
            [Download](https://x.org/d) · [Docs](https://x.org/docs)\n\n\
            https://example.com/just-a-url\n\n\
            This release brings [a new thing](https://x.org/new) to everyone.\n";
        assert_eq!(excerpt(body), "This release brings a new thing to everyone.");
        assert_eq!(excerpt("Read it at: https://x.org\n"), "", "nothing but links");
        let broken = "Windows 32-bit Installer: https://nodejs.org/a.msi \\\n\
            Windows 64-bit Installer: https://nodejs.org/b.msi<br>\n\
            macOS Installer: https://nodejs.org/c.pkg <br />\n\nThe release itself.\n";
        assert_eq!(excerpt(broken), "The release itself.", "hard breaks after the links");
        assert_eq!(
            excerpt("See https://x.org for more on this.\n"),
            "See https://x.org for more on this."
        );
    }

    #[test]
    fn excerpt_of_a_huge_paragraph_is_bounded() {
        let body = "word ".repeat(1_000_000);
        let started = std::time::Instant::now();
        assert!(excerpt(&body).ends_with("word…"));
        assert!(started.elapsed().as_secs() < 2);
    }

    #[test]
    fn excerpt_reference_links_defined_elsewhere() {
        let body = "See [the book][b] now.\n\n[b]: https://example.com\n";
        assert_eq!(excerpt(body), "See the book now.");
    }

    #[test]
    fn empty_body_has_no_excerpt() {
        assert_eq!(excerpt(""), "");
        assert_eq!(excerpt("# Only a heading"), "");
    }

    #[test]
    fn words() {
        assert_eq!(word_count(""), 0);
        assert_eq!(word_count("one"), 1);
        assert_eq!(word_count("  one two\tthree\nfour  "), 4);
        assert_eq!(word_count("日本語"), 3);
        assert_eq!(word_count("日本語 and English"), 5);
        // Across block boundaries, the vectorised path agrees with a plain count.
        for text in [
            "a ".repeat(100),
            format!("{}x", " ".repeat(63)),
            "word".repeat(40),
            "ab  cd\n".repeat(33),
        ] {
            let naive = text.split_whitespace().count() as u32;
            assert_eq!(word_count(&text), naive, "{text:?}");
        }
    }

    #[test]
    fn minutes() {
        assert_eq!(reading_minutes(0), 0);
        assert_eq!(reading_minutes(1), 1);
        assert_eq!(reading_minutes(200), 1);
        assert_eq!(reading_minutes(201), 2);
    }
}
