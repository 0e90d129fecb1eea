//! Pictures in the reader: a post with 20 large photographs (3,000 x 2,000
//! JPEGs, 6 million pixels each) against the same post with each picture's
//! place taken by a line of text.
//!
//! - `first_screen`: a selection change to the article drawn, the pictures
//!   asked for but not waited for (they are read in the background). It
//!   should be the same with and without pictures: only each picture's
//!   header is read before the text shows.
//! - `all_drawn`: every picture read, made small and encoded for half
//!   blocks, kitty and sixel, as the reader's picture thread does.

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use folio::app::{App, Command, Msg, Request, Runner};
use folio::graphics::shelf::{Shelf, Want};
use folio::graphics::{Frames, Graphics, Kind};
use folio::theme::Theme;
use folio::{Index, ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const PICTURES: usize = 20;

/// A folder of two posts: `with.md` (20 pictures) and `without.md` (the
/// same words, a line of text where each picture is).
fn blog(dir: &Path) {
    let photo = image::RgbImage::from_fn(3000, 2000, |x, y| {
        let noise = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)) % 64;
        image::Rgb([(x / 12) as u8 ^ noise as u8, (y / 8) as u8, ((x + y) / 20) as u8])
    });
    photo.save(dir.join("photo-0.jpg")).unwrap();
    for n in 1..PICTURES {
        std::fs::copy(dir.join("photo-0.jpg"), dir.join(format!("photo-{n}.jpg"))).unwrap();
    }
    let paragraph = "A paragraph of the kind that sits between pictures in a travel post, \
                     long enough to wrap over a few lines of the article pane. ";
    let mut with = String::from("---\ntitle: Twenty photographs\ndate: 2024-02-01\n---\n\n");
    let mut without = String::from("---\ntitle: No photographs\ndate: 2024-01-01\n---\n\n");
    for n in 0..PICTURES {
        let words = paragraph.repeat(3);
        with.push_str(&format!("{words}\n\n![Photograph {n}](photo-{n}.jpg)\n\n"));
        without.push_str(&format!("{words}\n\nPhotograph {n}, in words.\n\n"));
    }
    std::fs::write(dir.join("with.md"), with).unwrap();
    std::fs::write(dir.join("without.md"), without).unwrap();
}

/// The render requests answered here; the pictures' left to the
/// background (dropped).
fn answer_text(app: &mut App, runner: &mut Runner) {
    for request in app.take_requests() {
        if matches!(request, Request::Render { .. } | Request::Filter { .. })
            && let Some(msg) = request.answer(runner, &app.theme.clone(), 1)
        {
            app.update(msg);
        }
    }
}

fn first_screen(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    blog(dir.path());
    let index = Index::build(dir.path()).unwrap();
    let mut app = App::with_index(index, Theme::default(), (120, 40));
    app.set_graphics(Some(Graphics::halfblocks()));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut runner = Runner::default();
    let mut group = c.benchmark_group("pictures_20");
    group.sample_size(20);
    // The list is newest first: `with.md` at the top, `without.md` below.
    for (name, there, away) in [
        ("first_screen_with", Command::Top, Command::Down),
        ("first_screen_without", Command::Down, Command::Top),
    ] {
        group.bench_function(name, |b| {
            b.iter_custom(|iterations| {
                let mut total = Duration::ZERO;
                for _ in 0..iterations {
                    app.update(Msg::Command(away));
                    answer_text(&mut app, &mut runner);
                    let started = Instant::now();
                    app.update(Msg::Command(there));
                    answer_text(&mut app, &mut runner);
                    terminal.draw(|f| ui::draw(&app, f)).unwrap();
                    total += started.elapsed();
                }
                total
            })
        });
    }
    group.finish();
}

fn all_drawn(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    blog(dir.path());
    let frames = Frames::for_pane(&Graphics::halfblocks(), 38);
    let mut group = c.benchmark_group("pictures_20");
    group.sample_size(10);
    for kind in [Kind::Halfblocks, Kind::Kitty, Kind::Sixel] {
        let graphics = Graphics { kind, ..Graphics::halfblocks() };
        group.bench_function(format!("all_drawn_{}", kind.name()), |b| {
            b.iter(|| {
                // A new shelf: every picture read again.
                let mut shelf = Shelf::default();
                for n in 0..PICTURES {
                    let cells = frames.cells((3000, 2000), 100);
                    let want = Want::whole(dir.path().join(format!("photo-{n}.jpg")), cells);
                    shelf.load(&want, &graphics, n as u32 + 1).unwrap();
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, first_screen, all_drawn);
criterion_main!(benches);
