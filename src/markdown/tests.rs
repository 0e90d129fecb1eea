//! Tests of the whole renderer, one construct at a time.

use super::*;

fn plain(markdown: &str, width: usize) -> Vec<String> {
    render(markdown, width, &Theme::plain()).lines.iter().map(|l| l.to_string()).collect()
}

#[test]
fn paragraphs_wrap_and_separate() {
    assert_eq!(plain("one two three\nfour\n\nnext", 9), ["one two", "three", "four", "", "next"]);
}

#[test]
fn front_matter_is_skipped() {
    assert_eq!(plain("---\ntitle: x\n---\nbody", 20), ["body"]);
    assert_eq!(plain("+++\ntitle = 'x'\n+++\nbody", 20), ["body"]);
}

#[test]
fn headings_are_distinct() {
    let lines = plain("# One\n## Two\n### Three\n###### Six", 30);
    assert_eq!(lines, ["One", "═══", "", "Two", "───", "", "### Three", "", "###### Six"]);
    let article = render("# One\n\ntext\n\n## Two", 30, &Theme::plain());
    let headings: Vec<(u8, &str, usize)> =
        article.headings.iter().map(|h| (h.level, h.text.as_str(), h.line)).collect();
    assert_eq!(headings, [(1, "One", 0), (2, "Two", 5)]);
}

#[test]
fn lists_hang_their_indents() {
    let lines = plain("- a long item that wraps\n- b\n  1. one\n  2. two", 14);
    assert_eq!(lines, ["• a long item", "  that wraps", "• b", "  1. one", "  2. two"]);
}

#[test]
fn ordered_lists_count_from_their_start() {
    assert_eq!(plain("7. seven\n8. eight", 20), ["7. seven", "8. eight"]);
}

#[test]
fn task_lists_show_boxes() {
    assert_eq!(plain("- [x] done\n- [ ] todo", 20), ["☑ done", "☐ todo"]);
}

#[test]
fn quotes_nest_with_a_bar_per_level() {
    let lines = plain("> outer\n>\n> > inner", 20);
    assert_eq!(lines, ["│ outer", "│", "│ │ inner"]);
}

#[test]
fn links_are_numbered_and_listed() {
    let article = render("See [docs](https://x.org) and <https://y.org>.", 40, &Theme::plain());
    let lines: Vec<String> = article.lines.iter().map(|l| l.to_string()).collect();
    assert_eq!(lines[0], "See docs[1] and https://y.org.", "an autolink shows once");
    assert!(lines.contains(&"[1] https://x.org".to_string()), "{lines:?}");
    assert!(!lines.iter().any(|l| l.contains("[2]")), "{lines:?}");
    assert_eq!(article.links[0].line, Some(0));
    assert_eq!(article.links[0].columns, (4, 8));
}

#[test]
fn one_number_per_target_no_anchors_and_whole_urls() {
    let long = format!("https://example.com/{}", "segment/".repeat(12));
    let markdown = format!(
        "# Top\n\n[a](https://x.org), [b](https://x.org), [c](#top), ![i](https://x.org) and [long]({long})."
    );
    let article = render(&markdown, 40, &Theme::plain());
    let lines: Vec<String> = article.lines.iter().map(|l| l.to_string()).collect();
    let text = lines.join("\n");
    assert!(text.contains("a[1], b[1], c, [image: i][2] and\nlong[3]."), "{text}");
    assert!(lines.contains(&format!("[3] {long}")), "the URL whole on its line: {text}");
    assert!(!text.contains("#top"), "in-page anchors are not listed: {text}");
    assert_eq!(article.links.iter().filter(|l| l.number > 0).count(), 3);
    assert!(article.links.iter().any(|l| l.target == "#top" && l.number == 0), "kept to jump to");
}

#[test]
fn images_show_alt_text_and_target() {
    let article = render("![A red leaf](leaf.jpg) and ![](x.png)", 60, &Theme::plain());
    let lines: Vec<String> = article.lines.iter().map(|l| l.to_string()).collect();
    assert_eq!(lines[0], "[image: A red leaf][1] and [image: no description][2]");
    assert!(lines.contains(&"[1] leaf.jpg (image)".to_string()), "{lines:?}");
    assert!(article.links[0].image);
}

#[test]
fn footnotes_gather_at_the_end() {
    let lines = plain("Text[^n] more[^m].\n\n[^m]: Second.\n[^n]: First.", 30);
    assert_eq!(lines[0], "Text¹ more².");
    let at = lines.iter().position(|l| l.starts_with("── Footnotes")).unwrap();
    assert_eq!(&lines[at + 1..at + 3], ["¹ First.", "² Second."]);
}

#[test]
fn rules_span_the_width() {
    assert_eq!(plain("a\n\n---\n\nb", 5), ["a", "", "─────", "", "b"]);
}

#[test]
fn html_is_shown_as_a_browser_shows_it() {
    assert_eq!(plain("<div>\n<b>x</b>\n</div>\n\nText <kbd>K</kbd>.", 30), ["x", "", "Text `K`."]);
}

#[test]
fn inline_code_keeps_backticks_without_styles() {
    assert_eq!(plain("use `x`", 20), ["use `x`"]);
    let article = render("use `x`", 20, &Theme::default());
    assert_eq!(article.lines[0].to_string(), "use x");
}

#[test]
fn styles_follow_emphasis() {
    let theme = Theme::default();
    let article = render("*em* **strong** ~~gone~~", 40, &theme);
    let spans = &article.lines[0].spans;
    assert_eq!(spans[0].style, theme.emphasis);
    assert_eq!(spans[2].style, theme.strong);
    assert_eq!(spans[4].style, theme.strikethrough);
}

#[test]
fn every_line_fits_the_width() {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample-posts/unicode-is-hard.md"
    ))
    .unwrap();
    // One column cannot hold a double-width character; from two on, all fit.
    for width in [2, 3, 5, 13, 40, 80] {
        let article = render(&doc, width, &Theme::default());
        for line in &article.lines {
            assert!(
                line.width() <= width,
                "width {width}: {:?} is {}",
                line.to_string(),
                line.width()
            );
        }
    }
}

#[test]
fn entities_decoded_to_controls_are_sanitized() {
    let article = render(
        "a &#27;[2J b &#x9b;c &#8238;d `\u{1b}]0;x\u{7}`\n\n```\n\u{1b}[31m\n```\n\n[x](&#27;u)",
        40,
        &Theme::default(),
    );
    for line in &article.lines {
        for span in &line.spans {
            assert!(span.content.chars().all(crate::sanitize::is_safe), "{:?}", span.content);
        }
    }
    assert!(article.links[0].target.chars().all(crate::sanitize::is_safe));
}

#[test]
fn deep_nesting_does_not_overflow() {
    let quotes = format!("{}deep", ">".repeat(80_000));
    let lines = plain(&quotes, 40);
    assert!(lines.iter().any(|l| l.contains("deep")));
    let lists = format!("{}x", "- ".repeat(20_000));
    assert!(plain(&lists, 40).iter().any(|l| l.contains('x')));
}

#[test]
fn tiny_widths_do_not_panic() {
    let doc =
        "# T\n\n> q\n\n- a\n  - b\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```rust\nfn x() {}\n```\n";
    for width in 0..8 {
        let _ = render(doc, width, &Theme::default());
    }
}

#[test]
fn code_blocks_are_coloured_through_render() {
    let markdown = "> - ```rust\n>   fn main() { let x = 1; }\n>   ```\n";
    let article = render(markdown, 40, &Theme::default());
    let code = article.lines.iter().find(|l| l.to_string().contains("fn main")).unwrap();
    assert_eq!(code.spans[0].content, "│ ", "the prefix is kept");
    let colours: std::collections::HashSet<_> =
        code.spans.iter().filter_map(|s| s.style.fg).collect();
    assert!(colours.len() > 2, "{code:?}");
}

#[test]
fn many_code_blocks_are_coloured_in_parallel_like_one() {
    let block = "```python\ndef f(x):\n    return x * 2  # double\n```\n\n";
    let markdown = block.repeat(2_000);
    let article = render(&markdown, 60, &Theme::default());
    let first = article.lines.iter().position(|l| l.to_string().contains("return")).unwrap();
    let last = article.lines.iter().rposition(|l| l.to_string().contains("return")).unwrap();
    assert_eq!(article.lines[first], article.lines[last]);
    assert!(article.lines[last].spans.len() > 3);
}

#[test]
fn every_line_knows_the_place_in_the_text_it_came_from() {
    let text: String = (0..12)
        .map(|i| format!("## Part {i}\n\nParagraph {i} {}\n\n", "with words that wrap ".repeat(8)))
        .collect();
    let narrow = render(&text, 30, &Theme::plain());
    let wide = render(&text, 100, &Theme::plain());
    assert_eq!(narrow.sources.len(), narrow.lines.len());
    assert!(narrow.sources.windows(2).all(|w| w[0] <= w[1]), "in order");
    for (line, shown) in narrow.lines.iter().enumerate() {
        let shown = shown.to_string();
        let Some(rest) = shown.strip_prefix("Paragraph ") else { continue };
        let offset = narrow.source_of(line);
        assert!(text[offset..].starts_with(&format!("Paragraph {}", &rest[..2].trim())));
        // The same place at another width: the line that starts the paragraph.
        let there = wide.line_of(offset);
        assert!(wide.lines[there].to_string().starts_with(&shown[..12]), "{shown}");
        // A line inside the paragraph goes back to its start.
        assert_eq!(wide.line_of(offset + 5), there);
    }
}

#[test]
fn places_in_rewritten_site_syntax_point_into_the_text_as_written() {
    use super::dialect::Dialect;
    let text = "Intro {% include note.html %} here.\n\n{% highlight ruby %}\nputs 1\n{% endhighlight %}\n\nAfter the {{ site.title }} code.\n";
    let article = super::render_with(text, 60, &Theme::plain(), &Dialect::default());
    let line = article.lines.iter().position(|l| l.to_string().starts_with("After")).unwrap();
    assert!(text[article.source_of(line)..].starts_with("After the"));
}

#[test]
fn plain_text_keeps_blocks_apart() {
    let text = super::plain_text(
        "- Mend the fence by the compost\n  - buy posts\n\n* Worker Threads:\n  Support\n",
        &super::dialect::Dialect::default(),
    );
    assert!(!text.contains("compostbuy"), "{text:?}");
    assert!(text.contains("compost buy posts") && text.contains("Threads: Support"), "{text:?}");
}

#[test]
fn display_math_blocks_keep_their_layout() {
    let lines =
        plain("Text.\n\n$$\n\\begin{bmatrix} 1 & 2 \\\\ 3 & 44 \\end{bmatrix}\n\n- x\n$$\n", 60);
    assert!(lines.contains(&"  ⎡ 1  2  ⎤ - x".to_string()), "{lines:#?}");
    assert!(lines.contains(&"  ⎣ 3  44 ⎦".to_string()), "{lines:#?}");
    let lines = plain("```math\n\\log p\n```\n", 60);
    assert_eq!(lines, ["  log p"]);
}

#[test]
fn an_empty_table_header_is_not_drawn() {
    let lines = plain("| | |\n|---|---|\n| a | b |\n", 40);
    assert!(lines.iter().any(|l| l.contains("│ a │ b │")), "{lines:#?}");
    assert_eq!(lines.iter().filter(|l| l.contains('│')).count(), 1, "{lines:#?}");
}
