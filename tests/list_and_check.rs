//! `folio list` and `folio check` on the sample posts, run as a user would.

mod common;

use common::{folio_run, json, sample_posts};
use serde_json::Value;

fn sample() -> String {
    sample_posts().to_string_lossy().into_owned()
}

fn titles(posts: &[Value]) -> Vec<&str> {
    posts.iter().map(|p| p["title"].as_str().unwrap()).collect()
}

fn find<'a>(posts: &'a [Value], suffix: &str) -> &'a Value {
    posts
        .iter()
        .find(|p| p["path"].as_str().unwrap().ends_with(suffix))
        .unwrap_or_else(|| panic!("{suffix} not listed"))
}

#[test]
fn json_lists_every_sample_post_with_all_fields() {
    let posts = json(&folio_run(&["list", &sample(), "--json"]));
    let files = walk(&sample_posts());
    assert_eq!(posts.len(), files, "one entry per Markdown file");
    for post in &posts {
        for key in [
            "path",
            "title",
            "date",
            "tags",
            "authors",
            "excerpt",
            "words",
            "reading_minutes",
            "draft",
        ] {
            assert!(post.get(key).is_some(), "{key} missing in {post}");
        }
        let path = post["path"].as_str().unwrap();
        assert!(path.starts_with(&sample()), "path is DIR joined with the file: {path}");
        assert!(std::path::Path::new(path).is_file());
    }
}

fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            if p.is_dir() {
                walk(&p)
            } else {
                usize::from(matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("md" | "markdown" | "mdx")
                ))
            }
        })
        .sum()
}

#[test]
fn json_fields_follow_the_front_matter_shapes() {
    let posts = json(&folio_run(&["list", &sample(), "--json"]));
    let seed = find(&posts, "rust-error-handling.md");
    assert_eq!(seed["title"], "Error Handling in Rust Without Tears");
    assert_eq!(seed["date"], "2023-05-20");
    assert_eq!(seed["tags"], serde_json::json!(["Rust", "Programming"]));
    assert_eq!(seed["authors"], serde_json::json!(["Priya Raman"]));
    assert!(seed["words"].as_u64().unwrap() > 200);
    assert_eq!(seed["reading_minutes"], seed["words"].as_u64().unwrap().div_ceil(200));

    let toml = find(&posts, "spring-planting-notes.md");
    assert_eq!(toml["tags"], serde_json::json!(["Gardening", "Seasons"]));
    assert_eq!(toml["authors"], serde_json::json!(["Sofia Rossi"]));
    assert_eq!(toml["date"], "2020-04-22");

    let from_name = find(&posts, "2019-08-15-cycling-the-danube.md");
    assert_eq!(from_name["date"], "2019-08-15");
    assert_eq!(from_name["tags"], serde_json::json!(["Cycling", "Travel", "Europe"]));

    assert_eq!(find(&posts, "notes-on-typography.md")["title"], "Notes on typography");
    assert_eq!(find(&posts, "bread-baking-basics/index.md")["title"], "Bread baking basics");
    assert_eq!(
        find(&posts, "accessible-terminal-apps.md")["authors"],
        serde_json::json!(["Priya Raman", "Lucas Brandt"])
    );
    assert_eq!(
        find(&posts, "linux-file-permissions.md")["authors"],
        serde_json::json!(["Amara Okafor", "Ilse de Vries"])
    );
    assert_eq!(
        find(&posts, "config-files-compared.md")["authors"],
        serde_json::json!(["Mara Lindqvist"])
    );
    let jekyll = find(&posts, "2018-11-20-building-a-tui-in-rust.markdown");
    assert_eq!(jekyll["date"], "2018-11-20T10:00:00-05:00");
    assert_eq!(jekyll["tags"], serde_json::json!(["Rust", "Terminal"]));
    assert_eq!(find(&posts, "database-indexes-deep-dive.md")["date"], "2024-11-05T09:30:00+01:00");
    assert_eq!(find(&posts, "writing-every-day.md")["draft"], true);
    let astro = find(&posts, "a-year-of-cycling-to-work.md");
    assert_eq!(astro["date"], "2023-07-01");
    assert_eq!(astro["excerpt"], "Twelve months, four seasons and one very reliable bicycle.");
    let no_excerpt = find(&posts, "sql-window-functions.md");
    assert!(no_excerpt["excerpt"].as_str().unwrap().starts_with("A window function computes"));
}

#[test]
fn newest_first_and_sorts() {
    let posts = json(&folio_run(&["list", &sample(), "--json"]));
    let dates: Vec<&str> =
        posts.iter().filter_map(|p| p["date"].as_str()).map(|d| &d[..10]).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");

    let reversed = json(&folio_run(&["list", &sample(), "--json", "--reverse"]));
    let dates: Vec<&str> =
        reversed.iter().filter_map(|p| p["date"].as_str()).map(|d| &d[..10]).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");

    let by_title = json(&folio_run(&["list", &sample(), "--json", "--sort", "title"]));
    let lower: Vec<String> = titles(&by_title).iter().map(|t| t.to_lowercase()).collect();
    assert!(lower.windows(2).all(|w| w[0] <= w[1]), "{lower:?}");
}

#[test]
fn tag_author_and_query_filters() {
    let rust = json(&folio_run(&["list", &sample(), "--json", "--tag", "RUST"]));
    assert_eq!(
        titles(&rust),
        ["Error Handling in Rust Without Tears", "Building a Small TUI in Rust"]
    );

    let both =
        json(&folio_run(&["list", &sample(), "--json", "--tag", "rust", "--tag", "terminal"]));
    assert_eq!(titles(&both), ["Building a Small TUI in Rust"]);

    let partial_tag = json(&folio_run(&["list", &sample(), "--json", "--tag", "rus"]));
    assert!(partial_tag.is_empty());

    let kenji = json(&folio_run(&["list", &sample(), "--json", "--author", "watanabe"]));
    assert_eq!(kenji.len(), 3);
    assert!(kenji.iter().all(|p| p["authors"][0] == "Kenji Watanabe"));

    let query = json(&folio_run(&["list", &sample(), "--json", "--query", "kyoto"]));
    assert_eq!(titles(&query)[0], "Kyoto in Autumn 紅葉");
    let fuzzy = json(&folio_run(&["list", &sample(), "--json", "--query", "sqlwin"]));
    assert_eq!(titles(&fuzzy), ["SQL Window Functions for the Rest of Us"]);
}

#[test]
fn plain_output_when_not_a_terminal() {
    let output = folio_run(&["list", &sample()]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(!text.contains('\x1b'), "no styles in a pipe");
    let first = text.lines().next().unwrap();
    let fields: Vec<&str> = first.split('\t').collect();
    assert_eq!(fields.len(), 5, "{first}");
    assert_eq!(fields[0], "2025-03-01");
    assert_eq!(fields[1], "Garden Planning for 2025");
    assert!(fields[4].ends_with("garden-planning-2025.md"));
    assert!(output.stderr.is_empty(), "sample posts have no problems");
}

#[test]
fn check_is_clean_on_the_samples() {
    let output = folio_run(&["check", &sample()]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{text}");
    assert!(
        text.contains("37 posts read, 0 files skipped, 0 posts with a broken front matter"),
        "{text}"
    );
}

#[test]
fn missing_folder_is_one_clear_line() {
    let output = folio_run(&["list", "/no/such/folder"]);
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8(output.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("cannot read folder '/no/such/folder'"), "{err}");
}

#[test]
fn help_and_version() {
    let help = folio_run(&["--help"]);
    assert!(help.status.success());
    let text = String::from_utf8(help.stdout).unwrap();
    for word in ["list", "check", "[DIR]"] {
        assert!(text.contains(word), "{text}");
    }
    let version = folio_run(&["--version"]);
    assert!(String::from_utf8(version.stdout).unwrap().starts_with("folio "));
}

#[test]
fn the_reader_refuses_a_pipe_plainly() {
    let output = folio_run(&[&sample()]);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(err.starts_with("folio: the reader needs a terminal"), "{err}");
    assert!(output.stdout.is_empty());
}

#[test]
fn global_flags_go_before_or_after_the_subcommand() {
    let before = folio_run(&["--no-cache", "list", &sample(), "--json"]);
    let after = folio_run(&["list", "--no-cache", &sample(), "--json"]);
    assert_eq!(json(&before).len(), 37);
    assert_eq!(before.stdout, after.stdout);
    let check = folio_run(&["--no-cache", "check", &sample()]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
}

#[test]
fn a_folder_before_the_subcommand_is_refused_plainly() {
    let output = folio_run(&[&sample(), "list"]);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(err.contains("folio list"), "{err}");
}

#[test]
fn a_closed_stderr_is_no_crash() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bin.md"), b"\0\0\0").unwrap();
    std::fs::write(dir.path().join("ok.md"), "# Ok\n").unwrap();
    let dir = dir.path().to_str().unwrap();
    for args in [["list", dir], ["check", dir], ["list", "/no/such/folder"]] {
        // Standard error is a pipe nobody reads any more.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let status = common::folio()
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(writer)
            .status()
            .unwrap();
        assert_ne!(status.code(), Some(101), "{args:?} panicked");
        assert!(status.code().is_some(), "{args:?} died of a signal");
    }
}

#[test]
fn filters_compose_on_the_command_line() {
    let all = json(&folio_run(&["list", &sample(), "--json"]));
    let by_any =
        json(&folio_run(&["list", &sample(), "--json", "--author", "priya", "--author", "amara"]));
    let by_priya = json(&folio_run(&["list", &sample(), "--json", "--author", "priya"]));
    assert!(by_any.len() > by_priya.len(), "several authors mean any of them");
    let no_rust = json(&folio_run(&["list", &sample(), "--json", "--not-tag", "rust"]));
    assert!(no_rust.len() < all.len());
    assert!(no_rust.iter().all(|p| {
        !p["tags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t.as_str().unwrap().eq_ignore_ascii_case("rust"))
    }));
    let recent = json(&folio_run(&["list", &sample(), "--json", "--since", "2024-01-01"]));
    assert!(
        !recent.is_empty() && recent.iter().all(|p| p["date"].as_str().unwrap() >= "2024-01-01")
    );
    let bad = folio_run(&["list", &sample(), "--since", "yesterday-ish"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not a date"));
}

#[test]
fn sort_applies_to_query_results_too() {
    let by_date =
        json(&folio_run(&["list", &sample(), "--json", "--query", "rust", "--sort", "date"]));
    let dates: Vec<&str> = by_date.iter().map(|p| p["date"].as_str().unwrap_or("")).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    let reversed = json(&folio_run(&[
        "list",
        &sample(),
        "--json",
        "--query",
        "rust",
        "--sort",
        "date",
        "--reverse",
    ]));
    let dates: Vec<&str> = reversed.iter().map(|p| p["date"].as_str().unwrap_or("")).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
}
