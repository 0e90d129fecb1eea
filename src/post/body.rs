//! What the index needs from a post's Markdown body: its first heading, its
//! first paragraph as plain text, and a word count. All three are cheap on
//! purpose, because they run for every post of a folder at start-up.

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
    let mut fence: Option<(u8, usize)> = None;
    let mut previous = "";
    for line in body.lines() {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if indent < 4 {
            let marker = trimmed.bytes().next().filter(|b| *b == b'`' || *b == b'~');
            let run = marker.map_or(0, |m| trimmed.bytes().take_while(|b| *b == m).count());
            match (fence, marker) {
                (None, Some(m)) if run >= 3 => {
                    fence = Some((m, run));
                    continue;
                }
                (Some((m, open)), Some(c)) if c == m && run >= open => {
                    fence = None;
                    continue;
                }
                _ => {}
            }
        }
        if fence.is_some() {
            continue;
        }
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

/// The plain text of one line of inline Markdown.
fn inline_text(markdown: &str) -> String {
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
    // Parsing costs time in proportion to the text, so look in a prefix
    // first and fall back to the whole body only when the prefix had no
    // complete paragraph.
    const PREFIX: usize = 4096;
    if body.len() > PREFIX {
        let cut = body[..PREFIX].rfind('\n').unwrap_or(0);
        if let Some(text) = first_paragraph(&body[..cut], true) {
            return text;
        }
    }
    first_paragraph(body, false).unwrap_or_default()
}

/// The excerpt of the first paragraph of `markdown`. With `partial`, a
/// paragraph that reaches the end of the text may continue beyond it and
/// is not trusted.
fn first_paragraph(markdown: &str, partial: bool) -> Option<String> {
    let mut text = String::new();
    let mut in_paragraph = false;
    let mut in_image = 0usize;
    for (event, range) in Parser::new_ext(markdown, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph) => {
                in_paragraph = true;
                text.clear();
            }
            Event::End(TagEnd::Paragraph) => {
                in_paragraph = false;
                if partial && range.end >= markdown.len() {
                    return None;
                }
                let line = one_line(&text);
                if !line.is_empty() && !line.starts_with("{%") && !line.starts_with("{{") {
                    return Some(cut_near(&line, EXCERPT_CHARS));
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
    let mut out = head[..cut]
        .trim_end_matches([' ', ',', ';', ':', '.'])
        .to_string();
    out.push('…');
    out
}

/// Counts words: runs of non-blank bytes, plus one per CJK character (those
/// scripts do not put spaces between words). Written over bytes so the
/// compiler can vectorise it; a post of several megabytes takes about a
/// millisecond.
pub fn word_count(body: &str) -> u32 {
    let bytes = body.as_bytes();
    let Some(&first) = bytes.first() else {
        return 0;
    };
    // UTF-8 lead bytes E3..E9 start U+3000..U+9FFF: kana and CJK ideographs.
    let is_cjk = |b: u8| (0xE3..=0xE9).contains(&b);
    let starts = bytes
        .windows(2)
        .filter(|w| w[0] <= b' ' && w[1] > b' ' && !is_cjk(w[1]))
        .count();
    let cjk = bytes.iter().filter(|&&b| is_cjk(b)).count();
    let total = starts + usize::from(first > b' ' && !is_cjk(first)) + cjk;
    u32::try_from(total).unwrap_or(u32::MAX)
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
        assert_eq!(
            first_heading("intro\n\n# The *Title* #\n").as_deref(),
            Some("The Title")
        );
        assert_eq!(
            first_heading("Setext Title\n=====\n").as_deref(),
            Some("Setext Title")
        );
        assert_eq!(first_heading("## Only h2\n"), None);
        assert_eq!(first_heading("#hashtag\n"), None);
        assert_eq!(first_heading("    # indented code\n"), None);
        assert_eq!(
            first_heading("# `code` title\n").as_deref(),
            Some("code title")
        );
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
        let body = format!(
            "```\n{}```\n\nAfter the code.\n",
            "let x = 1;\n".repeat(1000)
        );
        assert_eq!(excerpt(&body), "After the code.");
    }

    #[test]
    fn excerpt_does_not_trust_a_paragraph_cut_by_the_prefix() {
        let body = format!("{}\n{}", "word ".repeat(810), "tail");
        assert!(excerpt(&body).starts_with("word word"));
        let setext = format!("{}\nTitle line\n===\n\nReal paragraph.", "\n".repeat(4094));
        assert_eq!(excerpt(&setext), "Real paragraph.");
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
    }

    #[test]
    fn minutes() {
        assert_eq!(reading_minutes(0), 0);
        assert_eq!(reading_minutes(1), 1);
        assert_eq!(reading_minutes(200), 1);
        assert_eq!(reading_minutes(201), 2);
    }
}
