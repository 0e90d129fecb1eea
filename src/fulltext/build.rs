//! Opening, making and repairing the index, and bringing it up to date with
//! the posts: incremental by stamps, committed in steps.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tantivy::schema::Value;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use super::*;
use crate::post::Post;

impl FullText {
    /// Opens the index in `dir` for the folder `root`, making it (again)
    /// when there is none, or one that cannot be read, or one of another
    /// version.
    pub fn open(dir: &Path, root: &Path) -> Result<FullText, Error> {
        Self::open_noting(dir, root).map(|(index, _)| index)
    }

    /// [`FullText::open`], and a message when an index of this version
    /// was there but could not be read (an older one is made again quietly).
    pub(super) fn open_noting(
        dir: &Path,
        root: &Path,
    ) -> Result<(FullText, Option<String>), Error> {
        // Another folio may be making it: one at a time.
        let _lock = crate::files::Lock::of(&dir.with_extension("open"))?;
        if let Some(index) = Self::open_existing(dir, root) {
            return Ok((index, None));
        }
        let ours = std::fs::read_to_string(dir.join("folio-version")).is_ok_and(|v| v == VERSION);
        // Broken or foreign: made again, never an error.
        let index = Self::create(dir, root)?;
        let notice = ours.then(|| {
            format!(
                "the search index {} could not be read; it was made again",
                crate::sanitize::path(dir)
            )
        });
        Ok((index, notice))
    }

    /// The index in `dir`, when it is folio's, of this version, and its
    /// segments open.
    pub(super) fn open_existing(dir: &Path, root: &Path) -> Option<FullText> {
        let (schema, fields) = schema();
        let index = Index::open_in_dir(dir).ok().filter(|index| {
            index.schema() == schema
                && std::fs::read_to_string(dir.join("folio-version")).is_ok_and(|v| v == VERSION)
        })?;
        index.tokenizers().register(TOKENIZER, analyzer());
        let reader = index.reader().ok()?;
        Some(FullText {
            root: root.to_path_buf(),
            dir: Some(dir.to_path_buf()),
            index,
            reader,
            fields,
        })
    }

    /// A new, empty index in `dir`, over whatever was there.
    pub(super) fn create(dir: &Path, root: &Path) -> Result<FullText, Error> {
        let (schema, fields) = schema();
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir)?;
        let index = Index::create_in_dir(dir, schema)?;
        crate::files::write_atomic(&dir.join("folio-version"), &[VERSION.as_bytes()])?;
        index.tokenizers().register(TOKENIZER, analyzer());
        let reader = index.reader()?;
        Ok(FullText {
            root: root.to_path_buf(),
            dir: Some(dir.to_path_buf()),
            index,
            reader,
            fields,
        })
    }

    /// The index in `dir` (in memory without one), as [`FullText::open`]
    /// opens it; when the disk cannot hold it (a read-only or full cache,
    /// a file in the folder's place), one in memory, with a message saying
    /// so.
    pub fn open_or_in_memory(dir: Option<&Path>, root: &Path) -> (FullText, Option<String>) {
        let Some(dir) = dir else { return (FullText::in_memory(root), None) };
        match FullText::open_noting(dir, root) {
            Ok(opened) => opened,
            Err(error) => (FullText::in_memory(root), Some(in_memory_notice(dir, &error))),
        }
    }

    /// Does `work` with this index. When it fails on an index on disk,
    /// the index is taken for damaged (a segment truncated, a file gone):
    /// it is set aside (as `….broken`), made again and `work` done once
    /// more; if the disk cannot hold a new one, one in memory does it. The
    /// message says what happened.
    pub fn recovering<T>(
        &mut self,
        mut work: impl FnMut(&FullText) -> Result<T, Error>,
    ) -> Result<(T, Option<String>), Error> {
        let error = match work(self) {
            Ok(value) => return Ok((value, None)),
            Err(error) => error,
        };
        let Some(dir) = self.dir.clone() else { return Err(error) };
        let shown = crate::sanitize::path(&dir);
        let notice = match self.remade(&dir) {
            Ok(fresh) => {
                *self = fresh;
                format!(
                    "the search index {shown} could not be read ({error}); it was set aside and made again"
                )
            }
            Err(again) => {
                *self = FullText::in_memory(&self.root);
                in_memory_notice(&dir, &again)
            }
        };
        let value = work(self)?;
        Ok((value, Some(notice)))
    }

    /// A new index in place of the damaged one in `dir`, which is kept
    /// beside it (one at most: it is only derived data).
    pub(super) fn remade(&self, dir: &Path) -> Result<FullText, Error> {
        let _lock = crate::files::Lock::of(&dir.with_extension("open"))?;
        let aside = dir.with_extension("broken");
        let _ = std::fs::remove_dir_all(&aside);
        if std::fs::rename(dir, &aside).is_err() {
            let _ = std::fs::remove_dir_all(dir);
        }
        Self::create(dir, &self.root)
    }

    /// An index in memory, for tests.
    pub fn in_memory(root: &Path) -> FullText {
        let (schema, fields) = schema();
        let index = Index::create_in_ram(schema);
        index.tokenizers().register(TOKENIZER, analyzer());
        let reader = index.reader().expect("a reader in memory");
        FullText { root: root.to_path_buf(), dir: None, index, reader, fields }
    }

    /// The file beside the index listing every post's stamp, as of a
    /// commit: reading it is much quicker than reading every document.
    pub(super) fn stamps_file(&self) -> Option<PathBuf> {
        self.dir.as_ref().map(|dir| dir.join("folio-stamps"))
    }

    /// The stamp of every post indexed, by path: from the stamps file when
    /// it is of the last commit, else from the documents.
    pub(super) fn indexed(&self) -> Result<HashMap<String, u64>, Error> {
        self.reader.reload()?;
        let opstamp = self.index.load_metas()?.opstamp;
        if let Some(file) = self.stamps_file()
            && let Ok(bytes) = std::fs::read(&file)
            && let Ok((of, known)) = postcard::from_bytes::<(u64, HashMap<String, u64>)>(&bytes)
            && of == opstamp
        {
            return Ok(known);
        }
        let searcher = self.reader.searcher();
        let mut known = HashMap::new();
        for segment in searcher.segment_readers() {
            let store = segment.get_store_reader(64)?;
            for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
                let Ok(doc) = doc else { continue };
                let path = doc.get_first(self.fields.path).and_then(|v| v.as_str());
                let stamp = doc.get_first(self.fields.stamp).and_then(|v| v.as_u64());
                if let (Some(path), Some(stamp)) = (path, stamp) {
                    known.insert(path.to_string(), stamp);
                }
            }
        }
        Ok(known)
    }

    /// Brings the index up to date with `posts`: files whose stamp changed
    /// are read again, posts gone are taken out. `progress` hears how many
    /// of the posts to read are done, and how many there are.
    pub fn update(
        &self,
        posts: &[Post],
        stamps: Known<'_>,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Updated, Error> {
        // Each file's stamp, taken once: the known ones, else from the disk.
        let current: Vec<u64> = posts
            .iter()
            .map(|post| match stamps.and_then(|s| s.get(post.path.as_os_str())) {
                Some(&stamp) => stamp_hash(stamp),
                None => stamp_of(&self.root.join(&post.path)),
            })
            .collect();
        let known = self.indexed()?;
        if stale(posts, &current, &known).is_none() {
            return Ok(Updated { kept: posts.len(), ..Updated::default() });
        }
        // Another folio may be writing: wait for it, then see what is left.
        let mut writer = self.writer()?;
        let known = self.indexed()?;
        let Some((stale, gone, kept)) = stale(posts, &current, &known) else {
            return Ok(Updated { kept: posts.len(), ..Updated::default() });
        };
        let mut removed = 0;
        for path in &gone {
            writer.delete_term(Term::from_field_text(self.fields.path, path));
            removed += 1;
        }
        let total = stale.len();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
        let mut done = 0;
        for batch in stale.chunks(COMMIT_EVERY) {
            // Reading and extracting the text is the slow part: spread it.
            let part = batch.len().div_ceil(threads).max(1);
            let documents: Vec<Vec<TantivyDocument>> = std::thread::scope(|scope| {
                let workers: Vec<_> = batch
                    .chunks(part)
                    .map(|chunk| {
                        scope.spawn(move || {
                            chunk
                                .iter()
                                .map(|&(i, stamp)| self.document(&posts[i], stamp))
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                workers.into_iter().map(|w| w.join().unwrap_or_default()).collect()
            });
            for (&(i, _), document) in batch.iter().zip(documents.into_iter().flatten()) {
                let path = posts[i].path.to_string_lossy();
                if known.contains_key(path.as_ref()) {
                    writer.delete_term(Term::from_field_text(self.fields.path, &path));
                    removed += 1;
                }
                writer.add_document(document)?;
            }
            writer.commit()?;
            done += batch.len();
            progress(done, total);
        }
        let opstamp = writer.commit()?;
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        self.write_stamps(opstamp);
        Ok(Updated { indexed: total, removed, kept })
    }

    /// Writes the stamps of every post indexed as of commit `opstamp`.
    pub(super) fn write_stamps(&self, opstamp: u64) {
        let Some(file) = self.stamps_file() else { return };
        // Read from the documents themselves: what the commit holds.
        let _ = std::fs::remove_file(&file);
        let Ok(known) = self.indexed() else { return };
        if let Ok(bytes) = postcard::to_allocvec(&(opstamp, known)) {
            // Only a quicker start: a failed write costs a slower one.
            let _ = crate::files::write_atomic(&file, &[&bytes]);
        }
    }

    /// The index's writer, once no other process holds it (at most a
    /// minute: a build of a large folder takes that long).
    pub(super) fn writer(&self) -> Result<IndexWriter<TantivyDocument>, Error> {
        let started = std::time::Instant::now();
        loop {
            match self.index.writer_with_num_threads(1, WRITER_MEMORY) {
                Err(tantivy::TantivyError::LockFailure(..))
                    if started.elapsed() < std::time::Duration::from_secs(60) =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                other => return Ok(other?),
            }
        }
    }

    /// The document of `post`: its fields, and its file's text.
    pub(super) fn document(&self, post: &Post, stamp: u64) -> TantivyDocument {
        let f = self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.path, post.path.to_string_lossy());
        doc.add_u64(f.stamp, stamp);
        doc.add_text(f.title, &post.title);
        for tag in &post.tags {
            doc.add_text(f.tags, tag);
            doc.add_text(f.tag, crate::text::fold(tag));
        }
        for author in &post.authors {
            doc.add_text(f.authors, author);
        }
        doc.add_text(f.body, text_of(&self.root, post));
        doc
    }
}

/// Posts whose file changed since it was indexed (with their `current`
/// stamps), paths indexed that are no post now, and how many are up to
/// date; `None` when nothing is to be done.
#[allow(clippy::type_complexity)]
pub(super) fn stale(
    posts: &[Post],
    current: &[u64],
    known: &HashMap<String, u64>,
) -> Option<(Vec<(usize, u64)>, Vec<String>, usize)> {
    let mut stale = Vec::new();
    let mut kept = 0;
    let mut present: std::collections::HashSet<String> =
        std::collections::HashSet::with_capacity(posts.len());
    for (i, (post, &stamp)) in posts.iter().zip(current).enumerate() {
        let key = post.path.to_string_lossy();
        match known.get(key.as_ref()) {
            Some(&old) if old == stamp => kept += 1,
            _ => stale.push((i, stamp)),
        }
        present.insert(key.into_owned());
    }
    let gone: Vec<String> =
        known.keys().filter(|p| !present.contains(String::as_str(p))).cloned().collect();
    (!stale.is_empty() || !gone.is_empty()).then_some((stale, gone, kept))
}

/// The text of `post`'s file as the index reads it; empty when it cannot
/// be read.
pub(super) fn text_of(root: &Path, post: &Post) -> String {
    let file = root.join(&post.path);
    let Ok(bytes) = crate::post::walk::read_file(&file) else {
        return String::new();
    };
    let Ok((text, _)) = crate::post::decode(&bytes) else {
        return String::new();
    };
    // The site's values (`{{ site.title }}`) are not worth a search for
    // `_config.yml` per file.
    crate::markdown::plain_text(&text, &crate::markdown::dialect::Dialect::of_name(&file))
}

pub(super) fn in_memory_notice(dir: &Path, error: &Error) -> String {
    format!(
        "the search index cannot be kept in {} ({error}); it is kept in memory for this run",
        crate::sanitize::path(dir)
    )
}
