//! Full-text search with tantivy: every post's words (title, tags,
//! authors, and its text as shown, code included) in an index beside the
//! list cache, under `$XDG_CACHE_HOME/folio/`.
//!
//! The index is brought up to date by the same size-and-time stamps as the
//! list cache: only the files that changed are read again. It is committed
//! in steps, so a build killed at any moment keeps what was committed and
//! goes on from there; an index that cannot be opened is made again. The
//! writer works within a fixed memory budget. Ranking is BM25, with title
//! matches weighing more and a bonus when the words stand together.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{Index, IndexReader, IndexWriter, TantivyDocument, Term};

use crate::post::Post;
use crate::post::cache::{ByPath, Stamp};

/// The tokenizer of every text field: words, lower case, accents folded.
const TOKENIZER: &str = "folio";

/// The writer's memory budget (tantivy's minimum is 15 MB per thread).
const WRITER_MEMORY: usize = 64 * 1024 * 1024;

/// Documents between two commits: what a kill can lose at most.
const COMMIT_EVERY: usize = 2_000;

/// Bumped when the schema or the text extracted changes: an index of
/// another version is made again.
const VERSION: &str = "1";

/// The fields of the index.
#[derive(Clone, Copy, Debug)]
struct Fields {
    path: Field,
    stamp: Field,
    title: Field,
    tags: Field,
    tag: Field,
    authors: Field,
    body: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        path: builder.add_text_field("path", STRING | STORED),
        stamp: builder.add_u64_field("stamp", FAST | STORED),
        title: builder.add_text_field("title", text.clone()),
        tags: builder.add_text_field("tags", text.clone()),
        tag: builder.add_text_field("tag", STRING),
        authors: builder.add_text_field("authors", text.clone()),
        body: builder.add_text_field("body", text),
    };
    (builder.build(), fields)
}

fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Where the full-text index of `root` lives.
pub fn location(root: &Path) -> Option<PathBuf> {
    crate::files::for_folder(crate::files::Base::Cache, root, "search")
}

/// A file's stamp as the index keeps it: its size and modification time.
pub fn stamp_of(file: &Path) -> u64 {
    match std::fs::metadata(file) {
        Ok(meta) => stamp_hash(Stamp::of(&meta)),
        Err(_) => 0,
    }
}

/// The index's form of a list cache's stamp (the same size and time).
pub fn stamp_hash(stamp: Stamp) -> u64 {
    let bytes = [&stamp.size.to_le_bytes()[..], &stamp.modified.to_le_bytes()[..]].concat();
    crate::files::fnv1a(&bytes).max(1)
}

/// Stamps known already (the list cache's, just checked against the
/// disk), so that files are not stat'ed twice.
pub type Known<'a> = Option<&'a ByPath<Stamp>>;

/// How an update went.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Updated {
    /// Posts read and indexed.
    pub indexed: usize,
    /// Posts taken out (gone, or changed and indexed again).
    pub removed: usize,
    /// Posts already up to date.
    pub kept: usize,
}

/// A full-text index, open.
pub struct FullText {
    root: PathBuf,
    /// Where it is on disk (none in memory).
    dir: Option<PathBuf>,
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

impl std::fmt::Debug for FullText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FullText").field("root", &self.root).finish_non_exhaustive()
    }
}

/// Why the index could not be used.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// tantivy's own error.
    #[error("the search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// A file of the index.
    #[error("the search index: {0}")]
    Io(#[from] std::io::Error),
}

impl FullText {
    /// Opens the index in `dir` for the folder `root`, making it (again)
    /// when there is none, or one that cannot be read, or one of another
    /// version.
    pub fn open(dir: &Path, root: &Path) -> Result<FullText, Error> {
        Self::open_noting(dir, root).map(|(index, _)| index)
    }

    /// [`FullText::open`], and a message when an index of this version
    /// was there but could not be read (an older one is made again quietly).
    fn open_noting(dir: &Path, root: &Path) -> Result<(FullText, Option<String>), Error> {
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
    fn open_existing(dir: &Path, root: &Path) -> Option<FullText> {
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
    fn create(dir: &Path, root: &Path) -> Result<FullText, Error> {
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
    fn remade(&self, dir: &Path) -> Result<FullText, Error> {
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
    fn stamps_file(&self) -> Option<PathBuf> {
        self.dir.as_ref().map(|dir| dir.join("folio-stamps"))
    }

    /// The stamp of every post indexed, by path: from the stamps file when
    /// it is of the last commit, else from the documents.
    fn indexed(&self) -> Result<HashMap<String, u64>, Error> {
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
    fn write_stamps(&self, opstamp: u64) {
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
    fn writer(&self) -> Result<IndexWriter<TantivyDocument>, Error> {
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
    fn document(&self, post: &Post, stamp: u64) -> TantivyDocument {
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

    /// The posts matching `query`, best first, at most `limit`.
    pub fn search(&self, query: &Search, limit: usize) -> Result<Vec<Found>, Error> {
        let Some(built) = self.build(query) else {
            return Ok(Vec::new());
        };
        let searcher = self.reader.searcher();
        // No more than there are posts: the collector makes room for `limit`
        // up front (`--limit 4294967295` asked for 34 GB).
        let limit = limit.clamp(1, (searcher.num_docs() as usize).max(1));
        let top = searcher.search(&built, &TopDocs::with_limit(limit).order_by_score())?;
        let words = self.highlight_terms(query);
        let mut found = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let Some(path) = doc.get_first(self.fields.path).and_then(|v| v.as_str()) else {
                continue;
            };
            found.push(Found {
                path: PathBuf::from(path),
                score,
                snippet: None,
                words: words.clone(),
            });
        }
        Ok(found)
    }

    /// The snippet of `found`: the text around its best match, the words
    /// marked (byte ranges in `text`).
    pub fn snippet(&self, query: &Search, post: &Post) -> Snippet {
        let Some(built) = self.build(query) else {
            return Snippet::default();
        };
        let searcher = self.reader.searcher();
        let Ok(mut generator) =
            tantivy::snippet::SnippetGenerator::create(&searcher, &*built, self.fields.body)
        else {
            return Snippet::default();
        };
        generator.set_max_num_chars(160);
        let text = text_of(&self.root, post);
        let snippet = generator.snippet(&text);
        let fragment = snippet.fragment().to_string();
        if fragment.is_empty() {
            // A title or tag match: the text's start.
            let start: String = text.chars().take(160).collect();
            return Snippet { text: start, marks: Vec::new() };
        }
        Snippet { text: fragment, marks: snippet.highlighted().to_vec() }
    }

    /// The words a query looks for, as the index reads them, for marking
    /// them in the article.
    fn highlight_terms(&self, query: &Search) -> Vec<String> {
        let mut words = Vec::new();
        for part in &query.parts {
            match part {
                Part::Word(w) | Part::Prefix(w) => words.extend(tokens(w)),
                Part::Phrase(p) => words.extend(tokens(p)),
                _ => {}
            }
        }
        words
    }

    fn build(&self, search: &Search) -> Option<Box<dyn Query>> {
        let f = self.fields;
        let text_fields = [(f.title, 3.0), (f.body, 1.0), (f.tags, 2.0), (f.authors, 2.0)];
        let any_field = |make: &dyn Fn(Field) -> Box<dyn Query>| -> Box<dyn Query> {
            let clauses = text_fields
                .iter()
                .map(|&(field, boost)| {
                    let query: Box<dyn Query> = Box::new(BoostQuery::new(make(field), boost));
                    (Occur::Should, query)
                })
                .collect();
            Box::new(BooleanQuery::new(clauses))
        };
        let term_query = |field: Field, word: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, word),
                IndexRecordOption::WithFreqsAndPositions,
            ))
        };
        let phrase = |field: Field, words: &[String], slop: u32| -> Box<dyn Query> {
            if words.len() == 1 {
                return term_query(field, &words[0]);
            }
            let terms = words.iter().map(|w| Term::from_field_text(field, w)).collect();
            let mut query = PhraseQuery::new(terms);
            query.set_slop(slop);
            Box::new(query)
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut positive = false;
        let mut plain: Vec<String> = Vec::new();
        for part in &search.parts {
            match part {
                Part::Word(word) => {
                    let words = tokens(word);
                    if words.is_empty() {
                        continue;
                    }
                    positive = true;
                    plain.extend(words.iter().cloned());
                    clauses.push((Occur::Must, any_field(&|field| phrase(field, &words, 0))));
                }
                Part::Phrase(text) => {
                    let words = tokens(text);
                    if words.is_empty() {
                        continue;
                    }
                    positive = true;
                    clauses.push((Occur::Must, any_field(&|field| phrase(field, &words, 0))));
                }
                Part::Prefix(word) => {
                    let Some(word) = tokens(word).into_iter().next() else { continue };
                    positive = true;
                    clauses.push((
                        Occur::Must,
                        any_field(&|field| {
                            Box::new(FuzzyTermQuery::new_prefix(
                                Term::from_field_text(field, &word),
                                0,
                                false,
                            ))
                        }),
                    ));
                }
                Part::Not(word) => {
                    let words = tokens(word);
                    if !words.is_empty() {
                        clauses
                            .push((Occur::MustNot, any_field(&|field| phrase(field, &words, 0))));
                    }
                }
                Part::Tag(tag) => {
                    positive = true;
                    clauses.push((Occur::Must, term_query(f.tag, &crate::text::fold(tag))));
                }
                Part::NotTag(tag) => {
                    clauses.push((Occur::MustNot, term_query(f.tag, &crate::text::fold(tag))));
                }
                Part::Author(name) => {
                    let words = tokens(name);
                    if words.is_empty() {
                        continue;
                    }
                    positive = true;
                    let any: Vec<(Occur, Box<dyn Query>)> =
                        words.iter().map(|w| (Occur::Must, term_query(f.authors, w))).collect();
                    clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
                }
            }
        }
        if clauses.is_empty() {
            return None;
        }
        if !positive {
            // Only exclusions: everything else.
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        if plain.len() > 1 {
            // The words standing together rank above the same words apart.
            let near = BoostQuery::new(phrase(f.body, &plain, 2), 2.0);
            let title = BoostQuery::new(phrase(f.title, &plain, 2), 3.0);
            clauses.push((Occur::Should, Box::new(near)));
            clauses.push((Occur::Should, Box::new(title)));
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }
}

/// Posts whose file changed since it was indexed (with their `current`
/// stamps), paths indexed that are no post now, and how many are up to
/// date; `None` when nothing is to be done.
#[allow(clippy::type_complexity)]
fn stale(
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
fn text_of(root: &Path, post: &Post) -> String {
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

/// The words of `text` as the index reads them.
pub fn tokens(text: &str) -> Vec<String> {
    use tantivy::tokenizer::TokenStream;
    let mut analyzer = analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

/// A post found.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// Its file, relative to the folder.
    pub path: PathBuf,
    /// Its BM25 score.
    pub score: f32,
    /// The text around its best match, once asked for.
    pub snippet: Option<Snippet>,
    /// The words the query looks for, as indexed (lower case).
    pub words: Vec<String>,
}

/// Text around a match, with the matched words' byte ranges.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    /// The text (sanitized).
    pub text: String,
    /// Byte ranges of the words matched in `text`.
    pub marks: Vec<std::ops::Range<usize>>,
}

impl Snippet {
    /// The part of the snippet that fits in `width` columns, around its
    /// first matched word (a third of the width before it), with `…` where
    /// text was cut: the match is always in view, however narrow the list.
    pub fn around(&self, width: usize) -> Snippet {
        use crate::text::width as columns;
        if columns(&self.text) <= width || width < 3 {
            return self.clone();
        }
        let room = width - 2;
        let first = self.marks.first().map_or(0, |m| m.start);
        // Start so that the match has a third of the room before it.
        let mut start = first;
        let mut before = 0;
        for (at, c) in self.text[..first].char_indices().rev() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if before + w > room / 3 {
                break;
            }
            before += w;
            start = at;
        }
        let mut end = start;
        let mut used = 0;
        for (at, c) in self.text[start..].char_indices() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used + w > room {
                break;
            }
            used += w;
            end = start + at + c.len_utf8();
        }
        // Without a cut at the start, the room it kept goes to the end.
        if start == 0 {
            return Snippet { text: self.text.clone(), marks: self.marks.clone() }.cut_end(width);
        }
        let text =
            format!("…{}{}", &self.text[start..end], if end < self.text.len() { "…" } else { "" });
        let shift = start - "…".len();
        let marks = self
            .marks
            .iter()
            .filter(|m| m.start >= start && m.end <= end)
            .map(|m| m.start - shift..m.end - shift)
            .collect();
        Snippet { text, marks }
    }

    /// The snippet cut at `width` columns from its start, with `…`.
    fn cut_end(self, width: usize) -> Snippet {
        let text = crate::text::truncate(&self.text, width).into_owned();
        let marks = self.marks.into_iter().filter(|m| m.end <= text.len()).collect();
        Snippet { text, marks }
    }

    /// The text in pieces, each with whether it is a word matched.
    pub fn pieces(&self) -> Vec<(&str, bool)> {
        let mut pieces = Vec::with_capacity(self.marks.len() * 2 + 1);
        let mut at = 0;
        for range in &self.marks {
            let (Some(before), Some(word)) =
                (self.text.get(at..range.start), self.text.get(range.clone()))
            else {
                continue;
            };
            pieces.push((before, false));
            pieces.push((word, true));
            at = range.end;
        }
        pieces.push((self.text.get(at..).unwrap_or(""), false));
        pieces
    }
}

/// One part of a search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// A word every post must hold.
    Word(String),
    /// `"words together"`.
    Phrase(String),
    /// `word*`: any word starting so.
    Prefix(String),
    /// `-word`: posts holding it are left out.
    Not(String),
    /// `#tag`: the post has the tag.
    Tag(String),
    /// `-#tag`: the post does not have the tag.
    NotTag(String),
    /// `@name`: an author's name holds the word(s).
    Author(String),
}

/// A full-text search, as typed: `words "a phrase" -word word* #tag @name`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Search {
    /// Its parts in order.
    pub parts: Vec<Part>,
}

impl Search {
    /// Reads a search line.
    pub fn parse(line: &str) -> Search {
        let mut parts = Vec::new();
        let mut rest = line.trim();
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('"') {
                let end = after.find('"').unwrap_or(after.len());
                let phrase = after[..end].trim();
                if !phrase.is_empty() {
                    parts.push(Part::Phrase(phrase.to_string()));
                }
                rest = after.get(end + 1..).unwrap_or("").trim_start();
                continue;
            }
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let word = &rest[..end];
            rest = rest[end..].trim_start();
            let part = if let Some(tag) = word.strip_prefix("-#") {
                Part::NotTag(tag.to_string())
            } else if let Some(tag) = word.strip_prefix('#') {
                Part::Tag(tag.to_string())
            } else if let Some(name) = word.strip_prefix('@') {
                Part::Author(name.to_string())
            } else if let Some(not) = word.strip_prefix('-').filter(|w| !w.is_empty()) {
                Part::Not(not.to_string())
            } else if let Some(prefix) = word.strip_suffix('*').filter(|w| !w.is_empty()) {
                Part::Prefix(prefix.to_string())
            } else {
                Part::Word(word.to_string())
            };
            let empty =
                matches!(&part, Part::Tag(t) | Part::NotTag(t) | Part::Author(t) if t.is_empty());
            if !empty {
                parts.push(part);
            }
        }
        Search { parts }
    }

    /// Adds `--tag` and `--author` filters.
    pub fn with_filters(mut self, tags: &[String], authors: &[String]) -> Search {
        self.parts.extend(tags.iter().map(|t| Part::Tag(t.clone())));
        self.parts.extend(authors.iter().map(|a| Part::Author(a.clone())));
        self
    }

    /// The words it looks for (not those it leaves out), as typed, longest
    /// first: what to mark in a post opened from its results.
    pub fn words(&self) -> Vec<String> {
        let mut words: Vec<String> = self
            .parts
            .iter()
            .filter_map(|part| match part {
                Part::Word(w) | Part::Prefix(w) | Part::Phrase(w) => Some(w.clone()),
                _ => None,
            })
            .collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        words
    }

    /// Whether it asks for nothing.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}

fn in_memory_notice(dir: &Path, error: &Error) -> String {
    format!(
        "the search index cannot be kept in {} ({error}); it is kept in memory for this run",
        crate::sanitize::path(dir)
    )
}

/// A post found, as the reader lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct Listed {
    /// The post, a position in the posts searched.
    pub post: usize,
    /// The text around its best match (for the first rows only).
    pub snippet: Option<Snippet>,
}

/// The reader's full-text search between two requests: the index, once
/// opened, and the posts it was last brought up to date with.
#[derive(Default)]
pub struct Session {
    open: Option<(PathBuf, FullText)>,
    /// The epoch and count of the posts the index was updated for.
    seen: Option<(u64, usize)>,
    by_path: HashMap<PathBuf, usize>,
    /// Hears how an index build goes: posts done, posts to do.
    pub progress: Option<Box<dyn Fn(usize, usize) + Send + Sync>>,
    /// What the reader should be told of the index (made again, or kept
    /// in memory), once.
    pub notice: Option<String>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session").field("seen", &self.seen).finish_non_exhaustive()
    }
}

/// The most results the reader lists.
pub const LISTED: usize = 100;

/// How many results the reader lists with their snippet: a tall
/// terminal's worth.
pub const SNIPPETS: usize = 40;

impl Session {
    /// Searches `posts` of `root` for `line`, with the index in `dir` (in
    /// memory without one): the index opened (or made)
    /// and brought up to date first when the posts changed since.
    pub fn search(
        &mut self,
        root: &Path,
        dir: Option<&Path>,
        posts: &[Post],
        epoch: u64,
        line: &str,
        limit: usize,
    ) -> Result<Vec<Listed>, Error> {
        if self.open.as_ref().is_none_or(|(r, _)| r != root) {
            let (index, notice) = FullText::open_or_in_memory(dir, root);
            self.notice = notice;
            self.open = Some((root.to_path_buf(), index));
            self.seen = None;
        }
        let (_, index) = self.open.as_mut().expect("opened above");
        let quiet = |_: usize, _: usize| {};
        let progress: &(dyn Fn(usize, usize) + Sync) = match &self.progress {
            Some(progress) => progress.as_ref(),
            None => &quiet,
        };
        let search = Search::parse(line);
        // Brought up to date when the posts changed, and always when the
        // index was made again.
        let mut up_to_date = self.seen == Some((epoch, posts.len()));
        let (found, notice) = index.recovering(|index| {
            if !up_to_date {
                index.update(posts, None, progress)?;
            }
            up_to_date = false;
            index.search(&search, limit)
        })?;
        self.notice = self.notice.take().or(notice);
        if self.seen != Some((epoch, posts.len())) {
            self.by_path = posts.iter().enumerate().map(|(i, p)| (p.path.clone(), i)).collect();
            self.seen = Some((epoch, posts.len()));
        }
        Ok(found
            .into_iter()
            .filter_map(|hit| self.by_path.get(&hit.path).copied())
            .enumerate()
            .map(|(row, post)| Listed {
                post,
                snippet: (row < SNIPPETS).then(|| index.snippet(&search, &posts[post])),
            })
            .collect())
    }
}
