//! The library's error type: every failure a caller may need to tell apart.

use std::path::PathBuf;

/// What went wrong, in words that name the file and quote the bad value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The folder to index does not exist or cannot be read.
    #[error("cannot read folder '{}': {source}", crate::sanitize::path(path))]
    Folder {
        /// The folder the user named.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The path given as a folder is something else.
    #[error("'{}' is not a folder", crate::sanitize::path(path))]
    NotAFolder {
        /// The path the user named.
        path: PathBuf,
    },
    /// A single post could not be read.
    #[error("cannot read '{}': {source}", crate::sanitize::path(path))]
    Read {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A single post could be read but is not a post (binary, too large...).
    #[error("cannot show '{}': {reason}", crate::sanitize::path(path))]
    NotAPost {
        /// The file.
        path: PathBuf,
        /// Why it is not a post.
        reason: String,
    },
    /// Writing the output failed (a closed pipe, a full disk).
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
}

impl Error {
    /// Whether the reader of our output went away (`folio list | head`),
    /// which is not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
