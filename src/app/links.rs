//! Links: `f` lists the shown article's links in a picker; Enter follows
//! one (a heading of the post, another post of the folder, or the system's
//! opener for the rest); `y` copies a target. Backspace goes back to where
//! a link was followed from, `L` forward again.

use std::path::PathBuf;

use super::input::LineInput;
use super::{App, Command, Focus, Landing, Overlay, Request, cursor_moved};
use crate::post::resolve::{Target, resolve_under};

/// The links picker: the article's links, narrowed by what is typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkPicker {
    /// The filter typed.
    pub filter: LineInput,
    /// The cursor, a row of [`LinkPicker::visible`].
    pub cursor: usize,
}

impl LinkPicker {
    /// Positions in `links` of those shown: one per target, narrowed by
    /// the filter (number, text or target).
    pub fn visible(&self, links: &[crate::markdown::Link]) -> Vec<usize> {
        let needle = crate::text::fold(self.filter.text.trim());
        let words: Vec<&str> = needle.split_whitespace().collect();
        let mut seen = std::collections::HashSet::new();
        (0..links.len())
            .filter(|&i| !links[i].target.is_empty() && seen.insert(&links[i].target))
            .filter(|&i| {
                // Every word typed, in the number, the text or the target.
                let link = &links[i];
                let (text, target) =
                    (crate::text::fold(&link.text), crate::text::fold(&link.target));
                words.iter().all(|word| {
                    link.number.to_string() == *word || text.contains(word) || target.contains(word)
                })
            })
            .collect()
    }
}

/// A place read: a post and the offset in its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visit {
    /// The post's path, relative to the folder.
    pub path: PathBuf,
    /// The place in it.
    pub place: usize,
}

/// Where links were followed from, and where going back came from: the
/// reader's back and forward.
#[derive(Clone, Debug, Default)]
pub struct History {
    /// Where links were followed from, latest last.
    pub back: Vec<Visit>,
    /// Where going back came from, latest last.
    pub forward: Vec<Visit>,
}

impl App {
    /// `f`: the links picker, when the article has links.
    pub(super) fn open_links(&mut self) {
        match &self.article.shown {
            Some((_, article)) if article.links.iter().any(|l| !l.target.is_empty()) => {
                self.overlay = Overlay::Links(LinkPicker::default());
            }
            Some(_) => self.status.hint = Some("This post has no links.".into()),
            None => self.status.hint = Some("No post is shown.".into()),
        }
    }

    /// The target under the picker's cursor.
    fn picked(&self, picker: &LinkPicker) -> Option<String> {
        let (_, article) = self.article.shown.as_ref()?;
        let visible = picker.visible(&article.links);
        visible.get(picker.cursor).map(|&i| article.links[i].target.clone())
    }

    pub(super) fn links_command(&mut self, command: Command, mut picker: LinkPicker) {
        let count = match &self.article.shown {
            Some((_, article)) => picker.visible(&article.links).len(),
            None => 0,
        };
        let last = count.saturating_sub(1);
        match command {
            _ if picker.filter.edit(command) => picker.cursor = 0,
            _ if let Some(moved) = cursor_moved(command, picker.cursor, last, 10) => {
                picker.cursor = moved;
            }
            // Nothing to toggle here: Space separates words of the filter.
            Command::Toggle if !picker.filter.text.is_empty() => {
                picker.filter.typed(" ");
                picker.cursor = 0;
            }
            Command::Copy => {
                if let Some(target) = self.picked(&picker) {
                    self.copy(target);
                }
            }
            Command::Confirm => {
                self.overlay = Overlay::None;
                if let Some(target) = self.picked(&picker) {
                    self.follow(&target);
                }
                return;
            }
            Command::Cancel => {
                self.overlay = Overlay::None;
                return;
            }
            _ => {}
        }
        self.overlay = Overlay::Links(picker);
    }

    /// Typing in the links picker: `y` with nothing typed copies the
    /// target under the cursor; anything else narrows.
    pub(super) fn links_typed(&mut self, mut picker: LinkPicker, text: &str) {
        if text == "y" && picker.filter.text.is_empty() {
            if let Some(target) = self.picked(&picker) {
                self.copy(target);
            }
        } else if picker.filter.typed(text) {
            picker.cursor = 0;
        }
        self.overlay = Overlay::Links(picker);
    }

    /// Asks for `text` to go to the clipboard (OSC 52).
    fn copy(&mut self, text: String) {
        self.status.hint = Some(format!("Copied {}", crate::text::truncate(&text, 60)));
        self.requests.push(Request::Copy(text));
    }

    /// Where the article shown is being read.
    pub(super) fn here(&self) -> Option<Visit> {
        let (post, article) = self.article.shown.as_ref()?;
        let path = self.library.posts.get(*post)?.path.clone();
        Some(Visit { path, place: article.source_of(self.article.scroll) })
    }

    /// Follows a link of the article shown.
    pub(super) fn follow(&mut self, link: &str) {
        let Some(from) = self.shown_post().map(|p| p.path.clone()) else {
            return;
        };
        match resolve_under(link, &from, &self.library.posts, &self.library.site_prefix) {
            Target::Anchor(anchor) => {
                let here = self.here();
                if self.jump_to_anchor(&anchor) {
                    self.history.back.extend(here);
                    self.history.forward.clear();
                } else {
                    self.status.hint = Some(format!("No heading #{anchor} in this post."));
                }
            }
            Target::Post { post, fragment } => {
                self.history.back.extend(self.here());
                self.history.forward.clear();
                self.open_post(post, fragment);
            }
            Target::Elsewhere(target) => self.open_elsewhere(&from, &target),
        }
    }

    /// A target that is no post: a web address, or a file of the folder,
    /// to the system's opener; a path to nothing is said.
    ///
    /// Only `http`, `https` and `mailto` go to the opener (a handler of
    /// `file:`, `javascript:`, `data:` or `ssh:` would show or run what a
    /// post chose); a path only when it is a file inside the folder, links
    /// followed, and then as an absolute path (never one starting with `-`).
    fn open_elsewhere(&mut self, from: &std::path::Path, target: &str) {
        if crate::post::resolve::has_scheme(target) {
            if crate::post::resolve::is_web_address(target) {
                self.status.hint = Some(format!("Opening {}", crate::text::truncate(target, 60)));
                self.requests.push(Request::Open(target.to_string()));
            } else {
                let scheme = target.split(':').next().unwrap_or("").to_ascii_lowercase();
                let scheme = crate::text::truncate(&scheme, 20);
                self.status.hint = Some(format!(
                    "Not opened: {scheme}: links are not handed to the system (only http, https and mailto)."
                ));
            }
            return;
        }
        let path = target.split(['#', '?']).next().unwrap_or("");
        let relative = path.trim_start_matches('/');
        let beside =
            self.root.join(from.parent().unwrap_or(std::path::Path::new(""))).join(relative);
        let at_top = self.root.join(relative);
        let root = self.root.canonicalize().ok();
        let inside = |file: &std::path::Path| {
            let (Ok(file), Some(root)) = (file.canonicalize(), &root) else { return None };
            (file.starts_with(root) && file.is_file()).then_some(file)
        };
        // Else as the site finds its files (a picture under the site's
        // prefix, in `static/` or `public/`).
        let site = || match crate::post::picture::find(
            target,
            &self.root.join(from),
            &self.root,
            &self.library.site_prefix,
        ) {
            crate::post::picture::Picture::File(file) => inside(&file),
            _ => None,
        };
        let found = [&beside, &at_top].into_iter().find_map(|p| inside(p)).or_else(site);
        match found {
            Some(file) => {
                self.status.hint = Some(format!("Opening {}", crate::sanitize::path(&file)));
                self.requests.push(Request::Open(file.display().to_string()));
            }
            None if [&beside, &at_top].iter().any(|p| p.exists()) => {
                self.status.hint = Some(format!(
                    "Not opened: {} is outside this folder.",
                    crate::text::truncate(&crate::sanitize::line(path), 60)
                ));
            }
            None => {
                self.status.hint = Some(format!(
                    "No post of this folder is at {}.",
                    crate::text::truncate(&crate::sanitize::line(target), 60)
                ))
            }
        }
    }

    /// Scrolls the article to the heading with `anchor`; whether there is one.
    pub(super) fn jump_to_anchor(&mut self, anchor: &str) -> bool {
        let Some((_, article)) = &self.article.shown else {
            return false;
        };
        let wanted = crate::markdown::slug(anchor);
        let heading = article.headings.iter().find(|h| h.anchor == anchor || h.anchor == wanted);
        match heading.map(|h| h.line) {
            Some(line) => {
                self.article.scroll = line;
                self.article.landing = Landing::Here;
                self.scroll_article(0);
                true
            }
            None => false,
        }
    }

    /// Opens `post` to read it, at its `fragment`'s heading when given,
    /// even when the filters hide it from the list (which keeps them).
    pub(super) fn open_post(&mut self, post: usize, fragment: Option<String>) {
        self.focus = Focus::Article;
        self.list.pinned = true;
        match fragment {
            Some(anchor) => self.article.landing = Landing::Anchor(anchor),
            None if matches!(self.article.landing, Landing::Anchor(_)) => {
                self.article.landing = Landing::Here;
            }
            None => {}
        }
        let already = self.article.shown.as_ref().is_some_and(|(p, _)| *p == post);
        self.select(Some(post));
        self.mark_read(post);
        self.after_layout_change();
        if already && let Landing::Anchor(anchor) = &self.article.landing {
            let anchor = anchor.clone();
            self.jump_to_anchor(&anchor);
            self.article.landing = Landing::Here;
        }
    }

    /// Back to where the last link was followed from.
    pub(super) fn go_back(&mut self) {
        self.travel(true);
    }

    /// Forward again, after going back.
    pub(super) fn go_forward(&mut self) {
        self.travel(false);
    }

    fn travel(&mut self, back: bool) {
        let here = self.here();
        let (from, to) = if back {
            (&mut self.history.back, &mut self.history.forward)
        } else {
            (&mut self.history.forward, &mut self.history.back)
        };
        let Some(visit) = from.pop() else {
            self.status.hint = Some(
                if back { "Nowhere to go back to." } else { "Nowhere to go forward to." }.into(),
            );
            return;
        };
        to.extend(here);
        let Some(post) = self.library.posts.iter().position(|p| p.path == visit.path) else {
            self.status.hint = Some("That post is gone.".into());
            return;
        };
        let same = self.article.shown.as_ref().is_some_and(|(p, _)| *p == post);
        if same {
            if let Some((_, article)) = &self.article.shown {
                self.article.scroll = article.line_of(visit.place);
                self.scroll_article(0);
            }
            self.focus = Focus::Article;
            return;
        }
        // Another post: it opens at its place, kept when it was left.
        self.open_post(post, None);
    }
}
