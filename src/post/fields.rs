//! Reading a post's fields from its front matter, leniently.
//!
//! Real blogs disagree on every field's shape: `title: 2024`, tags as a list
//! or as `"a, b"`, `author` as a string, a list or a map with `name`. Each
//! reader here takes what it can and reports what it had to drop.

use serde_json::{Map, Value};

use super::date::PostDate;
use super::front_matter::scalar_text;
use crate::sanitize;

/// The fields front matter may give; anything absent is `None` or empty.
#[derive(Debug, Default, PartialEq)]
pub struct Fields {
    /// `title`, as text.
    pub title: Option<String>,
    /// `date` (or `pubDate`, `publishDate`, `published`, `created`).
    pub date: Option<PostDate>,
    /// A date found in a `path`, `permalink` or `url` key.
    pub path_date: Option<PostDate>,
    /// `tags` and `tag`, then `categories` and `category`.
    pub tags: Vec<String>,
    /// `author` and `authors`.
    pub authors: Vec<String>,
    /// `excerpt`, `description` or `summary`.
    pub excerpt: Option<String>,
    /// `draft: true` or `published: false`.
    pub draft: bool,
    /// Every key not read above, as it was, in the front matter's order.
    pub extra: Vec<(String, Value)>,
}

const DATE_KEYS: [&str; 5] = ["date", "pubdate", "publishdate", "published", "created"];
const TAG_KEYS: [&str; 4] = ["tags", "tag", "categories", "category"];
const EXCERPT_KEYS: [&str; 3] = ["excerpt", "description", "summary"];
const PATH_KEYS: [&str; 3] = ["path", "permalink", "url"];

impl Fields {
    /// Reads the fields from a parsed front matter map; `notes` receives a
    /// sentence for each value that had to be dropped.
    pub fn read(map: Map<String, Value>, notes: &mut Vec<String>) -> Fields {
        let mut fields = Fields::default();
        // Keys are matched without regard to case: `Title:` is a title too.
        let mut tags = Vec::new();
        let mut excerpts: [Option<String>; 3] = Default::default();
        let mut dates: [Option<Value>; 5] = Default::default();
        for (key, value) in map {
            // Known keys are ASCII: comparing without ASCII case avoids
            // lowering (and allocating) every key of every post.
            let is = |name: &str| key.eq_ignore_ascii_case(name);
            let known = |keys: &[&str]| keys.iter().position(|k| is(k));
            if is("published") && value.is_boolean() {
                fields.draft |= value == Value::Bool(false);
            } else if let Some(i) = known(&DATE_KEYS) {
                dates[i] = Some(value);
            } else if let Some(i) = known(&TAG_KEYS) {
                tags.push((i, key, value));
            } else if let Some(i) = known(&EXCERPT_KEYS) {
                excerpts[i] = text(&value).filter(|t| !t.is_empty());
            } else if is("title") {
                fields.title = title(&value, notes);
            } else if is("author") || is("authors") {
                push_authors(&mut fields.authors, &value, notes);
            } else if is("draft") {
                fields.draft |= truthy(&value);
            } else if is("taxonomies") && value.is_object() {
                // Zola keeps tags and categories in a `[taxonomies]` table.
                for (inner, value) in value.as_object().into_iter().flatten() {
                    if let Some(i) = TAG_KEYS.iter().position(|k| inner.eq_ignore_ascii_case(k)) {
                        tags.push((i, inner.clone(), value.clone()));
                    }
                }
            } else {
                if known(&PATH_KEYS).is_some() && fields.path_date.is_none() {
                    fields.path_date = value.as_str().and_then(PostDate::from_url_path);
                }
                fields.extra.push((key, value));
            }
        }
        fields.date = date(dates, notes);
        tags.sort_by_key(|(order, _, _)| *order);
        for (_, key, value) in &tags {
            push_tags(&mut fields.tags, key, value, notes);
        }
        fields.excerpt = excerpts.into_iter().flatten().next();
        fields
    }
}

/// A scalar's text, sanitized and on one line; `None` for lists and maps.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::Array(_) | Value::Object(_) | Value::Null => None,
        scalar => Some(one_line(&scalar_text(scalar))),
    }
}

/// Sanitized, with runs of whitespace made one space, trimmed.
pub fn one_line(text: &str) -> String {
    let clean = sanitize::line(text);
    let tidy = !clean.starts_with(' ') && !clean.ends_with(' ') && !clean.contains("  ");
    if tidy {
        return clean.into_owned();
    }
    let mut out = String::with_capacity(clean.len());
    for word in clean.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn title(value: &Value, notes: &mut Vec<String>) -> Option<String> {
    match text(value) {
        Some(t) if !t.is_empty() => Some(t),
        Some(_) => None,
        None if value.is_null() => None,
        None => {
            notes.push("title is a list or a map, not text; ignored".into());
            None
        }
    }
}

fn truthy(value: &Value) -> bool {
    match value {
        Value::Bool(b) => *b,
        Value::String(s) => matches!(s.trim().to_lowercase().as_str(), "true" | "yes" | "on" | "1"),
        Value::Number(n) => n.as_i64() == Some(1),
        _ => false,
    }
}

fn date(candidates: [Option<Value>; 5], notes: &mut Vec<String>) -> Option<PostDate> {
    for value in candidates.into_iter().flatten() {
        let raw = scalar_text(&value);
        if raw.trim().is_empty() {
            continue;
        }
        match PostDate::parse(&raw) {
            Some(date) => return Some(date),
            None => notes.push(format!("date '{}' is not a date; ignored", one_line(&raw))),
        }
    }
    None
}

/// Adds the tags in `value`: a list, or one string split on commas (or on
/// spaces when it has no comma). Compared without case; first spelling wins.
fn push_tags(tags: &mut Vec<String>, key: &str, value: &Value, notes: &mut Vec<String>) {
    let mut add = |tag: &str| {
        let tag = one_line(tag.trim_start_matches('#'));
        if !tag.is_empty() && !tags.iter().any(|t| same_word(t, &tag)) {
            tags.push(tag);
        }
    };
    match value {
        Value::String(s) if s.contains(',') => s.split(',').for_each(&mut add),
        Value::String(s) => s.split_whitespace().for_each(&mut add),
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Array(_) | Value::Object(_) => notes.push(format!(
                        "a {} in '{}' is not a tag; dropped",
                        if item.is_array() { "nested list" } else { "map" },
                        sanitize::line(key)
                    )),
                    Value::Null => {}
                    scalar => add(&scalar_text(scalar)),
                }
            }
        }
        Value::Null => {}
        Value::Object(_) => {
            notes.push(format!("'{}' is a map, not tags; dropped", sanitize::line(key)))
        }
        scalar => add(&scalar_text(scalar)),
    }
}

/// Adds authors from `author`/`authors`: a string ("A and B", "A, B"), a map
/// with `name`, or a list of either.
fn push_authors(authors: &mut Vec<String>, value: &Value, notes: &mut Vec<String>) {
    let mut add = |name: &str| {
        let name = one_line(name);
        if !name.is_empty() && !authors.iter().any(|a| same_word(a, &name)) {
            authors.push(name);
        }
    };
    match value {
        Value::String(s) => split_names(s).for_each(add),
        Value::Object(map) => match map.get("name").and_then(text) {
            Some(name) => add(&name),
            None => notes.push("author is a map without a 'name'; dropped".into()),
        },
        Value::Array(items) => {
            for item in items {
                if item.is_array() {
                    notes.push("a nested list in authors is not a name; dropped".into());
                } else {
                    push_authors(authors, item, notes);
                }
            }
        }
        Value::Null => {}
        scalar => add(&scalar_text(scalar)),
    }
}

/// "Ada Lovelace and Grace Hopper", "A, B & C" → each name.
fn split_names(s: &str) -> impl Iterator<Item = &str> {
    s.split([',', ';', '&']).flat_map(|part| part.split(" and ")).map(str::trim)
}

/// Case-insensitive equality, cheap for ASCII.
pub fn same_word(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(value: Value) -> (Fields, Vec<String>) {
        let mut notes = Vec::new();
        let Value::Object(map) = value else { panic!("not a map") };
        (Fields::read(map, &mut notes), notes)
    }

    #[test]
    fn title_shapes() {
        assert_eq!(read(json!({"title": "Hello"})).0.title.as_deref(), Some("Hello"));
        assert_eq!(read(json!({"title": 2024})).0.title.as_deref(), Some("2024"));
        assert_eq!(read(json!({"title": true})).0.title.as_deref(), Some("true"));
        assert_eq!(read(json!({"Title": "Case"})).0.title.as_deref(), Some("Case"));
        assert_eq!(read(json!({"title": "  "})).0.title, None);
        assert_eq!(read(json!({"title": null})).0.title, None);
        assert_eq!(
            read(json!({"title": "two\nlines\x1b[31m"})).0.title.as_deref(),
            Some("two lines␛[31m")
        );
        let (fields, notes) = read(json!({"title": ["a"]}));
        assert_eq!(fields.title, None);
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn tags_as_list_string_and_categories() {
        let tags = |v| read(v).0.tags;
        assert_eq!(tags(json!({"tags": ["Rust", "CLI"]})), ["Rust", "CLI"]);
        assert_eq!(tags(json!({"tags": "rust, cli , tui"})), ["rust", "cli", "tui"]);
        assert_eq!(tags(json!({"tags": "rust cli"})), ["rust", "cli"]);
        assert_eq!(
            tags(json!({"tags": ["a"], "categories": ["B"], "category": "c"})),
            ["a", "B", "c"]
        );
        assert_eq!(tags(json!({"tags": ["Rust", "rust", "RUST", "Go"]})), ["Rust", "Go"]);
        assert_eq!(tags(json!({"tags": [2024, true, 1.5]})), ["2024", "true", "1.5"]);
        assert_eq!(tags(json!({"tags": "#rust"})), ["rust"]);
        assert_eq!(tags(json!({"tags": ["Émile", "émile"]})), ["Émile"]);
    }

    #[test]
    fn zola_taxonomies() {
        let (fields, _) =
            read(json!({"tags": ["a"], "taxonomies": {"tags": ["b"], "categories": ["c"]}}));
        assert_eq!(fields.tags, ["a", "b", "c"]);
    }

    #[test]
    fn nested_tags_are_dropped_with_a_note() {
        let (fields, notes) = read(json!({"tags": ["ok", ["nested"], {"a": 1}]}));
        assert_eq!(fields.tags, ["ok"]);
        assert_eq!(notes.len(), 2, "{notes:?}");
    }

    #[test]
    fn author_shapes() {
        let authors = |v| read(v).0.authors;
        assert_eq!(authors(json!({"author": "Ada"})), ["Ada"]);
        assert_eq!(authors(json!({"author": "Ada and Grace"})), ["Ada", "Grace"]);
        assert_eq!(authors(json!({"author": "Ada, Grace & Linus"})), ["Ada", "Grace", "Linus"]);
        assert_eq!(authors(json!({"author": {"name": "Ada", "url": "x"}})), ["Ada"]);
        assert_eq!(authors(json!({"authors": ["Ada", {"name": "Grace"}]})), ["Ada", "Grace"]);
        assert_eq!(authors(json!({"authors": "Ada"})), ["Ada"]);
        assert_eq!(authors(json!({"author": "Ada", "authors": ["ada", "Bob"]})).len(), 2);
        let (fields, notes) = read(json!({"author": {"url": "x"}}));
        assert!(fields.authors.is_empty());
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn excerpt_keys_in_order() {
        let excerpt = |v| read(v).0.excerpt;
        assert_eq!(excerpt(json!({"summary": "s", "excerpt": "e"})).as_deref(), Some("e"));
        assert_eq!(excerpt(json!({"description": "d", "summary": "s"})).as_deref(), Some("d"));
        assert_eq!(excerpt(json!({"excerpt": "", "summary": "s"})).as_deref(), Some("s"));
        assert_eq!(
            excerpt(json!({"excerpt": "a\n  folded\n text"})).as_deref(),
            Some("a folded text")
        );
    }

    #[test]
    fn dates_from_keys_in_order() {
        let day = |v| read(v).0.date.map(|d| d.to_string());
        assert_eq!(day(json!({"date": "2020-01-02"})).as_deref(), Some("2020-01-02"));
        assert_eq!(day(json!({"pubDate": "2020-01-03"})).as_deref(), Some("2020-01-03"));
        assert_eq!(
            day(json!({"created": "2020-01-04", "date": "2021-01-01"})).as_deref(),
            Some("2021-01-01")
        );
        let (fields, notes) = read(json!({"date": "someday"}));
        assert_eq!(fields.date, None);
        assert_eq!(notes, ["date 'someday' is not a date; ignored"]);
    }

    #[test]
    fn draft_flags() {
        assert!(read(json!({"draft": true})).0.draft);
        assert!(read(json!({"draft": "yes"})).0.draft);
        assert!(read(json!({"published": false})).0.draft);
        assert!(!read(json!({"published": true})).0.draft);
        assert!(!read(json!({"draft": false})).0.draft);
    }

    #[test]
    fn unknown_keys_are_kept_and_paths_give_dates() {
        let (fields, _) =
            read(json!({"layout": "post", "path": "2025/06/26/x", "extra": {"a": 1}}));
        assert_eq!(fields.extra.len(), 3);
        assert_eq!(fields.extra[1], ("layout".to_string(), json!("post")));
        assert_eq!(fields.path_date.map(|d| d.to_string()).as_deref(), Some("2025-06-26"));
    }
}
