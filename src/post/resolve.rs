//! Where a link of a post leads: a heading of the same post, another post
//! of the folder, or somewhere else. Blogs link their own posts in many
//! ways: a relative path to the file (`../2020/post.md`), the site path it
//! is published at (`/2020/01/02/post.html`, `/blog/post/`), its
//! `permalink`, `slug` or `url`, Jekyll's `post_url` (`2020-01-02-post`)
//! and Hugo's `ref` (`post.md`, `/blog/post.md`).

use std::path::{Component, Path, PathBuf};

use super::Post;

/// What a link leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A heading of the same post, by its anchor.
    Anchor(String),
    /// A post of the folder (a position in the posts), at a heading when
    /// the link names one.
    Post {
        /// The post.
        post: usize,
        /// The `#fragment`, if any.
        fragment: Option<String>,
    },
    /// Anything else: a web address, a file, for the system to open.
    Elsewhere(String),
}

/// Where `link`, found in the post at `from` (relative to the folder),
/// leads among `posts`.
pub fn resolve(link: &str, from: &Path, posts: &[Post]) -> Target {
    resolve_under(link, from, posts, "")
}

/// [`resolve`] for a site published under `prefix` (`blog` for a site at
/// `https://example.org/blog/`): `/blog/2020/post` is also looked for as
/// `/2020/post`.
pub fn resolve_under(link: &str, from: &Path, posts: &[Post], prefix: &str) -> Target {
    let link = link.trim();
    if let Some(anchor) = link.strip_prefix('#') {
        return Target::Anchor(anchor.to_string());
    }
    if has_scheme(link) {
        return Target::Elsewhere(link.to_string());
    }
    let (path, fragment) = match link.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment.to_string())),
        None => (link, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        return match fragment {
            Some(anchor) => Target::Anchor(anchor),
            None => Target::Elsewhere(link.to_string()),
        };
    }
    let prefix = prefix.trim_matches('/');
    let unprefixed = (!prefix.is_empty())
        .then(|| path.strip_prefix('/')?.strip_prefix(prefix)?.strip_prefix('/'))
        .flatten()
        .map(|rest| format!("/{rest}"));
    let found = find(path, from, posts).or_else(|| find(unprefixed.as_deref()?, from, posts));
    match found {
        Some(post) => Target::Post { post, fragment },
        None => Target::Elsewhere(link.to_string()),
    }
}

/// Whether `link` starts with a URL scheme (`https:`, `mailto:`).
pub fn has_scheme(link: &str) -> bool {
    let Some((scheme, _)) = link.split_once(':') else {
        return false;
    };
    !scheme.is_empty()
        && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Whether `link` is a web address folio may hand on (to the opener, in
/// an OSC 8 hyperlink): `http://`, `https://` or `mailto:`, any case.
pub fn is_web_address(link: &str) -> bool {
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|s| link.get(..s.len()).is_some_and(|p| p.eq_ignore_ascii_case(s)))
}

/// The post `path` names, tried in order: as a file relative to the post
/// linking, as a file from the folder's top, as a published path
/// (`permalink`, `url`, `slug`, the file's name without its date).
fn find(path: &str, from: &Path, posts: &[Post]) -> Option<usize> {
    let relative = normalize(&from.parent().unwrap_or(Path::new("")).join(path));
    let from_top = normalize(Path::new(path.trim_start_matches('/')));
    for wanted in [relative, from_top].into_iter().flatten() {
        let hit = posts.iter().position(|p| {
            p.path == wanted || p.path.with_extension("") == wanted || in_folder(&p.path, &wanted)
        });
        if hit.is_some() {
            return hit;
        }
    }
    let wanted_path = path.trim_matches('/').trim_end_matches(".html");
    let declared = posts.iter().position(|p| {
        ["permalink", "url", "path"].iter().any(|key| {
            field(p, key)
                .is_some_and(|v| v.trim_matches('/').trim_end_matches(".html") == wanted_path)
        })
    });
    if declared.is_some() {
        return declared;
    }
    let name = last_segment(path);
    if name.is_empty() {
        return None;
    }
    posts.iter().position(|p| {
        let stem = p.path.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
        let folder_name = if matches!(stem.as_ref(), "index" | "_index") {
            p.path.parent().and_then(Path::file_name).map(|n| n.to_string_lossy().into_owned())
        } else {
            None
        };
        let stem = folder_name.unwrap_or_else(|| stem.into_owned());
        stem == name || without_date(&stem) == name || field(p, "slug").is_some_and(|s| s == name)
    })
}

/// `blog/post/index.md` is what `blog/post` names.
fn in_folder(post: &Path, wanted: &Path) -> bool {
    let stem = post.file_stem().map(|s| s.to_string_lossy());
    matches!(stem.as_deref(), Some("index" | "_index")) && post.parent() == Some(wanted)
}

/// `a/./b/../c` as `a/c`; `None` when it climbs out of the folder.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::Normal(name) => out.push(name),
            Component::ParentDir if !out.pop() => return None,
            _ => {}
        }
    }
    Some(out)
}

/// The last part of a site path, without `.html` or `.md`:
/// `/2020/01/02/post.html` → `post`.
fn last_segment(path: &str) -> &str {
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    // Only a page's own extension goes: `v20.0.0` keeps its dots.
    [".html", ".htm", ".md", ".markdown", ".mdx"]
        .iter()
        .find_map(|ext| last.strip_suffix(ext))
        .unwrap_or(last)
}

/// A Jekyll file name without its date: `2020-01-02-post` → `post`.
fn without_date(stem: &str) -> &str {
    let bytes = stem.as_bytes();
    let dated = bytes.len() > 11
        && bytes[..10]
            .iter()
            .enumerate()
            .all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() })
        && bytes[10] == b'-';
    if dated { &stem[11..] } else { stem }
}

/// A front matter field folio keeps as it was, as text.
fn field<'a>(post: &'a Post, key: &str) -> Option<&'a str> {
    post.extra.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).and_then(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(path: &str, extra: &[(&str, &str)]) -> Post {
        Post {
            path: path.into(),
            extra: extra.iter().map(|(k, v)| (k.to_string(), (*v).into())).collect(),
            ..Post::default()
        }
    }

    fn posts() -> Vec<Post> {
        vec![
            post("_posts/2020-01-02-first-light.md", &[]),
            post("blog/hugo-post/index.md", &[]),
            post("notes/setup.md", &[("permalink", "/guides/setup/")]),
            post("essays/why.md", &[("slug", "why-we-write")]),
        ]
    }

    #[test]
    fn a_site_path_under_the_sites_prefix() {
        let posts = vec![post("release/v20.0.0.md", &[]), post("events/meetup.md", &[])];
        let from = Path::new("events/meetup.md");
        let target = resolve_under("/blog/release/v20.0.0", from, &posts, "blog");
        assert_eq!(target, Target::Post { post: 0, fragment: None });
        let target = resolve_under("/en/blog/release/v20.0.0#notes", from, &posts, "/en/blog/");
        assert_eq!(target, Target::Post { post: 0, fragment: Some("notes".into()) });
        // A name with dots is its own (not `v20.0`).
        assert_eq!(resolve("v20.0.0", from, &posts), Target::Post { post: 0, fragment: None });
    }

    #[test]
    fn every_way_a_blog_links_its_posts() {
        let posts = posts();
        let from = Path::new("notes/setup.md");
        let at = |link: &str| match resolve(link, from, &posts) {
            Target::Post { post, fragment } => (Some(post), fragment),
            _ => (None, None),
        };
        assert_eq!(at("../_posts/2020-01-02-first-light.md"), (Some(0), None));
        assert_eq!(at("2020-01-02-first-light"), (Some(0), None), "post_url");
        assert_eq!(at("/2020/01/02/first-light.html#the-end"), (Some(0), Some("the-end".into())));
        assert_eq!(at("/blog/hugo-post/"), (Some(1), None));
        assert_eq!(at("hugo-post"), (Some(1), None), "Hugo ref by name");
        assert_eq!(at("/blog/hugo-post/index.md"), (Some(1), None));
        assert_eq!(at("/guides/setup/"), (Some(2), None), "permalink");
        assert_eq!(at("/why-we-write/"), (Some(3), None), "slug");
        assert_eq!(at("setup.md?x=1"), (Some(2), None));
    }

    #[test]
    fn anchors_and_elsewhere() {
        let posts = posts();
        let from = Path::new("essays/why.md");
        assert_eq!(resolve("#intro", from, &posts), Target::Anchor("intro".into()));
        assert_eq!(
            resolve("https://example.com/first-light", from, &posts),
            Target::Elsewhere("https://example.com/first-light".into())
        );
        assert_eq!(
            resolve("mailto:me@example.com", from, &posts),
            Target::Elsewhere("mailto:me@example.com".into())
        );
        assert_eq!(
            resolve("/assets/photo.jpg", from, &posts),
            Target::Elsewhere("/assets/photo.jpg".into())
        );
        assert_eq!(
            resolve("../../../etc/passwd", from, &posts),
            Target::Elsewhere("../../../etc/passwd".into())
        );
    }
}
