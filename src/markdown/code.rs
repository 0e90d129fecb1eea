//! Code blocks: syntax colours from syntect (loaded the first time a code
//! block needs them), tabs expanded, long lines wrapped with a mark.

use std::sync::{Arc, Mutex, OnceLock, mpsc};

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use syntect::easy::HighlightLines;
use syntect::highlighting::{FontStyle, ThemeSet};
use syntect::parsing::SyntaxSet;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::sanitize;
use crate::text::expand_tabs;
use crate::theme::Theme;

/// The mark at the start of a code line's continuation.
pub const WRAP_MARK: &str = "↪";

/// A code block's language and text, as gathered from events.
#[derive(Clone, Debug, Default)]
pub struct CodeBlock {
    /// The first word of the fence's info string (sanitized), or empty.
    pub language: String,
    /// The raw text.
    pub text: String,
}

/// bat's curated syntaxes (two-face): TOML, TypeScript, PowerShell,
/// Dockerfile and the rest that syntect's own set lacks.
fn syntaxes() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(two_face::syntax::extra_newlines)
}

/// The syntax for a fence's language, by token, by the names blogs use for
/// it (`shell`, `console`, `mjs`, `yml`…), or by extension.
fn syntax_for(language: &str) -> Option<&'static syntect::parsing::SyntaxReference> {
    if language.is_empty() {
        return None;
    }
    let lower = language.to_ascii_lowercase();
    let token = match lower.as_str() {
        "shell" | "console" | "zsh" | "sh" | "terminal" | "shell-session" | "sh-session"
        | "shellsession" | "fish" | "ksh" => "bash",
        "mjs" | "cjs" | "node" | "javascript" => "js",
        "yml" => "yaml",
        "ps" | "ps1" | "pwsh" => "powershell",
        "x86asm" | "assembly" => "asm",
        "liquid" | "jinja" | "jinja2" | "handlebars" | "hbs" => "html",
        "jsonc" | "json5" => "json",
        "golang" => "go",
        "rs" => "rust",
        "py" | "python3" => "python",
        "dockerfile" => "Dockerfile",
        "c++" => "cpp",
        "objective-c" | "objc" => "m",
        other => other,
    };
    let set = syntaxes();
    set.find_syntax_by_token(token)
        .or_else(|| set.find_syntax_by_extension(token))
        .or_else(|| set.find_syntax_by_name(language))
}

fn themes() -> &'static ThemeSet {
    static THEMES: OnceLock<ThemeSet> = OnceLock::new();
    THEMES.get_or_init(ThemeSet::load_defaults)
}

impl CodeBlock {
    /// Whether rendering with `theme` would colour this block's syntax.
    pub fn has_colours(&self, theme: &Theme) -> bool {
        theme.highlights_code() && syntax_for(&self.language).is_some()
    }

    /// The block's lines, each at most `width` columns: a label line when
    /// the language is known, then the code.
    pub fn render(&self, width: usize, theme: &Theme) -> Vec<Vec<Span<'static>>> {
        self.render_with(width, theme, true).into_iter().map(|(_, line)| line).collect()
    }

    /// The lines of [`CodeBlock::render`] (with `colours`) or of
    /// [`CodeBlock::render_uncoloured`], each with the index of the source
    /// line it shows (the label: 0).
    pub fn render_indexed(
        &self,
        width: usize,
        theme: &Theme,
        colours: bool,
    ) -> Vec<(usize, Vec<Span<'static>>)> {
        self.render_with(width, theme, colours)
    }

    /// The same lines as [`CodeBlock::render`], cut at the same places, but
    /// without syntax colours: quick to draw now and colour later.
    pub fn render_uncoloured(&self, width: usize, theme: &Theme) -> Vec<Vec<Span<'static>>> {
        self.render_with(width, theme, false).into_iter().map(|(_, line)| line).collect()
    }

    fn render_with(
        &self,
        width: usize,
        theme: &Theme,
        colours: bool,
    ) -> Vec<(usize, Vec<Span<'static>>)> {
        let width = width.max(2);
        let framed = theme.code_block.bg.is_some();
        // Without a background, an indent sets the block off.
        let indent = if framed { 0 } else { 4.min(width / 4) };
        let mut out = Vec::new();
        if !self.language.is_empty() {
            let label = if framed {
                format!(" {} ", self.language)
            } else {
                format!("[{}]", self.language)
            };
            out.push((
                0,
                vec![Span::styled(
                    crate::text::truncate(&label, width).into_owned(),
                    theme.code_label,
                )],
            ));
        }
        let inner = width - indent;
        for (source_line, segments) in self.highlighted(theme, colours).iter().enumerate() {
            for mut line in cut(segments, inner, theme) {
                if indent > 0 && !line.iter().all(|s| s.content.is_empty()) {
                    line.insert(0, Span::raw(" ".repeat(indent)));
                }
                let used: usize = line.iter().map(|s| s.content.width()).sum();
                if framed && used < width {
                    line.push(Span::styled(" ".repeat(width - used), theme.code_block));
                }
                out.push((source_line, line));
            }
        }
        out
    }

    /// Each source line as styled, sanitized segments. Coloured lines are
    /// kept (see [`Coloured`]): drawing the block again at another width, as
    /// a resize or a zoom does, does not colour it again.
    fn highlighted(&self, theme: &Theme, colours: bool) -> Arc<Segments> {
        let text = self.text.strip_suffix('\n').unwrap_or(&self.text);
        let base = theme.code_block;
        let syntax =
            (colours && theme.highlights_code()).then(|| syntax_for(&self.language)).flatten();
        let clean =
            |s: &str| sanitize::line(&expand_tabs(s.trim_end_matches(['\n', '\r']))).into_owned();
        let plain = || Arc::new(text.split('\n').map(|line| vec![(base, clean(line))]).collect());
        let Some(syntax) = syntax else {
            return plain();
        };
        let Some(colours) = themes().themes.get(theme.syntax_theme) else {
            return plain();
        };
        let key = colour_key(&self.language, text, theme);
        if let Some(kept) = kept_colours().lock().ok().and_then(|kept| kept.get(key)) {
            return kept;
        }
        let mut highlighter = HighlightLines::new(syntax, colours);
        let mut lines = Vec::new();
        let mut last_line = String::new();
        for line in text.split_inclusive('\n') {
            // The syntaxes expect each line to end with a newline.
            let line = if line.ends_with('\n') {
                line
            } else {
                last_line.push_str(line);
                last_line.push('\n');
                &last_line
            };
            let segments = match highlighter.highlight_line(line, syntaxes()) {
                Ok(regions) => expand_segments(
                    regions
                        .into_iter()
                        .map(|(style, part)| (base.patch(convert(style, theme.depth)), part)),
                    base,
                ),
                Err(_) => expand_segments([(base, line)].into_iter(), base),
            };
            lines.push(segments);
        }
        if text.is_empty() {
            lines.push(vec![(base, String::new())]);
        }
        let lines = Arc::new(lines);
        if let Ok(mut kept) = kept_colours().lock() {
            kept.put(key, Arc::clone(&lines), text.len());
        }
        lines
    }
}

/// A code block's lines as styled segments.
type Segments = Vec<Vec<(Style, String)>>;

/// Coloured code blocks, by language, text and theme, within a budget of
/// bytes of code (a whole set is let go when it is spent).
#[derive(Default)]
struct KeptColours {
    blocks: std::collections::HashMap<u64, Arc<Segments>>,
    bytes: usize,
}

impl KeptColours {
    const BUDGET: usize = 32 << 20;

    fn get(&self, key: u64) -> Option<Arc<Segments>> {
        self.blocks.get(&key).cloned()
    }

    fn put(&mut self, key: u64, lines: Arc<Segments>, bytes: usize) {
        if bytes > Self::BUDGET / 4 {
            return;
        }
        if self.bytes + bytes > Self::BUDGET {
            self.blocks.clear();
            self.bytes = 0;
        }
        self.bytes += bytes;
        self.blocks.insert(key, lines);
    }
}

fn kept_colours() -> &'static Mutex<KeptColours> {
    static KEPT: OnceLock<Mutex<KeptColours>> = OnceLock::new();
    KEPT.get_or_init(Mutex::default)
}

fn colour_key(language: &str, text: &str, theme: &Theme) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (language, text, theme.syntax_theme, theme.depth as u8, theme.code_block).hash(&mut hasher);
    hasher.finish()
}

/// A code block to colour: its number, the block, and the width it was
/// drawn at.
pub type Job = (usize, CodeBlock, usize);

/// Colours code blocks, either on helper threads while the rest of the
/// document is still being drawn, or one after the other at the end.
pub struct Colourer {
    sender: Option<mpsc::Sender<Job>>,
    queued: Vec<Job>,
    count: usize,
}

impl Colourer {
    /// Hands over a block; returns its number.
    pub fn submit(&mut self, code: CodeBlock, width: usize) -> usize {
        let job = (self.count, code, width);
        self.count += 1;
        match &self.sender {
            Some(sender) => {
                if let Err(mpsc::SendError(job)) = sender.send(job) {
                    self.queued.push(job);
                }
            }
            None => self.queued.push(job),
        }
        self.count - 1
    }
}

/// The coloured lines of each submitted block, by number.
pub type Coloured = Vec<Vec<Vec<Span<'static>>>>;

/// Runs `body` with a [`Colourer`]; with `threads` above one, helpers
/// colour blocks while `body` runs, and this thread joins them at the end.
pub fn with_colourer<R>(
    theme: &Theme,
    threads: usize,
    body: impl FnOnce(&mut Colourer) -> R,
) -> (R, Coloured) {
    let mut colourer = Colourer { sender: None, queued: Vec::new(), count: 0 };
    if threads <= 1 {
        let result = body(&mut colourer);
        let coloured =
            colourer.queued.iter().map(|(_, code, width)| code.render(*width, theme)).collect();
        return (result, coloured);
    }
    let (jobs, inbox) = mpsc::channel::<Job>();
    let inbox = Mutex::new(inbox);
    let (done, results) = mpsc::channel();
    let work = |done: mpsc::Sender<(usize, Vec<Vec<Span<'static>>>)>| {
        // The lock is held only to take a job, never while colouring.
        while let Some((number, code, width)) =
            inbox.lock().ok().and_then(|inbox| inbox.recv().ok())
        {
            if done.send((number, code.render(width, theme))).is_err() {
                break;
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            let done = done.clone();
            let work = &work;
            scope.spawn(move || work(done));
        }
        colourer.sender = Some(jobs);
        let result = body(&mut colourer);
        // No more blocks: close the queue and help drain it.
        colourer.sender = None;
        work(done);
        let mut coloured: Vec<Option<Vec<Vec<Span<'static>>>>> = vec![None; colourer.count];
        for (number, lines) in results {
            coloured[number] = Some(lines);
        }
        for (number, code, width) in &colourer.queued {
            coloured[*number] = Some(code.render(*width, theme));
        }
        (result, coloured.into_iter().map(Option::unwrap_or_default).collect())
    })
}

/// Puts coloured lines in place of the uncoloured ones: each line keeps its
/// first `prefix` spans (quote bars, indents) and gets the coloured rest.
pub fn splice(
    lines: &mut [Line<'static>],
    places: &[(usize, usize)],
    coloured: Vec<Vec<Span<'static>>>,
) {
    if coloured.len() != places.len() {
        return; // cannot happen: both cut the same text at the same width
    }
    for (&(index, prefix), spans) in places.iter().zip(coloured) {
        if let Some(line) = lines.get_mut(index) {
            line.spans.truncate(prefix);
            line.spans.extend(spans);
        }
    }
}

/// Expands tabs across segments (tab stops count from the line's start)
/// and sanitizes each segment.
fn expand_segments<'a>(
    segments: impl Iterator<Item = (Style, &'a str)>,
    base: Style,
) -> Vec<(Style, String)> {
    let mut column = 0;
    let mut out = Vec::with_capacity(segments.size_hint().0);
    for (style, text) in segments {
        let text = text.trim_end_matches(['\n', '\r']);
        let mut expanded = String::with_capacity(text.len());
        for c in text.chars() {
            if c == '\t' {
                let pad = crate::text::TAB_STOP - column % crate::text::TAB_STOP;
                expanded.extend(std::iter::repeat_n(' ', pad));
                column += pad;
            } else {
                expanded.push(c);
                column += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            }
        }
        let clean = sanitize::line(&expanded).into_owned();
        if !clean.is_empty() {
            out.push((style, clean));
        }
    }
    if out.is_empty() {
        out.push((base, String::new()));
    }
    out
}

/// Cuts one code line into screen lines of at most `width` columns; each
/// continuation starts with [`WRAP_MARK`].
fn cut(segments: &[(Style, String)], width: usize, theme: &Theme) -> Vec<Vec<Span<'static>>> {
    let mut lines = vec![Vec::new()];
    let mut used = 0;
    for (style, text) in segments {
        // Most code is ASCII: a segment that fits whole needs no cutting.
        if text.is_ascii() && used + text.len() <= width {
            lines.last_mut().expect("a line").push(Span::styled(text.clone(), *style));
            used += text.len();
            continue;
        }
        let mut current = String::new();
        for grapheme in text.graphemes(true) {
            let w = if grapheme.is_ascii() { grapheme.len() } else { grapheme.width() };
            if used + w > width && used > 0 {
                if !current.is_empty() {
                    lines
                        .last_mut()
                        .expect("a line")
                        .push(Span::styled(std::mem::take(&mut current), *style));
                }
                lines.push(vec![Span::styled(WRAP_MARK, theme.code_wrap_mark)]);
                used = 1;
            }
            current.push_str(grapheme);
            used += w;
        }
        if !current.is_empty() {
            lines.last_mut().expect("a line").push(Span::styled(current, *style));
        }
    }
    lines
}

/// A syntect style as a ratatui style (foreground and font style only), in
/// the colours the terminal has.
fn convert(style: syntect::highlighting::Style, depth: crate::theme::Depth) -> Style {
    let fg = style.foreground;
    let mut out = Style::new().fg(depth.color(Color::Rgb(fg.r, fg.g, fg.b)));
    if style.font_style.contains(FontStyle::BOLD) {
        out = out.add_modifier(Modifier::BOLD);
    }
    if style.font_style.contains(FontStyle::ITALIC) {
        out = out.add_modifier(Modifier::ITALIC);
    }
    if style.font_style.contains(FontStyle::UNDERLINE) {
        out = out.add_modifier(Modifier::UNDERLINED);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Vec<Span<'static>>]) -> Vec<String> {
        lines.iter().map(|l| l.iter().map(|s| s.content.as_ref()).collect::<String>()).collect()
    }

    fn block(language: &str, text: &str) -> CodeBlock {
        CodeBlock { language: language.into(), text: text.into() }
    }

    #[test]
    fn known_languages_get_colours() {
        let lines = block("rust", "fn main() {}\n").render(40, &Theme::default());
        assert_eq!(text(&lines)[0].trim(), "rust");
        let colours: std::collections::HashSet<_> =
            lines[1].iter().filter_map(|s| s.style.fg).collect();
        assert!(colours.len() > 1, "{:?}", lines[1]);
        assert!(
            lines[1..].iter().all(|l| l.iter().map(|s| s.content.width()).sum::<usize>() == 40)
        );
    }

    #[test]
    fn uncoloured_lines_break_where_coloured_ones_do() {
        let code =
            block("rust", "fn main() {\n\tlet s = \"日本語 and a long string literal\";\n\n}\n");
        let theme = Theme::default();
        for width in [8, 20, 60] {
            assert_eq!(
                text(&code.render(width, &theme)),
                text(&code.render_uncoloured(width, &theme))
            );
        }
    }

    #[test]
    fn blog_languages_and_their_aliases_get_colours() {
        let theme = Theme::default();
        for language in [
            "toml",
            "mjs",
            "cjs",
            "shell",
            "console",
            "zsh",
            "powershell",
            "yml",
            "tsx",
            "dockerfile",
            "asm",
            "liquid",
        ] {
            assert!(block(language, "x = 1\n").has_colours(&theme), "{language}");
        }
        assert!(!block("", "x\n").has_colours(&theme));
    }

    #[test]
    fn colours_are_kept_for_a_render_at_another_width() {
        let theme = Theme::default();
        let code = block("python", "def kept_for_the_next_width(x):\n    return x * 2\n");
        let key = colour_key(&code.language, code.text.trim_end_matches('\n'), &theme);
        let narrow = code.render(20, &theme);
        assert!(kept_colours().lock().unwrap().get(key).is_some(), "kept after the first render");
        let wide = code.render(60, &theme);
        let colour_of = |lines: &[Vec<Span<'static>>], word: &str| {
            lines.iter().flatten().find(|s| s.content.contains(word)).and_then(|s| s.style.fg)
        };
        assert!(colour_of(&wide, "def").is_some());
        assert_eq!(colour_of(&narrow, "def"), colour_of(&wide, "def"));
        assert_eq!(colour_of(&narrow, "return"), colour_of(&wide, "return"));
        assert!(text(&wide)[1].contains("def kept_for_the_next_width(x):"));
    }

    #[test]
    fn unknown_languages_stay_plain() {
        let theme = Theme::default();
        let lines = block("klingon", "Qapla'\n").render(20, &theme);
        assert!(lines[1].iter().all(|s| s.style == theme.code_block));
    }

    #[test]
    fn long_lines_wrap_with_a_mark() {
        let lines = block("", "abcdefghij").render(4, &Theme::default());
        assert_eq!(text(&lines), ["abcd", "↪efg", "↪hij"]);
    }

    #[test]
    fn tabs_expand_and_controls_are_shown() {
        let lines = block("", "\tx\x1b[2J").render(20, &Theme::plain());
        assert_eq!(text(&lines), ["        x␛[2J"]);
    }

    #[test]
    fn plain_theme_indents_and_labels() {
        let lines = block("go", "x := 1\n").render(20, &Theme::plain());
        assert_eq!(text(&lines), ["[go]", "    x := 1"]);
    }

    #[test]
    fn cjk_is_cut_by_width() {
        let lines = block("", "日本語テキスト").render(5, &Theme::default());
        for line in &lines {
            assert!(line.iter().map(|s| s.content.width()).sum::<usize>() <= 5, "{line:?}");
        }
    }
}
