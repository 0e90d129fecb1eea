use super::*;

fn prepared(markdown: &str) -> String {
    prepare(markdown, &Dialect::default()).into_owned()
}

fn mdx(markdown: &str) -> String {
    prepare(markdown, &Dialect { mdx: true, ..Dialect::default() }).into_owned()
}

#[test]
fn plain_markdown_is_borrowed() {
    assert!(matches!(prepare("# Title\n\nText.\n", &Dialect::default()), Cow::Borrowed(_)));
}

#[test]
fn liquid_highlight_becomes_fenced_code() {
    let text = prepared(
        "Before.\n\n{% highlight ruby linenos %}\n> quoted? no, code\nputs 1\n{% endhighlight %}\n\nAfter.\n",
    );
    assert_eq!(text, "Before.\n\n~~~~~~ruby\n> quoted? no, code\nputs 1\n~~~~~~\n\nAfter.\n");
}

#[test]
fn liquid_raw_comment_include_and_links() {
    let text = prepared(
        "{% raw %}\n{{ kept }} {% as is %}\n{% endraw %}\n\n{% comment %}\nhidden\n{% endcomment %}\n{% include note.html %}\nSee [it]({% post_url 2019-11-10-x %}) and [that]({% link _posts/y.md %}).\n",
    );
    assert!(text.contains("{{ kept }} {% as is %}"), "{text}");
    assert!(!text.contains("hidden") && !text.contains("include"), "{text}");
    assert!(text.contains("[it](2019-11-10-x)") && text.contains("[that](_posts/y.md)"), "{text}");
}

#[test]
fn liquid_outputs_give_their_paths_and_site_values() {
    let dialect = Dialect {
        site: [("repository".to_string(), "https://github.com/jekyll/jekyll".to_string())].into(),
        ..Dialect::default()
    };
    let text = prepare(
        "![a]({{ '/assets/x.png' | relative_url }}) [b]({{ site.baseurl }}/p.html) [c]({{ site.repository\n}}/issues/1)\n{{ page.title }}\n",
        &dialect,
    );
    assert_eq!(
        text,
        "![a](/assets/x.png) [b](/p.html) [c](https://github.com/jekyll/jekyll/issues/1)\n\n"
    );
}

#[test]
fn code_is_left_alone_but_raw_tags_go() {
    let text = prepared(
        "```\n{% if x %}{{ y }}\n```\n\nUse `{{ page.title }}` or `{% raw %}{{ z }}{% endraw %}`.\n",
    );
    assert!(text.contains("```\n{% if x %}{{ y }}\n```"), "{text}");
    assert!(text.contains("`{{ page.title }}`") && text.contains("`{{ z }}`"), "{text}");
    let text =
        prepared("`{% raw %}{% raw %}{% endraw %}` and `{% raw %}{% highlight %}{% endraw %}`\n");
    assert_eq!(text, "`{% raw %}` and `{% highlight %}`\n");
}

#[test]
fn kramdown_attribute_lists_and_toc() {
    let text = prepared(
        "* TOC\n{:toc}\n\n## Title {#custom}\n\nA paragraph.\n{: .center}\n\n*emphasis*{: .big} ends.\n",
    );
    assert!(!text.contains("TOC") && !text.contains("{:") && !text.contains("{#"), "{text}");
    assert!(text.contains("## Title \n") && text.contains("*emphasis* ends."), "{text}");
}

#[test]
fn hugo_shortcodes() {
    let text = prepared(
        "{{< figure src=\"/img/a.png\" caption=\"A [nice] view\" >}}\n\n{{< youtube dQw4w9WgXcQ >}}\n\n{{< tweet user=\"rustlang\" id=\"123\" >}} {{< gist spf13 7896402 >}}\n\nSee [post]({{< ref \"other-post.md\" >}}) and {{< unknown x >}}inner{{< /unknown >}}.\n",
    );
    assert!(text.contains("![A \\[nice\\] view](</img/a.png>)"), "{text}");
    assert!(text.contains("(https://www.youtube.com/watch?v=dQw4w9WgXcQ)"), "{text}");
    assert!(
        text.contains("(https://x.com/rustlang/status/123)")
            && text.contains("(https://gist.github.com/spf13/7896402)"),
        "{text}"
    );
    assert!(text.contains("[post](other-post.md) and inner."), "{text}");
}

#[test]
fn callouts_become_alerts() {
    let text = prepared(
        "{{% alert %}}\nWatch *out*.\n{{% /alert %}}\n\n{{< notice warning >}}Careful{{< /notice >}}\n",
    );
    assert!(text.contains("> [!NOTE]\n> Watch *out*.\n"), "{text}");
    assert!(text.contains("> [!WARNING]\n> Careful\n"), "{text}");
    let text = mdx(
        "import { Callout } from 'nextra/components'\nexport const meta = {\n  title: 'x',\n}\n\n# Title\n\n<Callout type=\"warning\">\nBe careful.\n</Callout>\n\nimport is a word in prose too.\n",
    );
    assert!(!text.contains("nextra") && !text.contains("meta"), "{text}");
    assert!(text.contains("> [!WARNING]\n> Be careful.\n"), "{text}");
}

#[test]
fn hugo_highlight() {
    let text =
        prepared("{{< highlight go \"linenos=table\" >}}\nfunc main() {}\n{{< /highlight >}}\n");
    assert_eq!(text, "~~~~~~go\nfunc main() {}\n~~~~~~\n");
}

#[test]
fn mdx_components_go_and_their_children_stay() {
    let text = mdx(
        "Intro.\n\n<Chart title=\"Visits\" data={[3, 5, 8]} />\n\n<Tabs>\n<Tab\n  label=\"One\"\n>\nFirst tab.\n</Tab>\n</Tabs>\n\n<div>html stays</div>\n",
    );
    assert!(!text.contains("Chart") && !text.contains("Tab"), "{text}");
    assert!(text.contains("First tab.") && text.contains("<div>html stays</div>"), "{text}");
}

#[test]
fn an_mdx_component_on_one_line_keeps_its_text() {
    let text = mdx(
        "Before.\n\n<Box>boxed text</Box>\n\n<Card title=\"x\">card {1 + 1}</Card>\n\n<Chart data={[1]} />\n\nAfter.\n",
    );
    assert!(text.contains("boxed text") && !text.contains("<Box"), "{text}");
    assert!(text.contains("card") && !text.contains("<Card"), "{text}");
    assert!(!text.contains("Chart"), "{text}");
}

#[test]
fn no_place_maps_past_the_text() {
    // Found by the fuzzer: shortcodes that come out longer on the last line.
    let text = "{%  sitenx }}{{< x }}{{< fygu\0\0 src=\"a \">}}<Box>x</Box>";
    for mdx in [false, true] {
        let (prepared, map) = prepare_mapped(text, &Dialect { mdx, ..Dialect::default() });
        for offset in 0..=prepared.len() {
            assert!(original_offset(&map, offset) <= text.len(), "{offset} of {prepared:?}");
        }
    }
}

#[test]
fn display_math_over_lines_is_one_block() {
    // kramdown: blank lines and lines starting with + or - inside $$…$$.
    let text = prepared("Text.\n\n$$\na = b\n\n+ c_1 - d\n- e\n$$\n\nAfter $$x$$.\n");
    assert_eq!(text, "Text.\n\n~~~~~~math\na = b\n\n+ c_1 - d\n- e\n~~~~~~\n\nAfter $$x$$.\n");
    // Opened and closed beside the formula.
    let text = prepared("$$ a = b\n\nc = d $$\n");
    assert_eq!(text, "~~~~~~math\na = b\n\nc = d\n~~~~~~\n");
    // Not a block: inside a paragraph, or never closed.
    assert_eq!(prepared("Text\n$$\na\n$$\n"), "Text\n$$\na\n$$\n");
    assert_eq!(prepared("Text.\n\n$$\na\n"), "Text.\n\n$$\na\n");
}

#[test]
fn mdx_alert_boxes_are_callouts_of_their_level() {
    let text = mdx(
        "<AlertBox level=\"warning\">\nMind the gap.\n</AlertBox>\n\n<AlertBox level=\"info\">\nFYI.\n</AlertBox>\n",
    );
    assert!(text.contains("> [!WARNING]\n> Mind the gap."), "{text}");
    assert!(text.contains("> [!NOTE]\n> FYI."), "{text}");
}

#[test]
fn kramdown_toc_lists_the_headings_nested() {
    let text = prepared(
        "* TOC\n{:toc}\n\n## Intro\n\nText.\n\n### Details {#more}\n\n```\n# not a heading\n```\n\n## Skipped\n{:.no_toc}\n\n## End ##\n",
    );
    let toc = "\n- [Intro](#intro)\n  - [Details](#more)\n- [End](#end)\n\n";
    assert!(text.starts_with(toc), "{text}");
}

#[test]
fn kramdown_tables_without_a_header_get_an_empty_one() {
    // No separator under the first row.
    let text = prepared("Text.\n\n| a | b |\n| c | d |\n");
    assert_eq!(text, "Text.\n\n| | |\n|---|---|\n| a | b |\n| c | d |\n");
    // A separator line above the first row.
    let text = prepared("Text.\n\n|---|---|\n| a | b |\n");
    assert_eq!(text, "Text.\n\n| | |\n|---|---|\n| a | b |\n");
    // A table with a header is left alone.
    let text = prepared("Text.\n\n| h | i |\n|---|---|\n| a | b |\n");
    assert_eq!(text, "Text.\n\n| h | i |\n|---|---|\n| a | b |\n");
}

#[test]
fn kramdown_attribute_lists_end_blocks_and_empty_span_lines_go() {
    let text = prepared("![A chart](chart.png)\n{: .center}\n*The caption.*\n");
    assert_eq!(text, "![A chart](chart.png)\n\n*The caption.*\n");
    let text =
        prepared("Intro.\n\n<a name='qa' />\n**Question-Answering** - [SQuAD](https://x.org)\n");
    assert_eq!(text, "Intro.\n\n**Question-Answering** - [SQuAD](https://x.org)\n");
    let text = prepared("Intro.\n\n<br />\nText {:toc}\n");
    assert!(text.contains("\n\nText"), "{text}");
    // Tags that show something stay.
    assert!(prepared("Intro.\n\n<a href=\"x\">x</a>\n{: .c}\n").contains("<a href"));
}
