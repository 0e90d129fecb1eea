//! Keeping the reader true to the disk: the start from a cache, and the
//! watcher following posts added, changed, removed and renamed.

use std::fs;
use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant, SystemTime};

use folio::Index;
use folio::app::{App, Command, Msg};
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

fn channel() -> (folio::live::Sink, Receiver<Msg>) {
    let (tx, rx) = mpsc::channel();
    (
        Box::new(move |report: folio::live::Report| {
            let _ = tx.send(Msg::from(report));
        }),
        rx,
    )
}

fn titles(app: &App) -> Vec<String> {
    let mut titles: Vec<String> =
        app.list.hits.iter().map(|h| app.library.posts[h.post].title.clone()).collect();
    titles.sort();
    titles
}

/// Feeds the watcher's actions to the app until `done` holds.
fn follow(app: &mut App, actions: &Receiver<Msg>, what: &str, done: impl Fn(&App) -> bool) {
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
    let selected = app.list.selected.map(|i| app.library.posts[i].title.clone());

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
            && app.library.posts.iter().any(|p| p.path == Path::new("charlie.md"))
    });

    fs::remove_file(dir.path().join("charlie.md")).unwrap();
    follow(&mut app, &actions, "a removed post", |app| !has(app, "Charlie"));

    fs::create_dir(dir.path().join("later")).unwrap();
    write(&dir.path().join("later"), "d.md", "Delta");
    follow(&mut app, &actions, "a post in a new folder", |app| has(app, "Delta"));
    fs::remove_dir_all(dir.path().join("later")).unwrap();
    follow(&mut app, &actions, "a removed folder", |app| !has(app, "Delta"));

    assert_eq!(titles(&app), ["Alpha Two", "Bravo Saved"]);
    assert_eq!(app.library.posts.len(), 2, "no stale posts left behind");
    assert!(selected.is_some() && app.list.selected.is_some());
}

#[test]
fn the_selection_and_the_open_article_follow_changes() {
    let dir = tempfile::tempdir().unwrap();
    for (name, title) in [("a.md", "Alpha"), ("b.md", "Bravo"), ("c.md", "Charlie")] {
        write(dir.path(), name, title);
    }
    let mut app = App::with_index(Index::build(dir.path()).unwrap(), Theme::plain(), (120, 40));
    let open = |app: &App| app.library.posts[app.list.selected.unwrap()].title.clone();
    let title = open(&app);
    app.update(Msg::Command(Command::Read));
    let (send, actions) = channel();
    let _watcher = folio::live::watch(dir.path().to_path_buf(), send).unwrap();

    // Another post removed: the selection stays on its post.
    let other = ["a.md", "b.md", "c.md"]
        .into_iter()
        .find(|n| !title.starts_with(&n[..1].to_uppercase()))
        .unwrap();
    fs::remove_file(dir.path().join(other)).unwrap();
    follow(&mut app, &actions, "the removal", |app| app.library.posts.len() == 2);
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
    follow(&mut app, &actions, "the deletion", |app| app.library.posts.len() == 1);
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
    let start = |app: &mut App| -> Vec<Msg> {
        let (send, actions) = channel();
        folio::live::load(
            dir.path().to_path_buf(),
            Some(cache.clone()),
            send,
            folio::live::Then::Stop,
        );
        let mut seen = Vec::new();
        loop {
            let action = actions.recv_timeout(Duration::from_secs(10)).expect("the loader answers");
            let done = matches!(action, Msg::IndexDone(_));
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
    assert!(matches!(actions.last(), Some(Msg::IndexDone(Some(_)))), "the cache is written");
    assert!(cache.exists());
    assert_eq!(titles(&first), ["Alpha", "Bravo", "Charlie"]);

    // Unchanged: the list comes from the cache, nothing is read, nothing written.
    let mut second = App::new(dir.path().to_path_buf(), Theme::plain(), (120, 40));
    let actions = start(&mut second);
    assert!(matches!(actions.first(), Some(Msg::Found(posts, _)) if posts.len() == 3));
    assert!(!actions.iter().any(|a| matches!(a, Msg::Changed(_))));
    assert!(matches!(actions.last(), Some(Msg::IndexDone(None))));
    assert_eq!(titles(&second), titles(&first));

    // Changed while folio was closed: the cached list first, then the changes.
    write(dir.path(), "b.md", "Bravo Edited");
    fs::remove_file(dir.path().join("c.md")).unwrap();
    write(dir.path(), "d.md", "Delta");
    let mut third = App::new(dir.path().to_path_buf(), Theme::plain(), (120, 40));
    let actions = start(&mut third);
    assert!(matches!(actions.first(), Some(Msg::Found(posts, _)) if posts.len() == 3));
    assert!(actions.iter().any(|a| matches!(a, Msg::Changed(_))));
    assert_eq!(titles(&third), ["Alpha", "Bravo Edited", "Delta"]);
}

fn watched(dir: &Path) -> (App, Receiver<Msg>, folio::live::Watch) {
    let app = App::with_index(Index::build(dir).unwrap(), Theme::plain(), (120, 40));
    let (send, actions) = channel();
    let watch = folio::live::watch(dir.to_path_buf(), send).unwrap();
    (app, actions, watch)
}

fn selected_path(app: &App) -> Option<std::path::PathBuf> {
    app.list.selected.map(|i| app.library.posts[i].path.clone())
}

#[test]
fn renaming_the_open_post_keeps_the_selection_the_article_and_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let long: String = (0..80).map(|i| format!("Paragraph {i} of the post.\n\n")).collect();
    fs::write(dir.path().join("p1.md"), "---\ntitle: One\ndate: 2024-01-03\n---\nShort.\n")
        .unwrap();
    fs::write(dir.path().join("p2.md"), format!("---\ntitle: Two\ndate: 2024-01-02\n---\n{long}"))
        .unwrap();
    fs::write(dir.path().join("p3.md"), "---\ntitle: Three\ndate: 2024-01-01\n---\nShort.\n")
        .unwrap();
    let (mut app, actions, _watch) = watched(dir.path());
    app.update(Msg::Command(Command::Down));
    app.settle();
    app.update(Msg::Command(Command::Read));
    for _ in 0..12 {
        app.update(Msg::Command(Command::Down));
    }
    app.settle();
    assert_eq!(selected_path(&app).unwrap(), Path::new("p2.md"));
    let scroll = app.article.scroll;
    assert!(scroll > 0);

    fs::rename(dir.path().join("p2.md"), dir.path().join("p2-renamed.md")).unwrap();
    follow(&mut app, &actions, "the rename", |app| {
        app.library.posts.iter().any(|p| p.path == Path::new("p2-renamed.md"))
    });
    assert_eq!(selected_path(&app).unwrap(), Path::new("p2-renamed.md"), "the selection follows");
    assert!(!app.article.gone, "the article is not 'deleted'");
    let (shown, _) = app.article.shown.as_ref().unwrap();
    assert_eq!(app.library.posts[*shown].path, Path::new("p2-renamed.md"));
    assert_eq!(app.article.scroll, scroll, "and keeps its place");
    app.update(Msg::Command(Command::FocusList));
    app.update(Msg::Command(Command::Down));
    app.settle();
    assert_eq!(
        app.library.posts[app.list.selected.unwrap()].title,
        "Three",
        "j moves on from the renamed post"
    );
}

#[test]
fn a_folder_deleted_and_made_again_is_followed() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("blog");
    fs::create_dir(&dir).unwrap();
    write(&dir, "a.md", "Alpha");
    let (mut app, actions, _watch) = watched(&dir);
    fs::remove_dir_all(&dir).unwrap();
    follow(&mut app, &actions, "the folder gone", |app| app.library.posts.is_empty());
    fs::create_dir(&dir).unwrap();
    write(&dir, "b.md", "Bravo");
    follow(&mut app, &actions, "the posts back", |app| has(app, "Bravo"));
    write(&dir, "c.md", "Charlie");
    follow(&mut app, &actions, "and watched again", |app| has(app, "Charlie"));
    assert_eq!(titles(&app), ["Bravo", "Charlie"]);
}

#[test]
fn live_changes_follow_the_reading_rules() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", "Alpha");
    fs::write(dir.path().join(".ignore"), "drafts/\n").unwrap();
    write(outside.path(), "secret.md", "Outside Secret");
    let (mut app, actions, _watch) = watched(dir.path());

    fs::create_dir(dir.path().join("drafts")).unwrap();
    write(&dir.path().join("drafts"), "d.md", "Ignored Draft");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(dir.path().join("pipe.md"))
            .status()
            .unwrap()
            .success()
    );
    std::os::unix::fs::symlink(outside.path().join("secret.md"), dir.path().join("notes.md"))
        .unwrap();
    write(dir.path(), "canary.md", "Canary");
    follow(&mut app, &actions, "the canary", |app| has(app, "Canary"));
    std::thread::sleep(Duration::from_millis(400));
    while let Ok(action) = actions.try_recv() {
        app.update(action);
        app.settle();
    }
    assert_eq!(titles(&app), ["Alpha", "Canary"], "no ignored file, FIFO or outside link");
    let problems: Vec<String> = app
        .library
        .warnings
        .iter()
        .map(|w| format!("{}: {}", w.path.display(), w.message))
        .collect();
    assert!(problems.iter().any(|p| p.starts_with("pipe.md: not a regular file")), "{problems:?}");
    assert!(problems.iter().any(|p| p.starts_with("notes.md: symbolic link leads outside")));

    // An ignore file edited while folio runs applies at once.
    fs::write(dir.path().join(".ignore"), "canary.md\n").unwrap();
    follow(&mut app, &actions, "the new rules", |app| {
        has(app, "Ignored Draft") && !has(app, "Canary")
    });
}

#[test]
fn a_busy_folder_cannot_hold_updates_back() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", "Alpha");
    fs::create_dir(dir.path().join(".git")).unwrap();
    let (mut app, actions, _watch) = watched(dir.path());
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let busy = {
        let (stop, log) = (stop.clone(), dir.path().join(".git/log"));
        std::thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                fs::write(&log, "x").unwrap();
                std::thread::sleep(Duration::from_millis(40));
            }
        })
    };
    // Writes to ignored paths wake nothing.
    assert!(actions.recv_timeout(Duration::from_millis(500)).is_err(), "the log woke the reader");
    let started = Instant::now();
    write(dir.path(), "b.md", "Bravo");
    follow(&mut app, &actions, "a post while the log is written", |app| has(app, "Bravo"));
    let took = started.elapsed();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    busy.join().unwrap();
    assert!(took < Duration::from_secs(1), "held back {took:?}");
}

#[test]
fn changes_made_during_the_first_load_are_not_lost() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..3000 {
        write(dir.path(), &format!("post-{i:04}.md"), &format!("Post {i}"));
    }
    let (send, actions) = channel();
    let mut app = App::new(dir.path().to_path_buf(), Theme::plain(), (120, 40));
    folio::live::load(dir.path().to_path_buf(), None, send, folio::live::Then::Watch);
    // While the folder is being read: one post edited, one removed, one added
    // (at both ends of the walk's order).
    for i in [0, 2999] {
        write(dir.path(), &format!("post-{i:04}.md"), &format!("Edited {i}"));
    }
    fs::remove_file(dir.path().join("post-1500.md")).unwrap();
    write(dir.path(), "zzz-new.md", "Added Late");
    write(dir.path(), "aaa-new.md", "Added Early");
    follow(&mut app, &actions, "the folder as it is on disk", |app| {
        !app.library.indexing
            && has(app, "Edited 0")
            && has(app, "Edited 2999")
            && has(app, "Added Late")
            && has(app, "Added Early")
            && !has(app, "Post 1500")
            && !has(app, "Post 0")
            && app.library.posts.len() == 3001
    });
}

#[test]
fn a_folder_of_many_posts_gone_at_once_is_applied_at_once() {
    let posts: Vec<folio::Post> = (0..50_000)
        .map(|i| folio::Post::parse(Path::new(&format!("d/p{i}.md")), "# T\n", &mut Vec::new()))
        .collect();
    let index = Index { root: ".".into(), posts, ..Index::default() };
    let mut app = App::with_index(index, Theme::plain(), (120, 40));
    // The whole folder read again and found empty: every post is gone.
    app.update(Msg::Changed(folio::live::Change { complete: true, ..Default::default() }));
    app.settle();
    assert!(app.library.posts.is_empty());
}
