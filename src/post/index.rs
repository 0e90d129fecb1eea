//! A folder's posts read into an [`Index`], from scratch or taking the
//! unchanged files from the cache. The walking and reading are in
//! [`super::walk`].

use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};

use super::cache::{ByPath, Cache, Miss, Stamp};
use super::walk::{Found, refresh, scan};
use super::{Post, Severity, Warning};
use crate::error::Result;

/// All the posts of a folder, and what went wrong reading it.
#[derive(Debug, Default)]
pub struct Index {
    /// The folder, as the user named it.
    pub root: PathBuf,
    /// The posts, in the order they were read.
    pub posts: Vec<Post>,
    /// Problems, ordered by path.
    pub warnings: Vec<Warning>,
    /// Each file's stamp, when the index was built with a cache.
    pub stamps: ByPath<Stamp>,
}

/// How `Index::build_cached` used the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheUse {
    /// Where the cache is, if anywhere.
    pub file: Option<PathBuf>,
    /// Why the old cache could not be used, if it could not.
    pub miss: Option<Miss>,
    /// Files taken from the cache without reading them.
    pub reused: usize,
    /// Files read (new, changed, or no cache).
    pub read: usize,
    /// Files in the cache that are gone.
    pub removed: usize,
}

impl CacheUse {
    /// Whether the cache on disk no longer matches the folder.
    pub fn stale(&self) -> bool {
        self.file.is_some() && (self.miss.is_some() || self.read > 0 || self.removed > 0)
    }
}

impl Index {
    /// Reads every post under `root`.
    pub fn build(root: &Path) -> Result<Index> {
        let (index, _) = Index::build_cached(root, None)?;
        Ok(index)
    }

    /// Reads every post under `root`, taking unchanged files from the cache
    /// at `cache` (when given) instead of reading them.
    pub fn build_cached(root: &Path, cache: Option<PathBuf>) -> Result<(Index, CacheUse)> {
        let mut usage =
            CacheUse { file: cache.clone(), miss: None, reused: 0, read: 0, removed: 0 };
        let (sender, receiver) = mpsc::channel();
        let sink = move |found| {
            // The receiver outlives the scan, so a send cannot fail.
            let _ = sender.send(found);
        };
        let mut old: Option<Cache> = None;
        match &cache {
            // A cache to compare with: stat every file while it loads, then
            // read only the files that changed.
            Some(file) if file.exists() => std::thread::scope(|scope| {
                let loader = scope.spawn(|| super::cache::load(file, root));
                refresh(
                    root,
                    || {
                        let loaded = loader.join().unwrap_or(Err(Miss::Corrupt));
                        let cache = loaded.unwrap_or_else(|miss| {
                            usage.miss = Some(miss);
                            Cache::default()
                        });
                        let known = cache.known();
                        old = Some(cache);
                        Arc::new(known)
                    },
                    &sink,
                )
            })?,
            // None yet: read everything, stamping each file as it is read.
            Some(_) => {
                usage.miss = Some(Miss::Absent);
                old = Some(Cache::default());
                scan(root, true, &sink)?;
            }
            None => scan(root, false, &sink)?,
        }
        drop(sink);
        let mut index = Index { root: root.to_path_buf(), ..Index::default() };
        let trusted_before = old.as_ref().map_or(i128::MIN, Cache::trusted_before);
        let mut old = old.map(|cache| cache.entries);
        index.posts.reserve(old.as_ref().map_or(0, |o| o.len()));
        for found in receiver {
            match found {
                Found::File { path, stamp, post, warnings } => {
                    usage.read += 1;
                    if let Some(stamp) = stamp {
                        index.stamps.insert(path.into_os_string(), stamp);
                    }
                    index.posts.extend(post);
                    index.warnings.extend(warnings);
                }
                Found::Stamps(all) => {
                    for (path, stamp) in all {
                        let Some(entry) = old.as_mut().and_then(|o| o.remove(path.as_os_str()))
                        else {
                            continue;
                        };
                        if entry.stamp != stamp || stamp.modified >= trusted_before {
                            continue; // changed: read again, and reported as a file
                        }
                        usage.reused += 1;
                        index.stamps.insert(path, entry.stamp);
                        index.posts.extend(entry.post);
                        index.warnings.extend(entry.warnings);
                    }
                }
                Found::Warning(warning) => index.warnings.push(warning),
                Found::Stamped(..) => {}
            }
        }
        // What is left of the old cache was neither reused nor read again:
        // gone from the folder.
        usage.removed =
            old.map_or(0, |o| o.keys().filter(|p| !index.stamps.contains_key(*p)).count());
        index.warnings.sort_by(|a, b| a.path.as_os_str().cmp(b.path.as_os_str()));
        Ok((index, usage))
    }

    /// Writes this index to the cache file `file` (atomically).
    pub fn save_cache(&self, file: &Path) -> std::io::Result<()> {
        super::cache::save_posts(file, &self.root, &self.posts, &self.warnings, &self.stamps)
    }

    /// The post's file, as a path usable from the current directory.
    pub fn file_of(&self, post: &Post) -> PathBuf {
        self.root.join(&post.path)
    }

    /// How many files were skipped, and how many posts have a broken front matter.
    pub fn problem_counts(&self) -> (usize, usize) {
        let count = |s| self.warnings.iter().filter(|w| w.severity == s).count();
        (count(Severity::Skipped), count(Severity::FrontMatter))
    }
}
