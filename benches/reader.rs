//! The reader's latency on 100,000 generated posts: a keystroke in the
//! search line to the filtered list drawn, and a selection change to the
//! new article drawn (also on every sample post).

mod corpus;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use folio::app::{App, Command, Msg, Request, Runner};
use folio::theme::Theme;
use folio::{Index, ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn corpus(count: usize) -> PathBuf {
    corpus::cached(Path::new(env!("CARGO_MANIFEST_DIR")), count).expect("write corpus")
}

/// What the background tasks do, done here: filters on all cores, renders
/// only when `render` (a keystroke's frame does not wait for the article).
fn answer(app: &mut App, runner: &mut Runner, render: bool) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    for request in app.take_requests() {
        let wanted = match &request {
            Request::Render { .. } => render,
            Request::SaveCache { .. } => false,
            _ => true,
        };
        if wanted && let Some(action) = request.answer(runner, &app.theme.clone(), threads) {
            app.update(action);
        }
    }
}

fn frame(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal.draw(|f| ui::draw(app, f)).unwrap();
}

/// Times `iters` keystrokes of `key` (each to its drawn frame), erasing the
/// key after each one, untimed.
fn type_and_erase(
    app: &mut App,
    runner: &mut Runner,
    terminal: &mut Terminal<TestBackend>,
    key: char,
    iters: u64,
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let started = Instant::now();
        app.update(Msg::Text(key.to_string()));
        answer(app, runner, false);
        frame(terminal, app);
        total += started.elapsed();
        app.update(Msg::Command(Command::DeleteChar));
        answer(app, runner, false);
    }
    total
}

fn keystrokes(c: &mut Criterion) {
    let index = Index::build(&corpus(100_000)).unwrap();
    let mut app = App::with_index(index, Theme::default(), (120, 40));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut runner = Runner::default();
    let mut group = c.benchmark_group("reader_100k");
    group.sample_size(20);
    // The first key of a search: every title is matched.
    app.update(Msg::Command(Command::Search));
    group.bench_function("keystroke_first_key", |b| {
        b.iter_custom(|iters| type_and_erase(&mut app, &mut runner, &mut terminal, 's', iters))
    });
    // A key that grows the search: only the last results are matched.
    for c in "syst".chars() {
        app.update(Msg::Text(c.to_string()));
        answer(&mut app, &mut runner, false);
    }
    group.bench_function("keystroke_narrowing", |b| {
        b.iter_custom(|iters| type_and_erase(&mut app, &mut runner, &mut terminal, 'e', iters))
    });
    // Typing a whole search, key by key: the median and the slowest key.
    for _ in "syst".chars() {
        app.update(Msg::Command(Command::DeleteChar));
    }
    answer(&mut app, &mut runner, false);
    let mut latencies = Vec::new();
    for _ in 0..5 {
        for c in "system cache".chars() {
            let started = Instant::now();
            app.update(Msg::Text(c.to_string()));
            answer(&mut app, &mut runner, false);
            frame(&mut terminal, &app);
            latencies.push(started.elapsed());
        }
        for _ in "system cache".chars() {
            app.update(Msg::Command(Command::DeleteChar));
        }
        answer(&mut app, &mut runner, false);
    }
    latencies.sort();
    eprintln!(
        "typing \"system cache\" on 100,000 posts, keystroke to frame: median {:?}, 90th percentile {:?}, slowest {:?}",
        latencies[latencies.len() / 2],
        latencies[latencies.len() * 9 / 10],
        latencies[latencies.len() - 1]
    );
    app.update(Msg::Command(Command::Cancel));
    answer(&mut app, &mut runner, true);
    group.bench_function("selection_change_to_article", |b| {
        b.iter(|| {
            app.update(Msg::Command(Command::Down));
            answer(&mut app, &mut runner, true);
            frame(&mut terminal, &app);
        })
    });
    group.finish();
}

fn sample_selection(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-posts");
    let mut app = App::with_index(Index::build(&root).unwrap(), Theme::default(), (120, 40));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut runner = Runner::default();
    let count = app.list.hits.len();
    c.bench_function("reader_sample/selection_change_to_article", |b| {
        let mut row = 0;
        b.iter(|| {
            row = (row + 1) % count;
            app.update(if row == 0 {
                Msg::Command(Command::Top)
            } else {
                Msg::Command(Command::Down)
            });
            answer(&mut app, &mut runner, true);
            frame(&mut terminal, &app);
        })
    });
}

criterion_group!(benches, keystrokes, sample_selection);
criterion_main!(benches);
