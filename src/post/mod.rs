//! A post and how it is read: bytes → text → front matter + body → [`Post`].

pub mod body;
pub mod cache;
pub mod date;
pub mod fields;
pub mod front_matter;
pub mod index;
pub mod picture;
pub mod plain_yaml;
pub mod resolve;
pub mod rules;
pub mod site;
pub mod walk;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use serde_json::Value;

pub use date::PostDate;
use fields::{Fields, one_line};

/// One post of the index: what the list shows and what queries look at.
/// Every text field is already sanitized for the terminal.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Post {
    /// The file, relative to the folder being read.
    pub path: PathBuf,
    /// The title: front matter, else the first `# heading`, else the file name.
    pub title: String,
    /// The publication date, when one can be found.
    pub date: Option<PostDate>,
    /// Tags and categories, first spelling of each kept.
    pub tags: Vec<String>,
    /// Author names.
    pub authors: Vec<String>,
    /// A short plain-text summary.
    pub excerpt: String,
    /// Words in the body.
    pub words: u32,
    /// Marked as a draft (or as not published).
    pub draft: bool,
    /// Front matter keys folio does not read, kept as they were. A list
    /// rather than a map: most posts have none or one, and a map's first
    /// node alone would cost more than the rest of the post.
    pub extra: Vec<(String, Value)>,
}

/// How serious a [`Warning`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The file was not indexed.
    Skipped,
    /// The post was indexed from its body because its front matter is broken.
    FrontMatter,
    /// The post was indexed, but a value had to be dropped or guessed.
    Note,
    /// The file is a site's section or listing page (Hugo and Zola's
    /// `_index.md`, a page that only sets a layout or template), not a post.
    Section,
}

/// A problem met while reading a folder, tied to the file it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The file or folder, relative to the folder being read.
    pub path: PathBuf,
    /// How serious it is.
    pub severity: Severity,
    /// What happened, in plain words (already sanitized).
    pub message: String,
}

impl Warning {
    /// A warning about `path`.
    pub fn new(path: &Path, severity: Severity, message: impl AsRef<str>) -> Warning {
        Warning { path: path.to_path_buf(), severity, message: one_line(message.as_ref()) }
    }
}

impl Post {
    /// An unknown front matter key's value.
    pub fn extra(&self, key: &str) -> Option<&Value> {
        self.extra.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Minutes to read the post.
    pub fn reading_minutes(&self) -> u32 {
        body::reading_minutes(self.words)
    }

    /// Reads a post from a file's bytes. Returns `None` (with a warning)
    /// when the bytes are not text.
    pub fn from_bytes(path: &Path, bytes: &[u8], warnings: &mut Vec<Warning>) -> Option<Post> {
        match decode(bytes) {
            Ok((text, note)) => {
                if let Some(note) = note {
                    warnings.push(Warning::new(path, Severity::Note, note));
                }
                let (post, page) = Post::read(path, &text, warnings);
                if page == Page::Section {
                    let reason =
                        "a listing or layout page of the site, not a post; left out of the list";
                    warnings.push(Warning::new(path, Severity::Section, reason));
                    return None;
                }
                Some(post)
            }
            Err(reason) => {
                warnings.push(Warning::new(path, Severity::Skipped, reason));
                None
            }
        }
    }

    /// Reads a post from its text. Never fails: what cannot be read is
    /// reported in `warnings` and replaced by a fallback.
    pub fn parse(path: &Path, text: &str, warnings: &mut Vec<Warning>) -> Post {
        Post::read(path, text, warnings).0
    }

    /// Reads a post from its text, and says whether it is a post at all.
    fn read(path: &Path, text: &str, warnings: &mut Vec<Warning>) -> (Post, Page) {
        let split = front_matter::split(text);
        if let Some(problem) = split.problem {
            warnings.push(Warning::new(path, Severity::FrontMatter, problem));
        }
        if let Some(note) = &split.note {
            warnings.push(Warning::new(path, Severity::Note, note));
        }
        let mut notes = Vec::new();
        let fields = match split.front_matter {
            None => Fields::default(),
            Some((format, fm)) => match front_matter::parse(format, fm, split.first_line) {
                Ok(map) => Fields::read(map, &mut notes),
                Err(error) => {
                    warnings.push(Warning::new(path, Severity::FrontMatter, error.0));
                    Fields::default()
                }
            },
        };
        warnings.extend(notes.into_iter().map(|n| Warning::new(path, Severity::Note, n)));
        let body = split.body;
        let file_name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
        // Listing pages: Hugo and Zola's `_index.md`, and pages whose front
        // matter picks a layout or template but says nothing a post says.
        let listing = path.file_stem().is_some_and(|stem| stem == "_index")
            || (fields.extra.iter().any(|(key, _)| {
                key.eq_ignore_ascii_case("layout") || key.eq_ignore_ascii_case("template")
            }) && fields.date.is_none()
                && fields.tags.is_empty()
                && fields.authors.is_empty());
        let post = Post {
            title: fields
                .title
                .map(|title| as_shown(&title))
                .or_else(|| body::first_heading(body))
                .unwrap_or_else(|| title_from_path(path)),
            date: fields
                .date
                .or_else(|| PostDate::from_file_name(&file_name))
                .or(fields.path_date)
                .or_else(|| PostDate::from_url_path(&path.to_string_lossy())),
            tags: fields.tags,
            authors: fields.authors.iter().map(|a| as_shown(a)).collect(),
            excerpt: fields.excerpt.unwrap_or_else(|| body::excerpt(body)),
            words: body::word_count(body),
            draft: fields.draft,
            extra: fields.extra,
            path: path.to_path_buf(),
        };
        // A listing page with a date and a body is written like a post: keep it.
        let page = if listing && !(post.date.is_some() && post.words > 0) {
            Page::Section
        } else {
            Page::Post
        };
        (post, page)
    }
}

/// A front matter value as its site shows it: sites render titles and
/// author names as inline Markdown, so `` `async fn` `` is code and
/// `[Rey](https://…) (Red Hat)` a link; what a reader sees is their text.
fn as_shown(value: &str) -> String {
    if value.contains('`') || value.contains("](") || value.contains('*') {
        let text = body::inline_text(value);
        if !text.trim().is_empty() {
            return text;
        }
    }
    value.to_string()
}

/// What a Markdown file of the folder is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Page {
    /// A post.
    Post,
    /// A section or listing page of the site.
    Section,
}

/// Turns a file's bytes into text: UTF-8 (a BOM is dropped), UTF-16 with a
/// BOM or with the tell-tale zero bytes of ASCII, and invalid UTF-8 with
/// the bad bytes replaced (and a note). Text with NUL bytes is binary.
/// Lines ended by a carriage return alone end with a newline instead.
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Option<String>), String> {
    decode_encoding(bytes).map(|(text, note)| (lone_carriage_returns_to_newlines(text), note))
}

fn decode_encoding(bytes: &[u8]) -> Result<(Cow<'_, str>, Option<String>), String> {
    let utf16 = match bytes {
        [0xFF, 0xFE, rest @ ..] => Some((rest, true)),
        [0xFE, 0xFF, rest @ ..] => Some((rest, false)),
        _ => looks_like_bomless_utf16(bytes).map(|little| (bytes, little)),
    };
    if let Some((rest, little)) = utf16 {
        let units = rest.chunks_exact(2).map(|pair| {
            let pair = [pair[0], pair[1]];
            if little { u16::from_le_bytes(pair) } else { u16::from_be_bytes(pair) }
        });
        let text: String =
            char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect();
        if text.contains('\0') {
            return Err("binary file (contains NUL characters)".into());
        }
        return Ok((Cow::Owned(text), None));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if memchr::memchr(0, bytes).is_some() {
        return Err("binary file (contains NUL bytes)".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((Cow::Borrowed(text), None)),
        Err(error) => {
            let note = format!(
                "not valid UTF-8 (first bad byte at offset {}); shown with replacement characters",
                error.valid_up_to()
            );
            Ok((String::from_utf8_lossy(bytes), Some(note)))
        }
    }
}

/// Old Mac files end lines with a carriage return alone; Markdown and the
/// front matter fences only know newlines, so such a file would be one
/// long line. Lone CRs become newlines (CRLF is left as it is).
fn lone_carriage_returns_to_newlines(text: Cow<'_, str>) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = memchr::memchr_iter(b'\r', bytes).any(|at| bytes.get(at + 1) != Some(&b'\n'));
    if !lone {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// UTF-16 without a BOM: in the first bytes, every other byte is zero and
/// the others are not. Returns whether it is little-endian.
fn looks_like_bomless_utf16(bytes: &[u8]) -> Option<bool> {
    let head = &bytes[..bytes.len().min(64) & !1];
    if head.len() < 4 {
        return None;
    }
    let even_zero = head.iter().step_by(2).all(|&b| b == 0);
    let odd_zero = head.iter().skip(1).step_by(2).all(|&b| b == 0);
    let even_text = head.iter().step_by(2).all(|&b| b != 0);
    let odd_text = head.iter().skip(1).step_by(2).all(|&b| b != 0);
    match (odd_zero && even_text, even_zero && odd_text) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    }
}

/// A readable title from a file name: `2021-04-01-hello_world.md` →
/// "Hello world"; `posts/my-trip/index.md` → "My trip".
pub fn title_from_path(path: &Path) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
    let stem = if matches!(stem.as_ref(), "index" | "_index" | "README" | "readme") {
        path.parent().and_then(Path::file_name).map(|s| s.to_string_lossy()).unwrap_or(stem)
    } else {
        stem
    };
    let stem = stem.as_ref();
    let stem = match PostDate::from_file_name(stem) {
        Some(_) if stem.len() > 11 => &stem[11..],
        _ => stem,
    };
    let words = one_line(&stem.replace(['-', '_'], " "));
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Untitled".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(name: &str, text: &str) -> (Post, Vec<Warning>) {
        let mut warnings = Vec::new();
        let post = Post::from_bytes(Path::new(name), text.as_bytes(), &mut warnings).unwrap();
        (post, warnings)
    }

    #[test]
    fn seed_shaped_post() {
        let text = "---\ntitle: \"Advances\"\ndate: \"2023-10-12\"\ntags: [\"A\", \"B\"]\nauthor: \"Jinu\"\nexcerpt: \"Short.\"\nlayout: post\n---\n\n# Advances\n\nBody text here.\n";
        let (post, warnings) = parse("a.md", text);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(post.title, "Advances");
        assert_eq!(post.date.unwrap().to_string(), "2023-10-12");
        assert_eq!(post.tags, ["A", "B"]);
        assert_eq!(post.authors, ["Jinu"]);
        assert_eq!(post.excerpt, "Short.");
        assert_eq!(post.words, 5);
        assert_eq!(post.extra("layout"), Some(&Value::from("post")));
    }

    #[test]
    fn fallbacks_without_front_matter() {
        let (post, _) = parse("2019-03-04-some_post.md", "Hello *there*.\n");
        assert_eq!(post.title, "Some post");
        assert_eq!(post.date.unwrap().to_string(), "2019-03-04");
        assert_eq!(post.excerpt, "Hello there.");
    }

    #[test]
    fn heading_beats_file_name() {
        let (post, _) = parse("x.md", "---\ndate: 2020-01-01\n---\n# From Heading\n");
        assert_eq!(post.title, "From Heading");
    }

    #[test]
    fn broken_front_matter_keeps_the_post() {
        let (post, warnings) = parse("b.md", "---\ntitle: [unclosed\n---\n# Body Title\n\nText.\n");
        assert_eq!(post.title, "Body Title");
        assert_eq!(post.excerpt, "Text.");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].severity, Severity::FrontMatter);
        assert!(warnings[0].message.contains("YAML (line 3)"), "{}", warnings[0].message);
    }

    #[test]
    fn zola_path_gives_the_date() {
        let (post, _) = parse("x.md", "+++\ntitle = \"T\"\npath = \"2025/06/26/x\"\n+++\nText\n");
        assert_eq!(post.date.unwrap().to_string(), "2025-06-26");
    }

    #[test]
    fn index_files_take_the_folder_name() {
        assert_eq!(title_from_path(Path::new("posts/my-trip/index.md")), "My trip");
        assert_eq!(title_from_path(Path::new("2013-05-06-jekyll-1-0.markdown")), "Jekyll 1 0");
        assert_eq!(title_from_path(Path::new("émile.md")), "Émile");
        assert_eq!(title_from_path(Path::new("a\x1b[2J.md")), "A␛[2J");
    }

    #[test]
    fn decoding() {
        assert_eq!(decode(b"\xEF\xBB\xBFhi").unwrap().0, "hi");
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("hé".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16le).unwrap().0, "hé");
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("hé".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&utf16be).unwrap().0, "hé");
        let bomless: Vec<u8> = "# Title\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&bomless).unwrap().0, "# Title\n");
        assert!(decode(b"\x7fELF\0\0\x01").is_err());
        let (text, note) = decode(b"caf\xe9").unwrap();
        assert_eq!(text, "caf\u{fffd}");
        assert!(note.unwrap().contains("offset 3"));
    }

    #[test]
    fn escapes_decoded_by_yaml_are_sanitized() {
        let (post, _) = parse(
            "e.md",
            "---\ntitle: \"Evil \\e[2J \\x9b title\"\ntags: [\"\\e]0;pwned\\a\"]\n---\n",
        );
        assert_eq!(post.title, "Evil ␛[2J � title");
        assert_eq!(post.tags, ["␛]0;pwned␇"]);
    }

    #[test]
    fn titles_and_authors_show_their_markdown_as_text() {
        let (post, _) = parse(
            "x.md",
            "---\ntitle: \"Stabilizing `async fn` in traits\"\nauthor: \"[Rey Lejano](https://github.com/reylejano) (Red Hat)\"\n---\n",
        );
        assert_eq!(post.title, "Stabilizing async fn in traits");
        assert_eq!(post.authors, ["Rey Lejano (Red Hat)"]);
        let (post, _) = parse("y.md", "---\ntitle: \"5 * 3 = 15\"\n---\n");
        assert_eq!(post.title, "5 * 3 = 15", "a lone asterisk is kept");
    }

    #[test]
    fn section_pages_are_left_out() {
        let section = |name: &str, text: &str| {
            let mut warnings = Vec::new();
            let post = Post::from_bytes(Path::new(name), text.as_bytes(), &mut warnings);
            (post.is_none(), warnings.iter().any(|w| w.severity == Severity::Section))
        };
        let zola_index = "+++\ntitle = \"Rust Blog\"\nsort_by = \"permalink\"\n+++\n";
        assert_eq!(section("_index.md", zola_index), (true, true));
        assert_eq!(
            section("releases/latest.md", "+++\ntemplate = \"latest.html\"\n+++\n"),
            (true, true)
        );
        assert_eq!(
            section("blog.md", "---\nlayout: blog-category\ntitle: Blog\n---\n"),
            (true, true)
        );
        // With a date and a body, it is a post after all.
        let dated = "---\nlayout: post\ntitle: Hi\n---\nHello there.\n";
        assert_eq!(section("2020-01-02-hi.md", dated), (false, false));
        assert_eq!(
            section("hi.md", "---\nlayout: post\ndate: 2020-01-02\n---\nHello.\n"),
            (false, false)
        );
        assert_eq!(section("plain.md", "# Plain\n\nText.\n"), (false, false));
    }

    #[test]
    fn carriage_returns_alone_end_lines() {
        let (post, warnings) =
            parse("cr.md", "---\rtitle: CR only\rdate: 2020-01-02\r---\r# Heading\r\rBody.\r");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(post.title, "CR only");
        assert_eq!(post.date.unwrap().to_string(), "2020-01-02");
        let (post, _) = parse("crlf.md", "---\r\ntitle: Windows\r\n---\r\nBody.\r\n");
        assert_eq!(post.title, "Windows");
    }

    #[test]
    fn entities_in_the_excerpt_are_sanitized() {
        let (post, _) = parse("e.md", "Text &#27;[31m red &#x9b; and &#8238;.\n");
        assert!(post.excerpt.chars().all(crate::sanitize::is_safe), "{:?}", post.excerpt);
        assert!(post.excerpt.contains("␛[31m"));
    }
}
