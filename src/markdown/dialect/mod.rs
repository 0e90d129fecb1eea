//! Site generators' syntax inside Markdown, rewritten into the Markdown (or
//! HTML) that means what the site would show, before the text is parsed:
//!
//! - Liquid (Jekyll): `{% highlight ruby %}` blocks become fenced code,
//!   `{% raw %}` keeps its text as written, `{% comment %}` and
//!   `{% include %}` disappear, `{% post_url x %}` and `{% link x %}` become
//!   the post they name, `{{ 'x' | relative_url }}` its path and
//!   `{{ site.x }}` the site's value (from `_config.yml`, when found);
//!   other tags and outputs disappear, the text between them stays.
//! - kramdown: attribute lists (`{: .class}`, `{#id}`, `{::options}`) and the
//!   `* TOC {:toc}` marker disappear.
//! - Hugo shortcodes: `figure` becomes an image, `youtube`, `vimeo`,
//!   `tweet`, `gist` and `instagram` links, `ref`/`relref` the page they
//!   name, `alert`/`notice`/`callout`/`admonition` callouts and `highlight`
//!   code; unknown shortcodes disappear, their inner text stays.
//! - MDX (`.mdx`): `import`/`export` statements disappear, and callout
//!   components (`<Callout type="warning">`, `<Note>`) become callouts.
//!
//! Callouts are written as GitHub alerts (`> [!WARNING]`), which the parser
//! reads. Nothing inside code (fenced blocks, code spans) is touched.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

/// What is known of the post's site.
#[derive(Clone, Debug, Default)]
pub struct Dialect {
    /// The post is MDX: `import`/`export` lines are code, not prose.
    pub mdx: bool,
    /// `site.*` values from the site's `_config.yml`.
    pub site: HashMap<String, String>,
    /// Where the post's pictures are looked for, when its file is known.
    pub pictures: Option<PictureSite>,
    /// The room pictures are drawn in; `None` shows them as their text.
    pub frames: Option<crate::graphics::Frames>,
}

/// The post's file and its site: where its pictures are found.
#[derive(Clone, Debug, Default)]
pub struct PictureSite {
    /// The post's file.
    pub post: std::path::PathBuf,
    /// The site's root and the path it is published under (`blog`), found
    /// on the first picture: a post without one costs no look around.
    site: std::cell::OnceCell<(std::path::PathBuf, String)>,
}

impl PictureSite {
    /// The pictures of the post at `post`.
    pub fn of(post: &Path) -> PictureSite {
        PictureSite { post: post.to_path_buf(), site: std::cell::OnceCell::new() }
    }

    /// Where the picture `src` is, as the post's site finds it.
    pub fn find(&self, src: &str) -> crate::post::picture::Picture {
        let (root, prefix) = self.site.get_or_init(|| {
            let root = crate::post::site::root_of(&self.post, &|_| false);
            let prefix = crate::post::site::prefix_of(&root);
            (root, prefix)
        });
        crate::post::picture::find(src, &self.post, root, prefix)
    }
}

impl Dialect {
    /// The dialect of the post at `file`: MDX by its extension, the site's
    /// values from the nearest `_config.yml` above it (Jekyll's), if any.
    pub fn of_file(file: &Path) -> Dialect {
        let site = file
            .ancestors()
            .skip(1)
            .take(4)
            .map(|dir| dir.join("_config.yml"))
            .find(|config| config.is_file())
            .and_then(|config| crate::post::site::config_text(&config))
            .map(|text| site_values(&text))
            .unwrap_or_default();
        Dialect { site, pictures: Some(PictureSite::of(file)), ..Dialect::of_name(file) }
    }

    /// The dialect the file's name tells (MDX by its extension), without
    /// looking for the site's values: for reading many files quickly.
    pub fn of_name(file: &Path) -> Dialect {
        let mdx = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("mdx"));
        Dialect { mdx, ..Dialect::default() }
    }
}

/// The scalar top-level values of a `_config.yml`.
fn site_values(yaml: &str) -> HashMap<String, String> {
    let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str::<serde_yaml::Value>(yaml)
    else {
        return HashMap::new();
    };
    map.into_iter()
        .filter_map(|(key, value)| {
            let key = key.as_str()?.to_string();
            let value = match value {
                serde_yaml::Value::String(s) => s,
                serde_yaml::Value::Number(n) => n.to_string(),
                serde_yaml::Value::Bool(b) => b.to_string(),
                _ => return None,
            };
            Some((key, value))
        })
        .collect()
}

/// `markdown` with its site-generator syntax rewritten; borrowed when there
/// is none.
pub fn prepare<'a>(markdown: &'a str, dialect: &Dialect) -> Cow<'a, str> {
    prepare_mapped(markdown, dialect).0
}

/// Where the rewritten text's lines came from: `(offset in the rewritten
/// text, offset in the text as written)` at each line written, in order.
/// Empty when nothing was rewritten.
pub type SourceMap = Vec<(usize, usize)>;

/// [`prepare`], and the map from the rewritten text back to the text.
pub fn prepare_mapped<'a>(markdown: &'a str, dialect: &Dialect) -> (Cow<'a, str>, SourceMap) {
    let has_syntax = markdown.contains("{%")
        || markdown.contains("{{")
        || markdown.contains("{:")
        || markdown.contains("{#")
        || markdown.contains("$$")
        || markdown.contains("\n|")
        || markdown.contains("\n<")
        || (dialect.mdx
            && (markdown.contains("import")
                || markdown.contains("export")
                || markdown.contains("<")));
    if !has_syntax {
        return (Cow::Borrowed(markdown), SourceMap::new());
    }
    let mut rewriter = Rewriter {
        dialect,
        out: String::with_capacity(markdown.len()),
        prose: String::new(),
        map: SourceMap::new(),
        line_at: 0,
        math_closers: math_closers(markdown),
        toc: markdown.contains(":toc}").then(|| table_of_contents(markdown)),
    };
    let out = rewriter.run(markdown);
    (Cow::Owned(out), rewriter.map)
}

/// The offset in the text as written of `offset` in the rewritten one
/// (at the start of its line when the line was rewritten).
pub fn original_offset(map: &SourceMap, offset: usize) -> usize {
    if map.is_empty() {
        return offset;
    }
    let at = map.partition_point(|&(out, _)| out <= offset);
    match at.checked_sub(1).map(|i| map[i]) {
        Some((out, source)) => {
            // Within a line: the same distance in, if the next line is further.
            let next = map.get(at).map_or(usize::MAX, |&(_, s)| s);
            (source + (offset - out)).min(next.saturating_sub(1).max(source))
        }
        None => 0,
    }
}

/// What the lines being read are.
#[derive(Debug, PartialEq, Eq)]
enum Mode {
    /// Markdown prose.
    Prose,
    /// A fenced code block, closed by a run of this character this long.
    Fence(char, usize),
    /// A Liquid or Hugo highlight block, closed by this tag.
    Highlight(&'static str),
    /// `{% raw %}`: kept as written until `{% endraw %}`.
    Raw,
    /// `{% comment %}`: dropped until `{% endcomment %}`.
    Comment,
    /// A callout: each line quoted until this closing tag.
    Callout(String),
    /// An MDX import or export statement going on over lines.
    Statement,
    /// An MDX component's tag going on over lines (attributes on lines of
    /// their own), until its `>`.
    Component,
    /// A display formula `$$…$$` over several lines (blank lines and lines
    /// starting with `+` or `-` in it, as kramdown allows), ending on the
    /// line starting at this offset.
    Math(usize),
}

struct Rewriter<'d> {
    dialect: &'d Dialect,
    out: String,
    /// Prose lines waiting for their inline syntax to be rewritten (an
    /// output may run over two lines).
    prose: String,
    /// Where each line written came from.
    map: SourceMap,
    /// Where the line being read starts.
    line_at: usize,
    /// Where each line holding `$$` starts, in order: the ends a display
    /// formula over several lines can have.
    math_closers: Vec<usize>,
    /// The post's table of contents, for kramdown's `{:toc}`.
    toc: Option<String>,
}

impl Rewriter<'_> {
    fn run(&mut self, markdown: &str) -> String {
        let mut mode = Mode::Prose;
        let mut lines = markdown.split_inclusive('\n').peekable();
        let mut read = 0;
        while let Some(line) = lines.next() {
            // Prose waits to be rewritten: its place is where it will go,
            // give or take what its inline syntax changes.
            self.map.push((self.out.len() + self.prose.len(), read));
            self.line_at = read;
            read += line.len();
            let trimmed = line.trim();
            mode = match mode {
                Mode::Fence(c, n) => {
                    self.out.push_str(&without_raw_tags(line));
                    let run = trimmed.chars().take_while(|&x| x == c).count();
                    if run >= n && trimmed[run * c.len_utf8()..].trim().is_empty() {
                        Mode::Prose
                    } else {
                        Mode::Fence(c, n)
                    }
                }
                Mode::Highlight(end) => match line.find(end) {
                    Some(at) => {
                        self.out.push_str(&line[..at]);
                        if !line[..at].is_empty() && !line[..at].ends_with('\n') {
                            self.out.push('\n');
                        }
                        self.out.push_str("~~~~~~\n");
                        Mode::Prose
                    }
                    None => {
                        self.out.push_str(&without_raw_tags(line));
                        Mode::Highlight(end)
                    }
                },
                Mode::Raw => {
                    match line.find("{% endraw %}").or_else(|| line.find("{%- endraw -%}")) {
                        Some(at) => {
                            self.prose_raw(&line[..at]);
                            let after = &line[at..];
                            let after = &after[after.find("%}").map_or(after.len(), |i| i + 2)..];
                            self.prose.push_str(after);
                            Mode::Prose
                        }
                        None => {
                            self.prose_raw(line);
                            Mode::Raw
                        }
                    }
                }
                Mode::Comment => {
                    if line.contains("endcomment") {
                        Mode::Prose
                    } else {
                        Mode::Comment
                    }
                }
                Mode::Component => {
                    if component_tag_ends(trimmed) {
                        Mode::Prose
                    } else {
                        Mode::Component
                    }
                }
                Mode::Statement => {
                    if statement_ends(line) {
                        Mode::Prose
                    } else {
                        Mode::Statement
                    }
                }
                Mode::Callout(end) => {
                    if let Some(at) = line.find(end.as_str()) {
                        self.quote(&line[..at]);
                        self.flush();
                        self.prose.push('\n');
                        Mode::Prose
                    } else {
                        self.quote(line);
                        Mode::Callout(end)
                    }
                }
                Mode::Math(end) if end == self.line_at => {
                    let at = line.find("$$").unwrap_or(line.len());
                    let formula = line[..at].trim_end();
                    if !formula.is_empty() {
                        self.out.push_str(formula);
                        self.out.push('\n');
                    }
                    self.out.push_str("~~~~~~\n");
                    let after = line[at..].get(2..).unwrap_or("");
                    if !after.trim().is_empty() {
                        self.prose.push_str(after);
                    }
                    Mode::Prose
                }
                Mode::Math(end) => {
                    self.out.push_str(line);
                    Mode::Math(end)
                }
                Mode::Prose => self.prose_line(line, trimmed, lines.peek().copied()),
            };
            if matches!(mode, Mode::Fence(..) | Mode::Highlight(_) | Mode::Math(_)) {
                self.flush();
            }
        }
        self.flush();
        if let Mode::Highlight(_) = mode {
            self.out.push_str("\n~~~~~~\n");
        }
        // The end of the text: no place maps past it, however much longer
        // the last line came out.
        self.map.push((self.out.len(), read));
        // Rewritten prose can come out shorter than it was: keep the map in
        // order.
        let mut last = 0;
        for (out, _) in &mut self.map {
            last = (*out).max(last).min(self.out.len());
            *out = last;
        }
        std::mem::take(&mut self.out)
    }

    /// A prose line: block syntax first, else it joins the prose.
    fn prose_line(&mut self, line: &str, trimmed: &str, next: Option<&str>) -> Mode {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let fence = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        if let (Some(c), true) = (fence, indent < 4) {
            let run = trimmed.chars().take_while(|&x| x == c).count();
            if run >= 3 {
                self.flush();
                self.out.push_str(line);
                return Mode::Fence(c, run);
            }
        }
        if let Some(end) = self.math_block_end(trimmed, indent) {
            self.flush();
            self.out.push_str("~~~~~~math\n");
            let rest = trimmed[2..].trim();
            if !rest.is_empty() {
                self.out.push_str(rest);
                self.out.push('\n');
            }
            return Mode::Math(end);
        }
        if let Some(language) = highlight_start(trimmed) {
            self.flush();
            self.out.push_str(&format!("~~~~~~{language}\n"));
            let end = if trimmed.starts_with("{{") { "{{< /highlight" } else { "{% endhighlight" };
            // Code on the same line as the opening tag.
            let after =
                &trimmed[trimmed.find("}}").or_else(|| trimmed.find("%}")).map_or(0, |i| i + 2)..];
            if let Some(at) = after.find(end) {
                self.out.push_str(&after[..at]);
                self.out.push_str("\n~~~~~~\n");
                return Mode::Prose;
            }
            if !after.trim().is_empty() {
                self.out.push_str(after);
                self.out.push('\n');
            }
            return Mode::Highlight(end);
        }
        if let Some(rest) = liquid_block(trimmed, "raw") {
            self.prose_raw_start(line, rest);
            return if rest_closes_raw(rest) { Mode::Prose } else { Mode::Raw };
        }
        if liquid_block(trimmed, "comment").is_some() {
            return if line.contains("endcomment") { Mode::Prose } else { Mode::Comment };
        }
        if let Some((kind, end, rest)) = self.callout_start(trimmed) {
            self.flush();
            self.prose.push_str(&format!("> [!{kind}]\n"));
            if let Some(at) = rest.find(end.as_str()) {
                self.quote(&rest[..at]);
                self.flush();
                self.prose.push('\n');
                return Mode::Prose;
            }
            if !rest.trim().is_empty() {
                self.quote(rest);
            }
            return Mode::Callout(end);
        }
        if self.dialect.mdx
            && indent == 0
            && (trimmed.starts_with("import ") || trimmed.starts_with("export "))
        {
            return if statement_ends(line) { Mode::Prose } else { Mode::Statement };
        }
        // MDX components alone on their lines: the tags go, what they hold
        // stays (`<Box>text</Box>` on one line too).
        if self.dialect.mdx && is_component_tag(trimmed) {
            let Some(end) = component_tag_end(trimmed) else { return Mode::Component };
            let inner = trimmed[end + 1..].trim();
            let inner = match inner.rfind("</") {
                Some(at) if is_component_tag(&inner[at..]) => inner[..at].trim(),
                _ => inner,
            };
            if !inner.is_empty() && !trimmed.starts_with("</") {
                self.prose.push_str(inner);
                self.prose.push('\n');
            }
            return Mode::Prose;
        }
        // kramdown: an attribute list alone on its line, and `* TOC` before
        // `{:toc}`, which is where the table of contents goes.
        if is_toc(trimmed)
            && let Some(toc) = &self.toc
        {
            self.prose.push('\n');
            self.prose.push_str(toc);
            self.prose.push('\n');
            return Mode::Prose;
        }
        if is_attribute_list(trimmed) {
            // kramdown ends the block before at an attribute list (an
            // image's caption after it is a paragraph of its own).
            if !self.at_block_start() {
                self.prose.push('\n');
            }
            return Mode::Prose;
        }
        // A line of span-level HTML that shows nothing (`<br />`, an anchor)
        // starting a block: CommonMark would make it and the Markdown after
        // it an HTML block; kramdown keeps it in the paragraph, where it
        // shows nothing.
        if self.at_block_start() && is_empty_span_html(trimmed) {
            return Mode::Prose;
        }
        // kramdown: a table without a header (no separator under its first
        // row), or with a separator line above its first row.
        if trimmed.starts_with('|') && self.at_block_start() {
            let leading = is_table_separator(trimmed);
            let first = if leading { next.map(str::trim) } else { Some(trimmed) };
            let after_first = if leading { None } else { next.map(str::trim) };
            if let Some(first) = first.filter(|f| f.starts_with('|') && !is_table_separator(f))
                && !after_first.is_some_and(is_table_separator)
            {
                let columns = first.trim_matches('|').split('|').count();
                self.prose.push_str(&format!("{}|\n", "| ".repeat(columns)));
                self.prose.push_str(&format!("{}|\n", "|---".repeat(columns)));
                if leading {
                    return Mode::Prose;
                }
            }
        }
        if matches!(trimmed, "* TOC" | "- TOC" | "1. TOC" | "+ TOC")
            && next.is_some_and(|n| n.trim().starts_with("{:toc") || n.trim().starts_with("{: toc"))
        {
            return Mode::Prose;
        }
        self.prose.push_str(line);
        Mode::Prose
    }

    fn prose_raw_start(&mut self, line: &str, rest: &str) {
        let before = &line[..line.find("{%").unwrap_or(0)];
        self.prose.push_str(before);
        match rest.find("{% endraw %}") {
            Some(at) => {
                self.prose_raw(&rest[..at]);
                self.prose.push_str(&rest[at + "{% endraw %}".len()..]);
            }
            None => self.prose_raw(rest),
        }
    }

    /// Raw text: written out now, past the inline rewriting.
    fn prose_raw(&mut self, text: &str) {
        self.flush();
        self.out.push_str(text);
    }

    /// A line of a callout, quoted.
    fn quote(&mut self, line: &str) {
        let line = line.strip_suffix('\n').unwrap_or(line);
        self.prose.push_str("> ");
        self.prose.push_str(line);
        self.prose.push('\n');
    }

    /// A callout's opening: its kind, its closing tag and the rest of the line.
    fn callout_start<'l>(&self, trimmed: &'l str) -> Option<(&'static str, String, &'l str)> {
        // Hugo: {{% alert %}}, {{< notice warning >}}, {{< callout type="tip" >}}
        for (open, close) in [("{{%", "%}}"), ("{{<", ">}}")] {
            let Some(inner) = trimmed.strip_prefix(open) else { continue };
            let end = inner.find(close)?;
            let words = shortcode_args(&inner[..end]);
            let name = words.first()?.1.to_ascii_lowercase();
            if !matches!(
                name.as_str(),
                "alert"
                    | "notice"
                    | "callout"
                    | "admonition"
                    | "note"
                    | "tip"
                    | "warning"
                    | "hint"
                    | "info"
                    | "caution"
                    | "important"
                    | "danger"
            ) {
                return None;
            }
            let kind_word = words
                .iter()
                .skip(1)
                .find(|(key, _)| {
                    key.is_none()
                        || matches!(key.as_deref(), Some("type" | "color" | "kind" | "context"))
                })
                .map_or(name.as_str(), |(_, v)| v.as_str());
            let closing = format!("{open} /{name}");
            return Some((alert_kind(kind_word), closing, &inner[end + close.len()..]));
        }
        // MDX: <Callout type="warning">, <Note>, <Admonition type="tip">
        if !self.dialect.mdx {
            return None;
        }
        let inner = trimmed.strip_prefix('<')?;
        let name: String = inner.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if !matches!(
            name.as_str(),
            "Callout"
                | "Alert"
                | "AlertBox"
                | "Aside"
                | "Admonition"
                | "Note"
                | "Tip"
                | "Info"
                | "Warning"
                | "Caution"
                | "Important"
                | "Danger"
        ) {
            return None;
        }
        let end = inner.find('>')?;
        if inner[..end].ends_with('/') {
            return None;
        }
        let attributes = shortcode_args(&inner[name.len()..end]);
        let kind_word = attributes
            .iter()
            .find(|(key, _)| {
                matches!(
                    key.as_deref(),
                    Some("type" | "variant" | "kind" | "severity" | "level" | "status")
                )
            })
            .map_or(name.to_ascii_lowercase(), |(_, v)| v.to_ascii_lowercase());
        Some((alert_kind(&kind_word), format!("</{name}>"), &inner[end + 1..]))
    }

    /// Where the display formula a line opens ends: a line starting a
    /// block with `$$` and no `$$` after, closed by a later line holding
    /// `$$`.
    fn math_block_end(&self, trimmed: &str, indent: usize) -> Option<usize> {
        if indent >= 4 || !trimmed.starts_with("$$") || trimmed[2..].contains("$$") {
            return None;
        }
        if !self.at_block_start() {
            return None;
        }
        let next = self.math_closers.partition_point(|&at| at <= self.line_at);
        self.math_closers.get(next).copied()
    }

    /// Whether the line being read starts a block: after a blank line, at
    /// the top, or after a block written out.
    fn at_block_start(&self) -> bool {
        let before = if self.prose.is_empty() { &self.out } else { &self.prose };
        before.is_empty()
            || before.ends_with("\n\n")
            || before.trim_end_matches([' ', '\t']).ends_with("\n\n")
            || before.ends_with("~~~~~~\n")
    }

    /// Rewrites the gathered prose's inline syntax into the output.
    fn flush(&mut self) {
        if self.prose.is_empty() {
            return;
        }
        let prose = std::mem::take(&mut self.prose);
        rewrite_inline(&prose, self.dialect, &mut self.out);
    }
}

/// Where each line holding `$$` starts.
fn math_closers(markdown: &str) -> Vec<usize> {
    let mut at = 0;
    let mut closers = Vec::new();
    for line in markdown.split_inclusive('\n') {
        if line.contains("$$") {
            closers.push(at);
        }
        at += line.len();
    }
    closers
}

/// `{% highlight ruby linenos %}` or `{{< highlight go "linenos=table" >}}`: the language.
fn highlight_start(trimmed: &str) -> Option<String> {
    let inner = trimmed
        .strip_prefix("{%")
        .map(|s| s.trim_start_matches('-'))
        .or_else(|| trimmed.strip_prefix("{{<"))?;
    let inner = inner.trim_start();
    let rest = inner.strip_prefix("highlight")?;
    if !rest.starts_with([' ', '%', '>', '-']) {
        return None;
    }
    let language = rest.split_whitespace().next().unwrap_or("");
    let language = language.trim_matches(['%', '>', '-', '}', '"']);
    Some(language.to_string())
}

/// `{% NAME %}` at the start of a trimmed line: what follows it.
fn liquid_block<'l>(trimmed: &'l str, name: &str) -> Option<&'l str> {
    let inner = trimmed.strip_prefix("{%")?.trim_start_matches('-').trim_start();
    let rest = inner.strip_prefix(name)?;
    let rest = rest.trim_start().strip_prefix('-').unwrap_or(rest.trim_start());
    let rest = rest.strip_prefix("%}")?;
    Some(rest)
}

/// What follows a `{% raw %}` tag at the start of `text`.
fn raw_open(text: &str) -> Option<&str> {
    ["{% raw %}", "{%- raw -%}", "{%raw%}"].iter().find_map(|tag| text.strip_prefix(tag))
}

/// Jekyll reads Liquid even inside code: `{% raw %}` tags there are not
/// shown, the text between them is, as written (`{% raw %}{% raw %}{%
/// endraw %}` shows `{% raw %}`).
fn without_raw_tags(code: &str) -> Cow<'_, str> {
    if !code.contains("raw") {
        return Cow::Borrowed(code);
    }
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("{%") {
        out.push_str(&rest[..at]);
        let Some(inner) = raw_open(&rest[at..]) else {
            let after = &rest[at..];
            let tag_end = after.find("%}").map_or(2, |i| i + 2);
            let tag = &after[..tag_end];
            if !is_endraw(tag) {
                out.push_str(tag);
            }
            rest = &after[tag_end..];
            continue;
        };
        // The text up to the next `endraw` is kept whole.
        match ENDRAW.iter().filter_map(|e| inner.find(e).map(|i| (i, e.len()))).min() {
            Some((end, len)) => {
                out.push_str(&inner[..end]);
                rest = &inner[end + len..];
            }
            None => {
                out.push_str(inner);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

const ENDRAW: [&str; 3] = ["{% endraw %}", "{%- endraw -%}", "{%endraw%}"];

fn is_endraw(tag: &str) -> bool {
    ENDRAW.contains(&tag)
}

fn rest_closes_raw(rest: &str) -> bool {
    rest.contains("{% endraw %}")
}

/// An MDX statement ends on this line: its braces are closed (or it had
/// none) and it does not end with an open brace or a comma.
fn statement_ends(line: &str) -> bool {
    let trimmed = line.trim_end();
    let opened = trimmed.matches('{').count();
    let closed = trimmed.matches('}').count();
    (opened <= closed || trimmed.contains(" from ") || trimmed.starts_with('}'))
        && !trimmed.ends_with('{')
        && !trimmed.ends_with(',')
}

/// A line that opens or closes a JSX component (`<Chart …/>`, `<Tabs>`,
/// `</Tabs>`): capitalized, unlike HTML's tags.
fn is_component_tag(trimmed: &str) -> bool {
    let name = trimmed.strip_prefix("</").or_else(|| trimmed.strip_prefix('<'));
    name.and_then(|n| n.chars().next()).is_some_and(|c| c.is_ascii_uppercase())
}

/// Whether a component's tag is closed on this line (its `>` outside
/// braces and quotes).
fn component_tag_ends(line: &str) -> bool {
    component_tag_end(line).is_some()
}

/// Where the first `>` outside braces and quotes is on this line: the end
/// of a component's opening tag.
fn component_tag_end(line: &str) -> Option<usize> {
    let mut depth = 0i32;
    let mut quote = None;
    for (at, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '{') => depth += 1,
            (None, '}') => depth -= 1,
            (None, '>') if depth <= 0 => return Some(at),
            _ => {}
        }
    }
    None
}

/// A table's separator line: `|---|:--:|`, `|---+---|`.
fn is_table_separator(trimmed: &str) -> bool {
    trimmed.starts_with('|')
        && trimmed.contains('-')
        && trimmed.chars().all(|c| matches!(c, '|' | '-' | ':' | '+' | ' ' | '\t'))
}

/// A line of only empty span-level HTML: `<br />`, `<a name="x"></a>`,
/// `<a id='qa' />`, `<span id="x"></span>`.
fn is_empty_span_html(trimmed: &str) -> bool {
    let mut rest = trimmed;
    let mut any = false;
    while let Some(tag) = rest.strip_prefix('<') {
        let Some(end) = tag.find('>') else { return false };
        let inner = tag[..end].trim_start_matches('/').trim_end_matches('/').trim();
        let name: String = inner.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        let name = name.to_ascii_lowercase();
        let empty_anchor = matches!(name.as_str(), "a" | "span")
            && !inner.contains("href")
            && (inner.contains("name=") || inner.contains("id=") || tag.starts_with('/'));
        if !(name == "br" || empty_anchor) {
            return false;
        }
        any = true;
        rest = tag[end + 1..].trim_start();
    }
    any && rest.is_empty()
}

/// kramdown's table of contents marker.
fn is_toc(trimmed: &str) -> bool {
    matches!(trimmed, "{:toc}" | "{: toc}" | "{:.toc}" | "{: .toc}")
}

/// The post's ATX headings (outside code) as a nested list of links to
/// them, as kramdown's `{:toc}` shows; a heading marked `{:.no_toc}` is
/// left out.
fn table_of_contents(markdown: &str) -> String {
    let mut headings = Vec::new();
    let mut lines = crate::post::body::lines_outside_code(markdown).peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start_matches(' ');
        if line.len() - trimmed.len() >= 4 {
            continue;
        }
        let level = trimmed.chars().take_while(|&x| x == '#').count();
        let text = &trimmed[level.min(trimmed.len())..];
        if !(1..=6).contains(&level) || !(text.is_empty() || text.starts_with([' ', '\t'])) {
            continue;
        }
        if lines.peek().is_some_and(|next| next.contains("no_toc")) {
            continue;
        }
        let text = text.trim().trim_end_matches('#').trim();
        let (text, id) = match text.rfind('{') {
            Some(at) if text.ends_with('}') => {
                let attributes = &text[at + 1..text.len() - 1];
                let id = attributes.split_whitespace().find_map(|a| a.strip_prefix('#'));
                (text[..at].trim(), id.map(str::to_string))
            }
            _ => (text, None),
        };
        if !text.is_empty() {
            headings.push((level, text.to_string(), id.unwrap_or_else(|| super::slug(text))));
        }
    }
    let top = headings.iter().map(|h| h.0).min().unwrap_or(1);
    let mut toc = String::new();
    for (level, text, anchor) in headings {
        let indent = "  ".repeat(level - top);
        toc.push_str(&format!("{indent}- [{text}](#{anchor})\n"));
    }
    toc
}

/// A kramdown attribute list or extension alone on a line.
fn is_attribute_list(trimmed: &str) -> bool {
    (trimmed.starts_with("{:") || trimmed.starts_with("{::")) && trimmed.ends_with('}')
}

/// A GitHub alert kind for a callout's word.
fn alert_kind(word: &str) -> &'static str {
    match word.to_ascii_lowercase().as_str() {
        "warning" | "warn" | "attention" => "WARNING",
        "danger" | "error" | "caution" | "critical" => "CAUTION",
        "tip" | "hint" | "success" | "check" => "TIP",
        "important" => "IMPORTANT",
        // "info", "note", "alertbox" and the rest.
        _ => "NOTE",
    }
}

/// A shortcode's or component's words: the name first, then positional
/// values (no key) and `key=value` pairs, quotes removed.
fn shortcode_args(text: &str) -> Vec<(Option<String>, String)> {
    let mut args = Vec::new();
    let mut chars = text.trim().chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        let mut word = String::new();
        let mut key = None;
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            chars.next();
            match c {
                '"' | '\'' | '`' => {
                    for d in chars.by_ref() {
                        if d == c {
                            break;
                        }
                        word.push(d);
                    }
                }
                '=' if key.is_none() => key = Some(std::mem::take(&mut word)),
                '{' | '}' => {}
                c => word.push(c),
            }
        }
        args.push((key, word));
    }
    args
}

mod inline;

use inline::rewrite_inline;

#[cfg(test)]
mod tests;
