//! Reading state, kept per folder in `$XDG_STATE_HOME/folio/`
//! (`~/.local/state/folio/`): which posts were read, which are starred,
//! the place read in each, and what was open last.
//!
//! The file is JSON, written whole or not at all ([`crate::files::write_atomic`]),
//! and merged on write under a lock: each writer brings only the entries
//! it changed, so two readers open on one folder keep each other's marks,
//! and a `kill -9` loses at most the change being written.

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::files::{self, Base};
use crate::post::Post;

/// What is known of one post.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Opened to be read.
    #[serde(default, skip_serializing_if = "is_false")]
    pub read: bool,
    /// Kept for later.
    #[serde(default, skip_serializing_if = "is_false")]
    pub starred: bool,
    /// The place read: a byte offset in the post's file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<usize>,
    /// What the post was (title, date, words), to know it again under
    /// another name.
    #[serde(default)]
    pub fingerprint: u64,
    /// When this entry last changed, in milliseconds since 1970: the later
    /// of two writers' entries wins.
    #[serde(default)]
    pub changed: u64,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// What was open when folio last closed on this folder.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Last {
    /// The post open, relative to the folder.
    #[serde(default)]
    pub post: Option<PathBuf>,
    /// Whether its article had the keys.
    #[serde(default)]
    pub reading: bool,
    /// The search line in force (filters included).
    #[serde(default)]
    pub search: String,
    /// The sort, as `folio list --sort` names it, and whether reversed.
    #[serde(default)]
    pub sort: String,
    /// Whether the sort is reversed.
    #[serde(default)]
    pub reverse: bool,
    /// When this was written.
    #[serde(default)]
    pub changed: u64,
}

/// The state file's contents.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    /// The format: 1.
    #[serde(default)]
    pub version: u32,
    /// The folder, for a person reading the file.
    #[serde(default)]
    pub folder: String,
    /// Posts by path relative to the folder.
    #[serde(default)]
    pub posts: BTreeMap<PathBuf, Entry>,
    /// What was open last.
    #[serde(default)]
    pub last: Last,
}

/// The reading state of one folder, in memory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    /// Posts by path.
    pub posts: HashMap<PathBuf, Entry>,
    /// What was open last.
    pub last: Last,
}

impl Marks {
    /// Whether the post at `path` was read.
    pub fn read(&self, path: &Path) -> bool {
        self.posts.get(path).is_some_and(|e| e.read)
    }

    /// Whether the post at `path` is starred.
    pub fn starred(&self, path: &Path) -> bool {
        self.posts.get(path).is_some_and(|e| e.starred)
    }

    /// The place read in the post at `path`.
    pub fn place(&self, path: &Path) -> Option<usize> {
        self.posts.get(path).and_then(|e| e.place)
    }

    /// Changes the entry of `post` with `change`; returns the change, to
    /// be written, and the entry as it is now.
    pub fn change(
        &mut self,
        post: &Post,
        change: impl FnOnce(&mut Entry),
    ) -> ((PathBuf, Patch), Entry) {
        let entry = self.posts.entry(post.path.clone()).or_default();
        let before = entry.clone();
        change(entry);
        entry.fingerprint = fingerprint(post);
        entry.changed = now();
        let patch = Patch {
            read: (before.read != entry.read).then_some(entry.read),
            starred: (before.starred != entry.starred).then_some(entry.starred),
            place: (before.place != entry.place).then_some(entry.place),
            fingerprint: entry.fingerprint,
            changed: entry.changed,
            remove: false,
        };
        ((post.path.clone(), patch), entry.clone())
    }

    /// Moves the entries of posts renamed: an entry whose path is no longer
    /// a post goes to a post without one that has the same fingerprint.
    /// Returns the moves made, as changes to write (the new path with the
    /// whole entry, the old one removed).
    pub fn follow_renames(&mut self, posts: &[Post]) -> Vec<(PathBuf, Patch)> {
        let present: std::collections::HashSet<&Path> =
            posts.iter().map(|p| p.path.as_path()).collect();
        let mut orphans: HashMap<u64, PathBuf> = self
            .posts
            .iter()
            .filter(|(path, e)| e.fingerprint != 0 && !present.contains(path.as_path()))
            .map(|(path, e)| (e.fingerprint, path.clone()))
            .collect();
        let mut moved = Vec::new();
        if orphans.is_empty() {
            return moved;
        }
        for post in posts {
            if self.posts.contains_key(&post.path) {
                continue;
            }
            if let Some(old) = orphans.remove(&fingerprint(post))
                && let Some(mut entry) = self.posts.remove(&old)
            {
                entry.changed = now();
                self.posts.insert(post.path.clone(), entry.clone());
                moved.push((post.path.clone(), Patch::whole(&entry)));
                moved.push((
                    old,
                    Patch { changed: entry.changed, remove: true, ..Patch::default() },
                ));
            }
        }
        moved
    }

    /// Removes the entries of posts gone for good: not among `posts` (after
    /// renames were followed) and with no file under `root` any more, so
    /// that the state file keeps the size of the folder. Returns the
    /// removals, as changes to write.
    pub fn prune_gone(&mut self, root: &Path, posts: &[Post]) -> Vec<(PathBuf, Patch)> {
        let present: std::collections::HashSet<&Path> =
            posts.iter().map(|p| p.path.as_path()).collect();
        let gone: Vec<PathBuf> = self
            .posts
            .keys()
            .filter(|path| !present.contains(path.as_path()))
            .filter(|path| std::fs::symlink_metadata(root.join(path)).is_err())
            .cloned()
            .collect();
        let changed = now();
        gone.into_iter()
            .map(|path| {
                self.posts.remove(&path);
                (path, Patch { changed, remove: true, ..Patch::default() })
            })
            .collect()
    }
}

/// What changed in one post's entry: only these fields are written over
/// what the file holds, so that another reader's changes to the others
/// are kept.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Patch {
    /// Read or unread now.
    pub read: Option<bool>,
    /// Starred or not now.
    pub starred: Option<bool>,
    /// The place now.
    pub place: Option<Option<usize>>,
    /// The post's fingerprint.
    pub fingerprint: u64,
    /// When the change was made.
    pub changed: u64,
    /// The entry goes (its post was renamed).
    pub remove: bool,
}

impl Patch {
    /// Every field of `entry`.
    pub fn whole(entry: &Entry) -> Patch {
        Patch {
            read: Some(entry.read),
            starred: Some(entry.starred),
            place: Some(entry.place),
            fingerprint: entry.fingerprint,
            changed: entry.changed,
            remove: false,
        }
    }

    fn apply(&self, entry: &mut Entry) {
        if let Some(read) = self.read {
            entry.read = read;
        }
        if let Some(starred) = self.starred {
            entry.starred = starred;
        }
        if let Some(place) = self.place {
            entry.place = place;
        }
        entry.fingerprint = self.fingerprint;
        entry.changed = entry.changed.max(self.changed);
    }
}

/// A stable fingerprint of what stays of a post when it is edited and
/// renamed: its title and date (its length changes with every edit).
pub fn fingerprint(post: &Post) -> u64 {
    let date = post.date.map(|d| d.to_string()).unwrap_or_default();
    let text = format!("{}\u{0}{date}", post.title);
    files::fnv1a(text.as_bytes()).max(1)
}

/// Milliseconds since 1970.
pub fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// The state file of `root`; `None` without a home to put it in.
pub fn location(root: &Path) -> Option<PathBuf> {
    files::for_folder(Base::State, root, "json")
}

/// Reads the state in `file`. A missing file is an empty state; one that
/// cannot be read is set aside (renamed to `….broken`) and the state
/// starts empty, with a message saying so.
pub fn load(file: &Path) -> (Marks, Option<String>) {
    match read(file) {
        Ok(saved) => {
            remember(file, saved.clone());
            (marks_of(saved), None)
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => (Marks::default(), None),
        Err(error) => (Marks::default(), Some(set_aside(file, &error, "starting afresh"))),
    }
}

/// Sets an unreadable state file aside (under a name of its own, so that
/// an earlier one is never replaced) and says so.
fn set_aside(file: &Path, error: &io::Error, then: &str) -> String {
    match files::set_aside(file) {
        Ok(aside) => format!(
            "the reading state {} could not be read ({error}); it was set aside as {}, {then}",
            file.display(),
            aside.display()
        ),
        Err(_) => {
            format!("the reading state {} could not be read ({error}); {then}", file.display())
        }
    }
}

/// The state this process last read or wrote, by file: what a save falls
/// back on when the file has become unreadable (or gone) meanwhile, so that
/// it never writes less than it knew.
static KNOWN: std::sync::Mutex<Option<HashMap<PathBuf, Saved>>> = std::sync::Mutex::new(None);

fn remember(file: &Path, saved: Saved) {
    if let Ok(mut known) = KNOWN.lock() {
        known.get_or_insert_default().insert(file.to_path_buf(), saved);
    }
}

fn known(file: &Path) -> Saved {
    KNOWN
        .lock()
        .ok()
        .and_then(|known| known.as_ref().and_then(|k| k.get(file).cloned()))
        .unwrap_or_default()
}

/// Reads the state in `file` for a look only (`folio list`): anything
/// that cannot be read is an empty state, and the file is left as it is.
pub fn peek(file: &Path) -> Marks {
    read(file).map(marks_of).unwrap_or_default()
}

fn read(file: &Path) -> io::Result<Saved> {
    let text = std::fs::read(file)?;
    serde_json::from_slice(&text).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

fn marks_of(saved: Saved) -> Marks {
    Marks { posts: saved.posts.into_iter().collect(), last: saved.last }
}

/// How long a save waits for another process's lock on the state file.
pub const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// Writes `changes` (and `last`, when given) into the state file of the
/// folder `root`: under the file's lock, the file as it is now is read,
/// each change is applied to its entry (only the fields it changed), and
/// the result is written whole. An entry with nothing in it is removed.
///
/// A file that cannot be read now (damaged, or gone) is set aside and the
/// state this process last read or wrote stands in for it: the returned
/// message says so. A lock held by another process for [`LOCK_WAIT`] is an
/// error: nothing is written.
pub fn save(
    file: &Path,
    root: &Path,
    changes: &[(PathBuf, Patch)],
    last: Option<&Last>,
) -> io::Result<Option<String>> {
    let _lock = files::Lock::within(file, LOCK_WAIT)?;
    let (mut saved, notice) = match read(file) {
        Ok(saved) => (saved, None),
        Err(error) if error.kind() == io::ErrorKind::NotFound => (known(file), None),
        Err(error) => {
            let then = "and written again from what this reader knew";
            (known(file), Some(set_aside(file, &error, then)))
        }
    };
    saved.version = 1;
    saved.folder = root.canonicalize().unwrap_or_else(|_| root.to_path_buf()).display().to_string();
    for (path, patch) in changes {
        if patch.remove {
            saved.posts.remove(path);
            continue;
        }
        let entry = saved.posts.entry(path.clone()).or_default();
        patch.apply(entry);
        if !(entry.read || entry.starred || entry.place.is_some()) {
            saved.posts.remove(path);
        }
    }
    if let Some(last) = last
        && last.changed >= saved.last.changed
    {
        saved.last = last.clone();
    }
    let text = serde_json::to_vec_pretty(&saved).map_err(io::Error::other)?;
    files::write_atomic(file, &[&text, b"\n"])?;
    // Written: what this process knows now (moved, not copied: a save
    // costs one pass over the state, not two).
    remember(file, saved);
    Ok(notice)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(path: &str, title: &str) -> Post {
        Post { path: path.into(), title: title.into(), words: 100, ..Post::default() }
    }

    #[test]
    fn writes_merge_with_what_another_reader_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("state.json");
        let (mut one, _) = load(&file);
        let (mut two, _) = load(&file);
        let (a, _) = one.change(&post("a.md", "A"), |e| e.starred = true);
        save(&file, dir.path(), &[a], None).unwrap();
        let (b, _) = two.change(&post("b.md", "B"), |e| e.starred = true);
        save(&file, dir.path(), &[b], None).unwrap();
        // The second reader reads the first one's starred post: its star stays.
        let (a_read, _) = two.change(&post("a.md", "A"), |e| e.read = true);
        save(&file, dir.path(), &[a_read], None).unwrap();
        let (back, warning) = load(&file);
        assert!(warning.is_none());
        assert!(back.starred(Path::new("a.md")) && back.starred(Path::new("b.md")));
        assert!(back.read(Path::new("a.md")));
    }

    #[test]
    fn entries_with_nothing_left_go() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("state.json");
        let mut marks = Marks::default();
        let (star, _) = marks.change(&post("a.md", "A"), |e| e.starred = true);
        save(&file, dir.path(), &[star], None).unwrap();
        assert!(load(&file).0.starred(Path::new("a.md")));
        let (unstar, _) = marks.change(&post("a.md", "A"), |e| e.starred = false);
        assert_eq!(unstar.1.read, None, "only what changed is written");
        save(&file, dir.path(), &[unstar], None).unwrap();
        assert!(load(&file).0.posts.is_empty());
    }

    #[test]
    fn an_unreadable_file_is_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("state.json");
        std::fs::write(&file, "{ not json").unwrap();
        let (marks, warning) = load(&file);
        assert_eq!(marks, Marks::default());
        assert!(warning.unwrap().contains("set aside"));
        assert_eq!(broken(dir.path()).len(), 1);
        assert!(!file.exists());
        // A second unreadable file keeps the first one set aside.
        std::fs::write(&file, "{ also not json").unwrap();
        let (_, warning) = load(&file);
        assert!(warning.unwrap().contains("set aside"));
        let kept = broken(dir.path());
        assert_eq!(kept.len(), 2, "{kept:?}");
        let texts: Vec<String> = kept.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect();
        assert!(texts.contains(&"{ not json".to_string()), "{texts:?}");
    }

    fn broken(dir: &Path) -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().contains(".broken-"))
            .collect()
    }

    #[test]
    fn a_file_damaged_while_running_is_set_aside_and_nothing_is_lost() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("state.json");
        let mut marks = Marks::default();
        let stars: Vec<_> = (0..30)
            .map(|i| {
                marks.change(&post(&format!("{i}.md"), &format!("P{i}")), |e| e.starred = true).0
            })
            .collect();
        save(&file, dir.path(), &stars, None).unwrap();
        let (mut marks, _) = load(&file);
        assert_eq!(marks.posts.len(), 30);
        std::fs::write(&file, "garbage{").unwrap();
        let (star, _) = marks.change(&post("new.md", "New"), |e| e.starred = true);
        let notice = save(&file, dir.path(), &[star], None).unwrap();
        assert!(notice.unwrap().contains("set aside"));
        let (back, warning) = load(&file);
        assert!(warning.is_none());
        assert_eq!(back.posts.values().filter(|e| e.starred).count(), 31);
        assert_eq!(broken(dir.path()).len(), 1, "the damaged file is kept");
    }

    #[test]
    fn a_held_lock_makes_a_save_fail_in_time() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("state.json");
        let _held = files::Lock::of(&file).unwrap();
        let mut marks = Marks::default();
        let (star, _) = marks.change(&post("a.md", "A"), |e| e.starred = true);
        // flock locks belong to the open file: a second open in this process
        // is refused like another process would be.
        let error = save(&file, dir.path(), &[star], None).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::WouldBlock);
        assert!(!file.exists());
    }

    #[test]
    fn a_lock_file_planted_as_a_link_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("state.json");
        let target = dir.path().join("elsewhere");
        std::os::unix::fs::symlink(&target, dir.path().join(".state.json.lock")).unwrap();
        let mut marks = Marks::default();
        let (star, _) = marks.change(&post("a.md", "A"), |e| e.starred = true);
        assert!(save(&file, dir.path(), &[star], None).is_err());
        assert!(!target.exists(), "the link's target was not created");
    }

    #[test]
    fn entries_of_posts_gone_for_good_are_pruned() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("broken.md"), "not indexed, still there").unwrap();
        let mut marks = Marks::default();
        for name in ["here.md", "broken.md", "gone.md"] {
            marks.change(&post(name, name), |e| e.starred = true);
        }
        let removed = marks.prune_gone(dir.path(), &[post("here.md", "here.md")]);
        assert_eq!(removed.len(), 1);
        assert_eq!(removed[0].0, Path::new("gone.md"));
        assert!(removed[0].1.remove);
        assert!(marks.starred(Path::new("here.md")) && marks.starred(Path::new("broken.md")));
        assert!(!marks.posts.contains_key(Path::new("gone.md")));
    }

    #[test]
    fn a_post_edited_then_renamed_keeps_its_entry() {
        let mut marks = Marks::default();
        marks.change(&post("old.md", "Same"), |e| e.starred = true);
        let edited = Post { words: 2_000, ..post("new.md", "Same") };
        assert_eq!(marks.follow_renames(&[edited]).len(), 2);
        assert!(marks.starred(Path::new("new.md")));
    }

    #[test]
    fn a_renamed_post_keeps_its_entry() {
        let mut marks = Marks::default();
        marks.change(&post("old.md", "Same"), |e| e.starred = true);
        let posts = vec![post("new.md", "Same"), post("other.md", "Other")];
        let moved = marks.follow_renames(&posts);
        assert_eq!(moved.len(), 2);
        assert!(marks.starred(Path::new("new.md")));
        assert!(!marks.posts.contains_key(Path::new("old.md")));
        assert!(!marks.starred(Path::new("other.md")));
    }
}
