//! The reader in a real terminal: the event loop that feeds keys, mouse,
//! signals and background results to [`App::update`], and draws.

mod editor;
mod replies;
mod terminal;
pub mod workers;

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

use crossterm::event::{self as term, MouseButton, MouseEventKind};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};

use crate::app::layout::{ROW_HEIGHT, inner};
use crate::app::{App, Command, Msg, Request, keymap};
use crate::theme::Theme;

pub use terminal::{background_is_light, restore_after_fatal_signal};
pub use workers::Mailbox;

/// Everything the loop waits for.
#[derive(Debug)]
pub enum Event {
    /// A key, the mouse, a resize.
    Terminal(term::Event),
    /// A result from a background task.
    Msg(Msg),
    /// A signal.
    Signal(i32),
}

/// What the reader opens on.
#[derive(Debug)]
pub struct Setup {
    /// The folder.
    pub root: PathBuf,
    /// A post to open once it is read, relative to `root`.
    pub open: Option<PathBuf>,
    /// Styles.
    pub theme: Theme,
    /// The index cache file to start from and to update, if any.
    pub cache: Option<PathBuf>,
    /// The reading state file, if any.
    pub state: Option<PathBuf>,
    /// The config's settings.
    pub config: crate::config::Config,
    /// Whether links are made clickable (OSC 8).
    pub hyperlinks: bool,
    /// How pictures are drawn; `None`: as their text.
    pub graphics: Option<crate::graphics::Graphics>,
}

/// Opens the reader until the user quits.
pub fn run(setup: Setup) -> io::Result<()> {
    let Setup { root, open, theme, cache, state, config, hyperlinks, graphics } = setup;
    // What a folio killed while writing left behind.
    for file in cache.iter().chain(state.iter()) {
        crate::files::remove_stale_temporaries(file);
    }
    // The reading state is read on a thread of its own: the first frame
    // waits a moment for it, not for a huge one.
    let (loaded, state_inbox) = mpsc::channel();
    if let Some(file) = state {
        std::thread::spawn(move || {
            let (marks, warning) = crate::state::load(&file);
            let _ = loaded.send(Msg::StateLoaded { file, marks, warning });
        });
    }
    terminal::install_panic_hook();
    let mut screen = terminal::enter(true)?;
    let _guard = terminal::Guard;
    let size = screen.size()?;
    let mut app = App::new(root.clone(), theme.clone(), (size.width, size.height));
    app.configure(&config);
    app.set_graphics(graphics);
    app.library.site_prefix =
        config.site_prefix.clone().unwrap_or_else(|| crate::post::site::prefix_of(&root));
    // The text index beside the list cache; without a cache, in memory.
    app.fulltext.dir = cache.as_ref().and_then(|_| crate::fulltext::location(&root));
    if let Some(post) = open {
        app.open_when_found(post);
    }
    let late_state = match state_inbox.recv_timeout(Duration::from_millis(150)) {
        Ok(msg) => {
            app.update(msg);
            None
        }
        Err(mpsc::RecvTimeoutError::Timeout) => Some(state_inbox),
        Err(mpsc::RecvTimeoutError::Disconnected) => None,
    };
    // The first frame, before any work starts.
    screen.draw(|frame| crate::ui::draw(&app, frame))?;

    let (events, inbox) = mpsc::channel();
    if let Some(state_inbox) = late_state {
        let events = events.clone();
        std::thread::spawn(move || {
            if let Ok(msg) = state_inbox.recv() {
                let _ = events.send(Event::Msg(msg));
            }
        });
    }
    let gate = editor::gate();
    start_input(events.clone(), Arc::clone(&gate));
    start_signals(events.clone(), Arc::clone(&gate))?;
    let tasks = workers::Tasks::start(events.clone(), theme);
    let send = |events: Sender<Event>| -> crate::live::Sink {
        Box::new(move |report: crate::live::Report| {
            let _ = events.send(Event::Msg(report.into()));
        })
    };
    crate::live::load(root, cache, send(events), crate::live::Then::Watch);

    let result = event_loop(&mut screen, &mut app, &inbox, &tasks, &gate, hyperlinks);
    // A save waits at most this long for a lock, and a few may be queued.
    let unsaved = tasks.close(crate::state::LOCK_WAIT * 2);
    terminal::leave();
    if let Some(unsaved) = unsaved {
        let _ = writeln!(io::stderr(), "folio: {}", crate::sanitize::line(&unsaved));
    }
    result
}

fn event_loop(
    screen: &mut terminal::Screen,
    app: &mut App,
    inbox: &Receiver<Event>,
    tasks: &workers::Tasks,
    gate: &editor::Gate,
    hyperlinks: bool,
) -> io::Result<()> {
    let mut mouse = app.layout.mouse;
    // Work asked for during a batch of events, handed to the tasks once
    // the batch is over (a later request of a kind replaces an earlier).
    let mut work = Vec::new();
    loop {
        let Ok(first) = inbox.recv() else {
            return Ok(());
        };
        let mut next = Some(first);
        // Take what else is waiting, but draw at least every 30 ms.
        let started = Instant::now();
        while let Some(event) = next {
            handle(screen, app, event)?;
            if drain(screen, app, gate, &mut work)? == Drained::Quit {
                // What is to be written still is, before the exit.
                for request in work {
                    if matches!(request, Request::SaveState { .. }) {
                        tasks.put(request);
                    }
                }
                return Ok(());
            }
            next = if started.elapsed() < Duration::from_millis(30) {
                inbox.try_recv().ok()
            } else {
                None
            };
        }
        // Resize events can come late or be merged: the size the terminal
        // reports now is the one to draw at.
        let size = screen.size()?;
        if (size.width, size.height) != app.layout.size {
            app.update(Msg::Resize(size.width, size.height));
            drain(screen, app, gate, &mut work)?;
        }
        for request in work.drain(..) {
            tasks.put(request);
        }
        if app.layout.mouse != mouse {
            terminal::set_mouse(app.layout.mouse)?;
            mouse = app.layout.mouse;
        }
        let frame = screen.draw(|frame| crate::ui::draw(app, frame))?;
        if hyperlinks {
            let links = crate::ui::hyperlinks(app, (frame.area.width, frame.area.height));
            terminal::write_hyperlinks(frame.buffer, &links)?;
        }
    }
}

/// What draining the reader's requests came to.
#[derive(PartialEq, Eq)]
enum Drained {
    Going,
    Quit,
}

/// The one place the reader's queue of requests is drained: effects (the
/// editor, the clipboard, quitting) are carried out here and now, in the
/// order asked; work for the background tasks is added to `work`.
fn drain(
    screen: &mut terminal::Screen,
    app: &mut App,
    gate: &editor::Gate,
    work: &mut Vec<Request>,
) -> io::Result<Drained> {
    let mut requests = app.take_requests();
    while !requests.is_empty() {
        for request in requests {
            match request {
                Request::Quit => return Ok(Drained::Quit),
                Request::Edit { file, offset } => edit(screen, app, gate, &file, offset)?,
                Request::Copy(text) => {
                    if let Some(doubt) = terminal::copy_to_clipboard(&text)? {
                        app.update(Msg::Notice(doubt));
                    }
                }
                Request::DeletePictures { ids, tmux } => {
                    let mut out = io::stdout().lock();
                    for id in ids {
                        out.write_all(crate::graphics::encode::kitty_delete(id, tmux).as_bytes())?;
                    }
                    out.flush()?;
                }
                request => work.push(request),
            }
        }
        // What the effects led to (a post changed in the editor).
        requests = app.take_requests();
    }
    Ok(Drained::Going)
}

fn handle(screen: &mut terminal::Screen, app: &mut App, event: Event) -> io::Result<()> {
    match event {
        Event::Msg(msg) => app.update(msg),
        Event::Signal(SIGTSTP) => return suspend(screen, app),
        Event::Signal(_) => {
            app.update(Msg::Command(Command::Quit));
        }
        Event::Terminal(term::Event::Key(key)) => match keymap::msg_for(app, key) {
            Some(Msg::Command(Command::Suspend)) => return suspend(screen, app),
            Some(msg) => app.update(msg),
            None => {}
        },
        Event::Terminal(term::Event::Resize(width, height)) => {
            app.update(Msg::Resize(width, height));
        }
        Event::Terminal(term::Event::Mouse(mouse)) => {
            if let Some(msg) = mouse_msg(app, mouse) {
                app.update(msg);
            }
        }
        Event::Terminal(term::Event::Paste(text)) => {
            // Pasted text goes into the search line or a picker's filter as
            // one edit, never to the keys of the panes.
            if keymap::takes_text(app) {
                app.update(Msg::Text(text));
            }
        }
        Event::Terminal(_) => {}
    }
    Ok(())
}

/// The wheel scrolls the pane under the pointer; a click selects a post or
/// focuses the article.
fn mouse_msg(app: &App, mouse: term::MouseEvent) -> Option<Msg> {
    let panes = app.panes();
    let at = ratatui::layout::Position::new(mouse.column, mouse.row);
    let over_article = panes.article.is_some_and(|p| p.contains(at));
    let over_list = panes.list.is_some_and(|p| p.contains(at));
    match mouse.kind {
        MouseEventKind::ScrollDown if over_article || over_list => {
            Some(Msg::Scroll { article: over_article, lines: if over_article { 3 } else { 1 } })
        }
        MouseEventKind::ScrollUp if over_article || over_list => {
            Some(Msg::Scroll { article: over_article, lines: if over_article { -3 } else { -1 } })
        }
        MouseEventKind::Down(MouseButton::Left) if over_list => {
            let list = inner(panes.list?);
            (mouse.row >= list.y && list.contains(at))
                .then(|| Msg::SelectRow(usize::from((mouse.row - list.y) / ROW_HEIGHT)))
        }
        MouseEventKind::Down(MouseButton::Left) if over_article => {
            Some(Msg::Command(Command::Read))
        }
        _ => None,
    }
}

/// Opens `file` in the editor at the line of byte `offset`: the terminal
/// given up and the key thread paused meanwhile, everything taken back
/// after, and the post read again.
fn edit(
    screen: &mut terminal::Screen,
    app: &mut App,
    gate: &editor::Gate,
    file: &std::path::Path,
    offset: usize,
) -> io::Result<()> {
    let line = editor::line_of(file, offset);
    gate.pause();
    terminal::leave();
    let outcome = editor::run(file, line);
    terminal::take_over(app.layout.mouse)?;
    gate.resume();
    let size = terminal::redraw_all(screen)?;
    // The screen was left: its pictures are sent again.
    app.update(Msg::ScreenCleared);
    app.update(Msg::Resize(size.width, size.height));
    app.update(Msg::Edited);
    if let Err(error) = outcome {
        app.update(Msg::Notice(format!("the editor: {error}")));
    }
    Ok(())
}

/// Gives the terminal back, stops until `fg`, then takes it again.
fn suspend(screen: &mut terminal::Screen, app: &mut App) -> io::Result<()> {
    terminal::leave();
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGSTOP);
    // Running again.
    terminal::take_over(app.layout.mouse)?;
    let size = terminal::redraw_all(screen)?;
    app.update(Msg::ScreenCleared);
    app.update(Msg::Resize(size.width, size.height));
    Ok(())
}

fn start_input(events: Sender<Event>, gate: Arc<editor::Gate>) {
    std::thread::spawn(move || {
        let mut replies = replies::Replies::default();
        loop {
            if !gate.may_read() {
                continue;
            }
            // Waits in short steps, so that a pause is seen soon.
            match term::poll(Duration::from_millis(50)) {
                Ok(false) => continue,
                Ok(true) => {}
                Err(_) => return,
            }
            let Ok(event) = term::read() else {
                return;
            };
            // A terminal's late answer to a question is never a key.
            if !replies.is_users(&event, Instant::now()) {
                continue;
            }
            if events.send(Event::Terminal(event)).is_err() {
                return;
            }
        }
    });
}

fn start_signals(events: Sender<Event>, gate: Arc<editor::Gate>) -> io::Result<()> {
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP])?;
    std::thread::spawn(move || {
        for signal in signals.forever() {
            // The keyboard's signals while the editor runs were the editor's
            // (its Ctrl-z stops folio through the wait, not through a
            // suspend queued for later).
            if gate.lent() && matches!(signal, SIGINT | SIGQUIT | SIGTSTP) {
                continue;
            }
            if events.send(Event::Signal(signal)).is_err() {
                return;
            }
        }
    });
    Ok(())
}
