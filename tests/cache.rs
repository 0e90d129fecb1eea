//! The index cache: hits, invalidation, removal, and every way a cache file
//! can be wrong (corrupt, truncated, another version, a killed writer's
//! leftovers), which must mean "rebuild", never a crash or a wrong list.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use folio::Index;
use folio::post::cache::Miss;

/// A folder of posts whose files were last modified an hour ago (a stamp
/// from the last two seconds is never trusted).
fn folder(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..count {
        write_old(
            dir.path(),
            &format!("post-{i}.md"),
            &format!("---\ntitle: Post {i}\ntags: [t{i}]\n---\nBody {i}.\n"),
        );
    }
    write_old(dir.path(), "binary.md", "\0\0\0");
    dir
}

fn write_old(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    fs::File::options().write(true).open(&path).unwrap().set_modified(hour_ago).unwrap();
}

fn cache_file(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("cache-home/folio/test.index")
}

fn titles(index: &Index) -> Vec<String> {
    let mut titles: Vec<String> = index.posts.iter().map(|p| p.title.clone()).collect();
    titles.sort();
    titles
}

fn build(dir: &tempfile::TempDir, posts: &Path) -> (Index, folio::post::index::CacheUse) {
    let (index, usage) = Index::build_cached(posts, Some(cache_file(dir))).unwrap();
    if usage.stale() {
        index.save_cache(&cache_file(dir)).unwrap();
    }
    (index, usage)
}

#[test]
fn a_second_start_reads_nothing() {
    let posts = folder(20);
    let home = tempfile::tempdir().unwrap();
    let (first, usage) = build(&home, posts.path());
    assert_eq!(usage.miss, Some(Miss::Absent));
    assert_eq!(usage.read, 21);
    let (second, usage) = build(&home, posts.path());
    assert_eq!((usage.miss.clone(), usage.read, usage.reused, usage.removed), (None, 0, 21, 0));
    assert!(!usage.stale());
    assert_eq!(titles(&first), titles(&second));
    assert_eq!(
        first.warnings, second.warnings,
        "the skipped file's warning comes from the cache too"
    );
    let post = second.posts.iter().find(|p| p.title == "Post 3").unwrap();
    assert_eq!(post.tags, ["t3"]);
    assert_eq!(post.excerpt, "Body 3.");
}

#[test]
fn a_changed_file_is_read_again() {
    let posts = folder(5);
    let home = tempfile::tempdir().unwrap();
    build(&home, posts.path());
    fs::write(
        posts.path().join("post-2.md"),
        "---\ntitle: Post 2, edited\n---\nNew body, longer.\n",
    )
    .unwrap();
    let (index, usage) = build(&home, posts.path());
    assert_eq!((usage.read, usage.reused), (1, 5));
    assert!(titles(&index).contains(&"Post 2, edited".to_string()));
    assert!(!titles(&index).contains(&"Post 2".to_string()));
}

#[test]
fn added_and_removed_files() {
    let posts = folder(5);
    let home = tempfile::tempdir().unwrap();
    build(&home, posts.path());
    fs::remove_file(posts.path().join("post-0.md")).unwrap();
    write_old(posts.path(), "new.md", "# Brand New\n");
    let (index, usage) = build(&home, posts.path());
    assert_eq!((usage.read, usage.reused, usage.removed), (1, 5, 1));
    let titles = titles(&index);
    assert!(titles.contains(&"Brand New".to_string()));
    assert!(!titles.contains(&"Post 0".to_string()));
    let (_, usage) = build(&home, posts.path());
    assert_eq!((usage.read, usage.removed), (0, 0), "the cache was brought up to date");
}

#[test]
fn a_just_modified_file_is_never_trusted() {
    let posts = folder(3);
    fs::write(posts.path().join("fresh.md"), "# Fresh\n").unwrap();
    let home = tempfile::tempdir().unwrap();
    build(&home, posts.path());
    let (_, usage) = build(&home, posts.path());
    assert_eq!(usage.read, 1, "modified within two seconds of the cache: read again");
}

/// Damages the cache file in some way; the next start must rebuild it.
fn rebuilt_after(damage: impl Fn(&Path), expected: Miss) {
    let posts = folder(10);
    let home = tempfile::tempdir().unwrap();
    let (good, _) = build(&home, posts.path());
    damage(&cache_file(&home));
    let (index, usage) = build(&home, posts.path());
    assert_eq!(usage.miss, Some(expected));
    assert_eq!(usage.read, 11, "everything read again");
    assert_eq!(titles(&index), titles(&good));
    let (_, usage) = build(&home, posts.path());
    assert_eq!((usage.miss, usage.read), (None, 0), "and the cache is good again");
}

#[test]
fn a_corrupt_cache_is_rebuilt() {
    rebuilt_after(
        |file| {
            let mut bytes = fs::read(file).unwrap();
            let last = bytes.len() - 10;
            bytes[last] ^= 0xff;
            fs::write(file, bytes).unwrap();
        },
        Miss::Corrupt,
    );
}

#[test]
fn a_truncated_cache_is_rebuilt() {
    rebuilt_after(
        |file| {
            let bytes = fs::read(file).unwrap();
            fs::write(file, &bytes[..bytes.len() / 2]).unwrap();
        },
        Miss::Corrupt,
    );
}

#[test]
fn garbage_is_rebuilt() {
    rebuilt_after(|file| fs::write(file, b"not a cache at all").unwrap(), Miss::Foreign);
}

#[test]
fn a_cache_from_another_version_is_rebuilt() {
    rebuilt_after(
        |file| {
            let mut bytes = fs::read(file).unwrap();
            let version = env!("CARGO_PKG_VERSION").as_bytes();
            let at = bytes.windows(version.len()).position(|w| w == version).unwrap();
            bytes[at] = if bytes[at] == b'9' { b'8' } else { b'9' };
            fs::write(file, bytes).unwrap();
        },
        Miss::Foreign,
    );
}

#[test]
fn a_cache_of_another_folder_is_not_used() {
    let one = folder(3);
    let other = folder(4);
    let home = tempfile::tempdir().unwrap();
    build(&home, one.path());
    let (index, usage) = build(&home, other.path());
    assert_eq!(usage.miss, Some(Miss::Foreign));
    assert_eq!(index.posts.len(), 4);
}

#[test]
fn a_killed_writers_leftovers_are_ignored_then_cleaned() {
    let posts = folder(5);
    let home = tempfile::tempdir().unwrap();
    let (good, _) = build(&home, posts.path());
    let file = cache_file(&home);
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let leftover = file.with_file_name(format!(".{name}.99999.1.tmp"));
    fs::write(&leftover, b"half a cache").unwrap();
    let old = SystemTime::now() - Duration::from_secs(600);
    fs::File::options().write(true).open(&leftover).unwrap().set_modified(old).unwrap();
    let (index, usage) = build(&home, posts.path());
    assert_eq!((usage.miss, usage.read), (None, 0), "the real cache is still used");
    assert_eq!(titles(&index), titles(&good));
    write_old(posts.path(), "another.md", "# Another\n");
    build(&home, posts.path());
    assert!(!leftover.exists(), "the next write cleans it up");
    assert!(file.exists());
}

#[test]
fn the_commands_use_the_cache_and_no_cache_skips_it() {
    let posts = folder(4);
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let mut command = common::folio();
        command.env("XDG_CACHE_HOME", home.path()).args(args);
        common::run(command, Duration::from_secs(30))
    };
    let dir = posts.path().to_str().unwrap();
    let output = run(&["list", dir, "--json", "--no-cache"]);
    assert!(output.status.success());
    assert!(!home.path().join("folio").exists(), "--no-cache writes nothing");
    let first = run(&["list", dir, "--json"]);
    let written: Vec<_> = fs::read_dir(home.path().join("folio")).unwrap().collect();
    assert_eq!(written.len(), 1, "one cache file for the folder");
    let second = run(&["list", dir, "--json"]);
    assert_eq!(first.stdout, second.stdout, "the same list from the cache");
    let check = run(&["check", dir]);
    assert_eq!(check.status.code(), Some(1), "the binary file is still reported from the cache");
    assert!(String::from_utf8(check.stdout).unwrap().contains("binary.md: skipped"));
}

#[test]
fn a_tampered_cache_cannot_print_control_bytes() {
    use folio::post::cache::{Entry, load, save};
    let posts = folder(2);
    let home = tempfile::tempdir().unwrap();
    build(&home, posts.path());
    // A cache with a valid checksum whose text holds raw escapes.
    let file = cache_file(&home);
    let mut cache = load(&file, posts.path()).unwrap();
    for entry in cache.entries.values_mut() {
        if let Some(post) = &mut entry.post {
            post.title = "Evil \x1b[2J\x1b]0;pwned\x07".into();
            post.tags = vec!["\x1b[31mred".into()];
            post.authors = vec!["\u{9b}31m".into()];
            post.excerpt = "\x1b[5mblink".into();
        }
    }
    let entries: Vec<(PathBuf, Entry)> =
        cache.entries.into_iter().map(|(p, e)| (PathBuf::from(p), e)).collect();
    let refs: Vec<(&Path, &Entry)> = entries.iter().map(|(p, e)| (p.as_path(), e)).collect();
    save(&file, posts.path(), &refs).unwrap();
    let mut command = common::folio();
    command
        .env("XDG_CACHE_HOME", home.path().join("cache-home"))
        .args(["list", posts.path().to_str().unwrap()]);
    let index = Index::build_cached(posts.path(), Some(file)).unwrap().0;
    assert!(index.posts.iter().any(|p| p.title.starts_with("Evil ␛[2J")), "taken from the cache");
    for post in &index.posts {
        let text = format!("{}{:?}{:?}{}", post.title, post.tags, post.authors, post.excerpt);
        assert!(text.chars().all(|c| !c.is_control()), "{text:?}");
    }
    let output = common::run(command, Duration::from_secs(30));
    common::assert_no_controls(&output.stdout, "list from a tampered cache");
}
