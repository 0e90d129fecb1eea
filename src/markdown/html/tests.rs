use crate::markdown::render;
use crate::theme::Theme;

fn plain(markdown: &str) -> String {
    let article = render(markdown, 60, &Theme::plain());
    article.lines.iter().map(|l| l.to_string().trim_end().to_string() + "\n").collect()
}

#[test]
fn paragraphs_emphasis_and_entities() {
    let text =
        plain("<p>One <em>two</em> &amp; <strong>three</strong> &gt; four.</p>\n<p>Five</p>\n");
    assert!(text.contains("One two & three > four."), "{text}");
    assert!(text.contains("\n\nFive"), "paragraphs apart: {text}");
    assert!(!text.contains('<'), "{text}");
}

#[test]
fn comments_scripts_and_styles_are_dropped() {
    let text = plain(
        "Intro.\n\n<!--more-->\n\n<script>alert('x')</script>\n<style>p { color: red }</style>\n\nAfter.\n",
    );
    assert!(!text.contains("more") && !text.contains("alert") && !text.contains("color"), "{text}");
    assert!(text.contains("Intro.") && text.contains("After."));
}

#[test]
fn divs_links_and_progress_from_the_rust_blog() {
    let html = "<div style=\"display: flex;\" class=\"mt2 mb3\">\n    <div style=\"flex: auto;\"><a href='https://github.com/x/105'><strong>Bring the Async Rust experience closer</strong></a></div>\n    <div style=\"flex: initial;\"><progress value=\"21\" max=\"40\"></progress>\n</div>\n</div>\n";
    let article = render(html, 80, &Theme::plain());
    let text: Vec<String> = article.lines.iter().map(|l| l.to_string()).collect();
    let joined = text.join("\n");
    assert!(joined.contains("Bring the Async Rust experience closer[1]"), "{joined}");
    assert!(joined.contains("▰▰▰▰▰▱▱▱▱▱ 21/40"), "{joined}");
    assert!(!joined.contains("<div") && !joined.contains("style="), "{joined}");
    assert_eq!(article.links[0].target, "https://github.com/x/105");
}

#[test]
fn pre_keeps_its_lines_and_indentation() {
    let text = plain(
        "<pre><code class=\"language-rust\">fn main() {\n    if a &lt; b {\n        go();\n    }\n}\n</code></pre>\n",
    );
    assert!(text.contains("[rust]"), "{text}");
    assert!(text.contains("        if a < b {"), "indentation kept: {text}");
    assert!(text.contains("            go();"), "{text}");
}

#[test]
fn lists_tables_and_details() {
    let text = plain(
        "<ul>\n<li>first\n<li>second</li>\n</ul>\n\n<ol start=\"3\"><li>three</li><li>four</li></ol>\n",
    );
    assert!(text.contains("• first") && text.contains("• second"), "{text}");
    assert!(text.contains("3. three") && text.contains("4. four"), "{text}");
    let text = plain(
        "<table>\n<tr><th>Name</th><th>Value</th></tr>\n<tr><td>a</td><td>1</td></tr>\n</table>\n",
    );
    assert!(text.contains("│ Name") && text.contains("│ a"), "{text}");
    let text = plain("<details><summary>More</summary>\n\nHidden *text*.\n\n</details>\n");
    assert!(text.contains("▸ More"), "{text}");
    assert!(text.contains("Hidden text."), "{text}");
}

#[test]
fn inline_html_in_markdown() {
    let text = plain(
        "Press <kbd>Ctrl</kbd>+<kbd>C</kbd>, see <a href=\"https://x.org\">the\nsite</a> and <span class=\"x\">this</span>.<br>Next line.\n",
    );
    assert!(text.contains("Press `Ctrl`+`C`, see the site[1] and this."), "{text}");
    assert!(text.contains("\nNext line."), "{text}");
}

#[test]
fn images_and_media_become_links() {
    let article = render(
        "<img src=\"/a.png\" alt=\"A cat\">\n\n<iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n\n<video controls><source src=\"/v.mp4\">Your browser cannot.</video>\n",
        80,
        &Theme::plain(),
    );
    let text: String = article.lines.iter().map(|l| l.to_string() + "\n").collect();
    assert!(text.contains("A cat"), "{text}");
    assert!(text.contains("▶ embedded:"), "{text}");
    assert!(text.contains("▶ video:") && !text.contains("Your browser"), "{text}");
    let targets: Vec<&str> = article.links.iter().map(|l| l.target.as_str()).collect();
    assert_eq!(targets, ["/a.png", "https://www.youtube.com/embed/x", "/v.mp4"]);
}

#[test]
fn unknown_tags_keep_their_text_and_escapes_are_sanitized() {
    let text = plain("<custom-thing foo=\"bar\">Kept &#27;[2J text</custom-thing>\n");
    assert!(text.contains("Kept ␛[2J text"), "{text}");
    assert!(!text.contains('\u{1b}'));
}

#[test]
fn broken_html_never_loses_the_rest() {
    let text = plain("<div><p>Open <b>bold\n\nMarkdown *after*.\n\n<ul><li>x\n");
    assert!(text.contains("Open bold"), "{text}");
    assert!(text.contains("Markdown after."), "{text}");
    assert!(text.contains("• x"), "{text}");
}

#[test]
fn a_table_inside_a_cell_keeps_its_text_in_the_cell() {
    let text = plain(
        "<table><tr><td>outer <table><tr><td>inner one</td><td>inner two</td></tr></table> after</td><td>second</td></tr></table>\n\nNext.\n",
    );
    let row = text.lines().find(|l| l.contains("outer")).unwrap_or_else(|| panic!("{text}"));
    assert!(row.contains("inner one") && row.contains("inner two"), "{text}");
    assert!(row.contains("after") && row.contains("second"), "one row of the outer table: {text}");
    assert!(text.contains("Next."), "{text}");
}

#[test]
fn a_tag_with_thousands_of_attributes_is_read() {
    let html = format!("<p {}>after the tag</p>\n", "a=\"v\" ".repeat(100_000));
    assert!(plain(&html).contains("after the tag"));
}

/// The formula a line of MathML shows, inline.
fn mathml(inner: &str) -> String {
    plain(&format!("x <math>{inner}</math> y\n")).trim().to_string()
}

#[test]
fn mathml_elements_as_unicode() {
    assert_eq!(mathml("<mi>N</mi><mo>=</mo><mn>24</mn>"), "x N = 24 y");
    assert_eq!(mathml("<msub><mi>x</mi><mn>1</mn></msub>"), "x x₁ y");
    assert_eq!(mathml("<msup><mi>x</mi><mn>2</mn></msup>"), "x x² y");
    assert_eq!(mathml("<msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup>"), "x xᵢ² y");
    assert_eq!(
        mathml("<mfrac><mi>a</mi><mrow><mi>b</mi><mo>+</mo><mi>c</mi></mrow></mfrac>"),
        "x a/(b + c) y"
    );
    assert_eq!(mathml("<msqrt><mi>x</mi><mo>+</mo><mn>1</mn></msqrt>"), "x √(x + 1) y");
    assert_eq!(mathml("<mroot><mi>x</mi><mn>3</mn></mroot>"), "x ³√x y");
    assert_eq!(mathml("<mover><mi>v</mi><mo>→</mo></mover>"), "x v\u{20d7} y");
    assert_eq!(mathml("<munder><mo>∑</mo><mi>i</mi></munder>"), "x ∑ᵢ y");
    assert_eq!(mathml("<mtext>if</mtext><mspace/><mi>x</mi>"), "x if x y");
    assert_eq!(
        mathml(
            "<mtable><mtr><mtd><mi>a</mi></mtd><mtd><mi>b</mi></mtd></mtr><mtr><mtd><mn>1</mn></mtd><mtd><mn>2</mn></mtd></mtr></mtable>"
        ),
        "x a b; 1 2 y"
    );
    assert_eq!(
        mathml(
            "<semantics><mi>x</mi><annotation encoding=\"application/x-tex\">x</annotation></semantics>"
        ),
        "x x y"
    );
}

#[test]
fn mathml_display_blocks_are_laid_out() {
    let text = plain(
        "Before.\n\n<math display=\"block\"><mtable><mtr><mtd><mi>a</mi></mtd><mtd><mi>bb</mi></mtd></mtr><mtr><mtd><mn>1</mn></mtd><mtd><mn>2</mn></mtd></mtr></mtable></math>\n\nAfter.\n",
    );
    assert!(text.contains("\n  a  bb\n  1  2\n\nAfter."), "{text}");
    // Nested past any formula's depth, and never closed: still ends.
    let deep = format!("<math>{}x", "<mrow>".repeat(10_000));
    assert!(plain(&deep).contains('x'));
}

#[test]
fn blocks_inside_table_cells_stay_in_their_cells() {
    let text = plain(
        "<table>\n<tr><th>Role</th><th>Who</th></tr>\n<tr><td><p>Point of contact</p></td><td><p>Ana</p><p>Bo</p></td></tr>\n<tr><td>List</td><td><ul><li>one</li><li>two</li></ul></td></tr>\n</table>\n",
    );
    assert!(text.contains("│ Point of contact │ Ana Bo"), "{text}");
    assert!(text.contains("• one  • two") || text.contains("• one • two"), "{text}");
    assert!(
        !text.lines().next().unwrap_or("").contains("Point"),
        "nothing above the table: {text}"
    );
}
