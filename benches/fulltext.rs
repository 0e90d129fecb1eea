//! Full-text search on 100,000 generated posts: a query in the index
//! against `rg -l -i -w` over the same files, and a keystroke in the
//! reader's `F` line to its results drawn. The index is built the first
//! time (under target/bench-fts), which `folio search` reports as it goes.

mod corpus;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use folio::app::{App, Command, Msg, Runner};
use folio::fulltext::{FullText, Search};
use folio::theme::Theme;
use folio::{Index, ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const POSTS: usize = 100_000;

fn corpus() -> PathBuf {
    corpus::cached(Path::new(env!("CARGO_MANIFEST_DIR")), POSTS).expect("write corpus")
}

fn index_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-fts")
}

fn queries(c: &mut Criterion) {
    let root = corpus();
    let posts = Index::build(&root).unwrap().posts;
    let fulltext = FullText::open(&index_dir().join("index"), &root).unwrap();
    let started = Instant::now();
    let updated = fulltext.update(&posts, None, &|_, _| {}).unwrap();
    eprintln!("index brought up to date in {:?}: {updated:?}", started.elapsed());
    let mut group = c.benchmark_group("fulltext");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    for word in ["lantern", "kernel"] {
        let search = Search::parse(word);
        group.bench_function(format!("query/{word}"), |b| {
            b.iter(|| fulltext.search(&search, 20).unwrap())
        });
        group.bench_function(format!("rg/{word}"), |b| {
            b.iter(|| {
                let out = std::process::Command::new("rg")
                    .args(["-l", "-i", "-w", word])
                    .arg(&root)
                    .output()
                    .expect("rg installed");
                assert!(!out.stdout.is_empty());
            })
        });
    }
    let search = Search::parse("\"memory notice\" kernel -lantern");
    group.bench_function("query/phrase_and_words", |b| {
        b.iter(|| fulltext.search(&search, 20).unwrap())
    });
    group.finish();
}

/// A keystroke in the `F` line to its results drawn, the index built.
fn reader_keystroke(c: &mut Criterion) {
    let root = corpus();
    let mut app = App::with_index(Index::build(&root).unwrap(), Theme::default(), (120, 40));
    app.fulltext.dir = Some(index_dir().join("index"));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut runner = Runner::default();
    let mut answer = |app: &mut App| {
        for request in app.take_requests() {
            if matches!(request, folio::app::Request::Render { .. }) {
                continue;
            }
            if let Some(msg) = request.answer(&mut runner, &Theme::default(), 2) {
                app.update(msg);
            }
        }
    };
    app.update(Msg::Command(Command::FullText));
    // The first search builds the index (once per benchmark machine).
    app.update(Msg::Text("l".into()));
    answer(&mut app);
    let mut group = c.benchmark_group("fulltext");
    group.sample_size(20);
    group.bench_function("reader_keystroke", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                for key in "antern".chars() {
                    let started = Instant::now();
                    app.update(Msg::Text(key.to_string()));
                    answer(&mut app);
                    terminal.draw(|f| ui::draw(&app, f)).unwrap();
                    total += started.elapsed();
                }
                for _ in 0..6 {
                    app.update(Msg::Command(Command::DeleteChar));
                }
                answer(&mut app);
            }
            total / 6
        })
    });
    group.finish();
    for key in "antern".chars() {
        app.update(Msg::Text(key.to_string()));
    }
    answer(&mut app);
    assert!(!app.fulltext.results.is_empty(), "the keystrokes timed found posts");
}

criterion_group!(benches, queries, reader_keystroke);
criterion_main!(benches);
