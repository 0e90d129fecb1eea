//! Where a post's picture is, found the way its site finds it: beside the
//! post (and in a Hugo page bundle), from the site's root for `/…` paths
//! (its published prefix, Jekyll's `baseurl`, taken off), in the folders
//! site generators copy as they are (Hugo's and Zola's `static/`, Astro's
//! `public/`) and a root `assets/` or `images/`. Never outside the site.

use std::path::{Component, Path, PathBuf};

/// Where a picture is, or why it cannot be shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Picture {
    /// A file of the site.
    File(PathBuf),
    /// A picture on the web (`http(s)://`).
    Remote(String),
    /// Not found, or not a place folio reads pictures from.
    Unavailable(Reason),
}

/// Why a picture cannot be shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// No file at any place the site would look.
    Missing,
    /// A `data:` address or another scheme.
    NotAFile,
    /// A path leading out of the site.
    Outside,
}

impl Reason {
    /// A few words for the reader.
    pub fn words(self) -> &'static str {
        match self {
            Reason::Missing => "missing",
            Reason::NotAFile => "not a file",
            Reason::Outside => "outside the site",
        }
    }
}

/// Folders whose files a site serves from its root as they are.
const SERVED: &[&str] = &["static", "public", "assets", "images"];

/// Finds the picture `src` of the post at `post` (a file under `root`, the
/// site's root), published under `prefix` (`blog`, or empty).
pub fn find(src: &str, post: &Path, root: &Path, prefix: &str) -> Picture {
    let src = src.trim();
    let lower = src.get(..8).unwrap_or(src).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Picture::Remote(src.to_string());
    }
    if lower.starts_with("//") {
        return Picture::Remote(format!("https:{src}"));
    }
    if src.is_empty() || has_scheme(src) {
        return Picture::Unavailable(Reason::NotAFile);
    }
    // The query and the fragment are the server's, not the file's.
    let path = src.split(['?', '#']).next().unwrap_or("");
    let path = percent_decoded(path);
    let mut candidates = Vec::new();
    match path.strip_prefix('/') {
        Some(absolute) => {
            let absolute = without_prefix(absolute, prefix);
            candidates.push(root.join(absolute));
            candidates.extend(SERVED.iter().map(|dir| root.join(dir).join(absolute)));
        }
        None => {
            // Beside the post (a Hugo page bundle too), then as the site
            // serves its root (a Jekyll post's `assets/x.png`).
            let dir = post.parent().unwrap_or(root);
            candidates.push(dir.join(&path));
            candidates.push(root.join(&path));
            candidates.extend(SERVED.iter().map(|served| root.join(served).join(&path)));
        }
    }
    let mut reason = Reason::Missing;
    for candidate in candidates {
        let Some(inside) = within(root, &candidate) else {
            reason = Reason::Outside;
            continue;
        };
        match std::fs::metadata(&inside) {
            Ok(meta) if meta.is_file() => return Picture::File(inside),
            // A folder, a FIFO, a device: never read as a picture.
            Ok(_) if reason == Reason::Missing => reason = Reason::NotAFile,
            _ => {}
        }
    }
    Picture::Unavailable(reason)
}

/// `scheme:` before any slash (`data:`, `javascript:`, `file:`).
fn has_scheme(src: &str) -> bool {
    let head = src.split('/').next().unwrap_or("");
    head.find(':').is_some_and(|at| {
        at > 0 && head[..at].chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// `absolute` with the site's published prefix (`blog/`) taken off.
fn without_prefix<'a>(absolute: &'a str, prefix: &str) -> &'a str {
    let prefix = prefix.trim_matches('/');
    if prefix.is_empty() {
        return absolute;
    }
    match absolute.strip_prefix(prefix) {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => rest.trim_start_matches('/'),
        _ => absolute,
    }
}

/// `%20` and the like decoded; a broken escape is kept as written.
fn percent_decoded(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
}

/// `path` with `.` and `..` worked out, when it stays under `root`.
fn within(root: &Path, path: &Path) -> Option<PathBuf> {
    let relative = path.strip_prefix(root).ok()?;
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for component in relative.components() {
        match component {
            Component::Normal(part) => parts.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    let inside: PathBuf = root.join(parts.iter().collect::<PathBuf>());
    // A link inside the site may still lead out of it.
    match (inside.canonicalize(), root.canonicalize()) {
        (Ok(real), Ok(real_root)) if !real.starts_with(&real_root) => None,
        _ => Some(inside),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site with `files` (empty files) under a temporary root.
    fn site(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for file in files {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, b"x").unwrap();
        }
        dir
    }

    fn found(root: &Path, file: &str) -> Picture {
        Picture::File(root.join(file))
    }

    #[test]
    fn beside_the_post_and_in_a_page_bundle() {
        let dir =
            site(&["posts/hello/index.md", "posts/hello/cover.png", "posts/a.md", "posts/b.jpg"]);
        let root = dir.path();
        let bundle = root.join("posts/hello/index.md");
        assert_eq!(find("cover.png", &bundle, root, ""), found(root, "posts/hello/cover.png"));
        assert_eq!(find("./cover.png", &bundle, root, ""), found(root, "posts/hello/cover.png"));
        let post = root.join("posts/a.md");
        assert_eq!(find("b.jpg", &post, root, ""), found(root, "posts/b.jpg"));
        assert_eq!(find("b.jpg?v=2#top", &post, root, ""), found(root, "posts/b.jpg"));
    }

    #[test]
    fn jekyll_from_the_site_root_with_its_baseurl_taken_off() {
        let dir = site(&["_config.yml", "_posts/2020-01-01-x.md", "assets/img/chart one.png"]);
        let root = dir.path();
        let post = root.join("_posts/2020-01-01-x.md");
        let want = found(root, "assets/img/chart one.png");
        assert_eq!(find("/assets/img/chart%20one.png", &post, root, ""), want);
        assert_eq!(find("/blog/assets/img/chart%20one.png", &post, root, "blog"), want);
        // A Liquid `relative_url` expanded by the dialect gives the same path.
        assert_eq!(find("assets/img/chart one.png", &post, root, "blog"), want);
        // The prefix only as a whole first segment.
        assert_eq!(
            find("/blogx/a.png", &post, root, "blog"),
            Picture::Unavailable(Reason::Missing)
        );
    }

    #[test]
    fn hugo_zola_and_astro_serve_their_static_folders() {
        let dir = site(&["static/images/h.png", "public/a.webp", "images/i.gif", "content/p.md"]);
        let root = dir.path();
        let post = root.join("content/p.md");
        assert_eq!(find("/images/h.png", &post, root, ""), found(root, "static/images/h.png"));
        assert_eq!(find("/a.webp", &post, root, ""), found(root, "public/a.webp"));
        assert_eq!(find("/i.gif", &post, root, ""), found(root, "images/i.gif"));
    }

    #[test]
    fn remote_other_schemes_missing_and_outside() {
        let dir = site(&["p.md"]);
        let root = dir.path();
        let post = root.join("p.md");
        assert_eq!(
            find("https://x.org/a.png", &post, root, ""),
            Picture::Remote("https://x.org/a.png".into())
        );
        assert_eq!(
            find("//cdn.x.org/a.png", &post, root, ""),
            Picture::Remote("https://cdn.x.org/a.png".into())
        );
        assert_eq!(
            find("data:image/png;base64,AAA", &post, root, ""),
            Picture::Unavailable(Reason::NotAFile)
        );
        assert_eq!(
            find("javascript:alert(1)", &post, root, ""),
            Picture::Unavailable(Reason::NotAFile)
        );
        assert_eq!(find("nope.png", &post, root, ""), Picture::Unavailable(Reason::Missing));
        assert_eq!(find("../secret.png", &post, root, ""), Picture::Unavailable(Reason::Outside));
        assert_eq!(
            find("/../../etc/passwd", &post, root, ""),
            Picture::Unavailable(Reason::Outside)
        );
    }

    #[test]
    fn a_link_out_of_the_site_is_outside() {
        let outside = site(&["real.png"]);
        let dir = site(&["p.md"]);
        let root = dir.path();
        std::os::unix::fs::symlink(outside.path().join("real.png"), root.join("link.png")).unwrap();
        assert_eq!(
            find("link.png", &root.join("p.md"), root, ""),
            Picture::Unavailable(Reason::Outside)
        );
    }
}
