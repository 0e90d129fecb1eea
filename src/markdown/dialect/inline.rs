//! Site syntax inside a line of prose: Liquid tags and outputs, Hugo
//! shortcodes and kramdown span attributes, rewritten outside code spans.

use super::{Dialect, raw_open, shortcode_args, without_raw_tags};

/// Rewrites the inline syntax of `text` (Liquid tags and outputs, Hugo
/// shortcodes, kramdown span attributes) outside code spans, into `out`.
pub(super) fn rewrite_inline(text: &str, dialect: &Dialect, out: &mut String) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        // A code span: copied whole, closed by a run of as many backticks.
        if rest.starts_with('`') {
            let run = rest.bytes().take_while(|&b| b == b'`').count();
            let fence = &rest[..run];
            let close = rest[run..].find(fence).map(|i| run + i + run);
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
            && let Some((replacement, used)) = inline_token(rest, dialect)
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

/// The replacement for the syntax at the start of `rest`, and its length.
fn inline_token(rest: &str, dialect: &Dialect) -> Option<(String, usize)> {
    if let Some(inner) = rest.strip_prefix("{{<").or_else(|| rest.strip_prefix("{{%")) {
        let close = if rest.starts_with("{{<") { ">}}" } else { "%}}" };
        let end = inner.find(close)?;
        return Some((shortcode(&inner[..end]), 3 + end + close.len()));
    }
    if let Some(inner) = rest.strip_prefix("{%") {
        let end = inner.find("%}")?;
        return Some((liquid_tag(&inner[..end]), 2 + end + 2));
    }
    if let Some(inner) = rest.strip_prefix("{{") {
        let end = inner.find("}}")?;
        return Some((liquid_output(&inner[..end], dialect), 2 + end + 2));
    }
    if rest.starts_with("{:") || rest.starts_with("{#") {
        let end = rest.find('}')?;
        let inner = &rest[2..end];
        // `{#id}` and `{: .class #id key="v"}`; not prose in braces.
        let attribute_like = !inner.contains('\n')
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
