//! [`App::update`]: the only place the reader's state changes.

use std::sync::Arc;

use super::input::LineInput;
use super::layout::{self, Panes};
use super::picker::Picker;
use super::{Action, App, Focus, Overlay, Request, parse_search};
use crate::query::{Query, Sort};

impl App {
    /// Applies one action. Returns a follow-up action, if any.
    pub fn update(&mut self, action: Action) -> Option<Action> {
        match action {
            Action::Found(posts, warnings) => self.found(posts, warnings),
            Action::Changed(change) => {
                if !change.is_empty() {
                    self.pending_changes.push(change);
                    self.absorb_waiting();
                    // Positions moved: start the results afresh.
                    self.hits_for = None;
                    self.refilter();
                }
            }
            Action::IndexDone(save) => {
                self.indexing = false;
                self.pending_save = save;
                self.absorb_waiting();
            }
            Action::Filtered { generation, hits } => self.filtered(generation, hits),
            Action::Rendered { generation, article } => {
                if generation == self.article.generation {
                    self.rendered(article);
                }
            }
            Action::Resize(width, height) => {
                self.size = (width, height);
                self.keep_selection_visible();
                self.request_article();
            }
            Action::Quit => self.quit = true,
            Action::Notice(text) => self.notice = Some(text),
            Action::ToggleMouse => self.mouse = !self.mouse,
            other => match self.overlay.clone() {
                Overlay::None => self.pane_action(other),
                Overlay::Search(input) => self.search_action(other, input),
                Overlay::ArticleSearch(input) => self.article_search_action(other, input),
                Overlay::Tags(picker) => self.picker_action(other, picker, true),
                Overlay::Authors(picker) => self.picker_action(other, picker, false),
                Overlay::Outline(row) => self.outline_action(other, row),
                Overlay::Help(top) => self.scroll_overlay(other, top, true),
                Overlay::Warnings(top) => self.scroll_overlay(other, top, false),
            },
        }
        None
    }

    // ---- the panes ------------------------------------------------------

    fn pane_action(&mut self, action: Action) {
        let list = self.focus == Focus::List;
        let page =
            if list { layout::list_rows(self) } else { layout::article_lines(self) } as isize;
        match action {
            Action::Down => self.move_in_pane(1),
            Action::Up => self.move_in_pane(-1),
            Action::HalfPageDown => self.move_in_pane((page / 2).max(1)),
            Action::HalfPageUp => self.move_in_pane(-(page / 2).max(1)),
            Action::PageDown => self.move_in_pane(page.max(1)),
            Action::PageUp => self.move_in_pane(-page.max(1)),
            Action::Top => self.move_in_pane(isize::MIN / 2),
            Action::Bottom => self.move_in_pane(isize::MAX / 2),
            Action::SelectRow(row) => {
                self.focus = Focus::List;
                if let Some(hit) = self.hits.get(self.list_offset + row) {
                    self.select(Some(hit.post));
                }
            }
            Action::Scroll { article, lines } => {
                if article {
                    self.scroll_article(lines as isize);
                } else {
                    self.move_selection(lines as isize);
                }
            }
            Action::PreviousPost => self.move_selection(-1),
            Action::NextPost => self.move_selection(1),
            Action::ToggleFocus => {
                self.focus = if list { Focus::Article } else { Focus::List };
                self.after_layout_change();
            }
            Action::FocusArticle => {
                self.focus = Focus::Article;
                self.after_layout_change();
            }
            Action::FocusList => {
                self.focus = Focus::List;
                self.zoom = false;
                self.after_layout_change();
            }
            Action::ToggleZoom => {
                self.zoom = !self.zoom;
                self.focus = if self.zoom { Focus::Article } else { self.focus };
                self.after_layout_change();
            }
            Action::NarrowList => {
                self.list_percent = self.list_percent.saturating_sub(5).max(20);
                self.after_layout_change();
            }
            Action::WidenList => {
                self.list_percent = (self.list_percent + 5).min(70);
                self.after_layout_change();
            }
            Action::StartSearch if list => {
                self.before_search = Some(self.query.clone());
                self.overlay = Overlay::Search(LineInput::new(self.search_line()));
            }
            Action::StartSearch | Action::StartArticleSearch => {
                self.overlay = Overlay::ArticleSearch(LineInput::new(self.article.search.clone()));
            }
            Action::NextMatch => self.jump_to_match(1),
            Action::PreviousMatch => self.jump_to_match(-1),
            Action::OpenTagPicker => {
                let picker = Picker::new(self.tags.in_use(), self.query.tags.clone());
                self.overlay = Overlay::Tags(picker);
            }
            Action::OpenAuthorPicker => {
                let picker = Picker::new(self.authors.in_use(), self.query.authors.clone());
                self.overlay = Overlay::Authors(picker);
            }
            Action::ClearFilters => self.set_query(Query {
                sort: self.query.sort,
                reverse: self.query.reverse,
                ..Query::default()
            }),
            Action::Cancel => {
                if list {
                    if !self.query.is_empty() {
                        self.set_query(Query {
                            sort: self.query.sort,
                            reverse: self.query.reverse,
                            ..Query::default()
                        });
                    }
                } else if !self.article.search.is_empty() {
                    self.set_article_search(String::new());
                } else {
                    self.focus = Focus::List;
                    self.zoom = false;
                    self.after_layout_change();
                }
            }
            Action::CycleSort => {
                let (sort, reverse) = match (self.query.sort, self.query.reverse) {
                    (Sort::Date, false) => (Sort::Date, true),
                    (Sort::Date, true) => (Sort::Title, false),
                    (Sort::Title, _) => (Sort::Date, false),
                };
                self.set_query(Query { sort, reverse, ..self.query.clone() });
            }
            Action::OpenOutline
                if self.article.shown.as_ref().is_some_and(|(_, a)| !a.headings.is_empty()) =>
            {
                let row = self.current_heading().unwrap_or(0);
                self.overlay = Overlay::Outline(row);
            }
            Action::OpenHelp => self.overlay = Overlay::Help(0),
            Action::OpenWarnings => self.overlay = Overlay::Warnings(0),
            _ => {}
        }
    }

    fn move_in_pane(&mut self, by: isize) {
        match self.focus {
            Focus::List => self.move_selection(by),
            Focus::Article => self.scroll_article(by),
        }
    }

    /// Moves the selection `by` rows in the list.
    fn move_selection(&mut self, by: isize) {
        if self.hits.is_empty() {
            return;
        }
        let row = self.selected_row().unwrap_or(0) as isize;
        let last = self.hits.len() as isize - 1;
        let target = row.saturating_add(by).clamp(0, last) as usize;
        self.select(Some(self.hits[target].post));
    }

    /// Selects a post and asks for its article.
    fn select(&mut self, post: Option<usize>) {
        if self.selected != post {
            self.selected = post;
            self.request_article();
        }
        self.keep_selection_visible();
    }

    fn keep_selection_visible(&mut self) {
        let rows = layout::list_rows(self);
        let Some(row) = self.selected_row() else {
            self.list_offset = self.list_offset.min(self.hits.len().saturating_sub(1));
            return;
        };
        if row < self.list_offset {
            self.list_offset = row;
        } else if row >= self.list_offset + rows {
            self.list_offset = row + 1 - rows;
        }
        // Never leave blank rows at the end when the list could fill them.
        let max_offset = self.hits.len().saturating_sub(rows);
        self.list_offset = self.list_offset.min(max_offset);
    }

    fn after_layout_change(&mut self) {
        self.keep_selection_visible();
        self.request_article();
    }

    // ---- the article ------------------------------------------------------

    fn scroll_article(&mut self, by: isize) {
        let lines = self.article.shown.as_ref().map_or(0, |(_, a)| a.lines.len());
        let max = lines.saturating_sub(layout::article_lines(self));
        self.article.scroll =
            (self.article.scroll as isize).saturating_add(by).clamp(0, max as isize) as usize;
    }

    /// Asks for the selected post's article at the current width, unless it
    /// is already shown (or asked for) at that width.
    fn request_article(&mut self) {
        let Some(post) = self.selected else {
            self.article.wanted = None;
            return;
        };
        let width = layout::article_width(self);
        let shown_ok = self.article.shown.as_ref().is_some_and(|(p, _)| *p == post)
            && self.article.width == width;
        if shown_ok {
            self.article.wanted = None;
            return;
        }
        if self.article.wanted == Some(post) && self.article.pending_width == width {
            return;
        }
        let Some(entry) = self.posts.get(post) else {
            return;
        };
        self.article.generation += 1;
        self.article.wanted = Some(post);
        self.article.pending_width = width;
        self.article.error = None;
        self.requests.push(Request::Render {
            generation: self.article.generation,
            post: entry.clone(),
            file: self.root.join(&entry.path),
            width,
        });
    }

    fn rendered(&mut self, article: Result<Arc<crate::markdown::Article>, String>) {
        let Some(post) = self.article.wanted.take() else {
            return;
        };
        match article {
            Ok(article) => {
                self.article.gone = false;
                self.article.title =
                    self.posts.get(post).map(|p| p.title.clone()).unwrap_or_default();
                let same_post = self.article.shown.as_ref().is_some_and(|(p, _)| *p == post);
                if !same_post {
                    self.article.scroll = 0;
                    self.article.search.clear();
                    self.article.matches.clear();
                }
                self.article.width = self.article.pending_width;
                self.article.shown = Some((post, article));
                self.article.error = None;
                if same_post {
                    let search = self.article.search.clone();
                    self.set_article_search(search);
                }
                self.scroll_article(0);
            }
            Err(error) => {
                self.article.error = Some(error);
                self.article.shown = None;
                self.article.scroll = 0;
            }
        }
    }

    /// Finds `search` in the article (any case) and jumps to the first match
    /// from the top of the screen down.
    fn set_article_search(&mut self, search: String) {
        self.article.matches.clear();
        self.article.current = 0;
        self.article.search = search;
        let needle = self.article.search.to_lowercase();
        let Some((_, article)) = &self.article.shown else {
            return;
        };
        if needle.is_empty() {
            return;
        }
        let mut matches = Vec::new();
        for (index, line) in article.lines.iter().enumerate() {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            let lower = text.to_lowercase();
            if lower.len() != text.len() {
                // Lowercasing changed byte lengths: columns from the original.
                let chars: Vec<char> = text.chars().collect();
                let hay: Vec<String> = chars.iter().map(|c| c.to_lowercase().collect()).collect();
                let joined: String = hay.concat();
                let mut offsets = Vec::with_capacity(chars.len() + 1);
                let mut at = 0;
                for piece in &hay {
                    offsets.push(at);
                    at += piece.len();
                }
                offsets.push(at);
                for (start, found) in joined.match_indices(&needle) {
                    let first = offsets.iter().position(|&o| o >= start).unwrap_or(chars.len());
                    let last = offsets
                        .iter()
                        .position(|&o| o >= start + found.len())
                        .unwrap_or(chars.len());
                    let before: String = chars[..first].iter().collect();
                    let inside: String = chars[first..last].iter().collect();
                    let from = crate::width::width(&before);
                    matches.push((index, from, from + crate::width::width(&inside)));
                }
            } else {
                for (start, found) in lower.match_indices(&needle) {
                    let from = crate::width::width(&text[..start]);
                    matches.push((
                        index,
                        from,
                        from + crate::width::width(&text[start..start + found.len()]),
                    ));
                }
            }
        }
        self.article.matches = matches;
        let top = self.article.scroll;
        self.article.current = self.article.matches.iter().position(|m| m.0 >= top).unwrap_or(0);
        self.show_current_match();
    }

    fn jump_to_match(&mut self, by: isize) {
        let count = self.article.matches.len();
        if count == 0 {
            return;
        }
        self.article.current =
            (self.article.current as isize + by).rem_euclid(count as isize) as usize;
        self.show_current_match();
    }

    fn show_current_match(&mut self) {
        let Some(&(line, _, _)) = self.article.matches.get(self.article.current) else {
            return;
        };
        let visible = layout::article_lines(self);
        if line < self.article.scroll || line >= self.article.scroll + visible {
            // A few lines of context above the match.
            self.article.scroll = line.saturating_sub(visible / 3);
            self.scroll_article(0);
        }
    }

    fn current_heading(&self) -> Option<usize> {
        let (_, article) = self.article.shown.as_ref()?;
        article.headings.iter().rposition(|h| h.line <= self.article.scroll)
    }

    // ---- searching and filtering ------------------------------------------

    fn search_action(&mut self, action: Action, mut input: LineInput) {
        match action {
            _ if input.edit(&action) => {}
            Action::Confirm => {
                self.overlay = Overlay::None;
                self.before_search = None;
                return;
            }
            Action::Cancel => {
                self.overlay = Overlay::None;
                if let Some(query) = self.before_search.take() {
                    self.set_query(query);
                }
                return;
            }
            Action::Down | Action::Up | Action::PageDown | Action::PageUp => {
                self.pane_action(action);
                return;
            }
            _ => return,
        }
        let query = parse_search(&input.text, &self.query);
        self.overlay = Overlay::Search(input);
        if query != self.query {
            self.set_query(query);
        }
    }

    fn article_search_action(&mut self, action: Action, mut input: LineInput) {
        match action {
            _ if input.edit(&action) => {}
            Action::Confirm => {
                self.overlay = Overlay::None;
                return;
            }
            Action::Cancel => {
                self.overlay = Overlay::None;
                self.set_article_search(String::new());
                return;
            }
            _ => return,
        }
        let text = input.text.clone();
        self.overlay = Overlay::ArticleSearch(input);
        self.set_article_search(text);
    }

    fn picker_action(&mut self, action: Action, mut picker: Picker, tags: bool) {
        match action {
            _ if picker.filter.edit(&action) => {
                picker.cursor = 0;
                picker.refilter();
            }
            Action::Down => picker.move_by(1),
            Action::Up => picker.move_by(-1),
            Action::PageDown => picker.move_by(10),
            Action::PageUp => picker.move_by(-10),
            Action::ToggleItem => picker.toggle(),
            Action::Confirm => {
                self.overlay = Overlay::None;
                let mut query = self.query.clone();
                if tags {
                    query.tags = picker.chosen;
                } else {
                    query.authors = picker.chosen;
                }
                self.set_query(query);
                return;
            }
            Action::Cancel => {
                self.overlay = Overlay::None;
                return;
            }
            _ => {}
        }
        self.overlay = if tags { Overlay::Tags(picker) } else { Overlay::Authors(picker) };
    }

    fn outline_action(&mut self, action: Action, row: usize) {
        let count = self.article.shown.as_ref().map_or(0, |(_, a)| a.headings.len());
        let last = count.saturating_sub(1);
        let row = match action {
            Action::Down => (row + 1).min(last),
            Action::Up => row.saturating_sub(1),
            Action::PageDown => (row + 10).min(last),
            Action::PageUp => row.saturating_sub(10),
            Action::Top => 0,
            Action::Bottom => last,
            Action::Confirm => {
                self.overlay = Overlay::None;
                if let Some(line) = self
                    .article
                    .shown
                    .as_ref()
                    .and_then(|(_, a)| a.headings.get(row))
                    .map(|h| h.line)
                {
                    self.article.scroll = line;
                    self.scroll_article(0);
                    self.focus = Focus::Article;
                    self.after_layout_change();
                }
                return;
            }
            Action::Cancel => {
                self.overlay = Overlay::None;
                return;
            }
            _ => row,
        };
        self.overlay = Overlay::Outline(row);
    }

    fn scroll_overlay(&mut self, action: Action, top: usize, help: bool) {
        let page = usize::from(self.size.1.saturating_sub(6)).max(1);
        let top = match action {
            Action::Down => top + 1,
            Action::Up => top.saturating_sub(1),
            Action::PageDown => top + page,
            Action::PageUp => top.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => usize::MAX / 2,
            Action::Cancel | Action::Confirm => {
                self.overlay = Overlay::None;
                return;
            }
            _ => top,
        };
        // Drawing clamps to the content; keep the number small here.
        let limit = if help { super::keymap::bindings().len() + 8 } else { self.warnings.len() };
        let top = top.min(limit);
        self.overlay = if help { Overlay::Help(top) } else { Overlay::Warnings(top) };
    }

    /// Puts a new query in force and asks for its results, searching only
    /// the current results when the new query can only narrow them.
    fn set_query(&mut self, query: Query) {
        self.query = query;
        self.refilter();
    }

    fn refilter(&mut self) {
        self.absorb_waiting();
        let candidates = match &self.hits_for {
            Some((previous, posts_then)) if self.query.narrows(previous) => {
                let mut candidates: Vec<usize> = self.hits.iter().map(|h| h.post).collect();
                candidates.extend(*posts_then..self.posts.len());
                Some(candidates)
            }
            _ => None,
        };
        self.filter_generation += 1;
        self.requests.push(Request::Filter {
            generation: self.filter_generation,
            query: self.query.clone(),
            posts: Arc::clone(&self.posts),
            candidates,
            epoch: self.epoch,
        });
        self.pending_filter = Some((self.query.clone(), self.posts.len()));
    }

    fn filtered(&mut self, generation: u64, hits: Arc<Vec<crate::query::Hit>>) {
        if generation <= self.shown_generation {
            return;
        }
        self.shown_generation = generation;
        // Only the answer to the latest request can be narrowed from; an
        // older one is good enough to show meanwhile.
        self.hits_for =
            if generation == self.filter_generation { self.pending_filter.take() } else { None };
        let covered = self.hits_for.as_ref().map(|(_, n)| *n);
        self.hits = hits;
        let keep = self.selected.filter(|p| self.hits.iter().any(|h| h.post == *p));
        match keep {
            Some(post) => self.select(Some(post)),
            // The open post was deleted: leave it on screen, saying so,
            // until the user moves.
            None if self.article.gone && self.selected.is_none() => self.keep_selection_visible(),
            None => {
                let first = self.hits.first().map(|h| h.post);
                self.list_offset = 0;
                self.select(first);
            }
        }
        self.absorb_waiting();
        if covered.is_some_and(|n| n < self.posts.len()) && !self.filtering() {
            // Posts arrived while this was computed: bring them in.
            self.refilter();
        }
    }

    fn found(&mut self, posts: Vec<crate::post::Post>, warnings: Vec<crate::post::Warning>) {
        for post in &posts {
            for tag in &post.tags {
                self.tags.add(tag);
            }
            for author in &post.authors {
                self.authors.add(author);
            }
        }
        if self.waiting.is_empty() {
            // The first batch (or the whole cache): move it, do not copy.
            self.waiting = posts;
        } else {
            self.waiting.extend(posts);
        }
        self.warnings.extend(warnings);
        self.refilter();
    }

    /// Adds waiting posts and applies waiting changes, unless a background
    /// task still holds the list (then they wait for its answer).
    fn absorb_waiting(&mut self) {
        if self.waiting.is_empty() && self.pending_changes.is_empty() {
            self.save_when_complete();
            return;
        }
        if Arc::get_mut(&mut self.posts).is_none() {
            return;
        }
        if let Some(posts) = Arc::get_mut(&mut self.posts) {
            if posts.is_empty() {
                std::mem::swap(posts, &mut self.waiting);
            } else {
                posts.append(&mut self.waiting);
            }
        }
        for change in std::mem::take(&mut self.pending_changes) {
            self.apply(change);
        }
        self.save_when_complete();
    }

    /// Asks for the cache to be written, once every post read is in the
    /// list: a post still waiting would be saved as a skipped file.
    fn save_when_complete(&mut self) {
        if !self.waiting.is_empty() || !self.pending_changes.is_empty() {
            return;
        }
        if let Some(save) = self.pending_save.take() {
            self.requests.push(Request::SaveCache {
                file: save.file,
                root: self.root.clone(),
                posts: Arc::clone(&self.posts),
                warnings: self.warnings.clone(),
                stamps: save.stamps,
            });
        }
    }

    /// Applies a change to the posts (which nothing else holds): changed
    /// posts are replaced where they are, new ones added, gone ones removed;
    /// the list, the selection and the article follow their posts.
    fn apply(&mut self, change: super::action::Change) {
        use std::collections::{HashMap, HashSet};
        use std::path::Path;
        let Some(posts) = Arc::get_mut(&mut self.posts) else {
            self.pending_changes.push(change);
            return;
        };
        self.epoch += 1;
        let read: HashSet<&Path> = change.read.iter().map(|p| p.as_path()).collect();
        let under_removed = |path: &Path| change.removed.iter().any(|gone| path.starts_with(gone));
        let mut at: HashMap<std::path::PathBuf, usize> =
            posts.iter().enumerate().map(|(i, p)| (p.path.clone(), i)).collect();
        let mut kept: HashSet<std::path::PathBuf> = HashSet::new();
        let shown_path =
            self.article.shown.as_ref().and_then(|(i, _)| posts.get(*i)).map(|p| p.path.clone());
        for post in change.posts {
            for tag in &post.tags {
                self.tags.add(tag);
            }
            for author in &post.authors {
                self.authors.add(author);
            }
            kept.insert(post.path.clone());
            match at.get(&post.path) {
                Some(&i) => {
                    let old = std::mem::replace(&mut posts[i], post);
                    old.tags.iter().for_each(|t| self.tags.remove(t));
                    old.authors.iter().for_each(|a| self.authors.remove(a));
                }
                None => {
                    at.insert(post.path.clone(), posts.len());
                    posts.push(post);
                }
            }
        }
        // Posts of files read again without a post, or under a removed path.
        let drop = |p: &crate::post::Post| {
            (read.contains(p.path.as_path()) && !kept.contains(&p.path)) || under_removed(&p.path)
        };
        let mut moved: Vec<Option<usize>> = Vec::with_capacity(posts.len());
        let mut next = 0;
        for post in posts.iter() {
            if drop(post) {
                post.tags.iter().for_each(|t| self.tags.remove(t));
                post.authors.iter().for_each(|a| self.authors.remove(a));
                moved.push(None);
            } else {
                moved.push(Some(next));
                next += 1;
            }
        }
        if next < posts.len() {
            let mut index = 0;
            posts.retain(|_| {
                index += 1;
                moved[index - 1].is_some()
            });
            let remap = |i: usize| moved.get(i).copied().flatten();
            let hits: Vec<crate::query::Hit> = self
                .hits
                .iter()
                .filter_map(|h| remap(h.post).map(|post| crate::query::Hit { post, ..*h }))
                .collect();
            self.hits = Arc::new(hits);
            self.selected = self.selected.and_then(remap);
            if let Some((shown, _)) = &mut self.article.shown {
                match remap(*shown) {
                    Some(now) => *shown = now,
                    None => {
                        *shown = usize::MAX;
                        self.article.gone = true;
                    }
                }
            }
            self.article.wanted = self.article.wanted.and_then(remap);
        }
        self.warnings.retain(|w| !read.contains(w.path.as_path()) && !under_removed(&w.path));
        self.warnings.extend(change.warnings);
        // The open article changed on disk: render it again, keeping its place.
        if let Some(path) = shown_path
            && read.contains(path.as_path())
            && !self.article.gone
        {
            self.article.width = 0;
            self.article.wanted = None;
            self.request_article();
        }
    }

    /// The panes' regions (for clicks).
    pub fn panes(&self) -> Panes {
        Panes::of(self)
    }
}
