//! Real blog folders from ../shared/corpora (when present): every file is
//! listed or warned about, with its front matter's title and authors.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::{folio_run, json, shared};
use serde_json::Value;

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("md" | "markdown")) {
            out.push(path);
        }
    }
}

/// Title and authors read straight from the front matter with the format
/// crates, as an oracle independent of folio's lenient readers.
fn front_matter(text: &str) -> (Option<String>, Vec<String>) {
    let text = text.trim_start_matches('\u{feff}');
    let (fence, is_toml) = if text.starts_with("+++") { ("+++", true) } else { ("---", false) };
    let Some(rest) = text.strip_prefix(fence) else {
        return (None, vec![]);
    };
    let Some(end) = rest.find(&format!("\n{fence}")) else {
        return (None, vec![]);
    };
    let block = &rest[..end];
    let value: serde_json::Value = if is_toml {
        serde_json::to_value(block.parse::<toml::Table>().unwrap()).unwrap()
    } else {
        serde_json::to_value(serde_yaml::from_str::<serde_yaml::Value>(block).unwrap()).unwrap()
    };
    let title = value.get("title").and_then(|t| match t {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    });
    let mut authors = Vec::new();
    for key in ["author", "authors"] {
        match value.get(key) {
            Some(Value::String(s)) => authors.push(s.clone()),
            Some(Value::Array(items)) => {
                authors.extend(items.iter().filter_map(|i| i.as_str().map(String::from)))
            }
            _ => {}
        }
    }
    (title, authors)
}

fn check_corpus(name: &str) {
    let Some(shared) = shared() else {
        eprintln!("../shared is absent: skipping the {name} corpus");
        return;
    };
    let dir = shared.join("corpora").join(name);
    let mut files = Vec::new();
    markdown_files(&dir, &mut files);
    assert!(!files.is_empty());

    let posts = json(&folio_run(&["list", dir.to_str().unwrap(), "--json"]));
    let check = folio_run(&["check", dir.to_str().unwrap()]);
    let problems = String::from_utf8(check.stdout).unwrap();
    let by_path: HashMap<PathBuf, &Value> =
        posts.iter().map(|p| (PathBuf::from(p["path"].as_str().unwrap()), p)).collect();

    for file in &files {
        let Some(post) = by_path.get(file) else {
            let shown = file.to_string_lossy();
            assert!(problems.contains(shown.as_ref()), "{shown} neither listed nor warned about");
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        let (title, authors) = front_matter(&text);
        if let Some(title) = title {
            // Titles are inline Markdown: `code` shows as its text.
            let expected = title.replace('`', "");
            let expected = expected.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(post["title"], expected.as_str(), "title of {}", file.display());
        }
        let listed: Vec<&str> =
            post["authors"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
        assert_eq!(
            listed.is_empty(),
            authors.is_empty(),
            "authors of {}: {listed:?} vs {authors:?}",
            file.display()
        );
        for author in &listed {
            assert!(
                authors.iter().any(|a| a.contains(author)),
                "{author} not in {authors:?} ({})",
                file.display()
            );
        }
    }
    eprintln!("{name}: {} files, {} listed", files.len(), posts.len());
}

#[test]
fn rust_blog_corpus() {
    check_corpus("rust-blog");
}

#[test]
fn the_rust_blogs_section_pages_are_left_out_and_counted() {
    let Some(shared) = common::shared() else { return };
    let dir = shared.join("corpora/rust-blog");
    let listed =
        common::json(&common::folio_run(&["list", "--no-cache", "--json", dir.to_str().unwrap()]));
    for page in ["/_index.md", "releases/latest.md"] {
        assert!(
            !listed.iter().any(|p| p["path"].as_str().unwrap().ends_with(page)),
            "{page} is a section page, not a post"
        );
    }
    let check = common::folio_run(&["check", "--no-cache", dir.to_str().unwrap()]);
    let text = String::from_utf8(check.stdout).unwrap();
    assert!(text.lines().last().unwrap().ends_with("4 section pages left out"), "{text}");
    assert!(check.status.success(), "section pages are no failure");
}

#[test]
fn jekyll_corpus() {
    check_corpus("jekyll-posts");
}

#[test]
fn jekyll_dates_come_from_front_matter_or_file_name() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("corpora/jekyll-posts");
    let posts = json(&folio_run(&["list", dir.to_str().unwrap(), "--json"]));
    for post in &posts {
        let path = post["path"].as_str().unwrap();
        let name = Path::new(path).file_name().unwrap().to_str().unwrap();
        let date = post["date"].as_str().unwrap_or_else(|| panic!("{path} has no date"));
        // The front matter's own day wins over the file name's, as in Jekyll;
        // the time and offset never move it.
        let text = std::fs::read_to_string(path).unwrap();
        let written = text
            .lines()
            .find_map(|l| l.strip_prefix("date:"))
            .map(|d| d.trim().trim_matches(['"', '\'']).get(..10).unwrap().to_string());
        let expected = written.unwrap_or_else(|| name[..10].to_string());
        assert_eq!(&date[..10], expected, "{path}: the calendar day is kept");
    }
}
