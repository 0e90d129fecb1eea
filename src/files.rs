//! The files folio writes: where they live (one per folder read, under
//! the XDG base folders) and how they are written (whole or not at all).

use std::ffi::OsStr;
use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// An XDG base folder.
#[derive(Clone, Copy, Debug)]
pub enum Base {
    /// `$XDG_CACHE_HOME`, else `~/.cache`.
    Cache,
    /// `$XDG_STATE_HOME`, else `~/.local/state`.
    State,
    /// `$XDG_CONFIG_HOME`, else `~/.config`.
    Config,
}

/// folio's folder under `base`; `None` without a home to put it in.
pub fn folder(base: Base) -> Option<PathBuf> {
    let (variable, fallback) = match base {
        Base::Cache => ("XDG_CACHE_HOME", ".cache"),
        Base::State => ("XDG_STATE_HOME", ".local/state"),
        Base::Config => ("XDG_CONFIG_HOME", ".config"),
    };
    let dir = std::env::var_os(variable)
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(fallback)))?;
    Some(dir.join("folio"))
}

/// The file of `base` for the folder `root`: named after the folder and a
/// hash of its absolute path, with `extension`.
pub fn for_folder(base: Base, root: &Path, extension: &str) -> Option<PathBuf> {
    let canonical = root.canonicalize().ok()?;
    let name: String = canonical
        .file_name()
        .map(|n| {
            n.to_string_lossy()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .take(40)
                .collect()
        })
        .unwrap_or_default();
    let hash = fnv1a(canonical.as_os_str().as_encoded_bytes());
    Some(folder(base)?.join(format!("{name}-{hash:016x}.{extension}")))
}

/// FNV-1a: a stable hash (std's hasher may change between Rust versions).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Writes `parts` to `file` whole or not at all: to a temporary file
/// beside it, synced, then renamed over it, and the folder synced. A kill
/// at any moment leaves the old file or the new one.
pub fn write_atomic(file: &Path, parts: &[&[u8]]) -> io::Result<()> {
    let dir = file.parent().ok_or_else(|| io::Error::other("the file has no folder"))?;
    fs::create_dir_all(dir)?;
    remove_stale_temporaries(file);
    let temp = temporary_name(file);
    let result = (|| {
        // A new file of folio's own: never a link planted at its name.
        let mut out = fs::File::options()
            .write(true)
            .create_new(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&temp)?;
        for part in parts {
            out.write_all(part)?;
        }
        out.sync_all()?;
        fs::rename(&temp, file)?;
        // The rename itself is durable once the folder is synced.
        fs::File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// `.NAME.PID.NANOS.tmp` beside the file.
fn temporary_name(file: &Path) -> PathBuf {
    let name = file.file_name().map(OsStr::to_string_lossy).unwrap_or_default();
    let now = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default();
    file.with_file_name(format!(".{name}.{}.{}.tmp", std::process::id(), now.as_nanos()))
}

/// Temporary files a killed writer left behind beside `file`: those of a
/// process no longer running, and any over a minute old.
pub fn remove_stale_temporaries(file: &Path) {
    let (Some(dir), Some(name)) = (file.parent(), file.file_name()) else {
        return;
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(listing) = fs::read_dir(dir) else {
        return;
    };
    for entry in listing.flatten() {
        let entry_name = entry.file_name();
        let entry_name = entry_name.to_string_lossy();
        let Some(middle) =
            entry_name.strip_prefix(&prefix).and_then(|rest| rest.strip_suffix(".tmp"))
        else {
            continue;
        };
        // `.NAME.PID.NANOS.tmp`: a writer that is gone will not finish it.
        let writer_gone = middle
            .split('.')
            .next()
            .and_then(|pid| pid.parse::<u32>().ok())
            .is_some_and(|pid| !Path::new("/proc").join(pid.to_string()).exists());
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > Duration::from_secs(60));
        if writer_gone || old {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Renames `file` out of the way, to `NAME.broken-MILLIS` beside it (a
/// later one never replaces an earlier one); returns the new name.
pub fn set_aside(file: &Path) -> io::Result<PathBuf> {
    let name = file.file_name().map(OsStr::to_string_lossy).unwrap_or_default();
    let now = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default();
    let mut aside = file.with_file_name(format!("{name}.broken-{}", now.as_millis()));
    let mut n = 1;
    while fs::symlink_metadata(&aside).is_ok() {
        aside = file.with_file_name(format!("{name}.broken-{}-{n}", now.as_millis()));
        n += 1;
    }
    fs::rename(file, &aside)?;
    Ok(aside)
}

/// Holds an exclusive lock on `file`'s `.lock` companion while alive, so
/// that two processes read, merge and write it one after the other.
pub struct Lock(#[allow(dead_code)] fs::File);

impl Lock {
    /// Waits for the lock of `file`, as long as it takes.
    pub fn of(file: &Path) -> io::Result<Lock> {
        let lock = Self::open(file)?;
        // Released when the file is closed, by a kill too.
        lock.lock()?;
        Ok(Lock(lock))
    }

    /// Waits for the lock of `file` until `deadline` has passed; then the
    /// error says that another process holds it.
    pub fn within(file: &Path, deadline: Duration) -> io::Result<Lock> {
        let lock = Self::open(file)?;
        let started = std::time::Instant::now();
        loop {
            match lock.try_lock() {
                Ok(()) => return Ok(Lock(lock)),
                Err(fs::TryLockError::WouldBlock) if started.elapsed() < deadline => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(io::Error::new(
                        io::ErrorKind::WouldBlock,
                        format!(
                            "another process has held its lock for {} s",
                            deadline.as_secs_f32()
                        ),
                    ));
                }
                Err(fs::TryLockError::Error(error)) => return Err(error),
            }
        }
    }

    fn open(file: &Path) -> io::Result<fs::File> {
        let dir = file.parent().ok_or_else(|| io::Error::other("the file has no folder"))?;
        fs::create_dir_all(dir)?;
        let name = file.file_name().map(OsStr::to_string_lossy).unwrap_or_default();
        // A link planted at the lock's name is refused, not followed.
        fs::File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(file.with_file_name(format!(".{name}.lock")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporaries_of_writers_gone_are_swept_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cache.bin");
        // No process has this id (above the kernel's pid_max).
        let dead = dir.path().join(".cache.bin.4999999.1.tmp");
        let alive = dir.path().join(format!(".cache.bin.{}.1.tmp", std::process::id()));
        let other = dir.path().join(".other.bin.4999999.1.tmp");
        for path in [&dead, &alive, &other] {
            std::fs::write(path, "half written").unwrap();
        }
        remove_stale_temporaries(&file);
        assert!(!dead.exists(), "a dead writer's file goes");
        assert!(alive.exists(), "a running writer's file stays");
        assert!(other.exists(), "another file's temporaries are not this one's");
    }

    #[test]
    fn a_second_file_set_aside_keeps_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("state.json");
        std::fs::write(&file, "one").unwrap();
        let first = set_aside(&file).unwrap();
        std::fs::write(&file, "two").unwrap();
        let second = set_aside(&file).unwrap();
        assert_ne!(first, second);
        assert_eq!(std::fs::read_to_string(first).unwrap(), "one");
        assert_eq!(std::fs::read_to_string(second).unwrap(), "two");
    }
}
