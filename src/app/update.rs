//! [`App::update`]: the only place the reader's state changes.

use super::input::LineInput;
use super::layout::{self, Panes};
use super::picker::Picker;
use super::{App, Command, Focus, Msg, Outline, Overlay, cursor_moved};
use crate::query::{Query, Sort};

impl App {
    /// Applies one message. Every change of the reader's state goes
    /// through here.
    pub fn update(&mut self, msg: Msg) {
        self.take(msg);
        self.want_pictures();
    }

    fn take(&mut self, msg: Msg) {
        match msg {
            Msg::Found(posts, warnings) => self.found(posts, warnings),
            Msg::Changed(change) => self.changed(change),
            Msg::IndexDone(save) => {
                self.library.indexing = false;
                self.library.pending_save = save;
                self.absorb_and_refilter();
                self.reconcile_marks();
            }
            Msg::Filtered { generation, hits, unread } => self.filtered(generation, hits, unread),
            Msg::FoundInArticle { generation, matches } => {
                self.found_in_article(generation, matches)
            }
            msg @ (Msg::FullTextFound { .. } | Msg::FullTextProgress(..)) => self.fulltext_msg(msg),
            Msg::Rendered { generation, article, complete } => {
                if generation == self.article.generation {
                    self.rendered(article, complete);
                }
            }
            Msg::Resize(width, height) => {
                self.layout.size = (width, height);
                self.keep_selection_visible();
                self.request_article();
            }
            Msg::Notice(text) => {
                // Newer than any hint (an "Opening …" that failed).
                self.status.hint = None;
                self.status.notice = Some(text);
            }
            Msg::Edited => self.reread_article(),
            Msg::Picture { want, result } => self.picture_loaded(want, result),
            Msg::ScreenCleared => self.forget_pictures(),
            Msg::Fetched(urls) => self.fetched(&urls),
            Msg::PictureDropped(want) => {
                if let Some(super::pictures::Page::Waiting) = self.pictures.book.get(&want) {
                    self.pictures.book.remove(&want);
                }
            }
            Msg::StateLoaded { file, marks, warning } => {
                self.use_state(file, marks);
                if let Some(warning) = warning {
                    self.status.notice = Some(warning);
                }
                // The folder was read first: its renames and gone posts now.
                if !self.library.indexing {
                    self.reconcile_marks();
                }
            }
            Msg::Command(Command::Quit) => self.quit(),
            Msg::Command(Command::ToggleMouse) => self.layout.mouse = !self.layout.mouse,
            Msg::Command(command) => {
                self.status.hint = None;
                self.command(command);
            }
            msg @ (Msg::Text(_) | Msg::SelectRow(_) | Msg::Scroll { .. }) => self.pointer(msg),
        }
    }

    /// Text typed, a row clicked, the wheel turned.
    fn pointer(&mut self, msg: Msg) {
        let free = self.overlay == Overlay::None;
        match msg {
            Msg::Text(text) => {
                self.status.hint = None;
                self.text(&text);
            }
            Msg::SelectRow(row) => {
                self.status.hint = None;
                if free {
                    self.focus = Focus::List;
                    if let Some(hit) = self.list.hits.get(self.list.offset + row) {
                        self.select(Some(hit.post));
                    }
                }
            }
            Msg::Scroll { article: true, lines } if free => self.scroll_article(lines as isize),
            Msg::Scroll { lines, .. } if free => self.move_selection(lines as isize),
            _ => {}
        }
    }

    /// Files changed on disk: applied now, or once the list is free.
    fn changed(&mut self, change: crate::live::Change) {
        if !change.is_empty() {
            self.library.pending_changes.push(change);
            self.absorb_waiting();
            // Positions moved: start the results afresh.
            self.list.hits_for = None;
            self.refilter();
        }
    }

    /// Once both the folder and the reading state are in: the marks of
    /// renamed posts follow them, those of posts gone for good go.
    fn reconcile_marks(&mut self) {
        self.follow_renamed_marks();
        self.prune_gone_marks();
    }

    /// Text typed or pasted, into the line the overlay edits. The overlay
    /// is taken out of the state while it is changed, and put back (as
    /// are the `*_command` handlers below: each puts its overlay back
    /// unless it closes it).
    fn text(&mut self, text: &str) {
        match std::mem::take(&mut self.overlay) {
            Overlay::Search(mut input) => match input.typed(text) {
                true => self.search_edited(input),
                false => self.overlay = Overlay::Search(input),
            },
            Overlay::ArticleSearch(mut input) => match input.typed(text) {
                true => self.article_search_edited(input),
                false => self.overlay = Overlay::ArticleSearch(input),
            },
            Overlay::Tags(mut picker) => {
                picker.filter_typed(text);
                self.overlay = Overlay::Tags(picker);
            }
            Overlay::Authors(mut picker) => {
                picker.filter_typed(text);
                self.overlay = Overlay::Authors(picker);
            }
            Overlay::Links(picker) => self.links_typed(picker, text),
            Overlay::FullText(mut input) => match input.typed(text) {
                true => self.fulltext_edited(input),
                false => self.overlay = Overlay::FullText(input),
            },
            Overlay::Outline(mut outline) => {
                if outline.filter.typed(text) {
                    outline.cursor = 0;
                }
                self.overlay = Overlay::Outline(outline);
            }
            other @ (Overlay::None | Overlay::Help(_) | Overlay::Warnings(_)) => {
                self.overlay = other;
            }
        }
    }

    /// A command, to the overlay that has the keys (taken out of the state
    /// while it handles the command, and put back unless closed).
    fn command(&mut self, command: Command) {
        match self.overlay {
            Overlay::None => return self.pane_command(command),
            Overlay::Help(top) => return self.help_command(command, top),
            Overlay::Warnings(cursor) => return self.problems_command(command, cursor),
            _ => {}
        }
        match std::mem::take(&mut self.overlay) {
            Overlay::Search(input) => self.search_command(command, input),
            Overlay::ArticleSearch(input) => self.article_search_command(command, input),
            Overlay::Tags(picker) => self.picker_command(command, picker, true),
            Overlay::Authors(picker) => self.picker_command(command, picker, false),
            Overlay::Outline(outline) => self.outline_command(command, outline),
            Overlay::Links(picker) => self.links_command(command, picker),
            Overlay::FullText(input) => self.fulltext_command(command, input),
            other @ (Overlay::None | Overlay::Help(_) | Overlay::Warnings(_)) => {
                self.overlay = other;
            }
        }
    }

    // ---- the panes ------------------------------------------------------

    fn pane_command(&mut self, command: Command) {
        let list = self.focus == Focus::List;
        let page =
            if list { layout::list_rows(self) } else { layout::article_lines(self) } as isize;
        match command {
            Command::Down => self.move_in_pane(1),
            Command::Up => self.move_in_pane(-1),
            Command::HalfPageDown => self.move_in_pane((page / 2).max(1)),
            Command::HalfPageUp => self.move_in_pane(-(page / 2).max(1)),
            Command::PageDown => self.move_in_pane(page.max(1)),
            Command::PageUp => self.move_in_pane(-page.max(1)),
            Command::Top => self.move_in_pane(isize::MIN / 2),
            Command::Bottom => self.move_in_pane(isize::MAX / 2),
            Command::PreviousPost if self.step_through_results(-1) => {}
            Command::NextPost if self.step_through_results(1) => {}
            Command::PreviousPost => self.move_selection(-1),
            Command::NextPost => self.move_selection(1),
            Command::ToggleFocus
            | Command::Read
            | Command::FocusList
            | Command::ToggleZoom
            | Command::NarrowList
            | Command::WidenList => self.layout_command(command),
            Command::Search
            | Command::TagPicker
            | Command::AuthorPicker
            | Command::Outline
            | Command::Help
            | Command::Problems => self.open_overlay(command),
            Command::ToggleRead => self.toggle_read(),
            Command::Links => self.open_links(),
            Command::FullText => self.open_fulltext(),
            Command::Back => self.go_back(),
            Command::Forward => self.go_forward(),
            Command::Edit => match &self.article.shown {
                Some((post, article)) => {
                    let offset = article.source_of(self.article.scroll);
                    let file = self.library.posts.get(*post).map(|p| self.root.join(&p.path));
                    if let Some(file) = file {
                        self.requests.push(super::Request::Edit { file, offset });
                    }
                }
                None => self.status.hint = Some("No post is shown.".into()),
            },
            Command::ToggleStar => self.toggle_star(),
            Command::NextMatch => self.jump_to_match(1),
            Command::PreviousMatch => self.jump_to_match(-1),
            Command::ClearFilters => self.clear_filters(),
            Command::Cancel if list && !self.list.query.is_empty() => self.clear_filters(),
            Command::Cancel if list => {}
            Command::Cancel if !self.article.search.is_empty() => {
                self.set_article_search(String::new())
            }
            Command::Cancel => self.layout_command(Command::FocusList),
            Command::Sort => self.cycle_sort(),
            _ => {}
        }
    }

    /// Every filter cleared; the sort stays.
    fn clear_filters(&mut self) {
        self.set_query(Query {
            sort: self.list.query.sort,
            reverse: self.list.query.reverse,
            ..Query::default()
        });
    }

    /// Which pane has the keys, the zoom, the list's width.
    fn layout_command(&mut self, command: Command) {
        match command {
            Command::ToggleFocus => {
                let list = self.focus == Focus::List;
                self.focus = if list { Focus::Article } else { Focus::List };
            }
            Command::Read => {
                self.focus = Focus::Article;
                if let Some(post) = self.list.selected {
                    // Kept on screen even when reading it takes it out of
                    // the list (`is:unread`).
                    self.list.pinned = true;
                    self.mark_read(post);
                }
            }
            Command::FocusList => {
                self.focus = Focus::List;
                self.layout.zoom = false;
            }
            Command::ToggleZoom => {
                self.layout.zoom = !self.layout.zoom;
                self.focus = if self.layout.zoom { Focus::Article } else { self.focus };
            }
            Command::NarrowList => {
                self.layout.list_percent = self.layout.list_percent.saturating_sub(5).max(20)
            }
            Command::WidenList => self.layout.list_percent = (self.layout.list_percent + 5).min(70),
            _ => return,
        }
        self.after_layout_change();
    }

    /// The search lines, the pickers, the outline, the help, the problems.
    fn open_overlay(&mut self, command: Command) {
        match command {
            Command::Search if self.focus == Focus::List => {
                self.list.before_search = Some(self.list.query.clone());
                // The search in force, selected: typing starts a new one.
                self.overlay = Overlay::Search(LineInput::selected(self.search_line()));
            }
            Command::Search => {
                self.overlay = Overlay::ArticleSearch(LineInput::new(self.article.search.clone()));
            }
            Command::TagPicker => {
                let mut picker =
                    Picker::new(self.counts_within(true), self.list.query.tags.clone());
                picker.any = self.list.query.any_tag;
                self.overlay = Overlay::Tags(picker);
            }
            Command::AuthorPicker => {
                let picker =
                    Picker::new(self.counts_within(false), self.list.query.authors.clone());
                self.overlay = Overlay::Authors(picker);
            }
            Command::Outline => match &self.article.shown {
                Some((_, article)) if !article.headings.is_empty() => {
                    let cursor = self.current_heading().unwrap_or(0);
                    self.overlay = Overlay::Outline(Outline { cursor, ..Outline::default() });
                }
                Some(_) => self.status.hint = Some("This post has no headings.".into()),
                None => self.status.hint = Some("No post is shown.".into()),
            },
            Command::Help => self.overlay = Overlay::Help(0),
            Command::Problems => self.overlay = Overlay::Warnings(0),
            _ => {}
        }
    }

    /// Every tag (or author) in use, each with the posts it has among those
    /// the other filters let through: picking an author after a tag shows
    /// how many posts each author has with that tag. The picker's own
    /// filter is left out, so that choices can still be added.
    pub(super) fn counts_within(&self, tags: bool) -> Vec<(String, usize)> {
        let mut others = self.list.query.clone();
        if tags {
            others.tags.clear();
            others.not_tags.clear();
        } else {
            others.authors.clear();
        }
        let names = if tags { self.library.tags.in_use() } else { self.library.authors.in_use() };
        if others.is_empty() {
            return names;
        }
        let terms = crate::query::terms(&others.text);
        let matcher = fuzzy_matcher::skim::SkimMatcherV2::default().smart_case();
        let mut within: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for post in self.library.posts.iter() {
            let passes = others.keeps(post)
                && (terms.is_empty()
                    || crate::query::title_score(&terms, &matcher, &post.title).is_some());
            if passes {
                for name in if tags { &post.tags } else { &post.authors } {
                    *within.entry(crate::text::fold(name)).or_default() += 1;
                }
            }
        }
        names
            .into_iter()
            .map(|(name, _)| {
                let count = within.get(&crate::text::fold(&name)).copied().unwrap_or(0);
                (name, count)
            })
            .collect()
    }

    /// The next order: by score (while searching), newest, oldest, title.
    pub(super) fn cycle_sort(&mut self) {
        let searching = !self.list.query.text.trim().is_empty();
        let (sort, reverse) = match (self.list.query.sort, self.list.query.reverse) {
            // Without search text, by score is newest first.
            (Sort::Score, _) if searching => (Sort::Date, false),
            (Sort::Score, _) | (Sort::Date, false) => (Sort::Date, true),
            (Sort::Date, true) => (Sort::Title, false),
            (Sort::Title, _) if searching => (Sort::Score, false),
            (Sort::Title, _) => (Sort::Date, false),
        };
        self.set_query(Query { sort, reverse, ..self.list.query.clone() });
        let label = match (sort, reverse) {
            (Sort::Score, _) => "by score",
            (Sort::Date, false) => "newest first",
            (Sort::Date, true) => "oldest first",
            (Sort::Title, _) => "by title",
        };
        self.status.hint = Some(format!("Sorted {label}."));
    }

    pub(super) fn move_in_pane(&mut self, by: isize) {
        match self.focus {
            Focus::List => self.move_selection(by),
            Focus::Article => self.scroll_article(by),
        }
    }

    /// Moves the selection `by` rows in the list.
    pub(super) fn move_selection(&mut self, by: isize) {
        if self.list.hits.is_empty() {
            return;
        }
        // Moving in the list: back to the list's posts (from a post the
        // filters hide, the first step lands on the first or last of them).
        self.list.pinned = false;
        self.fulltext.walking = false;
        let last = self.list.hits.len() as isize - 1;
        let row = match self.list.selected_row() {
            Some(row) => row as isize,
            None if by > 0 => -1,
            None => last + 1,
        };
        let target = row.saturating_add(by).clamp(0, last) as usize;
        let post = self.list.hits[target].post;
        self.select(Some(post));
        // Moving to a post while reading ([, ]) is opening it to read.
        if self.focus == Focus::Article {
            self.mark_read(post);
        }
    }

    /// Selects a post and asks for its article.
    ///
    /// Selecting never reads a post: only opening one does (Enter, [ or ]
    /// while reading, a link, `folio FILE`). The selection also moves when
    /// the list changes under it (a post read leaves `is:unread`), and
    /// that must not read the next one.
    pub(super) fn select(&mut self, post: Option<usize>) {
        if self.list.selected != post {
            self.list.selected = post;
            self.request_article();
        }
        self.keep_selection_visible();
    }

    pub(super) fn keep_selection_visible(&mut self) {
        let rows = layout::list_rows(self);
        let Some(row) = self.list.selected_row() else {
            self.list.offset = self.list.offset.min(self.list.hits.len().saturating_sub(1));
            return;
        };
        if row < self.list.offset {
            self.list.offset = row;
        } else if row >= self.list.offset + rows {
            self.list.offset = row + 1 - rows;
        }
        // Never leave blank rows at the end when the list could fill them.
        let max_offset = self.list.hits.len().saturating_sub(rows);
        self.list.offset = self.list.offset.min(max_offset);
    }

    pub(super) fn after_layout_change(&mut self) {
        self.keep_selection_visible();
        self.request_article();
    }

    // ---- searching and filtering ------------------------------------------

    pub(super) fn search_command(&mut self, command: Command, mut input: LineInput) {
        match command {
            _ if input.edit(command) => {}
            Command::Confirm => {
                self.overlay = Overlay::None;
                self.list.before_search = None;
                return;
            }
            Command::Cancel => {
                self.overlay = Overlay::None;
                if let Some(query) = self.list.before_search.take() {
                    self.set_query(query);
                }
                return;
            }
            Command::Down | Command::Up | Command::PageDown | Command::PageUp => {
                self.overlay = Overlay::Search(input);
                self.pane_command(command);
                return;
            }
            _ => {
                self.overlay = Overlay::Search(input);
                return;
            }
        }
        self.search_edited(input);
    }

    /// The search line changed: the query follows it.
    pub(super) fn search_edited(&mut self, input: LineInput) {
        let (query, problems) = crate::Query::parse_line(&input.text, &self.list.query);
        let query = self.with_marks(query);
        self.overlay = Overlay::Search(input);
        if query != self.list.query {
            self.set_query(query);
        }
        // What could not be read is said; the rest is in force.
        if !problems.is_empty() {
            self.status.hint = Some(problems.join("; "));
        }
    }

    pub(super) fn article_search_command(&mut self, command: Command, mut input: LineInput) {
        match command {
            _ if input.edit(command) => {}
            Command::Confirm => {
                self.overlay = Overlay::None;
                return;
            }
            Command::Cancel => {
                self.overlay = Overlay::None;
                self.set_article_search(String::new());
                return;
            }
            _ => {
                self.overlay = Overlay::ArticleSearch(input);
                return;
            }
        }
        self.article_search_edited(input);
    }

    /// The find line changed: find its text in the article.
    pub(super) fn article_search_edited(&mut self, input: LineInput) {
        let text = input.text.clone();
        let changed = text != self.article.search;
        self.overlay = Overlay::ArticleSearch(input);
        if changed {
            self.set_article_search(text);
        }
    }

    pub(super) fn picker_command(&mut self, command: Command, mut picker: Picker, tags: bool) {
        match command {
            _ if picker.filter.edit(command) => picker.filter_changed(),
            Command::Down => picker.move_by(1),
            Command::Up => picker.move_by(-1),
            Command::PageDown => picker.move_by(10),
            Command::PageUp => picker.move_by(-10),
            Command::Toggle => picker.toggle(),
            Command::AnyAll if tags => picker.any = !picker.any,
            Command::Confirm => {
                self.overlay = Overlay::None;
                // Nothing toggled: Enter takes the entry under the cursor.
                if picker.chosen.is_empty() {
                    picker.toggle();
                }
                let mut query = self.list.query.clone();
                if tags {
                    // Chosen in the picker: these whole tags.
                    query.tag_prefix = false;
                    query.any_tag = picker.any;
                    query.tags = picker.chosen;
                } else {
                    query.authors = picker.chosen;
                }
                self.set_query(query);
                return;
            }
            Command::Cancel => {
                self.overlay = Overlay::None;
                return;
            }
            _ => {}
        }
        self.overlay = if tags { Overlay::Tags(picker) } else { Overlay::Authors(picker) };
    }

    pub(super) fn outline_command(&mut self, command: Command, mut outline: Outline) {
        let Some((_, article)) = self.article.shown.clone() else {
            self.overlay = Overlay::None;
            return;
        };
        let visible = outline.visible(&article.headings);
        let last = visible.len().saturating_sub(1);
        match command {
            _ if outline.filter.edit(command) => outline.cursor = 0,
            _ if let Some(moved) = cursor_moved(command, outline.cursor, last, 10) => {
                outline.cursor = moved;
            }
            Command::Confirm => {
                self.overlay = Overlay::None;
                if let Some(heading) = visible.get(outline.cursor).map(|&i| &article.headings[i]) {
                    self.article.scroll = heading.line;
                    self.scroll_article(0);
                    self.focus = Focus::Article;
                    self.after_layout_change();
                }
                return;
            }
            Command::Cancel => {
                self.overlay = Overlay::None;
                return;
            }
            _ => {}
        }
        self.overlay = Overlay::Outline(outline);
    }

    pub(super) fn help_command(&mut self, command: Command, top: usize) {
        let page = super::pages::rows(self);
        let last = super::pages::help(self).len().saturating_sub(page);
        let top = match command {
            Command::Down => top + 1,
            Command::Up => top.saturating_sub(1),
            Command::PageDown => top + page,
            Command::PageUp => top.saturating_sub(page),
            Command::Top => 0,
            Command::Bottom => last,
            Command::Cancel | Command::Confirm => {
                self.overlay = Overlay::None;
                return;
            }
            _ => top,
        };
        self.overlay = Overlay::Help(top.min(last));
    }

    /// The problems list: a cursor over the problems (ordered by path);
    /// Enter opens the post of the problem under it, when it is listed.
    pub(super) fn problems_command(&mut self, command: Command, cursor: usize) {
        let last = self.library.warnings.len().saturating_sub(1);
        let page = super::pages::rows(self).max(1);
        let cursor = match command {
            Command::Down => cursor + 1,
            Command::Up => cursor.saturating_sub(1),
            Command::PageDown => cursor + page,
            Command::PageUp => cursor.saturating_sub(page),
            Command::Top => 0,
            Command::Bottom => last,
            Command::Cancel => {
                self.overlay = Overlay::None;
                return;
            }
            Command::Confirm => {
                self.overlay = Overlay::None;
                let path = self.library.warnings.get(cursor).map(|w| w.path.clone());
                let post =
                    path.and_then(|path| self.library.posts.iter().position(|p| p.path == path));
                match post {
                    Some(post) if self.list.hits.iter().any(|h| h.post == post) => {
                        self.select(Some(post));
                        self.focus = Focus::Article;
                        self.after_layout_change();
                    }
                    Some(_) => {
                        self.status.hint = Some("That post is hidden by the filters.".into())
                    }
                    None => {
                        self.status.hint = Some("That file is not a post folio could read.".into())
                    }
                }
                return;
            }
            _ => cursor,
        };
        self.overlay = Overlay::Warnings(cursor.min(last));
    }

    /// The panes' regions (for clicks).
    pub fn panes(&self) -> Panes {
        Panes::of(self)
    }
}
