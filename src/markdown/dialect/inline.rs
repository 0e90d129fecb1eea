//! Site syntax inside a line of prose: Liquid tags and outputs, Hugo
//! shortcodes and kramdown span attributes, rewritten outside code spans.

use super::{Dialect, raw_open, shortcode_args, without_raw_tags};

/// Rewrites the inline syntax of `text` (Liquid tags and outputs, Hugo
/// shortcodes, kramdown span attributes) outside code spans, into `out`.
pub(super) fn rewrite_inline(text: &str, dialect: &Dialect, out: &mut String) {
    let bytes = text.as_bytes();
    let mut closes = Closes::default();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        // A code span: copied whole, closed by a run of as many backticks.
        if rest.starts_with('`') {
            let run = rest.bytes().take_while(|&b| b == b'`').count();
            let fence = &rest[..run];
            // A fence longer than any code span has is text: a cache per
            // length keeps the search linear.
            let close = closes
                .fences
                .get_mut(run)
                .and_then(|next| next.next(text, at + run, fence))
                .map(|i| i - at + run);
            let end = close.unwrap_or(run);
            out.push_str(&without_raw_tags(&rest[..end]));
            at += end;
            continue;
        }
        if let Some(inner) = raw_open(rest) {
            // `{% raw %}…{% endraw %}` in a line: the text as written.
            let opened = rest.len() - inner.len();
            let (kept, used) = match inner.find("{% endraw %}") {
                Some(end) => (&inner[..end], opened + end + "{% endraw %}".len()),
                None => (inner, rest.len()),
            };
            out.push_str(kept);
            at += used;
            continue;
        }
        if bytes[at] == b'{'
            && let Some((replacement, used)) = inline_token(text, at, dialect, &mut closes)
        {
            out.push_str(&replacement);
            at += used;
            continue;
        }
        // Both marks are ASCII: a byte search finds character boundaries.
        let next = rest.as_bytes()[1..]
            .iter()
            .position(|&b| b == b'`' || b == b'{')
            .map_or(rest.len(), |i| i + 1);
        out.push_str(&rest[..next]);
        at += next;
    }
}

/// Where the next closing mark of each kind is, found at most once per
/// stretch of text: looking for it again from every opening mark makes a
/// run of unclosed openings (`{% {% {% …`) quadratic.
struct Closes {
    shortcode_angle: Next,
    shortcode_percent: Next,
    tag: Next,
    output: Next,
    brace: Next,
    line: Next,
    /// Code spans' closing runs, by length.
    fences: [Next; 33],
}

impl Default for Closes {
    fn default() -> Closes {
        Closes {
            shortcode_angle: Next::default(),
            shortcode_percent: Next::default(),
            tag: Next::default(),
            output: Next::default(),
            brace: Next::default(),
            line: Next::default(),
            fences: std::array::from_fn(|_| Next::default()),
        }
    }
}

/// The next place of one mark at or after a place that only moves forward
/// (each `Next` is always asked for the same mark).
#[derive(Clone, Copy, Default)]
struct Next {
    /// What the last search found: where it started, and the mark's place
    /// (`None`: absent from there on).
    last: Option<(usize, Option<usize>)>,
}

impl Next {
    /// The first `mark` in `text` at or after `from`.
    fn next(&mut self, text: &str, from: usize, mark: &str) -> Option<usize> {
        match self.last {
            Some((start, None)) if from >= start => return None,
            Some((start, Some(at))) if from >= start && at >= from => return Some(at),
            _ => {}
        }
        let found = text.get(from..).and_then(|rest| rest.find(mark)).map(|i| from + i);
        self.last = Some((from, found));
        found
    }
}

/// The replacement for the syntax at `at` in `text`, and its length.
fn inline_token(
    text: &str,
    at: usize,
    dialect: &Dialect,
    closes: &mut Closes,
) -> Option<(String, usize)> {
    let rest = &text[at..];
    let between = |end: usize, open: usize| &text[at + open..end];
    if rest.starts_with("{{<") || rest.starts_with("{{%") {
        let (close, next) = if rest.starts_with("{{<") {
            (">}}", &mut closes.shortcode_angle)
        } else {
            ("%}}", &mut closes.shortcode_percent)
        };
        let end = next.next(text, at + 3, close)?;
        return Some((shortcode(between(end, 3)), end - at + close.len()));
    }
    if rest.starts_with("{%") {
        let end = closes.tag.next(text, at + 2, "%}")?;
        return Some((liquid_tag(between(end, 2)), end - at + 2));
    }
    if rest.starts_with("{{") {
        let end = closes.output.next(text, at + 2, "}}")?;
        return Some((liquid_output(between(end, 2), dialect), end - at + 2));
    }
    if rest.starts_with("{:") || rest.starts_with("{#") {
        let end = closes.brace.next(text, at, "}")? - at;
        let inner = &rest[2..end];
        // `{#id}` and `{: .class #id key="v"}`, on one line; not prose in braces.
        let one_line = closes.line.next(text, at, "\n").is_none_or(|line| line > at + end);
        let attribute_like = one_line
            && (rest.starts_with("{:")
                || inner.chars().all(|c| {
                    c.is_alphanumeric() || matches!(c, '-' | '_' | ' ' | '.' | '#' | '=' | '"')
                }));
        return attribute_like.then(|| (String::new(), end + 1));
    }
    None
}

fn liquid_tag(inner: &str) -> String {
    let inner = inner.trim_matches('-').trim();
    let mut words = inner.split_whitespace();
    match words.next() {
        Some("post_url") => words.next().unwrap_or("").to_string(),
        Some("link") => words.next().unwrap_or("").to_string(),
        _ => String::new(),
    }
}

fn liquid_output(inner: &str, dialect: &Dialect) -> String {
    let inner = inner.trim_matches('-').trim();
    let value = inner.split('|').next().unwrap_or("").trim();
    if let Some(quoted) = value
        .strip_prefix('\'')
        .and_then(|v| v.strip_suffix('\''))
        .or_else(|| value.strip_prefix('"').and_then(|v| v.strip_suffix('"')))
    {
        return quoted.to_string();
    }
    match value.strip_prefix("site.") {
        Some(key) => dialect.site.get(key).cloned().unwrap_or_default(),
        None => String::new(),
    }
}

fn shortcode(inner: &str) -> String {
    let args = shortcode_args(inner);
    let Some((_, name)) = args.first() else { return String::new() };
    let named =
        |key: &str| args.iter().find(|(k, _)| k.as_deref() == Some(key)).map(|(_, v)| v.as_str());
    let positional: Vec<&str> =
        args.iter().skip(1).filter(|(k, _)| k.is_none()).map(|(_, v)| v.as_str()).collect();
    let first = |key: &str| named(key).or_else(|| positional.first().copied());
    match name.to_ascii_lowercase().as_str() {
        "figure" | "imgproc" | "img" | "image" => {
            let Some(src) = named("src").or_else(|| positional.first().copied()) else {
                return String::new();
            };
            let text =
                named("caption").or_else(|| named("alt")).or_else(|| named("title")).unwrap_or("");
            format!("![{}](<{src}>)", escape_brackets(text))
        }
        "youtube" => first("id").map_or_else(String::new, |id| {
            format!("[▶ YouTube video](https://www.youtube.com/watch?v={id})")
        }),
        "vimeo" => first("id")
            .map_or_else(String::new, |id| format!("[▶ Vimeo video](https://vimeo.com/{id})")),
        "tweet" | "x" | "twitter" => {
            let user = named("user").or_else(|| (positional.len() > 1).then(|| positional[0]));
            let id = named("id").or_else(|| positional.last().copied());
            match (user, id) {
                (Some(user), Some(id)) => {
                    format!("[Post by @{user}](https://x.com/{user}/status/{id})")
                }
                (None, Some(id)) => format!("[A post on X](https://x.com/i/status/{id})"),
                _ => String::new(),
            }
        }
        "gist" => match (positional.first(), positional.get(1)) {
            (Some(user), Some(id)) => {
                format!("[Gist by {user}](https://gist.github.com/{user}/{id})")
            }
            _ => String::new(),
        },
        "instagram" => first("id").map_or_else(String::new, |id| {
            format!("[Instagram post](https://www.instagram.com/p/{id})")
        }),
        "ref" | "relref" => first("path").unwrap_or("").to_string(),
        _ => String::new(),
    }
}

fn escape_brackets(text: &str) -> String {
    text.replace('[', "\\[").replace(']', "\\]")
}
