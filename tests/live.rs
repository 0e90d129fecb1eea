//! Keeping the reader true to the disk: the start from a cache, and the
//! watcher following posts added, changed, removed and renamed.

use std::fs;
use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant, SystemTime};

use folio::Index;
use folio::app::{Action, App};
use folio::theme::Theme;

fn write(dir: &Path, name: &str, title: &str) {
    fs::write(
        dir.join(name),
        format!(
            "---\ntitle: {title}\ndate: 2024-01-0{}\n---\nBody of {title}.\n",
            name.len() % 9 + 1
        ),
    )
    .unwrap();
}

fn age(dir: &Path, name: &str) {
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    fs::File::options().write(true).open(dir.join(name)).unwrap().set_modified(hour_ago).unwrap();
}

fn channel() -> (folio::live::Send, Receiver<Action>) {
    let (tx, rx) = mpsc::channel();
    (
        Box::new(move |action| {
            let _ = tx.send(action);
        }),
        rx,
    )
}

fn titles(app: &App) -> Vec<String> {
    let mut titles: Vec<String> =
        app.hits.iter().map(|h| app.posts[h.post].title.clone()).collect();
    titles.sort();
    titles
}

/// Feeds the watcher's actions to the app until `done` holds.
fn follow(app: &mut App, actions: &Receiver<Action>, what: &str, done: impl Fn(&App) -> bool) {
    let started = Instant::now();
    while !done(app) {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{what}: not seen within 5 s; titles {:?}",
            titles(app)
        );
        if let Ok(action) = actions.recv_timeout(Duration::from_millis(50)) {
            app.update(action);
            app.settle();
        }
    }
}

fn has(app: &App, title: &str) -> bool {
    titles(app).iter().any(|t| t == title)
}

#[test]
fn the_watcher_follows_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", "Alpha");
    write(dir.path(), "b.md", "Bravo");
    let mut app = App::with_index(Index::build(dir.path()).unwrap(), Theme::plain(), (120, 40));
    let (send, actions) = channel();
    let _watcher = folio::live::watch(dir.path().to_path_buf(), send).unwrap();
    let selected = app.selected.map(|i| app.posts[i].title.clone());

    // Reading files (as folio itself does all the time) is not a change.
    for name in ["a.md", "b.md"] {
        let _ = fs::read(dir.path().join(name)).unwrap();
    }
    assert!(
        actions.recv_timeout(Duration::from_millis(600)).is_err(),
        "reads must not look like changes"
    );

    write(dir.path(), "c.md", "Charlie");
    follow(&mut app, &actions, "a new post", |app| has(app, "Charlie"));

    write(dir.path(), "a.md", "Alpha Two");
    follow(&mut app, &actions, "a changed post", |app| has(app, "Alpha Two") && !has(app, "Alpha"));

    // An editor's save: a temporary file renamed over the post.
    fs::write(dir.path().join(".b.md.swp"), "---\ntitle: Bravo Saved\n---\nx\n").unwrap();
    fs::rename(dir.path().join(".b.md.swp"), dir.path().join("b.md")).unwrap();
    follow(&mut app, &actions, "a post saved by rename", |app| {
        has(app, "Bravo Saved") && !has(app, "Bravo")
    });

    fs::rename(dir.path().join("c.md"), dir.path().join("charlie.md")).unwrap();
    follow(&mut app, &actions, "a renamed post", |app| {
        titles(app) == ["Alpha Two", "Bravo Saved", "Charlie"]
            && app.posts.iter().any(|p| p.path == Path::new("charlie.md"))
    });

    fs::remove_file(dir.path().join("charlie.md")).unwrap();
    follow(&mut app, &actions, "a removed post", |app| !has(app, "Charlie"));

    fs::create_dir(dir.path().join("later")).unwrap();
    write(&dir.path().join("later"), "d.md", "Delta");
    follow(&mut app, &actions, "a post in a new folder", |app| has(app, "Delta"));
    fs::remove_dir_all(dir.path().join("later")).unwrap();
    follow(&mut app, &actions, "a removed folder", |app| !has(app, "Delta"));

    assert_eq!(titles(&app), ["Alpha Two", "Bravo Saved"]);
    assert_eq!(app.posts.len(), 2, "no stale posts left behind");
    assert!(selected.is_some() && app.selected.is_some());
}

#[test]
fn the_selection_and_the_open_article_follow_changes() {
    let dir = tempfile::tempdir().unwrap();
    for (name, title) in [("a.md", "Alpha"), ("b.md", "Bravo"), ("c.md", "Charlie")] {
        write(dir.path(), name, title);
    }
    let mut app = App::with_index(Index::build(dir.path()).unwrap(), Theme::plain(), (120, 40));
    let open = |app: &App| app.posts[app.selected.unwrap()].title.clone();
    let title = open(&app);
    app.update(Action::FocusArticle);
    let (send, actions) = channel();
    let _watcher = folio::live::watch(dir.path().to_path_buf(), send).unwrap();

    // Another post removed: the selection stays on its post.
    let other = ["a.md", "b.md", "c.md"]
        .into_iter()
        .find(|n| !title.starts_with(&n[..1].to_uppercase()))
        .unwrap();
    fs::remove_file(dir.path().join(other)).unwrap();
    follow(&mut app, &actions, "the removal", |app| app.posts.len() == 2);
    assert_eq!(open(&app), title);

    // The open post edited: re-rendered, same post, still open.
    let file = ["a.md", "b.md", "c.md"]
        .into_iter()
        .find(|n| title.starts_with(&n[..1].to_uppercase()))
        .unwrap();
    fs::write(dir.path().join(file), format!("---\ntitle: {title}\n---\nA brand new body.\n"))
        .unwrap();
    follow(&mut app, &actions, "the re-rendered article", |app| {
        app.article
            .shown
            .as_ref()
            .is_some_and(|(_, a)| a.lines.iter().any(|l| l.to_string().contains("brand new body")))
    });
    assert_eq!(open(&app), title);

    // The open post deleted: the article says so instead of failing.
    fs::remove_file(dir.path().join(file)).unwrap();
    follow(&mut app, &actions, "the deletion", |app| app.posts.len() == 1);
    assert!(app.article.gone);
    assert!(app.article.shown.is_some(), "the text stays on screen");
}

#[test]
fn a_start_from_the_cache_then_checked_against_the_disk() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let cache = home.path().join("folio/live.index");
    for (name, title) in [("a.md", "Alpha"), ("b.md", "Bravo"), ("c.md", "Charlie")] {
        write(dir.path(), name, title);
        age(dir.path(), name);
    }
    let start = |app: &mut App| -> Vec<Action> {
        let (send, actions) = channel();
        folio::live::load(dir.path().to_path_buf(), Some(cache.clone()), send, || {});
        let mut seen = Vec::new();
        loop {
            let action = actions.recv_timeout(Duration::from_secs(10)).expect("the loader answers");
            let done = matches!(action, Action::IndexDone(_));
            seen.push(action.clone());
            app.update(action);
            app.settle();
            if done {
                return seen;
            }
        }
    };
    let mut first = App::new(dir.path().to_path_buf(), Theme::plain(), (120, 40));
    let actions = start(&mut first);
    assert!(matches!(actions.last(), Some(Action::IndexDone(Some(_)))), "the cache is written");
    assert!(cache.exists());
    assert_eq!(titles(&first), ["Alpha", "Bravo", "Charlie"]);

    // Unchanged: the list comes from the cache, nothing is read, nothing written.
    let mut second = App::new(dir.path().to_path_buf(), Theme::plain(), (120, 40));
    let actions = start(&mut second);
    assert!(matches!(actions.first(), Some(Action::Found(posts, _)) if posts.len() == 3));
    assert!(!actions.iter().any(|a| matches!(a, Action::Changed(_))));
    assert!(matches!(actions.last(), Some(Action::IndexDone(None))));
    assert_eq!(titles(&second), titles(&first));

    // Changed while folio was closed: the cached list first, then the changes.
    write(dir.path(), "b.md", "Bravo Edited");
    fs::remove_file(dir.path().join("c.md")).unwrap();
    write(dir.path(), "d.md", "Delta");
    let mut third = App::new(dir.path().to_path_buf(), Theme::plain(), (120, 40));
    let actions = start(&mut third);
    assert!(matches!(actions.first(), Some(Action::Found(posts, _)) if posts.len() == 3));
    assert!(actions.iter().any(|a| matches!(a, Action::Changed(_))));
    assert_eq!(titles(&third), ["Alpha", "Bravo Edited", "Delta"]);
}
