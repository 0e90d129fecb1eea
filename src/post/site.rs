//! The blog a post belongs to: `folio blog/release/v10.md` opens the whole
//! blog (one reading state for it), not the folder the file happens to be
//! in.

use std::path::{Path, PathBuf};

/// Files whose presence makes a folder a site's root: Jekyll, Hugo, Zola,
/// Astro, Eleventy, Gatsby, Docusaurus.
const SITE_FILES: &[&str] = &[
    "_config.yml",
    "_config.yaml",
    "_config.toml",
    "hugo.toml",
    "hugo.yaml",
    "hugo.json",
    "zola.toml",
    "astro.config.mjs",
    "astro.config.js",
    "astro.config.ts",
    "astro.config.mts",
    "eleventy.config.js",
    ".eleventy.js",
    "gatsby-config.js",
    "gatsby-config.ts",
    "docusaurus.config.js",
    "docusaurus.config.ts",
];

/// Folders of a repository that hold a blog's posts.
const CONTENT_FOLDERS: &[&str] = &["_posts", "content", "posts", "blog", "src/content"];

/// How far up a site's root is looked for.
const LEVELS: usize = 8;

/// The root of the blog holding the post `file`: the nearest folder above
/// it that holds a site's config (`_config.yml`, `hugo.toml`, a
/// `config.toml` beside `content/`, `astro.config.*` …), or that folio has
/// a reading state for (`known`), or a repository's top when the file is in
/// its posts' folder; else the file's own folder. Never above the home
/// folder, and never above a repository's top.
pub fn root_of(file: &Path, known: &dyn Fn(&Path) -> bool) -> PathBuf {
    let own = match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Ok(start) = own.canonicalize() else { return own };
    let home = std::env::var_os("HOME").map(PathBuf::from);
    for dir in start.ancestors().take(LEVELS) {
        if home.as_deref() == Some(dir) || dir.parent().is_none() {
            break;
        }
        if is_site_root(dir) || known(dir) {
            return dir.to_path_buf();
        }
        if dir.join(".git").exists() {
            let in_posts = CONTENT_FOLDERS.iter().any(|c| start.starts_with(dir.join(c)));
            return if in_posts { dir.to_path_buf() } else { own };
        }
    }
    own
}

/// The path a site at `root` is published under, from its config: Jekyll's
/// `baseurl` (`/blog`), the path of Hugo's or Zola's `baseURL`/`base_url`
/// (`https://nodejs.org/blog/` → `blog`); empty when there is none.
pub fn prefix_of(root: &Path) -> String {
    let read = |name: &str| config_text(&root.join(name));
    let jekyll = ["_config.yml", "_config.yaml"].iter().find_map(|name| {
        let text = read(name)?;
        let value: serde_yaml::Value = serde_yaml::from_str(&text).ok()?;
        value.get("baseurl")?.as_str().map(str::to_string)
    });
    let toml = ["hugo.toml", "config.toml", "zola.toml"].iter().find_map(|name| {
        let value: toml::Table = read(name)?.parse().ok()?;
        let url =
            ["baseURL", "baseurl", "base_url"].iter().find_map(|k| value.get(*k)?.as_str())?;
        let path = url.split_once("://").map_or(url, |(_, rest)| rest);
        Some(path.split_once('/').map_or("", |(_, path)| path).to_string())
    });
    jekyll.or(toml).unwrap_or_default().trim_matches('/').to_string()
}

/// The text of a site's config file: a regular file of at most 1 MiB (a
/// FIFO or a huge file in its place is no config).
pub fn config_text(file: &Path) -> Option<String> {
    let small = std::fs::metadata(file).is_ok_and(|m| m.is_file() && m.len() < 1 << 20);
    small.then(|| std::fs::read_to_string(file).ok()).flatten()
}

fn is_site_root(dir: &Path) -> bool {
    SITE_FILES.iter().any(|name| dir.join(name).is_file())
        || (["config.toml", "config.yaml", "config.yml"].iter().any(|c| dir.join(c).is_file())
            && dir.join("content").is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for file in files {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            if file.ends_with('/') {
                std::fs::create_dir_all(&path).unwrap();
            } else {
                std::fs::write(&path, "x").unwrap();
            }
        }
        dir
    }

    fn root(dir: &tempfile::TempDir, file: &str, known: &dyn Fn(&Path) -> bool) -> PathBuf {
        root_of(&dir.path().join(file), known)
    }

    #[test]
    fn the_nearest_site_config_makes_the_root() {
        let none = |_: &Path| false;
        let jekyll = tree(&["site/_config.yml", "site/_posts/2020-01-01-a.md"]);
        let top = jekyll.path().join("site").canonicalize().unwrap();
        assert_eq!(root(&jekyll, "site/_posts/2020-01-01-a.md", &none), top);
        let hugo = tree(&["site/config.toml", "site/content/posts/b/index.md"]);
        let top = hugo.path().join("site").canonicalize().unwrap();
        assert_eq!(root(&hugo, "site/content/posts/b/index.md", &none), top);
        let astro = tree(&["web/astro.config.mjs", "web/src/content/blog/c.md"]);
        let top = astro.path().join("web").canonicalize().unwrap();
        assert_eq!(root(&astro, "web/src/content/blog/c.md", &none), top);
    }

    #[test]
    fn a_folder_read_before_is_the_root() {
        let blog = tree(&["nodejs-blog/release/v10.md", "nodejs-blog/events/e.md"]);
        let top = blog.path().join("nodejs-blog").canonicalize().unwrap();
        let known = |dir: &Path| dir == top;
        assert_eq!(root(&blog, "nodejs-blog/release/v10.md", &known), top);
    }

    #[test]
    fn a_repository_is_the_root_only_for_its_posts_folder() {
        let none = |_: &Path| false;
        let repo = tree(&[".git/", "posts/2024/a.md", "docs/guide.md"]);
        let top = repo.path().canonicalize().unwrap();
        assert_eq!(root(&repo, "posts/2024/a.md", &none), top);
        let docs = repo.path().join("docs").canonicalize().unwrap();
        assert_eq!(root(&repo, "docs/guide.md", &none), docs, "not above the repository");
    }

    #[test]
    fn the_prefix_a_site_is_published_under() {
        let jekyll = tree(&[]);
        std::fs::write(jekyll.path().join("_config.yml"), "title: x\nbaseurl: \"/blog\"\n")
            .unwrap();
        assert_eq!(prefix_of(jekyll.path()), "blog");
        let hugo = tree(&[]);
        std::fs::write(hugo.path().join("hugo.toml"), "baseURL = 'https://nodejs.org/en/blog/'\n")
            .unwrap();
        assert_eq!(prefix_of(hugo.path()), "en/blog");
        let bare = tree(&[]);
        std::fs::write(bare.path().join("hugo.toml"), "baseURL = 'https://example.org/'\n")
            .unwrap();
        assert_eq!(prefix_of(bare.path()), "");
        assert_eq!(prefix_of(tree(&[]).path()), "");
    }

    #[test]
    fn a_plain_folder_is_its_own_root() {
        let plain = tree(&["notes/a.md"]);
        let none = |_: &Path| false;
        let own = root(&plain, "notes/a.md", &none);
        assert!(own.ends_with("notes"), "{own:?}");
        assert_eq!(root_of(Path::new("a.md"), &none), PathBuf::from("."));
    }
}
