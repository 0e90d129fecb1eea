//! folio: a terminal reader for folders of blog posts.
//!
//! Data flows one way: files → [`Index`] → [`Query`] → view. The index
//! reads a folder of Markdown posts with YAML or TOML front matter, in
//! parallel, and never gives up on a folder because of one bad file: what it
//! cannot read becomes a [`Warning`] naming the file and the reason.
//!
//! ```
//! use std::path::Path;
//! use folio::{Index, Query};
//!
//! let index = Index::build(Path::new("sample-posts"))?;
//! let query = Query { tags: vec!["rust".into()], ..Query::default() };
//! for hit in query.run(&index.posts) {
//!     let post = &index.posts[hit.post];
//!     assert!(post.tags.iter().any(|t| t.eq_ignore_ascii_case("rust")));
//! }
//! # Ok::<(), folio::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod ansi;
pub mod app;
pub mod article;
pub mod cli;
pub mod command;
pub mod config;
pub mod error;
pub mod files;
pub mod fulltext;
pub mod graphics;
pub mod keys;
pub mod live;
pub mod markdown;
pub mod opener;
pub mod post;
pub mod query;
pub mod sanitize;
pub mod state;
pub mod text;
pub mod theme;
pub mod tui;
pub mod ui;

pub use error::{Error, Result};
pub use post::index::Index;
pub use post::{Post, PostDate, Severity, Warning};
pub use query::{Query, Sort};
