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
use tantivy::{Index, IndexReader, TantivyDocument, Term};

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

mod build;
mod query;
mod session;
mod snippet;

pub use query::{Found, Part, Search};
pub use session::{LISTED, Listed, SNIPPETS, Session};
pub use snippet::{Snippet, tokens};

#[cfg(test)]
mod tests;
