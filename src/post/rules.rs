//! What a walk of a folder takes, as rules the watcher can apply to one
//! path at a time: hidden files are skipped, `.ignore` and `.gitignore`
//! files are honoured, symbolic links are followed only inside the folder
//! and only to what the walk would not reach by itself.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use ignore::gitignore::Gitignore;

/// Where a symbolic link inside the folder leads, and so what a walk does
/// with it.
#[derive(Debug)]
pub enum Link {
    /// Inside the folder, somewhere the walk does not go by itself (a
    /// hidden folder): followed. The target is absolute.
    Follow {
        /// The link's target, canonical.
        target: PathBuf,
    },
    /// Inside the folder, where the walk goes anyway: not followed, so that
    /// each file is listed once, under its own path. The target is
    /// relative to the folder.
    Walked {
        /// The target, relative to the folder.
        target: PathBuf,
    },
    /// Outside the folder: never followed.
    Outside,
    /// Leads nowhere.
    Broken(std::io::Error),
}

/// Judges the symbolic link at `path` for a walk of `canonical_root`.
pub fn link(path: &Path, canonical_root: &Path) -> Link {
    match path.canonicalize() {
        Err(error) => Link::Broken(error),
        Ok(target) => match target.strip_prefix(canonical_root) {
            Err(_) => Link::Outside,
            Ok(inside) if !is_hidden(inside) => Link::Walked { target: inside.to_path_buf() },
            Ok(_) => Link::Follow { target },
        },
    }
}

/// Whether a relative path has a hidden component (`.git`, `.drafts/x.md`),
/// which a walk skips.
pub fn is_hidden(relative: &Path) -> bool {
    relative.components().any(|c| c.as_os_str().as_encoded_bytes().first() == Some(&b'.'))
}

/// The ignore files of a folder, read as they are needed and kept until
/// one of them changes.
#[derive(Debug)]
pub struct Rules {
    root: PathBuf,
    /// Per folder (relative to the root): its `.ignore` and `.gitignore`.
    matchers: HashMap<PathBuf, [Gitignore; 2]>,
}

/// The files that say what a walk leaves out.
pub const IGNORE_FILES: [&str; 2] = [".ignore", ".gitignore"];

impl Rules {
    /// The rules of the folder `root`.
    pub fn new(root: &Path) -> Rules {
        Rules { root: root.to_path_buf(), matchers: HashMap::new() }
    }

    /// Forgets the ignore files read so far (one of them changed).
    pub fn reload(&mut self) {
        self.matchers.clear();
    }

    /// Whether a walk would take `relative` (a file, or a folder when
    /// `is_dir`): not hidden, and not left out by an ignore file. As in a
    /// walk, a deeper ignore file overrides a shallower one, and `.ignore`
    /// overrides `.gitignore` in the same folder.
    pub fn admits(&mut self, relative: &Path, is_dir: bool) -> bool {
        if is_hidden(relative) {
            return false;
        }
        let full = self.root.join(relative);
        let mut folder = relative.parent();
        while let Some(dir) = folder {
            for matcher in self.matchers_of(dir) {
                let found = matcher.matched_path_or_any_parents(&full, is_dir);
                if found.is_ignore() {
                    return false;
                }
                if found.is_whitelist() {
                    return true;
                }
            }
            folder = dir.parent();
        }
        true
    }

    fn matchers_of(&mut self, dir: &Path) -> &[Gitignore; 2] {
        let root = &self.root;
        self.matchers
            .entry(dir.to_path_buf())
            .or_insert_with(|| IGNORE_FILES.map(|name| Gitignore::new(root.join(dir).join(name)).0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignore_files_decide_like_a_walk() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("drafts/keep")).unwrap();
        std::fs::write(d.join(".gitignore"), "drafts/\n*.tmp.md\n").unwrap();
        std::fs::write(d.join("drafts/.ignore"), "!keep/\n").unwrap();
        let mut rules = Rules::new(d);
        assert!(rules.admits(Path::new("post.md"), false));
        assert!(!rules.admits(Path::new("x.tmp.md"), false));
        assert!(!rules.admits(Path::new("drafts/a.md"), false));
        assert!(!rules.admits(Path::new(".hidden/a.md"), false));
        assert!(!rules.admits(Path::new("a/.b.md"), false));
        std::fs::write(d.join(".gitignore"), "").unwrap();
        assert!(!rules.admits(Path::new("drafts/a.md"), false), "kept until reloaded");
        rules.reload();
        assert!(rules.admits(Path::new("drafts/a.md"), false));
    }
}
