//! The reader's state: one [`App`], changed only by [`App::update`] with an
//! [`Msg`]. Work that takes time (matching, rendering, reading the
//! folder) is asked for with a [`Request`] and answered with a message, so
//! the state never waits for it.

pub mod article;
pub mod fulltext;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod library;
pub mod links;
pub mod list;
pub mod msg;
pub mod pages;
pub mod picker;
pub mod pictures;
mod posts;
mod reading;
mod update;

use std::path::PathBuf;
use std::sync::Arc;

pub use crate::keys::Command;
use input::LineInput;
pub use msg::Msg;
use picker::Picker;

use crate::markdown::Article;
use crate::post::{Post, Warning};
use crate::query::Query;
use crate::theme::Theme;

/// Which pane keys move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// The list of posts.
    List,
    /// The article.
    Article,
}

/// What is drawn over the panes and takes the keys.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Overlay {
    /// Nothing: keys go to the focused pane.
    #[default]
    None,
    /// Typing a search in the list (`#tag @author text`).
    Search(LineInput),
    /// Typing a search inside the article.
    ArticleSearch(LineInput),
    /// Choosing tags.
    Tags(Picker),
    /// Choosing authors.
    Authors(Picker),
    /// The article's headings, narrowed by typing.
    Outline(Outline),
    /// The article's links, narrowed by typing.
    Links(links::LinkPicker),
    /// Typing a full-text search; the list shows its results.
    FullText(LineInput),
    /// The keys; the first line shown.
    Help(usize),
    /// The folder's problems, ordered by path; the cursor's problem.
    Warnings(usize),
}

/// The outline overlay: the article's headings, narrowed by what is typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outline {
    /// The filter typed.
    pub filter: LineInput,
    /// The cursor, a row of [`Outline::visible`].
    pub cursor: usize,
}

impl Outline {
    /// Positions in `headings` of those the filter lets through.
    pub fn visible(&self, headings: &[crate::markdown::Heading]) -> Vec<usize> {
        let needle = crate::text::fold(self.filter.text.trim());
        (0..headings.len())
            .filter(|&i| {
                needle.is_empty() || crate::text::fold(&headings[i].text).contains(&needle)
            })
            .collect()
    }
}

/// Where a moving command takes the cursor of a list of `last + 1` rows,
/// `page` rows a page; `None` for a command that does not move it.
pub(super) fn cursor_moved(
    command: Command,
    cursor: usize,
    last: usize,
    page: usize,
) -> Option<usize> {
    Some(match command {
        Command::Down => (cursor + 1).min(last),
        Command::Up => cursor.saturating_sub(1),
        Command::PageDown => (cursor + page).min(last),
        Command::PageUp => cursor.saturating_sub(page),
        Command::Top => 0,
        Command::Bottom => last,
        _ => return None,
    })
}

/// Work for the background tasks.
#[derive(Clone, Debug)]
pub enum Request {
    /// Match `query` against `posts` (only `candidates`, when given).
    Filter {
        /// Echoed back in [`Msg::Filtered`].
        generation: u64,
        /// What to match.
        query: Query,
        /// The posts.
        posts: Arc<Vec<Post>>,
        /// Positions in `posts` worth trying; `None` for all.
        candidates: Option<Vec<usize>>,
        /// Changes when posts were changed or removed, not only added.
        epoch: u64,
        /// The reading state, to count the unread posts among the results.
        marks: Arc<crate::state::Marks>,
    },
    /// Search the posts' text.
    FullText {
        /// Echoed back in [`Msg::FullTextFound`].
        generation: u64,
        /// The folder.
        root: PathBuf,
        /// Where its index is kept (in memory when `None`).
        dir: Option<PathBuf>,
        /// The posts.
        posts: Arc<Vec<Post>>,
        /// Changes when posts were changed or removed.
        epoch: u64,
        /// The search line.
        query: String,
    },
    /// Open a web address or a file with the system's opener.
    Open(String),
    /// Write changes to the reading state.
    SaveState {
        /// The state file.
        file: PathBuf,
        /// The folder.
        root: PathBuf,
        /// Entries changed.
        changes: Vec<(PathBuf, crate::state::Patch)>,
        /// What is open, on quitting.
        last: Option<crate::state::Last>,
    },
    /// Write the cache of the folder.
    SaveCache {
        /// The cache file.
        file: PathBuf,
        /// The folder.
        root: PathBuf,
        /// Every post.
        posts: Arc<Vec<Post>>,
        /// Every problem.
        warnings: Vec<Warning>,
        /// Every file's stamp.
        stamps: crate::post::cache::ByPath<crate::post::cache::Stamp>,
    },
    /// Find text in an article.
    Find {
        /// Echoed back in [`Msg::FoundInArticle`].
        generation: u64,
        /// The article.
        article: Arc<Article>,
        /// What to find (any case): each of these.
        needles: Vec<String>,
    },
    /// Read and render a post.
    Render {
        /// Echoed back in [`Msg::Rendered`].
        generation: u64,
        /// The post (for its header).
        post: Post,
        /// Its file.
        file: PathBuf,
        /// Columns.
        width: usize,
        /// The room its pictures are drawn in (`None`: as their text).
        frames: Option<crate::graphics::Frames>,
    },
    /// Read a picture and encode it for the terminal.
    Picture {
        /// The picture, its size, the rows wanted.
        want: crate::graphics::shelf::Want,
        /// How the terminal draws it.
        graphics: crate::graphics::Graphics,
        /// Its id, for kitty.
        id: u32,
    },
    /// Fetch pictures on the web into the cache.
    Fetch(Vec<String>),
    /// Delete kitty pictures from the terminal's memory.
    DeletePictures {
        /// Their ids.
        ids: Vec<u32>,
        /// Whether to pass the deletion through tmux.
        tmux: bool,
    },
    /// Effects the event loop carries out itself, in the order asked: open
    /// the editor on a file at a byte offset.
    Edit {
        /// The file.
        file: PathBuf,
        /// Where in it (bytes).
        offset: usize,
    },
    /// Put the text on the clipboard (OSC 52).
    Copy(String),
    /// Stop the reader, once what is to be written (asked before) is.
    Quit,
}

/// What answering requests keeps from one to the next: the title
/// matcher's orders of the posts, and the full-text index once opened.
/// The query layer holds neither the other's state.
#[derive(Debug, Default)]
pub struct Runner {
    /// Title search: the posts' orders, kept while the posts stay the same.
    pub titles: crate::query::Searcher,
    /// Full-text search: the index, and the posts it was brought up to date with.
    pub fulltext: crate::fulltext::Session,
    /// Pictures read and made small, kept between requests.
    pub pictures: crate::graphics::shelf::Shelf,
}

impl Request {
    /// Whether carrying the request out reaches outside the reader's own
    /// work: the editor, the clipboard, the system's opener, quitting.
    pub fn reaches_outside(&self) -> bool {
        matches!(
            self,
            Request::Open(_)
                | Request::Edit { .. }
                | Request::Copy(_)
                | Request::Quit
                | Request::DeletePictures { .. }
        )
    }

    /// Carries the request out on this thread, and says what came of it:
    /// the one place requests are answered, for the reader's background
    /// tasks, the tests and the benchmarks alike. `threads` is how many the
    /// matching may spread over.
    pub fn answer(self, runner: &mut Runner, theme: &Theme, threads: usize) -> Option<Msg> {
        match self {
            Request::Filter { generation, query, posts, candidates, epoch, marks } => {
                let hits =
                    runner.titles.search(&query, &posts, epoch, candidates.as_deref(), threads);
                let read = if marks.posts.is_empty() {
                    0
                } else {
                    hits.iter().filter(|h| marks.read(&posts[h.post].path)).count()
                };
                let unread = hits.len() - read;
                // Let go of the posts before answering, so the reader can add to them.
                drop(posts);
                Some(Msg::Filtered { generation, hits: Arc::new(hits), unread })
            }
            Request::FullText { generation, root, dir, posts, epoch, query } => {
                let results = runner
                    .fulltext
                    .search(&root, dir.as_deref(), &posts, epoch, &query, crate::fulltext::LISTED)
                    .map_err(|e| e.to_string());
                drop(posts);
                let notice = runner.fulltext.notice.take();
                Some(Msg::FullTextFound { generation, results, notice })
            }
            Request::Open(target) => {
                crate::opener::open(&target).err().map(|error| Msg::Notice(error.to_string()))
            }
            Request::SaveState { file, root, changes, last } => {
                // A state that cannot be written is said once, on the status line.
                match crate::state::save(&file, &root, &changes, last.as_ref()) {
                    Ok(notice) => notice.map(Msg::Notice),
                    Err(error) => {
                        Some(Msg::Notice(format!("could not write the reading state: {error}")))
                    }
                }
            }
            Request::Find { generation, article, needles } => {
                let matches = article::find(&article, &needles);
                Some(Msg::FoundInArticle { generation, matches })
            }
            Request::Render { generation, post, file, width, frames } => {
                let article =
                    crate::article::render_file(&post, &file, width, frames, theme).map(Arc::new);
                Some(Msg::Rendered { generation, article, complete: true })
            }
            Request::SaveCache { file, root, posts, warnings, stamps } => {
                // A cache that cannot be written is only a slower next start.
                let _ = crate::post::cache::save_posts(&file, &root, &posts, &warnings, &stamps);
                None
            }
            Request::Picture { want, graphics, id } => {
                let result = runner.pictures.load(&want, &graphics, id).map(Arc::new);
                Some(Msg::Picture { want, result })
            }
            Request::Fetch(urls) => {
                crate::graphics::remote::fetch_all(&urls, &|_| {});
                Some(Msg::Fetched(urls))
            }
            // The terminal's to carry out, not a background task's.
            Request::Edit { .. }
            | Request::Copy(_)
            | Request::Quit
            | Request::DeletePictures { .. } => None,
        }
    }
}

/// The article pane: what is shown, and what was asked for.
#[derive(Clone, Debug, Default)]
pub struct ArticleView {
    /// The post shown (a position in the posts) and its rendering.
    pub shown: Option<(usize, Arc<Article>)>,
    /// The post asked for, when it differs from the one shown.
    pub wanted: Option<usize>,
    /// Why the wanted post could not be shown.
    pub error: Option<String>,
    /// Set when the post shown was deleted from disk while open.
    pub gone: bool,
    /// The title of the post shown.
    pub title: String,
    /// The first line shown.
    pub scroll: usize,
    /// The width the shown article was rendered at.
    pub width: usize,
    /// The width of the article asked for.
    pub pending_width: usize,
    /// The room for pictures the shown article was rendered with.
    pub frames: Option<crate::graphics::Frames>,
    /// The room for pictures of the article asked for.
    pub pending_frames: Option<crate::graphics::Frames>,
    /// The latest render request.
    pub generation: u64,
    /// Where the article coming lands, until it is all there.
    pub landing: Landing,
    /// The words the find in force looks for (one, unless a full-text
    /// result was opened: each of its words).
    pub needles: Vec<String>,
    /// The search inside the article.
    pub search: String,
    /// Its matches: line, first column, end column.
    pub matches: Vec<(usize, usize, usize)>,
    /// The current match.
    pub current: usize,
    /// The latest find request.
    pub find_generation: u64,
    /// Whether the article shown is all of it (a long post is shown in
    /// steps).
    pub complete: bool,
}

/// Where an article being rendered lands: asked once, kept until the
/// article is there (a long post comes in steps), given up when the reader
/// moves.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Landing {
    /// Where it is: the top of a new post, the same place in a post
    /// rendered again.
    #[default]
    Here,
    /// A place read before (an offset in the post's text).
    Place(usize),
    /// The heading of a followed link's `#fragment`.
    Anchor(String),
    /// The first match of these words (a full-text result opened), from
    /// the top.
    Find(Vec<String>),
    /// The end, asked for before all of it was there.
    End,
}

/// Posts of one tag or author, for the pickers.
#[derive(Clone, Debug, Default)]
pub struct Counts {
    /// Lowercased name → position in `names`.
    index: std::collections::HashMap<String, usize, foldhash::fast::RandomState>,
    /// First spelling and count.
    pub names: Vec<(String, usize)>,
    /// Reused for lowercasing, which runs for every tag of every post.
    scratch: String,
}

impl Counts {
    /// Lowercases `name` into the scratch buffer.
    fn fold(&mut self, name: &str) {
        self.scratch.clear();
        if name.is_ascii() {
            self.scratch.extend(name.bytes().map(|b| b.to_ascii_lowercase() as char));
        } else {
            self.scratch.extend(name.chars().flat_map(char::to_lowercase));
        }
    }

    fn remove(&mut self, name: &str) {
        self.fold(name);
        if let Some(&i) = self.index.get(self.scratch.as_str()) {
            self.names[i].1 = self.names[i].1.saturating_sub(1);
        }
    }

    /// The names still in use.
    pub fn in_use(&self) -> Vec<(String, usize)> {
        self.names.iter().filter(|(_, n)| *n > 0).cloned().collect()
    }

    fn add(&mut self, name: &str) {
        self.fold(name);
        match self.index.get(self.scratch.as_str()) {
            Some(&i) => self.names[i].1 += 1,
            None => {
                self.index.insert(self.scratch.clone(), self.names.len());
                self.names.push((name.to_string(), 1));
            }
        }
    }
}

/// The reader's whole state, in parts.
#[derive(Debug)]
pub struct App {
    /// The folder being read.
    pub root: PathBuf,
    /// Styles.
    pub theme: Theme,
    /// The posts read from the folder, and what is known about them.
    pub library: library::Library,
    /// The list pane: query, results, selection.
    pub list: list::ListView,
    /// The article pane.
    pub article: ArticleView,
    /// Which pane has the keys.
    pub focus: Focus,
    /// What is drawn on top.
    pub overlay: Overlay,
    /// The panes' sizes and the terminal's.
    pub layout: layout::Layout,
    /// The status line's messages.
    pub status: Status,
    /// Keys to commands.
    pub keymap: std::sync::Arc<keymap::Keymap>,
    /// A post to open once it is read (`folio post.md`, or the post open
    /// last), and whether to read it (its article focused).
    open_when_found: Option<(PathBuf, bool)>,
    /// The reading state.
    pub marks: Arc<crate::state::Marks>,
    /// Where the reading state is written; `None`: nowhere.
    state_file: Option<PathBuf>,
    /// Where links were followed from, and where going back came from.
    history: links::History,
    /// The full-text search.
    pub fulltext: fulltext::FullTextView,
    /// The article's pictures, as drawn.
    pub pictures: pictures::Pictures,
    /// Work and effects asked for, oldest first: the one queue the event
    /// loop drains.
    requests: Vec<Request>,
}

/// The status line's messages.
#[derive(Debug, Default)]
pub struct Status {
    /// A message kept until replaced.
    pub notice: Option<String>,
    /// A short answer to the last key (why it did nothing), cleared by the next.
    pub hint: Option<String>,
}

impl App {
    /// A reader for `root`, with no posts yet (they come as [`Msg::Found`]).
    pub fn new(root: PathBuf, theme: Theme, size: (u16, u16)) -> App {
        App {
            root,
            theme,
            library: library::Library::default(),
            list: list::ListView::default(),
            article: ArticleView::default(),
            focus: Focus::List,
            overlay: Overlay::None,
            layout: layout::Layout::new(size),
            status: Status::default(),
            keymap: Default::default(),
            open_when_found: None,
            marks: Default::default(),
            state_file: None,
            history: links::History::default(),
            fulltext: Default::default(),
            pictures: Default::default(),
            requests: Vec::new(),
        }
    }

    /// Applies the config's settings: keys, reading width, list width,
    /// sort.
    pub fn configure(&mut self, config: &crate::config::Config) {
        self.keymap = std::sync::Arc::new(config.keymap());
        self.layout.reading_width = config.reading_width;
        self.layout.list_percent = config.list_width;
        self.pictures.remote = config.remote_images;
        if let Some((sort, reverse)) = config.sort {
            self.list.query.sort = sort;
            self.list.query.reverse = reverse;
        }
    }

    /// Draws pictures with `graphics` (`None`: as their text); the article
    /// shown is rendered again with room for them.
    pub fn set_graphics(&mut self, graphics: Option<crate::graphics::Graphics>) {
        self.pictures.graphics = graphics;
        self.forget_pictures();
        self.request_article();
    }

    /// Opens the post at `path` (relative to the folder) as soon as it is
    /// read: selected, its article focused.
    pub fn open_when_found(&mut self, path: PathBuf) {
        self.open_when_found = Some((path, true));
    }

    /// A reader already holding `index`, every request carried out.
    pub fn with_index(index: crate::post::index::Index, theme: Theme, size: (u16, u16)) -> App {
        let mut app = App::new(index.root, theme, size);
        app.update(Msg::Found(index.posts, index.warnings));
        app.update(Msg::IndexDone(None));
        app.settle();
        app
    }

    /// Carries out the pending requests on this thread, and those they
    /// lead to. The reader hands them to background tasks instead; tests
    /// and benchmarks use this to get the same results in order.
    pub fn settle(&mut self) {
        let mut runner = Runner::default();
        // What would reach outside (the system's opener) is left for the
        // caller to look at, not carried out.
        let mut outside = Vec::new();
        loop {
            let requests = self.take_requests();
            if requests.is_empty() {
                self.requests = outside;
                return;
            }
            for request in requests {
                if request.reaches_outside() {
                    outside.push(request);
                    continue;
                }
                if let Some(msg) = request.answer(&mut runner, &self.theme, 1) {
                    self.update(msg);
                }
            }
        }
    }

    /// The requests made since the last call, oldest first.
    pub fn take_requests(&mut self) -> Vec<Request> {
        std::mem::take(&mut self.requests)
    }

    /// The post shown in the article pane.
    pub fn shown_post(&self) -> Option<&Post> {
        self.article.shown.as_ref().and_then(|(i, _)| self.library.posts.get(*i))
    }

    /// The text of the search line for the current query (a blank after
    /// the filters, ready for words).
    pub fn search_line(&self) -> String {
        let mut line = self.list.query.line();
        if !line.is_empty() && self.list.query.text.is_empty() {
            line.push(' ');
        }
        line
    }
}

#[cfg(test)]
mod tests;
