//! The persistent index cache: each post's fields, keyed by path, size and
//! modification time, so that a start reads again only what changed.
//!
//! One file per folder in `$XDG_CACHE_HOME/folio/` (`~/.cache/folio/`). A
//! postcard-encoded header (magic, format, folio's version, the folder,
//! the payload's length and CRC-32) precedes the postcard-encoded entries.
//! Anything unexpected (another version, a truncated or corrupt file, the
//! wrong folder) makes the cache be ignored and rebuilt, never trusted.
//! Writes go to a temporary file that is synced and then renamed over the
//! old one, so a kill at any moment leaves the old cache or the new one.

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::{Post, PostDate, Severity, Warning};
use crate::sanitize;

/// Bumped whenever the layout of the entries changes, or what a post's
/// fields are read as (4: excerpts pass over link lines ending in a break).
const FORMAT: u32 = 4;
const MAGIC: [u8; 8] = *b"folio-ix";

/// A map keyed by a path's bytes. Hashing a `Path` walks its components,
/// which is slow when a hundred thousand files are looked up.
pub type ByPath<V> = HashMap<OsString, V, foldhash::fast::RandomState>;

/// A file's size and modification time, which say whether it changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stamp {
    /// Bytes.
    pub size: u64,
    /// Nanoseconds since the Unix epoch (negative before it).
    pub modified: i128,
}

impl Stamp {
    /// The stamp of a file's metadata.
    pub fn of(meta: &fs::Metadata) -> Stamp {
        Stamp { size: meta.len(), modified: meta.modified().map(nanos).unwrap_or(0) }
    }
}

fn nanos(time: SystemTime) -> i128 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_nanos() as i128,
        Err(before) => -(before.duration().as_nanos() as i128),
    }
}

/// What a cache knows: each file's stamp, and a time from which stamps are
/// not trusted (a file changed twice within the clock's resolution just
/// before the cache was written would keep its stamp).
#[derive(Clone, Debug, Default)]
pub struct Known {
    /// Stamps by path (relative to the folder).
    pub stamps: ByPath<Stamp>,
    /// Files modified at or after this (ns since the epoch) are read again.
    pub trusted_before: i128,
}

impl Known {
    /// Whether a file with `stamp` can be taken from the cache.
    pub fn unchanged(&self, path: &Path, stamp: Stamp) -> bool {
        stamp.modified < self.trusted_before && self.stamps.get(path.as_os_str()) == Some(&stamp)
    }
}

/// One file as cached: its stamp, its post (none if it was skipped) and its
/// warnings.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The file's stamp when it was read.
    pub stamp: Stamp,
    /// The post, unless the file was skipped.
    pub post: Option<Post>,
    /// Problems met reading it.
    pub warnings: Vec<Warning>,
}

/// A cache file's contents.
#[derive(Clone, Debug, Default)]
pub struct Cache {
    /// Entries by path (relative to the folder).
    pub entries: ByPath<Entry>,
    /// When it was written (ns since the epoch).
    pub written: i128,
}

impl Cache {
    /// The stamps, for a scan to compare against.
    pub fn known(&self) -> Known {
        Known {
            stamps: self.entries.iter().map(|(path, entry)| (path.clone(), entry.stamp)).collect(),
            trusted_before: self.trusted_before(),
        }
    }

    /// Files modified at or after this (ns since the epoch) are read again:
    /// two seconds before the cache was written covers the coarsest common
    /// clocks (FAT, some NFS).
    pub fn trusted_before(&self) -> i128 {
        self.written - 2_000_000_000
    }
}

/// Where the cache for `root` lives: `$XDG_CACHE_HOME/folio/` or
/// `~/.cache/folio/`, a file named after the folder and a hash of its
/// absolute path. `None` when there is no home to put it in.
pub fn location(root: &Path) -> Option<PathBuf> {
    crate::files::for_folder(crate::files::Base::Cache, root, "index")
}

/// Why a cache file was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    /// There is none yet.
    Absent,
    /// It could not be read.
    Unreadable(String),
    /// It is not a folio cache of this format and version, or not for this
    /// folder.
    Foreign,
    /// Its length or checksum is wrong.
    Corrupt,
}

#[derive(Serialize, Deserialize)]
struct Header {
    magic: [u8; 8],
    format: u32,
    folio: String,
    root: Vec<u8>,
    written: i128,
    payload_len: u64,
    payload_crc: u32,
}

#[derive(Deserialize)]
struct StoredEntry {
    path: Vec<u8>,
    stamp: Stamp,
    post: Option<StoredPost>,
    warnings: Vec<(u8, String)>,
}

#[derive(Deserialize)]
struct StoredPost {
    title: String,
    date: Option<StoredDate>,
    tags: Vec<String>,
    authors: Vec<String>,
    excerpt: String,
    words: u32,
    draft: bool,
    /// Unknown keys as JSON text: postcard cannot hold self-describing values.
    extra: String,
}

#[derive(Serialize, Deserialize)]
struct StoredDate {
    day: (i16, i8, i8),
    time: Option<(i8, i8, i8)>,
    offset: Option<i32>,
}

/// Reads the cache at `file` for the folder `root`.
pub fn load(file: &Path, root: &Path) -> Result<Cache, Miss> {
    let bytes = match fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Miss::Absent),
        Err(e) => return Err(Miss::Unreadable(e.to_string())),
    };
    let (header, payload) =
        postcard::take_from_bytes::<Header>(&bytes).map_err(|_| Miss::Foreign)?;
    let root = root.canonicalize().map_err(|e| Miss::Unreadable(e.to_string()))?;
    if header.magic != MAGIC
        || header.format != FORMAT
        || header.folio != env!("CARGO_PKG_VERSION")
        || header.root != root.as_os_str().as_encoded_bytes()
    {
        return Err(Miss::Foreign);
    }
    if header.payload_len != payload.len() as u64 || crc32fast::hash(payload) != header.payload_crc
    {
        return Err(Miss::Corrupt);
    }
    let stored: Vec<StoredEntry> = postcard::from_bytes(payload).map_err(|_| Miss::Corrupt)?;
    // The entries own their text now: let the file's bytes go before the
    // posts are built, or a large cache is held twice.
    drop(bytes);
    let mut entries = ByPath::with_capacity_and_hasher(stored.len(), Default::default());
    for entry in stored {
        let path = path_from_bytes(entry.path);
        let post = entry.post.map(|stored| restore(&path, stored));
        let warnings = entry
            .warnings
            .into_iter()
            .map(|(severity, message)| Warning {
                path: path.clone(),
                severity: severity_from(severity),
                message: sanitize::line_owned(message),
            })
            .collect();
        entries.insert(path.into_os_string(), Entry { stamp: entry.stamp, post, warnings });
    }
    Ok(Cache { entries, written: header.written })
}

/// Writes the cache for `root` from its posts and warnings: every file with
/// a stamp gets an entry (a file without a post was skipped). Posts are
/// serialized where they are, not copied.
pub fn save_posts(
    file: &Path,
    root: &Path,
    posts: &[Post],
    warnings: &[Warning],
    stamps: &ByPath<Stamp>,
) -> io::Result<()> {
    let by_path: HashMap<&OsStr, &Post, foldhash::fast::RandomState> =
        posts.iter().map(|p| (p.path.as_os_str(), p)).collect();
    let mut problems: HashMap<&OsStr, Vec<&Warning>, foldhash::fast::RandomState> =
        HashMap::default();
    for warning in warnings {
        problems.entry(warning.path.as_os_str()).or_default().push(warning);
    }
    let entries: Vec<EntryRef<'_>> = stamps
        .iter()
        .map(|(path, stamp)| EntryRef {
            path: path.as_encoded_bytes(),
            stamp: *stamp,
            post: by_path.get(path.as_os_str()).map(|p| PostRef::of(p)),
            warnings: problems
                .remove(path.as_os_str())
                .unwrap_or_default()
                .into_iter()
                .map(|w| (severity_code(w.severity), w.message.as_str()))
                .collect(),
        })
        .collect();
    write(file, root, &entries)
}

/// Writes cache entries (as read by [`load`]) for `root` at `file`.
pub fn save(file: &Path, root: &Path, entries: &[(&Path, &Entry)]) -> io::Result<()> {
    let refs: Vec<EntryRef<'_>> = entries
        .iter()
        .map(|(path, entry)| EntryRef {
            path: path.as_os_str().as_encoded_bytes(),
            stamp: entry.stamp,
            post: entry.post.as_ref().map(PostRef::of),
            warnings: entry
                .warnings
                .iter()
                .map(|w| (severity_code(w.severity), w.message.as_str()))
                .collect(),
        })
        .collect();
    write(file, root, &refs)
}

/// An entry to write, borrowing from the posts: the same layout as
/// [`StoredEntry`] (postcard writes `&str` as it writes `String`).
#[derive(Serialize)]
struct EntryRef<'a> {
    path: &'a [u8],
    stamp: Stamp,
    post: Option<PostRef<'a>>,
    warnings: Vec<(u8, &'a str)>,
}

#[derive(Serialize)]
struct PostRef<'a> {
    title: &'a str,
    date: Option<StoredDate>,
    tags: &'a [String],
    authors: &'a [String],
    excerpt: &'a str,
    words: u32,
    draft: bool,
    extra: String,
}

impl<'a> PostRef<'a> {
    fn of(post: &'a Post) -> Self {
        PostRef {
            title: &post.title,
            date: post.date.map(|d| StoredDate {
                day: (d.date.year(), d.date.month(), d.date.day()),
                time: d.time.map(|t| (t.hour(), t.minute(), t.second())),
                offset: d.offset.map(|o| o.seconds()),
            }),
            tags: &post.tags,
            authors: &post.authors,
            excerpt: &post.excerpt,
            words: post.words,
            draft: post.draft,
            extra: if post.extra.is_empty() {
                String::new()
            } else {
                serde_json::to_string(&post.extra).unwrap_or_default()
            },
        }
    }
}

/// The header and the entries, to a temporary file renamed over `file`.
fn write(file: &Path, root: &Path, entries: &[EntryRef<'_>]) -> io::Result<()> {
    let payload = postcard::to_allocvec(entries).map_err(io::Error::other)?;
    let root = root.canonicalize()?;
    let header = Header {
        magic: MAGIC,
        format: FORMAT,
        folio: env!("CARGO_PKG_VERSION").to_string(),
        root: root.as_os_str().as_encoded_bytes().to_vec(),
        written: nanos(SystemTime::now()),
        payload_len: payload.len() as u64,
        payload_crc: crc32fast::hash(&payload),
    };
    let head = postcard::to_allocvec(&header).map_err(io::Error::other)?;
    crate::files::write_atomic(file, &[&head, &payload])
}

fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        PathBuf::from(std::ffi::OsString::from_vec(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
    }
}

fn restore(path: &Path, stored: StoredPost) -> Post {
    let date = stored.date.and_then(|d| {
        let day = jiff::civil::Date::new(d.day.0, d.day.1, d.day.2).ok()?;
        let time = d.time.and_then(|(h, m, s)| jiff::civil::Time::new(h, m, s, 0).ok());
        let offset = d.offset.and_then(|o| jiff::tz::Offset::from_seconds(o).ok());
        Some(PostDate { date: day, time, offset })
    });
    // A cache with a good checksum can still have been written by someone
    // else: its text is as untrusted as a post's.
    let clean = |list: Vec<String>| list.into_iter().map(sanitize::line_owned).collect();
    Post {
        path: path.to_path_buf(),
        title: sanitize::line_owned(stored.title),
        date,
        tags: clean(stored.tags),
        authors: clean(stored.authors),
        excerpt: sanitize::line_owned(stored.excerpt),
        words: stored.words,
        draft: stored.draft,
        extra: if stored.extra.is_empty() {
            Vec::new()
        } else {
            serde_json::from_str(&stored.extra).unwrap_or_default()
        },
    }
}

fn severity_code(severity: Severity) -> u8 {
    match severity {
        Severity::Skipped => 0,
        Severity::FrontMatter => 1,
        Severity::Note => 2,
        Severity::Section => 3,
    }
}

fn severity_from(code: u8) -> Severity {
    match code {
        0 => Severity::Skipped,
        1 => Severity::FrontMatter,
        3 => Severity::Section,
        _ => Severity::Note,
    }
}
