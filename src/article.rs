//! A post as the reader shows it: a header (title, date, authors, reading
//! time, tags) above the rendered body.

use ratatui::text::{Line, Span};

use crate::markdown::dialect::Dialect;
use crate::markdown::wrap::{Piece, wrap};
use crate::markdown::{self, Article};
use crate::post::Post;
use crate::theme::Theme;

/// Renders `post` with its Markdown `body` to lines of at most `width` columns.
pub fn render(post: &Post, body: &str, width: usize, theme: &Theme) -> Article {
    render_in(post, body, width, theme, &Dialect::default())
}

/// Renders `post` as [`render`] does, for a site of `dialect`.
pub fn render_in(
    post: &Post,
    body: &str,
    width: usize,
    theme: &Theme,
    dialect: &Dialect,
) -> Article {
    render_until(post, body, width, theme, dialect, &|| false)
}

/// [`render_in`], given up as soon as `stop` says it is no longer wanted.
fn render_until(
    post: &Post,
    body: &str,
    width: usize,
    theme: &Theme,
    dialect: &Dialect,
    stop: &dyn Fn() -> bool,
) -> Article {
    let width = width.max(1);
    let mut lines = header(post, width, theme);
    let shown = without_title(body, &post.title);
    let mut article = markdown::render_until(shown, width, theme, dialect, stop);
    // Sources as offsets into `body`; the header comes from its start.
    let skipped = shown.as_ptr() as usize - body.as_ptr() as usize;
    let mut sources = vec![0; lines.len()];
    sources.extend(article.sources.iter().map(|s| s + skipped));
    article.sources = sources;
    let offset = lines.len();
    for heading in &mut article.headings {
        heading.line += offset;
    }
    for link in &mut article.links {
        if let Some(line) = &mut link.line {
            *line += offset;
        }
    }
    for place in &mut article.places {
        place.1 += offset;
    }
    for picture in &mut article.pictures {
        picture.line += offset;
    }
    lines.append(&mut article.lines);
    article.lines = lines;
    article
}

/// Reads a post's file and renders it, its pictures drawn in `frames`
/// (else shown as their text); the error says why it could not be read.
pub fn render_file(
    post: &Post,
    file: &std::path::Path,
    width: usize,
    frames: Option<crate::graphics::Frames>,
    theme: &Theme,
) -> Result<Article, String> {
    render_file_in_steps(post, file, width, frames, theme, &mut |_| {}, &|| false)
}

/// What a rendering given up returns.
pub const ABANDONED: &str = "the rendering was given up";

/// Posts longer than this are shown in steps.
pub const LONG_POST: usize = 192 * 1024;

/// Reads and renders a post as [`render_file`] does; a long post is first
/// handed to `early` in quicker, partial renderings, so that a reader can
/// show its top at once: its first blocks, then all of it without syntax
/// colours (cut at the same places), before the whole thing is returned.
/// As soon as `stop` says it is no longer wanted (the reader moved on), it
/// is given up with the error [`ABANDONED`].
pub fn render_file_in_steps(
    post: &Post,
    file: &std::path::Path,
    width: usize,
    frames: Option<crate::graphics::Frames>,
    theme: &Theme,
    early: &mut dyn FnMut(Article),
    stop: &dyn Fn() -> bool,
) -> Result<Article, String> {
    let bytes = crate::post::walk::read_file(file)?;
    let (text, _) = crate::post::decode(&bytes)?;
    let body = crate::post::front_matter::split(&text).body;
    let dialect = Dialect { frames, ..Dialect::of_file(file) };
    // Sources as offsets into the file, front matter included.
    let skipped = body.as_ptr() as usize - text.as_ptr() as usize;
    let in_file = |mut article: Article| {
        article.sources.iter_mut().for_each(|s| *s += skipped);
        article
    };
    let abandoned = || if stop() { Err(ABANDONED.to_string()) } else { Ok(()) };
    if body.len() > LONG_POST {
        let quick = Theme { syntax_theme: "", ..theme.clone() };
        let top = markdown::top_blocks(body, 32 * 1024);
        early(in_file(render_until(post, top, width, &quick, &dialect, stop)));
        abandoned()?;
        if theme.highlights_code() {
            early(in_file(render_until(post, body, width, &quick, &dialect, stop)));
            abandoned()?;
        }
    }
    let article = in_file(render_until(post, body, width, theme, &dialect, stop));
    abandoned()?;
    Ok(article)
}

/// The body without its opening `# Title` line when that only repeats the
/// title the header already shows.
fn without_title<'a>(body: &'a str, title: &str) -> &'a str {
    let start = body.len() - body.trim_start_matches(['\n', '\r', ' ']).len();
    let rest = &body[start..];
    let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    let first = &rest[..end];
    match crate::post::body::first_heading(first) {
        Some(heading) if crate::post::fields::same_word(heading.trim(), title.trim()) => {
            &rest[end..]
        }
        _ => body,
    }
}

/// The header lines, ending with a rule and a blank line.
pub fn header(post: &Post, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let piece = |text: String, style| Piece { text, style, link: None };
    let mut lines: Vec<Line<'static>> = wrap(&[piece(post.title.clone(), theme.title)], width)
        .into_iter()
        .map(|l| Line::from(l.spans))
        .collect();
    let mut meta = Vec::new();
    let mut add = |text: String, style| {
        if !meta.is_empty() {
            meta.push(piece(" · ".to_string(), theme.meta));
        }
        meta.push(piece(text, style));
    };
    if let Some(date) = post.date {
        add(date.to_string(), theme.meta);
    }
    if !post.authors.is_empty() {
        add(post.authors.join(", "), theme.author);
    }
    let minutes = post.reading_minutes();
    add(format!("{minutes} min read"), theme.meta);
    if post.draft {
        add("draft".to_string(), theme.task_open);
    }
    lines.extend(wrap(&meta, width).into_iter().map(|l| Line::from(l.spans)));
    if !post.tags.is_empty() {
        let tags: Vec<Piece> = post
            .tags
            .iter()
            .enumerate()
            .map(|(i, tag)| piece(format!("{}#{tag}", if i == 0 { "" } else { " " }), theme.tag))
            .collect();
        lines.extend(wrap(&tags, width).into_iter().map(|l| Line::from(l.spans)));
    }
    lines.push(Line::from(Span::styled("─".repeat(width), theme.rule)));
    lines.push(Line::default());
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn text(post: &str, width: usize) -> Vec<String> {
        let parsed = Post::parse(Path::new("p.md"), post, &mut Vec::new());
        let body = crate::post::front_matter::split(post).body;
        render(&parsed, body, width, &Theme::plain()).lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn header_then_body_without_a_repeated_title() {
        let lines = text(
            "---\ntitle: Hello\ndate: 2020-01-02\nauthor: Ada\ntags: [a, b]\n---\n\n# Hello\n\nBody.\n",
            30,
        );
        assert_eq!(
            lines[..6],
            ["Hello", "2020-01-02 · Ada · 1 min read", "#a #b", &"─".repeat(30), "", "Body."]
        );
    }

    #[test]
    fn a_different_first_heading_stays() {
        let lines = text("---\ntitle: Hello\n---\n# Other\n", 20);
        assert!(lines.contains(&"Other".to_string()), "{lines:?}");
    }

    #[test]
    fn a_rendering_no_longer_wanted_stops_early() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("big.md");
        let paragraphs: String = (0..50_000).map(|i| format!("Paragraph *{i}*.\n\n")).collect();
        std::fs::write(&file, format!("# Big\n\n{paragraphs}")).unwrap();
        let post = Post::parse(&file, "# Big\n", &mut Vec::new());
        let asked = std::cell::Cell::new(0);
        // Wanted for the first few looks only, as when the reader moves on.
        let stop = || {
            asked.set(asked.get() + 1);
            asked.get() > 3
        };
        let result =
            render_file_in_steps(&post, &file, 80, None, &Theme::plain(), &mut |_| {}, &stop);
        assert_eq!(result.unwrap_err(), ABANDONED);
        // It stopped at the first look that said so, not after the rest.
        assert!(asked.get() <= 6, "asked {} times", asked.get());
        let whole = render_file(&post, &file, 80, None, &Theme::plain()).unwrap();
        assert!(whole.lines.len() > 50_000);
    }

    #[test]
    fn positions_count_the_header() {
        let parsed = Post::parse(Path::new("p.md"), "# T\n\n## Part\n\n[x](y)", &mut Vec::new());
        let article = render(&parsed, "# T\n\n## Part\n\n[x](y)", 40, &Theme::plain());
        let heading = &article.headings[0];
        assert_eq!(article.lines[heading.line].to_string(), "Part");
        let link = article.links[0].line.unwrap();
        assert_eq!(article.lines[link].to_string(), "x[1]");
    }
}
