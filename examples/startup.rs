//! Measures the reader's start on a folder without a terminal, with the
//! reader's own background tasks: `cargo run --release --example startup -- DIR [--no-cache]`.
//!
//! Prints when the first posts are listed, when every post is listed (the
//! folder read or checked, and the list matching it), and the peak memory.

use std::sync::mpsc;
use std::time::Instant;

use folio::app::App;
use folio::theme::Theme;
use folio::tui::{Event, workers};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(root) = args.first().map(std::path::PathBuf::from) else {
        eprintln!("usage: startup DIR [--no-cache]");
        std::process::exit(2);
    };
    let cache = if args.iter().any(|a| a == "--no-cache") {
        None
    } else {
        folio::post::cache::location(&root)
    };
    let started = Instant::now();
    let (events, inbox) = mpsc::channel();
    let tasks = workers::Tasks::start(events.clone(), Theme::default());
    let send = events.clone();
    folio::live::load(
        root.clone(),
        cache,
        Box::new(move |report: folio::live::Report| drop(send.send(Event::Msg(report.into())))),
        folio::live::Then::Stop,
    );
    let mut app = App::new(root, Theme::default(), (120, 40));
    let mut first_list = None;
    while let Ok(event) = inbox.recv() {
        if let Event::Msg(msg) = event {
            app.update(msg);
        }
        for request in app.take_requests() {
            tasks.put(request);
        }
        if first_list.is_none() && !app.list.hits.is_empty() {
            first_list = Some((started.elapsed(), app.list.hits.len()));
        }
        if !app.library.indexing
            && !app.list.filtering()
            && app.list.hits.len() == app.library.total()
        {
            break;
        }
    }
    let all = started.elapsed();
    let (first, count) = first_list.unwrap_or_default();
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("?").to_string())
        })
        .unwrap_or_default();
    println!(
        "first list: {first:?} ({count} posts); all {} posts listed: {all:?}; peak memory {peak} kB",
        app.library.total()
    );
    // The cache is written in the background; closing waits for it.
    let _ = tasks.close(std::time::Duration::from_secs(60));
}
