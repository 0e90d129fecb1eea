//! Splitting a post into front matter and body, and parsing the front matter.
//!
//! Front matter is YAML between `---` lines or TOML between `+++` lines at the
//! very start of the file. Both become one map of JSON values, so the field
//! readers in [`super::fields`] handle a single shape.
//!
//! Limits come before parsing: the closing fence must start within the first
//! [`MAX_FRONT_MATTER`] bytes, and YAML flow nesting deeper than
//! [`MAX_NESTING`] is refused, because serde_yaml's parser is quadratic in
//! nesting depth.

use serde_json::{Map, Value};

/// The closing fence must start within this many bytes of the file.
pub const MAX_FRONT_MATTER: usize = 64 * 1024;

/// The deepest nesting of `[`/`{` or of block indicators accepted in YAML.
pub const MAX_NESTING: usize = 64;

/// The language of a front matter block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// YAML between `---` fences.
    Yaml,
    /// TOML between `+++` fences.
    Toml,
}

/// A post's text cut in two.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The front matter's language and text, without its fences.
    pub front_matter: Option<(Format, &'a str)>,
    /// The Markdown after the closing fence (the whole text when there is
    /// no front matter).
    pub body: &'a str,
    /// The 1-based line of the file where the front matter text starts.
    pub first_line: usize,
    /// Why an opening fence was not taken as front matter.
    pub problem: Option<&'static str>,
    /// How an almost-right opening fence was read anyway (blank lines
    /// before it, more than three dashes), naming the line.
    pub note: Option<String>,
}

/// Cuts `text` (already without a byte order mark) into front matter and
/// body. An opening fence that is never closed, or closed too late, leaves
/// the whole text as body and says why in `problem`.
///
/// An opening fence that is almost right is taken too, with a note: after
/// blank lines, or longer than three characters (`------`), as long as
/// the line after it reads like a key (`title: …`, `title = …`), so that a
/// post opening with a thematic break is still read as Markdown.
pub fn split(text: &str) -> Split<'_> {
    let whole = Split { front_matter: None, body: text, first_line: 1, problem: None, note: None };
    let blank = text.len() - text.trim_start_matches(['\n', '\r', ' ', '\t']).len();
    // Only whole blank lines count: back up to the start of the fence's line.
    let opening = text[..blank].rfind('\n').map_or(0, |i| i + 1);
    let Some(start) = line_end(text, opening) else {
        return whole;
    };
    let first = text[opening..start].trim_end();
    let Some((format, fence_char)) = [(Format::Yaml, '-'), (Format::Toml, '+')]
        .into_iter()
        .find(|(_, c)| first.len() >= 3 && first.chars().all(|x| x == *c))
    else {
        return whole;
    };
    let skipped_lines = text[..opening].matches('\n').count();
    let exact = skipped_lines == 0 && first.len() == 3;
    if !exact && !looks_like_a_key(&text[start..line_end(text, start).unwrap_or(text.len())]) {
        return whole;
    }
    let note = (!exact).then(|| {
        let line = skipped_lines + 1;
        if skipped_lines > 0 {
            format!("front matter opens on line {line}, after blank lines; read anyway")
        } else {
            format!(
                "front matter fence '{first}' on line {line} is not '{}'; read anyway",
                &first[..3]
            )
        }
    });
    // `start` is just past the opening line's newline.
    let mut line_start = start;
    while line_start < text.len() {
        if line_start > MAX_FRONT_MATTER {
            return Split { problem: Some("front matter is not closed within 64 KiB"), ..whole };
        }
        let end = line_end(text, line_start).unwrap_or(text.len());
        let line = text[line_start..end].trim_end();
        let closes = (line.len() >= 3 && line.chars().all(|x| x == fence_char))
            || (format == Format::Yaml && line == "...");
        if closes {
            return Split {
                front_matter: Some((format, &text[start..line_start])),
                body: &text[end..],
                first_line: skipped_lines + 2,
                problem: None,
                note,
            };
        }
        line_start = end;
    }
    Split { problem: Some("front matter is not closed"), ..whole }
}

/// A line like `title: A`, `title = "A"` or `"title": A`.
fn looks_like_a_key(line: &str) -> bool {
    let line = line.trim();
    let key_end = line.find([':', '=']).unwrap_or(0);
    let key = line[..key_end].trim().trim_matches(['"', '\'']);
    !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// The index just past the newline ending the line that starts at `from`.
fn line_end(text: &str, from: usize) -> Option<usize> {
    memchr(b'\n', &text.as_bytes()[from..]).map(|i| from + i + 1)
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

/// Why a front matter block could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(pub String);

/// Parses a front matter block into a map. `first_line` is the file line the
/// block starts on, so that error positions point into the file.
pub fn parse(
    format: Format,
    text: &str,
    first_line: usize,
) -> Result<Map<String, Value>, ParseError> {
    let value = match format {
        Format::Yaml => parse_yaml(text, first_line)?,
        Format::Toml => parse_toml(text, first_line)?,
    };
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        other => Err(ParseError(format!("front matter is {}, not a set of keys", kind(&other)))),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a single string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

fn parse_yaml(text: &str, first_line: usize) -> Result<Value, ParseError> {
    if let Some(map) = super::plain_yaml::parse(text) {
        return Ok(Value::Object(map));
    }
    if nesting_depth(text) > MAX_NESTING {
        return Err(ParseError(format!(
            "front matter is nested more than {MAX_NESTING} levels deep"
        )));
    }
    // Straight into JSON values when the keys are strings (nearly always);
    // through serde_yaml's own values, which accept any key, otherwise.
    if let Ok(value) = serde_yaml::from_str::<Value>(text) {
        return Ok(value);
    }
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let at = e.location().map(|l| format!(" (line {})", l.line() + first_line - 1));
        let reason = e.to_string();
        // serde_yaml appends its own position; ours counts file lines.
        let reason = reason.split(" at line ").next().unwrap_or(&reason).to_string();
        ParseError(format!("front matter is not valid YAML{}: {reason}", at.unwrap_or_default()))
    })?;
    Ok(yaml_to_json(yaml))
}

fn parse_toml(text: &str, first_line: usize) -> Result<Value, ParseError> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let at = e.span().map(|span| {
            let line = text[..span.start.min(text.len())].matches('\n').count();
            format!(" (line {})", line + first_line)
        });
        let reason = e.message().trim().to_string();
        ParseError(format!("front matter is not valid TOML{}: {reason}", at.unwrap_or_default()))
    })?;
    Ok(toml_to_json(toml::Value::Table(table)))
}

/// An upper bound on how deeply `text` nests, counted without regard for
/// quotes so that no input can slip past it: flow brackets, plus block
/// indicators (`- `, `? `) and indentation on each line.
fn nesting_depth(text: &str) -> usize {
    let mut flow: usize = 0;
    let mut deepest = 0;
    for line in text.lines() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let mut block = indent / 2;
        let mut rest = line.trim_start();
        while let Some(r) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix("? ")) {
            block += 1;
            rest = r.trim_start();
        }
        deepest = deepest.max(block);
        for b in line.bytes() {
            match b {
                b'[' | b'{' => {
                    flow += 1;
                    deepest = deepest.max(flow + block);
                }
                b']' | b'}' => flow = flow.saturating_sub(1),
                _ => {}
            }
        }
    }
    deepest
}

/// Converts YAML to JSON values: non-string keys become their text, tags are
/// dropped, and numbers JSON cannot hold become strings.
fn yaml_to_json(value: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map_or_else(|| Value::String(n.to_string()), Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (scalar_text(&yaml_to_json(k)), yaml_to_json(v)))
                .collect(),
        ),
        Y::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn toml_to_json(value: toml::Value) -> Value {
    use toml::Value as T;
    match value {
        T::String(s) => Value::String(s),
        T::Integer(i) => Value::from(i),
        T::Float(f) => serde_json::Number::from_f64(f)
            .map_or_else(|| Value::String(f.to_string()), Value::Number),
        T::Boolean(b) => Value::Bool(b),
        T::Datetime(d) => Value::String(d.to_string()),
        T::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        T::Table(table) => {
            Value::Object(table.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// The text of a scalar value (`2024` → "2024"); empty for lists and maps.
pub fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null | Value::Array(_) | Value::Object(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_text(text: &str) -> Split<'_> {
        split(text)
    }

    #[test]
    fn yaml_with_lf_and_crlf() {
        for text in ["---\ntitle: A\n---\nbody\n", "---\r\ntitle: A\r\n---\r\nbody\r\n"] {
            let split = split(text);
            let (format, fm) = split.front_matter.unwrap();
            assert_eq!(format, Format::Yaml);
            assert!(fm.starts_with("title: A"));
            assert!(split.body.starts_with("body"));
            assert_eq!(split.problem, None);
        }
    }

    #[test]
    fn toml_fences() {
        let split = split("+++\ntitle = \"A\"\n+++\n\nbody");
        assert_eq!(split.front_matter, Some((Format::Toml, "title = \"A\"\n")));
        assert_eq!(split.body, "\nbody");
    }

    #[test]
    fn empty_front_matter_and_trailing_blanks_on_fences() {
        let split = split("--- \n---\t\nbody");
        assert_eq!(split.front_matter, Some((Format::Yaml, "")));
        assert_eq!(split.body, "body");
    }

    #[test]
    fn yaml_document_end_marker_closes() {
        assert_eq!(split("---\na: 1\n...\nbody").body, "body");
    }

    #[test]
    fn no_fence_means_no_front_matter() {
        for text in ["", "# Title\n", "----\nx\n----\n", "--- x\n---\n", "---"] {
            let split = split(text);
            assert_eq!(split.front_matter, None, "{text:?}");
            assert_eq!(split.body, text);
            assert_eq!(split.problem, None);
        }
    }

    #[test]
    fn unclosed_fence_keeps_the_text_as_body() {
        let split = split("---\ntitle: A\nbody\n");
        assert_eq!(split.front_matter, None);
        assert_eq!(split.body, "---\ntitle: A\nbody\n");
        assert_eq!(split.problem, Some("front matter is not closed"));
    }

    #[test]
    fn fence_after_64_kib_is_not_front_matter() {
        let text = format!("---\n{}---\nbody", "a: b\n".repeat(MAX_FRONT_MATTER / 5 + 10));
        let split = split(&text);
        assert_eq!(split.front_matter, None);
        assert_eq!(split.problem, Some("front matter is not closed within 64 KiB"));
    }

    #[test]
    fn almost_right_fences_are_read_with_a_note() {
        let split = split_text("------\ntitle: A\n---\nbody\n");
        assert_eq!(split.front_matter, Some((Format::Yaml, "title: A\n")));
        assert_eq!(split.body, "body\n");
        assert!(split.note.unwrap().contains("'------' on line 1"));
        let split = split_text("\n\n---\ntitle: B\n---\nbody\n");
        assert_eq!(split.front_matter, Some((Format::Yaml, "title: B\n")));
        assert_eq!(split.first_line, 4);
        assert!(split.note.unwrap().contains("opens on line 3"));
        let split = split_text("\n+++\ntitle = \"C\"\n+++\nbody");
        assert_eq!(split.front_matter, Some((Format::Toml, "title = \"C\"\n")));
        // A thematic break and prose stay Markdown.
        for text in ["\n---\nSome prose.\n---\n", "-----\n\nText\n-----\n"] {
            assert_eq!(split_text(text).front_matter, None, "{text:?}");
        }
        assert_eq!(split_text("---\ntitle: A\n---\n").note, None, "a right fence needs no note");
    }

    #[test]
    fn parse_yaml_into_a_map() {
        let map = parse(Format::Yaml, "title: 2024\ntags: [a, b]\n1: one\n", 2).unwrap();
        assert_eq!(map["title"], Value::from(2024));
        assert_eq!(map["tags"], serde_json::json!(["a", "b"]));
        assert_eq!(map["1"], Value::from("one"));
    }

    #[test]
    fn yaml_errors_name_the_file_line() {
        let err = parse(Format::Yaml, "title: ok\ntags: [unclosed\n", 2).unwrap_err();
        assert!(err.0.starts_with("front matter is not valid YAML (line "), "{}", err.0);
    }

    #[test]
    fn toml_errors_name_the_file_line() {
        let err = parse(Format::Toml, "title = \"ok\"\ndate = \n", 2).unwrap_err();
        assert!(err.0.contains("not valid TOML (line 3)"), "{}", err.0);
    }

    #[test]
    fn toml_dates_become_strings() {
        let map = parse(Format::Toml, "date = 2021-05-06\n", 2).unwrap();
        assert_eq!(map["date"], Value::from("2021-05-06"));
    }

    #[test]
    fn a_scalar_or_list_is_not_front_matter() {
        assert!(parse(Format::Yaml, "just a string", 2).unwrap_err().0.contains("a single string"));
        assert!(parse(Format::Yaml, "- a\n- b", 2).unwrap_err().0.contains("a list"));
        assert_eq!(parse(Format::Yaml, "", 2).unwrap(), Map::new());
        assert_eq!(parse(Format::Yaml, "# only a comment\n", 2).unwrap(), Map::new());
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        for text in
            ["[".repeat(60_000), "{".repeat(60_000), "- ".repeat(30_000), "? ".repeat(30_000)]
        {
            let started = std::time::Instant::now();
            let err = parse(Format::Yaml, &text, 2).unwrap_err();
            assert!(err.0.contains("nested"), "{}", err.0);
            assert!(started.elapsed().as_secs() < 5);
        }
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            let refs = vec![format!("*{prev}"); 9].join(", ");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        assert!(parse(Format::Yaml, &text, 2).is_err());
    }
}
