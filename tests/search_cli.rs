//! `folio search` through the binary.

#[path = "../benches/corpus/mod.rs"]
mod corpus;

mod common;

use std::time::Duration;

use common::{folio, run, sample_posts};

fn search(args: &[&str]) -> (i32, String, String) {
    let mut command = folio();
    command.arg("search").args(args);
    let out = run(command, Duration::from_secs(60));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn json_hits_best_first_with_snippets_holding_the_words() {
    let dir = sample_posts();
    let (code, out, _) = search(&["question mark", dir.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0);
    let hits: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert!(!hits.is_empty());
    assert_eq!(hits[0]["title"], "Error Handling in Rust Without Tears");
    for key in ["path", "title", "date", "score", "snippet"] {
        assert!(hits[0].get(key).is_some(), "{key}");
    }
    let snippet = hits[0]["snippet"].as_str().unwrap().to_lowercase();
    assert!(snippet.contains("question") && snippet.contains("mark"), "{snippet}");
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first: {scores:?}");
}

#[test]
fn nothing_found_is_an_empty_answer_and_exit_0() {
    let dir = sample_posts();
    let (code, out, _) = search(&["zzyzxnotaword", dir.to_str().unwrap(), "--json"]);
    assert_eq!((code, out.trim()), (0, "[]"));
    let (code, out, _) = search(&["zzyzxnotaword", dir.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn filters_and_limits() {
    let dir = sample_posts();
    let dir = dir.to_str().unwrap();
    let (_, out, _) = search(&["the", dir, "--json", "--limit", "3"]);
    let hits: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(hits.len(), 3);
    let (_, out, _) = search(&["the", dir, "--json", "--tag", "rust", "--limit", "50"]);
    let hits: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert!(!hits.is_empty());
    let index = folio::Index::build(&sample_posts()).unwrap();
    for hit in &hits {
        let path = hit["path"].as_str().unwrap();
        let post = index.posts.iter().find(|p| path.ends_with(&*p.path.to_string_lossy())).unwrap();
        assert!(post.tags.iter().any(|t| t.eq_ignore_ascii_case("rust")), "{path}");
    }
    // Plain output: title, date and path, then the snippet, indented.
    let (_, out, _) = search(&["sourdough", dir, "--limit", "1"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].contains("A Sourdough Starter Diary") && lines[0].contains(".md"), "{out}");
    assert!(lines[1].starts_with("    ") && lines[1].to_lowercase().contains("sourdough"));
    assert!(!out.contains('\x1b'), "plain when piped");
}

#[test]
fn the_rust_blog_finds_a_word_of_its_text() {
    let Some(shared) = common::shared() else { return };
    let blog = shared.join("corpora/rust-blog");
    if !blog.is_dir() {
        return;
    }
    let (code, out, _) = search(&["\"non-lexical lifetimes\"", blog.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0);
    let hits: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert!(!hits.is_empty());
    for hit in hits.iter().take(3) {
        let snippet = hit["snippet"].as_str().unwrap().to_lowercase();
        assert!(snippet.contains("lexical") || snippet.contains("lifetimes"), "{snippet}");
    }
}

#[test]
fn a_build_killed_midway_goes_on_from_where_it_was() {
    let posts = tempfile::tempdir().unwrap();
    corpus::generate(posts.path(), 3_000, 7).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let start = || {
        let mut command = folio();
        command
            .env("XDG_CACHE_HOME", cache.path())
            .args(["search", "lantern", "--json", "--limit", "100000"])
            .arg(posts.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        command
    };
    // Killed while it indexes (as soon as it says how far it got, or at once).
    let mut child = start().spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    let said = std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufRead::read_line(&mut std::io::BufReader::new(stderr), &mut line);
        line
    });
    let started = std::time::Instant::now();
    while !said.is_finished() && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    // The next search answers, and the same as a build from nothing.
    let out = run(start(), Duration::from_secs(120));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let fresh = tempfile::tempdir().unwrap();
    let mut command = start();
    command.env("XDG_CACHE_HOME", fresh.path());
    let out = run(command, Duration::from_secs(120));
    let expected: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!expected.is_empty());
    assert_eq!(hits.len(), expected.len(), "every post is found after the kill");
}

#[test]
fn a_huge_limit_is_capped_to_the_posts_there_are() {
    for limit in ["4294967295", "18446744073709551615"] {
        let output = common::folio_run(&[
            "--no-cache",
            "search",
            "the",
            "--json",
            "--limit",
            limit,
            common::sample_posts().to_str().unwrap(),
        ]);
        assert!(output.status.success(), "{limit}: {}", String::from_utf8_lossy(&output.stderr));
        let found: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
        assert!(!found.is_empty() && found.len() <= 40, "{limit}: {}", found.len());
    }
}
