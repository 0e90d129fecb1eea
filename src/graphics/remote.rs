//! Pictures on the web, fetched only when the config says
//! `remote_images = true`: in the background, with timeouts and a size
//! limit, kept in `$XDG_CACHE_HOME/folio/images/` (one file per address,
//! written whole or not at all) so that each is fetched once. An address
//! that cannot be fetched is not asked again while folio runs.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use crate::files::{self, Base};

/// The largest picture fetched.
pub const MAX_BYTES: u64 = 16 << 20;
/// How long connecting may take.
pub const CONNECT: Duration = Duration::from_secs(5);
/// How long a whole fetch may take.
pub const WHOLE: Duration = Duration::from_secs(20);
/// What the cache of pictures may hold; the oldest go first.
pub const CACHE_BUDGET: u64 = 256 << 20;

/// Why a picture on the web is not drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// No answer, a refused connection, a timeout, a name not found.
    Unreachable,
    /// The server answered with an error (404 and the like).
    NotFound,
    /// Larger than [`MAX_BYTES`].
    TooLarge,
    /// It could not be kept in the cache (no cache folder, a full disk).
    NotKept,
}

impl Failure {
    /// A few words for the reader.
    pub fn words(self) -> &'static str {
        match self {
            Failure::Unreachable => "unreachable",
            Failure::NotFound => "not found",
            Failure::TooLarge => "too large",
            Failure::NotKept => "not kept",
        }
    }
}

/// Where a picture on the web stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum State {
    /// Fetched: its file in the cache.
    Kept(PathBuf),
    /// It could not be fetched.
    Failed(Failure),
    /// Not fetched yet.
    Absent,
}

/// The cache folder of pictures under `cache` (folio's cache folder).
fn folder_in(cache: &Path) -> PathBuf {
    cache.join("images")
}

/// The file `url` is kept in, under `cache`.
fn file_in(cache: &Path, url: &str) -> PathBuf {
    folder_in(cache).join(format!("{:016x}", files::fnv1a(url.as_bytes())))
}

/// The addresses that failed while folio runs, and why.
fn failed() -> &'static Mutex<HashMap<String, Failure>> {
    static FAILED: OnceLock<Mutex<HashMap<String, Failure>>> = OnceLock::new();
    FAILED.get_or_init(Mutex::default)
}

/// Where the picture at `url` stands: in the cache, failed, or absent.
pub fn state(url: &str) -> State {
    let Some(cache) = files::folder(Base::Cache) else {
        return State::Failed(Failure::NotKept);
    };
    state_in(&cache, url)
}

fn state_in(cache: &Path, url: &str) -> State {
    if let Some(failure) = failed().lock().ok().and_then(|f| f.get(url).copied()) {
        return State::Failed(failure);
    }
    let file = file_in(cache, url);
    if file.is_file() { State::Kept(file) } else { State::Absent }
}

/// Fetches the picture at `url` into the cache (once: one kept is not
/// fetched again); a failure is remembered while folio runs.
pub fn fetch(url: &str) -> Result<PathBuf, Failure> {
    let cache = files::folder(Base::Cache).ok_or(Failure::NotKept)?;
    fetch_into(&cache, url)
}

/// Fetches each of `urls`, at most [`AT_ONCE`] at a time, calling `done`
/// as each one ends.
pub fn fetch_all(urls: &[String], done: &(dyn Fn(&str) + Sync)) {
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..AT_ONCE.min(urls.len()) {
            scope.spawn(|| {
                while let Some(url) =
                    urls.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                {
                    let _ = fetch(url);
                    done(url);
                }
            });
        }
    });
}

/// How many pictures are fetched at once.
pub const AT_ONCE: usize = 4;

fn fetch_into(cache: &Path, url: &str) -> Result<PathBuf, Failure> {
    match state_in(cache, url) {
        State::Kept(file) => return Ok(file),
        State::Failed(failure) => return Err(failure),
        State::Absent => {}
    }
    let result = download(url).and_then(|bytes| {
        let file = file_in(cache, url);
        files::write_atomic(&file, &[&bytes]).map_err(|_| Failure::NotKept)?;
        prune(&folder_in(cache), CACHE_BUDGET);
        Ok(file)
    });
    if let (Err(failure), Ok(mut failed)) = (&result, failed().lock()) {
        failed.insert(url.to_string(), *failure);
    }
    result
}

/// The bytes at `url`, within the timeouts and the size limit.
fn download(url: &str) -> Result<Vec<u8>, Failure> {
    // One agent for every fetch: its connections and TLS set-up are shared.
    static AGENT: OnceLock<ureq::Agent> = OnceLock::new();
    let agent = AGENT.get_or_init(|| {
        ureq::Agent::config_builder()
            .timeout_connect(Some(CONNECT))
            .timeout_global(Some(WHOLE))
            .max_redirects(5)
            .user_agent(concat!("folio/", env!("CARGO_PKG_VERSION")))
            .build()
            .into()
    });
    let mut response = agent.get(url).call().map_err(|error| match error {
        ureq::Error::StatusCode(_) => Failure::NotFound,
        _ => Failure::Unreachable,
    })?;
    let declared = response
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BYTES) {
        return Err(Failure::TooLarge);
    }
    // One byte past the limit tells a body too large from one just at it.
    let mut bytes = Vec::new();
    response
        .body_mut()
        .as_reader()
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| Failure::Unreachable)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Failure::TooLarge);
    }
    Ok(bytes)
}

/// Keeps the pictures in `folder` within `budget` bytes, the least
/// recently written removed first.
fn prune(folder: &Path, budget: u64) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let mut kept: Vec<(std::time::SystemTime, u64, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| {
            let meta = e.metadata().ok().filter(std::fs::Metadata::is_file)?;
            Some((meta.modified().ok()?, meta.len(), e.path()))
        })
        .collect();
    let mut total: u64 = kept.iter().map(|(_, len, _)| len).sum();
    kept.sort();
    for (_, len, path) in kept {
        if total <= budget {
            break;
        }
        if std::fs::remove_file(&path).is_ok() {
            total -= len;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::net::TcpListener;

    /// A server answering each connection with `answer`, on a port of its own.
    fn serve(answer: Vec<u8>) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut request = [0u8; 4096];
                let _ = stream.read(&mut request);
                let _ = stream.write_all(&answer);
            }
        });
        format!("http://127.0.0.1:{port}")
    }

    fn ok(body: &[u8]) -> Vec<u8> {
        let mut answer = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        answer.extend_from_slice(body);
        answer
    }

    #[test]
    fn a_picture_is_fetched_once_and_kept() {
        let cache = tempfile::tempdir().unwrap();
        let url = format!("{}/a.png", serve(ok(b"\x89PNG picture bytes")));
        assert_eq!(state_in(cache.path(), &url), State::Absent);
        let file = fetch_into(cache.path(), &url).unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"\x89PNG picture bytes");
        assert_eq!(state_in(cache.path(), &url), State::Kept(file));
    }

    #[test]
    fn an_error_a_refusal_and_a_body_too_large_each_say_why() {
        let cache = tempfile::tempdir().unwrap();
        let missing = serve(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".to_vec());
        let missing = format!("{missing}/gone.png");
        assert_eq!(fetch_into(cache.path(), &missing), Err(Failure::NotFound));
        assert_eq!(state_in(cache.path(), &missing), State::Failed(Failure::NotFound));

        let declared = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\nabc", MAX_BYTES + 1);
        let big = format!("{}/big.png", serve(declared.into_bytes()));
        assert_eq!(fetch_into(cache.path(), &big), Err(Failure::TooLarge));

        // A body without a length, longer than the limit.
        let mut endless = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
        endless.resize(endless.len() + MAX_BYTES as usize + 10, b'x');
        let endless = format!("{}/endless.png", serve(endless));
        assert_eq!(fetch_into(cache.path(), &endless), Err(Failure::TooLarge));

        // Nothing listens on a port just let go.
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let closed = format!("http://127.0.0.1:{port}/x.png");
        assert_eq!(fetch_into(cache.path(), &closed), Err(Failure::Unreachable));
        // Nothing of them is kept.
        let kept = std::fs::read_dir(folder_in(cache.path())).map_or(0, |d| d.count());
        assert_eq!(kept, 0);
    }

    #[test]
    fn the_cache_keeps_to_its_budget_oldest_first() {
        let dir = tempfile::tempdir().unwrap();
        for (n, name) in ["old", "mid", "new"].iter().enumerate() {
            std::fs::write(dir.path().join(name), vec![0u8; 100]).unwrap();
            let when =
                std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1000 * (n as u64 + 1));
            let file = std::fs::File::options().write(true).open(dir.path().join(name)).unwrap();
            file.set_modified(when).unwrap();
        }
        prune(dir.path(), 250);
        assert!(!dir.path().join("old").exists());
        assert!(dir.path().join("mid").exists() && dir.path().join("new").exists());
    }
}
