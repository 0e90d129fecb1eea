use super::*;
use crate::post::Post;

fn write(dir: &Path, name: &str, title: &str, body: &str) {
    let text = format!(
        "---\ntitle: \"{title}\"\ntags: [rust, notes]\nauthor: Ada Lovelace\n---\n\n{body}\n"
    );
    std::fs::write(dir.join(name), text).unwrap();
}

fn posts(dir: &Path) -> Vec<Post> {
    crate::Index::build(dir).unwrap().posts
}

fn paths(found: &[Found]) -> Vec<String> {
    found.iter().map(|f| f.path.display().to_string()).collect()
}

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "apart.md", "Apart", "The cache is cold. Much later, the system wakes.");
    write(dir.path(), "together.md", "Together", "A system cache keeps pages warm.");
    write(dir.path(), "titled.md", "Lighthouse keepers", "Nothing about it here.");
    write(dir.path(), "body.md", "Coastal notes", "We met a lighthouse on the way.");
    write(
        dir.path(),
        "code.md",
        "Code",
        "```rust\nlet tokio_runtime = AsyncLocalStorage::new();\n```",
    );
    dir
}

fn search(index: &FullText, line: &str) -> Vec<Found> {
    index.search(&Search::parse(line), 10).unwrap()
}

#[test]
fn phrases_titles_and_code_rank_as_a_reader_expects() {
    let dir = folder();
    let index = FullText::in_memory(dir.path());
    let posts = posts(dir.path());
    let updated = index.update(&posts, None, &|_, _| {}).unwrap();
    assert_eq!(updated.indexed, 5);
    // Words standing together rank first.
    assert_eq!(paths(&search(&index, "system cache"))[0], "together.md");
    assert_eq!(search(&index, "system cache").len(), 2);
    assert_eq!(paths(&search(&index, "\"system cache\"")), ["together.md"]);
    // A title match above a body match.
    assert_eq!(paths(&search(&index, "lighthouse")), ["titled.md", "body.md"]);
    // Code is searchable; prefixes, exclusions and filters work.
    assert_eq!(paths(&search(&index, "asynclocalstorage")), ["code.md"]);
    assert_eq!(paths(&search(&index, "lighth*")).len(), 2);
    assert_eq!(paths(&search(&index, "lighthouse -keepers")), ["body.md"]);
    assert_eq!(search(&index, "lighthouse #rust").len(), 2);
    assert!(search(&index, "lighthouse #go").is_empty());
    assert!(search(&index, "lighthouse -#notes").is_empty());
    assert_eq!(search(&index, "@lovelace lighthouse").len(), 2);
    assert!(search(&index, "nowhereword").is_empty());
}

#[test]
fn snippets_hold_the_words_and_nothing_that_reaches_the_terminal() {
    let dir = folder();
    write(
        dir.path(),
        "hostile.md",
        "Hostile",
        "Beware the \u{1b}[2J lighthouse &#27;]0;owned&#7; here.",
    );
    let index = FullText::in_memory(dir.path());
    let posts = posts(dir.path());
    index.update(&posts, None, &|_, _| {}).unwrap();
    let query = Search::parse("lighthouse");
    for post in posts.iter().filter(|p| p.title != "Lighthouse keepers") {
        let snippet = index.snippet(&query, post);
        if post.title == "Coastal notes" || post.title == "Hostile" {
            assert!(!snippet.marks.is_empty(), "{snippet:?}");
            let marked = &snippet.text[snippet.marks[0].clone()];
            assert_eq!(marked.to_lowercase(), "lighthouse");
        }
        assert!(!snippet.text.chars().any(|c| c.is_control()), "{snippet:?}");
    }
}

#[test]
fn edits_and_deletions_are_seen_on_the_next_update() {
    let dir = folder();
    let index = FullText::in_memory(dir.path());
    index.update(&posts(dir.path()), None, &|_, _| {}).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    write(dir.path(), "apart.md", "Apart", "Now it speaks of zeppelins.");
    std::fs::remove_file(dir.path().join("body.md")).unwrap();
    let updated = index.update(&posts(dir.path()), None, &|_, _| {}).unwrap();
    assert_eq!((updated.indexed, updated.kept), (1, 3));
    assert_eq!(paths(&search(&index, "zeppelins")), ["apart.md"]);
    assert!(search(&index, "cold").is_empty(), "the old words are gone");
    assert_eq!(paths(&search(&index, "lighthouse")), ["titled.md"], "the deleted post is gone");
}

#[test]
fn a_broken_index_is_made_again() {
    let dir = folder();
    let at = tempfile::tempdir().unwrap();
    let store = at.path().join("index");
    {
        let index = FullText::open(&store, dir.path()).unwrap();
        index.update(&posts(dir.path()), None, &|_, _| {}).unwrap();
    }
    // A kill mid-write can leave anything: here, a meta.json cut short.
    std::fs::write(store.join("meta.json"), "{\"segments\": [").unwrap();
    let index = FullText::open(&store, dir.path()).unwrap();
    let updated = index.update(&posts(dir.path()), None, &|_, _| {}).unwrap();
    assert_eq!(updated.indexed, 5);
    assert_eq!(paths(&search(&index, "zeppelins")).len(), 0);
    assert_eq!(search(&index, "lighthouse").len(), 2);
    // Opened again as it is: nothing to do.
    let again = FullText::open(&store, dir.path()).unwrap();
    assert_eq!(again.update(&posts(dir.path()), None, &|_, _| {}).unwrap().kept, 5);
}

#[test]
fn a_damaged_segment_or_a_file_gone_is_set_aside_and_made_again() {
    let dir = folder();
    for damage in ["store", "idx", "pos", "term", "fast"] {
        let at = tempfile::tempdir().unwrap();
        let store = at.path().join("index");
        {
            let index = FullText::open(&store, dir.path()).unwrap();
            index.update(&posts(dir.path()), None, &|_, _| {}).unwrap();
        }
        let file = std::fs::read_dir(&store)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == damage))
            .unwrap();
        if damage == "fast" {
            std::fs::remove_file(&file).unwrap();
        } else {
            std::fs::OpenOptions::new().write(true).open(&file).unwrap().set_len(20).unwrap();
        }
        // Where the damage shows (opening, updating or searching), the
        // search is answered, and the reader told.
        let (mut index, opened) = FullText::open_or_in_memory(Some(&store), dir.path());
        let search = Search::parse("lighthouse");
        let (found, recovered) = index
            .recovering(|index| {
                index.update(&posts(dir.path()), None, &|_, _| {})?;
                index.search(&search, 10)
            })
            .unwrap();
        assert_eq!(found.len(), 2, "{damage}");
        let notice = opened.or(recovered).unwrap_or_else(|| panic!("{damage}: no notice"));
        assert!(notice.contains("made again"), "{damage}: {notice}");
        // Whole again on disk: the next open has nothing to say.
        drop(index);
        let (again, notice) = FullText::open_or_in_memory(Some(&store), dir.path());
        assert_eq!(notice, None, "{damage}");
        assert_eq!(again.update(&posts(dir.path()), None, &|_, _| {}).unwrap().kept, 5);
    }
}

#[test]
fn a_cache_that_cannot_hold_the_index_means_one_in_memory() {
    let dir = folder();
    let at = tempfile::tempdir().unwrap();
    // A file where the cache's folder should be.
    std::fs::write(at.path().join("cache"), "a file").unwrap();
    let store = at.path().join("cache").join("index");
    let (index, notice) = FullText::open_or_in_memory(Some(&store), dir.path());
    assert!(notice.unwrap().contains("kept in memory"));
    index.update(&posts(dir.path()), None, &|_, _| {}).unwrap();
    assert_eq!(search(&index, "lighthouse").len(), 2);
}

#[test]
fn a_snippet_cut_to_a_width_keeps_its_match_in_view() {
    let text = format!("{} worker threads {}", "lead ".repeat(30), "tail ".repeat(30));
    let start = text.find("worker").unwrap();
    let snippet = Snippet { marks: std::iter::once(start..start + 6).collect(), text };
    for width in [20, 30, 60] {
        let cut = snippet.around(width);
        assert!(crate::text::width(&cut.text) <= width, "{width}: {:?}", cut.text);
        assert!(cut.text.starts_with('…') && cut.text.ends_with('…'), "{:?}", cut.text);
        let marked: Vec<&str> = cut.pieces().into_iter().filter(|p| p.1).map(|p| p.0).collect();
        assert_eq!(marked, ["worker"], "{width}: {:?}", cut.text);
    }
    // Short enough: as it is.
    let short = Snippet { text: "a worker".into(), marks: std::iter::once(2..8).collect() };
    assert_eq!(short.around(40), short);
    // A match at the start: cut at the end only.
    let early = Snippet {
        text: format!("worker {}", "x ".repeat(50)),
        marks: std::iter::once(0..6).collect(),
    };
    let cut = early.around(20);
    assert!(cut.text.starts_with("worker") && cut.text.ends_with('…'));
    assert_eq!(cut.marks, early.marks);
}

#[test]
fn searches_read_as_typed() {
    let search = Search::parse("rust \"error handling\" -panic async* #web -#old @ada");
    assert_eq!(
        search.parts,
        [
            Part::Word("rust".into()),
            Part::Phrase("error handling".into()),
            Part::Not("panic".into()),
            Part::Prefix("async".into()),
            Part::Tag("web".into()),
            Part::NotTag("old".into()),
            Part::Author("ada".into()),
        ]
    );
    assert!(Search::parse("  # @ ").is_empty());
}
