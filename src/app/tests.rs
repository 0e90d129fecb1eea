//! State tests: actions in, state out.

use std::path::Path;

use super::*;
use crate::post::index::Index;

/// How many posts sample-posts holds.
const SAMPLES: usize = 37;

fn sample() -> App {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-posts");
    App::with_index(Index::build(&root).unwrap(), Theme::plain(), (120, 40))
}

fn act(app: &mut App, actions: &[Msg]) {
    for action in actions {
        app.update(action.clone());
        app.settle();
    }
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        act(app, &[Msg::Text(c.to_string())]);
    }
}

fn selected_title(app: &App) -> String {
    app.library.posts[app.list.selected.unwrap()].title.clone()
}

fn titles(app: &App) -> Vec<String> {
    app.list.hits.iter().map(|h| app.library.posts[h.post].title.clone()).collect()
}

#[test]
fn opens_on_the_newest_post_with_its_article() {
    let app = sample();
    assert_eq!(app.list.hits.len(), SAMPLES);
    assert_eq!(selected_title(&app), "Garden Planning for 2025");
    let (shown, article) = app.article.shown.as_ref().unwrap();
    assert_eq!(app.library.posts[*shown].title, "Garden Planning for 2025");
    assert!(article.lines[0].to_string().contains("Garden Planning"));
    assert!(!app.library.indexing && !app.list.filtering());
}

#[test]
fn moving_in_the_list() {
    let mut app = sample();
    act(&mut app, &[Msg::Command(Command::Down), Msg::Command(Command::Down)]);
    assert_eq!(selected_title(&app), "Database Indexes: A Deep Dive");
    assert_eq!(
        app.shown_post().unwrap().title,
        "Database Indexes: A Deep Dive",
        "the article follows"
    );
    act(&mut app, &[Msg::Command(Command::Bottom)]);
    assert_eq!(selected_title(&app), "Building a Small TUI in Rust");
    assert!(app.list.offset > 0, "the selection is kept in view");
    let rows = layout::list_rows(&app);
    assert!(app.list.selected_row().unwrap() < app.list.offset + rows);
    act(&mut app, &[Msg::Command(Command::Top), Msg::Command(Command::Up)]);
    assert_eq!(selected_title(&app), "Garden Planning for 2025");
    assert_eq!(app.list.offset, 0);
    act(&mut app, &[Msg::Command(Command::PageDown)]);
    assert_eq!(app.list.selected_row(), Some(rows));
}

#[test]
fn search_narrows_live_and_enter_keeps_it() {
    let mut app = sample();
    act(&mut app, &[Msg::Command(Command::Search)]);
    assert!(matches!(app.overlay, Overlay::Search(_)));
    typed(&mut app, "kyo");
    assert_eq!(titles(&app)[0], "Kyoto in Autumn 紅葉");
    assert_eq!(selected_title(&app), "Kyoto in Autumn 紅葉");
    act(&mut app, &[Msg::Command(Command::Confirm)]);
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(app.list.query.text, "kyo");
    act(&mut app, &[Msg::Command(Command::Cancel)]);
    assert!(app.list.query.is_empty(), "Esc in the list clears the filters");
    assert_eq!(app.list.hits.len(), SAMPLES);
}

#[test]
fn esc_cancels_a_search() {
    let mut app = sample();
    act(&mut app, &[Msg::Command(Command::Search)]);
    typed(&mut app, "zzzz");
    assert!(app.list.hits.is_empty());
    act(&mut app, &[Msg::Command(Command::Cancel)]);
    assert_eq!(app.list.hits.len(), SAMPLES);
    assert!(app.list.query.text.is_empty());
}

#[test]
fn growing_searches_narrow_from_the_last_results() {
    let mut app = sample();
    act(&mut app, &[Msg::Command(Command::Search)]);
    typed(&mut app, "r");
    app.update(Msg::Text('u'.to_string()));
    let requests = app.take_requests();
    let Some(Request::Filter { candidates: Some(candidates), .. }) = requests.last() else {
        panic!("a narrowed request: {requests:?}")
    };
    assert!(candidates.len() < SAMPLES);
}

#[test]
fn tags_and_authors_in_the_search_line() {
    let mut app = sample();
    act(&mut app, &[Msg::Command(Command::Search)]);
    typed(&mut app, "#rust @priya");
    assert_eq!(app.list.query.tags, ["rust"]);
    assert_eq!(app.list.query.authors, ["priya"]);
    assert_eq!(
        titles(&app),
        ["Error Handling in Rust Without Tears", "Building a Small TUI in Rust"]
    );
    typed(&mut app, " tui");
    assert_eq!(titles(&app), ["Building a Small TUI in Rust"]);
}

#[test]
fn tag_picker_filters_by_every_chosen_tag() {
    let mut app = sample();
    act(&mut app, &[Msg::Command(Command::TagPicker)]);
    let Overlay::Tags(picker) = &app.overlay else { panic!("tag picker") };
    assert!(picker.items.iter().any(|(t, n)| t == "Programming" && *n == 6), "{:?}", picker.items);
    typed(&mut app, "cook");
    act(&mut app, &[Msg::Command(Command::Toggle), Msg::Command(Command::Confirm)]);
    assert_eq!(app.list.query.tags, ["Cooking"]);
    assert_eq!(app.list.hits.len(), 3);
    act(&mut app, &[Msg::Command(Command::TagPicker)]);
    typed(&mut app, "bread");
    act(&mut app, &[Msg::Command(Command::Toggle), Msg::Command(Command::Confirm)]);
    assert_eq!(app.list.query.tags, ["Cooking", "Bread"]);
    assert_eq!(titles(&app), ["A Sourdough Starter Diary", "Bread baking basics"]);
    act(&mut app, &[Msg::Command(Command::ClearFilters)]);
    assert_eq!(app.list.hits.len(), SAMPLES);
}

#[test]
fn a_cancelled_picker_changes_nothing() {
    let mut app = sample();
    act(
        &mut app,
        &[
            Msg::Command(Command::AuthorPicker),
            Msg::Command(Command::Toggle),
            Msg::Command(Command::Cancel),
        ],
    );
    assert!(app.list.query.authors.is_empty());
    assert_eq!(app.list.hits.len(), SAMPLES);
}

#[test]
fn author_picker() {
    let mut app = sample();
    act(&mut app, &[Msg::Command(Command::AuthorPicker)]);
    typed(&mut app, "kenji");
    act(&mut app, &[Msg::Command(Command::Toggle), Msg::Command(Command::Confirm)]);
    assert_eq!(app.list.query.authors, ["Kenji Watanabe"]);
    assert_eq!(app.list.hits.len(), 3);
}

#[test]
fn sort_cycles() {
    let mut app = sample();
    act(&mut app, &[Msg::Command(Command::Sort)]);
    assert_eq!(titles(&app)[0], "Building a Small TUI in Rust", "oldest first");
    act(&mut app, &[Msg::Command(Command::Sort)]);
    assert_eq!(titles(&app)[0], "A Field Guide to Links", "by title");
    act(&mut app, &[Msg::Command(Command::Sort)]);
    assert_eq!(titles(&app)[0], "Garden Planning for 2025", "newest first again");
}

#[test]
fn the_selection_stays_on_its_post_when_filters_change() {
    let mut app = sample();
    act(&mut app, &[Msg::Command(Command::Down), Msg::Command(Command::Down)]);
    let before = app.list.selected;
    act(&mut app, &[Msg::Command(Command::TagPicker)]);
    typed(&mut app, "sql");
    act(&mut app, &[Msg::Command(Command::Toggle), Msg::Command(Command::Confirm)]);
    assert_eq!(app.list.selected, before, "Database Indexes has the SQL tag");
}

#[test]
fn reading_the_article() {
    let mut app = sample();
    act(&mut app, &[Msg::Command(Command::Read)]);
    assert_eq!(app.focus, Focus::Article);
    act(&mut app, &[Msg::Command(Command::Down), Msg::Command(Command::Down)]);
    assert_eq!(app.article.scroll, 0, "a short article does not scroll");
    act(&mut app, &[Msg::Command(Command::NextPost)]);
    assert_eq!(selected_title(&app), "On Writing Every Day");
    assert_eq!(app.focus, Focus::Article);
    act(&mut app, &[Msg::Command(Command::PreviousPost), Msg::Command(Command::ToggleFocus)]);
    assert_eq!(app.focus, Focus::List);
}

fn open(app: &mut App, title: &str) {
    let row = titles(app).iter().position(|t| t == title).unwrap();
    act(app, &[Msg::Command(Command::Top)]);
    for _ in 0..row {
        act(app, &[Msg::Command(Command::Down)]);
    }
    assert_eq!(selected_title(app), title);
}

#[test]
fn scrolling_a_long_article() {
    let mut app = sample();
    open(&mut app, "Error Handling in Rust Without Tears");
    act(&mut app, &[Msg::Command(Command::Read), Msg::Command(Command::PageDown)]);
    assert!(app.article.scroll > 0);
    act(&mut app, &[Msg::Command(Command::Bottom)]);
    let (_, article) = app.article.shown.as_ref().unwrap();
    assert_eq!(app.article.scroll + layout::article_lines(&app), article.lines.len());
    act(&mut app, &[Msg::Command(Command::Top)]);
    assert_eq!(app.article.scroll, 0);
}

#[test]
fn searching_inside_the_article() {
    let mut app = sample();
    open(&mut app, "Error Handling in Rust Without Tears");
    act(&mut app, &[Msg::Command(Command::Read), Msg::Command(Command::Search)]);
    assert!(matches!(app.overlay, Overlay::ArticleSearch(_)));
    typed(&mut app, "error");
    let found = app.article.matches.len();
    assert!(found >= 5, "{found}");
    act(
        &mut app,
        &[
            Msg::Command(Command::Confirm),
            Msg::Command(Command::NextMatch),
            Msg::Command(Command::NextMatch),
        ],
    );
    assert_eq!(app.article.current, 2);
    act(&mut app, &[Msg::Command(Command::PreviousMatch)]);
    assert_eq!(app.article.current, 1);
    let (line, from, to) = app.article.matches[1];
    let (_, article) = app.article.shown.as_ref().unwrap();
    let text = article.lines[line].to_string();
    let found: String = text.chars().skip(from).take(to - from).collect();
    assert_eq!(found.to_lowercase(), "error");
    act(&mut app, &[Msg::Command(Command::Cancel)]);
    assert!(app.article.matches.is_empty(), "Esc clears the article search");
}

#[test]
fn outline_jumps_to_a_heading() {
    let mut app = sample();
    open(&mut app, "Error Handling in Rust Without Tears");
    act(&mut app, &[Msg::Command(Command::Outline)]);
    assert!(matches!(&app.overlay, Overlay::Outline(o) if o.cursor == 0));
    act(
        &mut app,
        &[Msg::Command(Command::Down), Msg::Command(Command::Down), Msg::Command(Command::Confirm)],
    );
    let (_, article) = app.article.shown.as_ref().unwrap();
    let heading = &article.headings[2];
    assert_eq!(heading.text, "Panics are for bugs");
    let max = article.lines.len() - layout::article_lines(&app);
    assert_eq!(app.article.scroll, heading.line.min(max));
    assert_eq!(app.focus, Focus::Article);
}

#[test]
fn narrow_screens_show_one_pane() {
    let mut app = sample();
    act(&mut app, &[Msg::Resize(60, 20)]);
    let panes = app.panes();
    assert!(panes.list.is_some() && panes.article.is_none());
    act(&mut app, &[Msg::Command(Command::Read)]);
    let panes = app.panes();
    assert!(panes.list.is_none() && panes.article.is_some());
    assert_eq!(app.article.width, 56, "rendered for the full width");
    act(&mut app, &[Msg::Command(Command::Cancel)]);
    assert_eq!(app.focus, Focus::List);
}

#[test]
fn zoom_and_resize_rerender_at_the_new_width() {
    let mut app = sample();
    let before = app.article.width;
    act(&mut app, &[Msg::Command(Command::ToggleZoom)]);
    assert!(app.article.width > before);
    act(&mut app, &[Msg::Command(Command::ToggleZoom), Msg::Command(Command::WidenList)]);
    assert!(app.article.width < before);
    assert_eq!(app.layout.list_percent, 45);
}

#[test]
fn overlays_open_and_close() {
    let mut app = sample();
    act(&mut app, &[Msg::Command(Command::Help)]);
    assert_eq!(app.overlay, Overlay::Help(0));
    act(
        &mut app,
        &[
            Msg::Command(Command::Down),
            Msg::Command(Command::Cancel),
            Msg::Command(Command::Problems),
        ],
    );
    assert!(matches!(app.overlay, Overlay::Warnings(0)));
    act(&mut app, &[Msg::Command(Command::Cancel)]);
    assert_eq!(app.overlay, Overlay::None);
}

/// An overlay is taken out of the state while it handles a key: a key it
/// does nothing with, or text it does not take, leaves it open as it was.
#[test]
fn every_overlay_stays_open_through_keys_it_ignores() {
    let mut app = sample();
    open_by_path(&mut app, "a-field-guide-to-links.md");
    let openers = [
        (Focus::List, Command::Search),
        (Focus::Article, Command::Search),
        (Focus::List, Command::TagPicker),
        (Focus::List, Command::AuthorPicker),
        (Focus::Article, Command::Outline),
        (Focus::Article, Command::Links),
        (Focus::List, Command::FullText),
        (Focus::List, Command::Help),
        (Focus::List, Command::Problems),
    ];
    for (focus, opener) in openers {
        app.focus = focus;
        command(&mut app, opener);
        assert_ne!(app.overlay, Overlay::None, "{opener:?} opens an overlay");
        let before = app.overlay.clone();
        command(&mut app, Command::ToggleMouse);
        command(&mut app, Command::Sort);
        act(&mut app, &[Msg::Text(String::new())]);
        assert_eq!(app.overlay, before, "{opener:?}'s overlay is kept");
        command(&mut app, Command::Cancel);
        assert_eq!(app.overlay, Overlay::None, "{opener:?}'s overlay closes");
    }
}

#[test]
fn clicks_and_the_wheel() {
    let mut app = sample();
    act(&mut app, &[Msg::SelectRow(3)]);
    assert_eq!(selected_title(&app), "Making Terminal Apps Accessible");
    act(&mut app, &[Msg::Scroll { article: false, lines: 1 }]);
    assert_eq!(app.list.selected_row(), Some(4));
}

#[test]
fn posts_arriving_while_reading_keep_the_selection() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-posts");
    let index = Index::build(&root).unwrap();
    let mut app = App::new(root, Theme::plain(), (120, 40));
    let (first, rest) = index.posts.split_at(10);
    act(&mut app, &[Msg::Found(first.to_vec(), Vec::new())]);
    let chosen = app.list.selected;
    assert!(chosen.is_some());
    act(&mut app, &[Msg::Found(rest.to_vec(), Vec::new()), Msg::IndexDone(None)]);
    assert_eq!(app.list.hits.len(), SAMPLES);
    assert_eq!(app.list.selected, chosen);
}

#[test]
fn a_post_that_vanished_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), "# A\n\ntext").unwrap();
    let index = Index::build(dir.path()).unwrap();
    std::fs::remove_file(dir.path().join("a.md")).unwrap();
    let app = App::with_index(index, Theme::plain(), (100, 30));
    assert!(app.article.shown.is_none());
    assert!(app.article.error.as_deref().unwrap().contains("cannot open"));
}

#[test]
fn the_search_line_shows_the_query() {
    let mut app = sample();
    app.list.query = Query {
        text: "foo".into(),
        tags: vec!["rust".into()],
        authors: vec!["ada".into()],
        tag_prefix: true,
        ..Query::default()
    };
    assert_eq!(app.search_line(), "#rust @ada foo");
    // A whole tag, as the tag picker chooses it.
    app.list.query.tag_prefix = false;
    assert_eq!(app.search_line(), "#rust$ @ada foo");
    assert_eq!(Query::parse_line("#rust @ada foo bar #", &Query::default()).0.text, "foo bar");
}

/// A reader on a temporary folder holding `files` (name, text).
fn folder(files: &[(&str, &str)]) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let app = App::with_index(Index::build(dir.path()).unwrap(), Theme::plain(), (120, 40));
    (dir, app)
}

#[test]
fn the_outline_opens_on_the_heading_being_read_and_narrows_as_you_type() {
    let body: String = (0..40)
        .map(|i| format!("## Section {i}\n\n{}\n\n", "Some words here.\n\n".repeat(10)))
        .collect();
    let (_dir, mut app) = folder(&[("long.md", &format!("# Long\n\n{body}"))]);
    let (_, article) = app.article.shown.clone().unwrap();
    let tenth = article.headings[10].line;
    act(&mut app, &[Msg::Scroll { article: true, lines: tenth as i32 + 2 }]);
    act(&mut app, &[Msg::Command(Command::Outline)]);
    let Overlay::Outline(outline) = &app.overlay else { panic!("outline") };
    assert_eq!(outline.visible(&article.headings)[outline.cursor], 10, "the heading being read");
    typed(&mut app, "SECTION 3");
    let Overlay::Outline(outline) = &app.overlay else { panic!("outline") };
    assert_eq!(outline.visible(&article.headings), [3, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
    act(&mut app, &[Msg::Command(Command::Down), Msg::Command(Command::Confirm)]);
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(app.article.scroll, article.headings[30].line);
    assert_eq!(app.focus, Focus::Article);
}

#[test]
fn an_outline_without_headings_says_so() {
    let (_dir, mut app) = folder(&[("plain.md", "---\ntitle: Plain\n---\nJust a paragraph.\n")]);
    act(&mut app, &[Msg::Command(Command::Outline)]);
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(app.status.hint.as_deref(), Some("This post has no headings."));
    act(&mut app, &[Msg::Command(Command::Down)]);
    assert_eq!(app.status.hint, None, "the next key clears the hint");
}

#[test]
fn problems_are_ordered_by_path_and_enter_opens_the_post() {
    let (_dir, mut app) = folder(&[
        ("b-broken.md", "---\ntitle: [oops\n---\n# B Broken\n"),
        ("a-binary.md", "\0\0"),
        ("c-good.md", "# C Good\n"),
        ("z/odd.md", "---\ntags: [[nested]]\n---\n# Odd\n"),
    ]);
    let paths: Vec<String> =
        app.library.warnings.iter().map(|w| w.path.to_string_lossy().into_owned()).collect();
    assert_eq!(paths, ["a-binary.md", "b-broken.md", "z/odd.md"]);
    act(
        &mut app,
        &[
            Msg::Command(Command::Problems),
            Msg::Command(Command::Down),
            Msg::Command(Command::Confirm),
        ],
    );
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(selected_title(&app), "B Broken");
    assert_eq!(app.focus, Focus::Article);
    // A skipped file has no post to open: Enter leaves the list as it was.
    act(
        &mut app,
        &[
            Msg::Command(Command::Problems),
            Msg::Command(Command::Top),
            Msg::Command(Command::Confirm),
        ],
    );
    assert_eq!(selected_title(&app), "B Broken");
}

#[test]
fn a_paste_is_one_edit() {
    let mut app = sample();
    open(&mut app, "Error Handling in Rust Without Tears");
    act(&mut app, &[Msg::Command(Command::Read), Msg::Command(Command::Search)]);
    app.update(Msg::Text("error\nhandling ".repeat(20)));
    let finds = app.take_requests().iter().filter(|r| matches!(r, Request::Find { .. })).count();
    assert_eq!(finds, 1, "one find for the whole paste");
    act(
        &mut app,
        &[
            Msg::Command(Command::Cancel),
            Msg::Command(Command::FocusList),
            Msg::Command(Command::Search),
        ],
    );
    app.update(Msg::Text("kyoto".into()));
    let requests = app.take_requests();
    assert_eq!(requests.iter().filter(|r| matches!(r, Request::Filter { .. })).count(), 1);
    let mut runner = Runner::default();
    for request in requests {
        if let Some(action) = request.answer(&mut runner, &Theme::plain(), 1) {
            app.update(action);
        }
    }
    app.settle();
    assert_eq!(titles(&app), ["Kyoto in Autumn 紅葉"]);
}

#[test]
fn the_article_find_answers_in_the_background_and_only_the_latest_counts() {
    let mut app = sample();
    open(&mut app, "Error Handling in Rust Without Tears");
    act(&mut app, &[Msg::Command(Command::Read), Msg::Command(Command::Search)]);
    app.update(Msg::Text('e'.to_string()));
    let stale = app.take_requests();
    app.update(Msg::Text('r'.to_string()));
    app.settle();
    let found = app.article.matches.len();
    assert!(found > 0);
    // The answer to the first keystroke comes late: it is not taken.
    let mut runner = Runner::default();
    for request in stale {
        let action = request.answer(&mut runner, &app.theme.clone(), 1).unwrap();
        app.update(action);
    }
    assert_eq!(app.article.matches.len(), found, "a late answer for 'e' is dropped");
}

#[test]
fn a_picker_of_a_hundred_thousand_tags_narrows_by_a_paste() {
    let posts: Vec<crate::post::Post> = (0..100_000)
        .map(|i| crate::post::Post {
            path: format!("p{i}.md").into(),
            title: format!("Post {i}"),
            date: None,
            tags: vec![format!("tag-{i:05}")],
            authors: vec![],
            excerpt: String::new(),
            words: 0,
            draft: false,
            extra: Vec::new(),
        })
        .collect();
    let index = Index { root: ".".into(), posts, ..Index::default() };
    let mut app = App::with_index(index, Theme::plain(), (120, 40));
    act(&mut app, &[Msg::Command(Command::TagPicker)]);
    app.update(Msg::Text("TAG-0999".into()));
    let Overlay::Tags(picker) = &app.overlay else { panic!("tag picker") };
    assert_eq!(picker.visible().len(), 10, "tag-09990 to tag-09999");
    app.update(Msg::Text('7'.to_string()));
    let Overlay::Tags(picker) = &app.overlay else { panic!("tag picker") };
    assert_eq!(picker.visible().len(), 1);
    assert_eq!(picker.items[picker.visible()[0]].0, "tag-09997");
}

#[test]
fn a_long_post_shows_its_top_first_and_keeps_the_place_as_the_rest_arrives() {
    let body: String = (0..8000).map(|i| format!("Paragraph {i} of a long post.\n\n")).collect();
    let (dir, mut app) = folder(&[("short.md", "# Short\n\nText.\n")]);
    std::fs::write(
        dir.path().join("long.md"),
        format!("---\ntitle: Long\ndate: 2030-01-01\n---\n{body}"),
    )
    .unwrap();
    let post =
        crate::post::Post::parse(std::path::Path::new("long.md"), "# Long\n", &mut Vec::new());
    app.update(Msg::Changed(crate::live::Change {
        read: vec!["long.md".into()],
        posts: vec![crate::post::Post { title: "Long".into(), ..post }],
        ..Default::default()
    }));
    app.settle();
    app.update(Msg::Command(Command::Top));
    app.update(Msg::Command(Command::Read));
    let requests = app.take_requests();
    let Some(Request::Render { generation, post, file, width, frames }) =
        requests.into_iter().find(|r| matches!(r, Request::Render { .. }))
    else {
        panic!("a render request")
    };
    let mut early = Vec::new();
    let full = crate::article::render_file_in_steps(
        &post,
        &file,
        width,
        frames,
        &app.theme.clone(),
        &mut |a| early.push(a),
        &|| false,
    )
    .unwrap();
    assert!(!early.is_empty(), "a long post comes in steps");
    let top = early.remove(0);
    assert!(top.lines.len() < full.lines.len());
    assert_eq!(
        top.lines[..top.lines.len() - 1],
        full.lines[..top.lines.len() - 1],
        "the top is the top"
    );
    app.update(Msg::Rendered { generation, article: Ok(Arc::new(top)), complete: false });
    assert!(app.article.shown.is_some() && !app.article.complete);
    act(&mut app, &[Msg::Command(Command::PageDown), Msg::Command(Command::Bottom)]);
    let partial_end = app.article.scroll;
    for article in early {
        app.update(Msg::Rendered { generation, article: Ok(Arc::new(article)), complete: false });
    }
    app.update(Msg::Rendered { generation, article: Ok(Arc::new(full)), complete: true });
    assert!(app.article.complete && app.article.wanted.is_none());
    let (_, shown) = app.article.shown.as_ref().unwrap();
    let end = shown.lines.len() - layout::article_lines(&app);
    assert!(end > partial_end);
    assert_eq!(app.article.scroll, end, "G asked for the end: the end it has now");
}

#[test]
fn the_search_line_excludes_tags_and_bounds_dates() {
    let mut app = sample();
    act(&mut app, &[Msg::Command(Command::Search)]);
    typed(&mut app, "#rust -#programming since:2018-01-01 until:2023-12-31");
    assert_eq!(app.list.query.not_tags, ["programming"]);
    assert!(app.list.query.since.is_some() && app.list.query.until.is_some());
    for hit in app.list.hits.iter() {
        let post = &app.library.posts[hit.post];
        assert!(post.tags.iter().any(|t| t.eq_ignore_ascii_case("rust")));
        assert!(!post.tags.iter().any(|t| t.eq_ignore_ascii_case("programming")));
        let year = post.date.unwrap().date.year();
        assert!((2018..=2023).contains(&year));
    }
    act(&mut app, &[Msg::Command(Command::Confirm), Msg::Command(Command::Search)]);
    let Overlay::Search(input) = &app.overlay else { panic!("search") };
    assert!(input.text.contains("-#programming") && input.text.contains("since:2018-01-01"));
}

#[test]
fn s_while_searching_sorts_the_results_and_says_how() {
    let mut app = sample();
    act(&mut app, &[Msg::Command(Command::Search)]);
    typed(&mut app, "rust");
    act(&mut app, &[Msg::Command(Command::Confirm)]);
    let by_score = titles(&app);
    act(&mut app, &[Msg::Command(Command::Sort)]);
    assert_eq!(app.list.query.sort, crate::query::Sort::Date);
    assert_eq!(app.status.hint.as_deref(), Some("Sorted newest first."));
    let dates: Vec<_> = app.list.hits.iter().map(|h| app.library.posts[h.post].date).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first: {dates:?}");
    let mut same = titles(&app);
    same.sort();
    let mut scored = by_score.clone();
    scored.sort();
    assert_eq!(same, scored, "the same results, in another order");
    act(
        &mut app,
        &[Msg::Command(Command::Sort), Msg::Command(Command::Sort), Msg::Command(Command::Sort)],
    );
    assert_eq!(app.list.query.sort, crate::query::Sort::Score, "back to by score");
    assert_eq!(titles(&app), by_score);
}

#[test]
fn the_search_line_reopens_selected_ctrl_u_clears_and_empty_results_clear_the_article() {
    let mut app = sample();
    act(&mut app, &[Msg::Command(Command::Search)]);
    typed(&mut app, "jekyll 4.0");
    act(&mut app, &[Msg::Command(Command::Confirm), Msg::Command(Command::Search)]);
    typed(&mut app, "sass");
    assert_eq!(app.list.query.text, "sass", "typing replaces the kept search");
    act(&mut app, &[Msg::Command(Command::ClearLine)]);
    assert!(app.list.query.is_empty());
    typed(&mut app, "zzzzzz");
    assert!(app.list.hits.is_empty());
    assert!(app.article.shown.is_none(), "no article for no result");
}

#[test]
fn enter_in_a_picker_with_nothing_toggled_takes_the_highlighted_entry() {
    let mut app = sample();
    act(&mut app, &[Msg::Command(Command::TagPicker)]);
    let Overlay::Tags(picker) = &app.overlay else { panic!("tag picker") };
    let first = picker.items[picker.visible()[0]].0.clone();
    act(&mut app, &[Msg::Command(Command::Confirm)]);
    assert_eq!(app.list.query.tags, [first]);
}

#[test]
fn picker_counts_follow_the_other_filters() {
    let mut app = sample();
    act(&mut app, &[Msg::Command(Command::Search)]);
    typed(&mut app, "#rust");
    act(&mut app, &[Msg::Command(Command::Confirm), Msg::Command(Command::AuthorPicker)]);
    let Overlay::Authors(picker) = &app.overlay else { panic!("author picker") };
    let count = |name: &str| picker.items.iter().find(|(n, _)| n == name).map(|(_, c)| *c);
    let with_rust: usize = app.list.hits.len();
    let total: usize = picker.items.iter().map(|(_, c)| c).sum();
    assert!(total >= with_rust && total > 0);
    assert_eq!(count("Priya Raman"), Some(2), "Priya's posts tagged rust");
    assert_eq!(count("Sofia Rossi"), Some(0), "listed, with none");
    assert_eq!(
        picker.items[0].1,
        picker.items.iter().map(|(_, c)| *c).max().unwrap(),
        "most first"
    );
}

/// The text of the article's top line.
fn top_line(app: &App) -> String {
    let (_, article) = app.article.shown.as_ref().unwrap();
    article.lines[app.article.scroll].to_string()
}

#[test]
fn a_resize_keeps_the_place_read() {
    let mut app = sample();
    let long = app.library.posts.iter().position(|p| p.path.ends_with("rust-error-handling.md"));
    app.select(long);
    act(&mut app, &[Msg::Command(Command::Read)]);
    // Down to a paragraph's first line, well into the post.
    for _ in 0..12 {
        act(&mut app, &[Msg::Command(Command::Down)]);
    }
    let (_, article) = app.article.shown.clone().unwrap();
    while article.sources[app.article.scroll] == article.sources[app.article.scroll - 1]
        || top_line(&app).trim().is_empty()
    {
        act(&mut app, &[Msg::Command(Command::Down)]);
    }
    let before = top_line(&app);
    let line = app.article.scroll;
    act(&mut app, &[Msg::Resize(70, 40)]);
    assert_ne!(app.article.width, 0);
    let after = top_line(&app);
    let words = |s: &str| s.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
    assert_eq!(words(&after), words(&before), "line {line} then {}", app.article.scroll);
    act(&mut app, &[Msg::Resize(200, 40)]);
    assert_eq!(words(&top_line(&app)), words(&before));
}

/// A reader on sample-posts keeping its state in `file`.
fn sample_with_state(file: &Path, size: (u16, u16)) -> App {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-posts");
    let mut app = App::new(root.clone(), Theme::plain(), size);
    let (marks, warning) = crate::state::load(file);
    assert!(warning.is_none());
    app.use_state(file.to_path_buf(), marks);
    let index = Index::build(&root).unwrap();
    act(&mut app, &[Msg::Found(index.posts, index.warnings), Msg::IndexDone(None)]);
    app
}

/// Scrolls down to a line that starts a place of its own (a block, a line
/// of code): a place stored is the start of one.
fn down_to_a_place(app: &mut App) {
    let (_, article) = app.article.shown.clone().unwrap();
    while article.sources[app.article.scroll] == article.sources[app.article.scroll - 1]
        || top_line(app).trim().is_empty()
    {
        act(app, &[Msg::Command(Command::Down)]);
    }
}

fn command(app: &mut App, command: Command) {
    act(app, &[Msg::Command(command)]);
}

#[test]
fn read_and_starred_posts_and_the_place_come_back_on_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.json");
    let mut app = sample_with_state(&file, (120, 40));
    assert_eq!(app.list.unread, SAMPLES, "nothing read yet");
    // Passing over a post does not read it.
    command(&mut app, Command::Down);
    assert_eq!(app.list.unread, SAMPLES);
    let starred = app.list.selected.unwrap();
    command(&mut app, Command::ToggleStar);
    // Reading one: Enter, then down into it.
    let long = app.library.posts.iter().position(|p| p.path.ends_with("rust-error-handling.md"));
    app.select(long);
    command(&mut app, Command::Read);
    assert_eq!(app.list.unread, SAMPLES - 1);
    for _ in 0..15 {
        command(&mut app, Command::Down);
    }
    down_to_a_place(&mut app);
    let top = top_line(&app);
    command(&mut app, Command::Quit);
    assert!(app.take_requests().iter().any(|r| matches!(r, Request::Quit)));

    // The next start, on a narrower terminal.
    let mut again = sample_with_state(&file, (90, 30));
    let path = |app: &App, post: usize| app.library.posts[post].path.clone();
    assert_eq!(again.list.selected.map(|p| path(&again, p)), long.map(|p| path(&app, p)));
    assert_eq!(again.focus, Focus::Article, "reading it, as when quitting");
    let words = |s: &str| s.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
    assert_eq!(words(&top_line(&again)), words(&top), "at the same place");
    assert!(again.marks.starred(&path(&app, starred)));
    assert_eq!(again.list.unread, SAMPLES - 1);
    // u marks it unread again, is:unread lists only the unread.
    command(&mut again, Command::ToggleRead);
    assert_eq!(again.list.unread, SAMPLES);
    command(&mut again, Command::ToggleRead);
    command(&mut again, Command::FocusList);
    command(&mut again, Command::Search);
    typed(&mut again, "is:unread");
    assert_eq!(again.list.hits.len(), SAMPLES - 1);
    command(&mut again, Command::ClearLine);
    typed(&mut again, "is:starred");
    assert_eq!(again.list.hits.len(), 1);
    assert_eq!(path(&again, again.list.hits[0].post), path(&app, starred));
}

#[test]
fn coming_back_to_a_post_in_the_same_run_returns_to_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = sample_with_state(&dir.path().join("state.json"), (120, 40));
    let long = app.library.posts.iter().position(|p| p.path.ends_with("rust-error-handling.md"));
    app.select(long);
    command(&mut app, Command::Read);
    for _ in 0..20 {
        command(&mut app, Command::Down);
    }
    down_to_a_place(&mut app);
    let (scroll, top) = (app.article.scroll, top_line(&app));
    assert!(scroll > 0);
    command(&mut app, Command::NextPost);
    assert_eq!(app.article.scroll, 0, "the next post from its top");
    command(&mut app, Command::PreviousPost);
    assert_eq!(top_line(&app), top, "] then [ keeps the place");
}

fn open_by_path(app: &mut App, path: &str) {
    let post = app.library.posts.iter().position(|p| p.path.ends_with(path));
    app.select(post);
    command(app, Command::Read);
    app.settle();
}

fn shown_path(app: &App) -> String {
    app.shown_post().unwrap().path.display().to_string()
}

/// Follows the link whose target holds `needle`, through the picker.
fn follow_link(app: &mut App, needle: &str) {
    command(app, Command::Links);
    assert!(matches!(app.overlay, Overlay::Links(_)), "{:?}", app.status.hint);
    typed(app, needle);
    command(app, Command::Confirm);
}

#[test]
fn links_lead_to_posts_headings_and_back() {
    let mut app = sample();
    open_by_path(&mut app, "a-field-guide-to-links.md");
    // A relative path with a #fragment: the post, at that heading.
    follow_link(&mut app, "panics");
    assert_eq!(shown_path(&app), "rust-error-handling.md");
    let (_, article) = app.article.shown.clone().unwrap();
    let heading = article.headings.iter().find(|h| h.anchor == "panics-are-for-bugs").unwrap();
    let visible = layout::article_lines(&app);
    assert!(
        (app.article.scroll..app.article.scroll + visible).contains(&heading.line),
        "the heading is on screen"
    );
    assert!(app.marks.read(Path::new("rust-error-handling.md")), "followed is read");
    // Back, forward.
    command(&mut app, Command::Back);
    assert_eq!(shown_path(&app), "a-field-guide-to-links.md");
    command(&mut app, Command::Forward);
    assert_eq!(shown_path(&app), "rust-error-handling.md");
    command(&mut app, Command::Back);
    // Jekyll's post_url, Hugo's ref.
    follow_link(&mut app, "building-a-tui");
    assert_eq!(shown_path(&app), "2018-11-20-building-a-tui-in-rust.markdown");
    command(&mut app, Command::Back);
    follow_link(&mut app, "bread-baking");
    assert_eq!(shown_path(&app), "bread-baking-basics/index.md");
    command(&mut app, Command::Back);
    // An in-page anchor jumps, and back returns to the top.
    follow_link(&mut app, "#inline");
    assert_eq!(shown_path(&app), "a-field-guide-to-links.md");
    assert!(app.article.scroll > 0);
    command(&mut app, Command::Back);
    assert_eq!(app.article.scroll, 0);
    // Elsewhere: the opener is asked, nothing else changes.
    command(&mut app, Command::Links);
    typed(&mut app, "gobyexample");
    command(&mut app, Command::Confirm);
    let requests = app.take_requests();
    assert!(
        requests
            .iter()
            .any(|r| matches!(r, Request::Open(url) if url == "https://gobyexample.com/")),
        "{requests:?}"
    );
    assert_eq!(shown_path(&app), "a-field-guide-to-links.md");
}

#[test]
fn a_followed_post_hidden_by_the_filters_is_shown_and_the_list_keeps_them() {
    let mut app = sample();
    command(&mut app, Command::Search);
    typed(&mut app, "field guide");
    command(&mut app, Command::Confirm);
    assert_eq!(app.list.hits.len(), 1);
    command(&mut app, Command::Read);
    follow_link(&mut app, "panics");
    assert_eq!(shown_path(&app), "rust-error-handling.md");
    assert_eq!(app.list.hits.len(), 1, "the list keeps its filter");
    assert_eq!(app.list.query.text, "field guide");
}

/// What was asked of the system's opener since the last look.
fn opened(app: &mut App) -> Vec<String> {
    let requests = app.take_requests().into_iter();
    requests
        .filter_map(|r| if let Request::Open(target) = r { Some(target) } else { None })
        .collect()
}

/// The text last asked to go to the clipboard.
fn copied(app: &mut App) -> Option<String> {
    app.take_requests().into_iter().rev().find_map(|r| match r {
        Request::Copy(text) => Some(text),
        _ => None,
    })
}

#[test]
fn y_copies_a_link_and_typing_narrows() {
    let mut app = sample();
    open_by_path(&mut app, "a-field-guide-to-links.md");
    command(&mut app, Command::Links);
    typed(&mut app, "y");
    assert_eq!(copied(&mut app).as_deref(), Some("https://spec.commonmark.org/"));
    typed(&mut app, "py");
    command(&mut app, Command::Copy);
    assert_eq!(copied(&mut app).as_deref(), Some("https://docs.python.org/3/tutorial/"));
}

#[test]
fn a_tag_being_typed_matches_every_tag_starting_so() {
    let mut app = sample();
    command(&mut app, Command::Search);
    typed(&mut app, "#progr");
    assert!(!app.list.hits.is_empty(), "#progr is #Programming before it is typed whole");
    let all = app.list.hits.len();
    assert!(app.list.hits.iter().all(|h| {
        app.library.posts[h.post].tags.iter().any(|t| t.to_lowercase().starts_with("progr"))
    }));
    typed(&mut app, "amming");
    assert_eq!(app.list.hits.len(), all);
    // Whole tags from the picker, and any of them with Ctrl-t.
    command(&mut app, Command::Cancel);
    command(&mut app, Command::TagPicker);
    typed(&mut app, "rust");
    command(&mut app, Command::Toggle);
    command(&mut app, Command::ClearLine);
    typed(&mut app, "cooking");
    command(&mut app, Command::Toggle);
    command(&mut app, Command::Confirm);
    let both = app.list.hits.len();
    command(&mut app, Command::TagPicker);
    command(&mut app, Command::AnyAll);
    command(&mut app, Command::Confirm);
    assert!(app.list.query.any_tag);
    let either = app.list.hits.len();
    assert!(either > both, "any of two tags lists more posts than all of them ({either} > {both})");
}

#[test]
fn the_full_text_index_build_says_how_far_it_is_until_results_come() {
    let mut app = sample();
    command(&mut app, Command::FullText);
    app.update(Msg::FullTextProgress(500, 2_000));
    assert_eq!(app.fulltext.building().as_deref(), Some("text index 25%"));
    assert!(app.fulltext.status.as_deref().unwrap().contains("500 of 2,000"));
    typed(&mut app, "sourdough");
    assert_eq!(app.fulltext.building(), None, "the results came: built");
    assert!(!app.fulltext.results.is_empty());
    command(&mut app, Command::Cancel);
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn a_post_renamed_under_the_reader_keeps_its_star() {
    let mut app = sample();
    let at = app.library.posts.iter().position(|p| p.path.ends_with("kyoto-in-autumn.md")).unwrap();
    app.select(Some(at));
    command(&mut app, Command::ToggleStar);
    let mut renamed = app.library.posts[at].clone();
    renamed.path = "travel/kyoto.md".into();
    app.update(Msg::Changed(crate::live::Change {
        read: vec!["travel/kyoto.md".into()],
        posts: vec![renamed],
        removed: vec!["kyoto-in-autumn.md".into()],
        ..Default::default()
    }));
    app.settle();
    assert!(app.marks.starred(Path::new("travel/kyoto.md")));
    assert!(!app.marks.posts.contains_key(Path::new("kyoto-in-autumn.md")));
}

#[test]
fn only_web_addresses_and_files_of_the_folder_reach_the_opener() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    let links = [
        ("absolute", "/etc/passwd"),
        ("climbing", "../../../../../../etc/passwd"),
        ("linked", "outside/secret.txt"),
        ("procfs", "/proc/self/environ"),
        ("fileurl", "file:///etc/shadow"),
        ("script", "javascript:alert(1)"),
        ("datauri", "data:text/html,%3Cscript%3Ealert(1)%3C/script%3E"),
        ("sshcmd", "ssh://-oProxyCommand=touch%20pwned/x"),
        ("picture", "pic.png"),
        ("website", "https://example.com/"),
        ("mailbox", "mailto:ada@example.com"),
    ];
    let body: String =
        links.iter().map(|(text, target)| format!("[{text}](<{target}>)\n\n")).collect();
    let (dir, mut app) =
        folder(&[("links.md", &format!("---\ntitle: Links\n---\n{body}")), ("pic.png", "png")]);
    std::os::unix::fs::symlink(outside.path(), dir.path().join("outside")).unwrap();
    open_by_path(&mut app, "links.md");
    for (text, target) in links {
        app.take_requests();
        follow_link(&mut app, text);
        let opened = opened(&mut app);
        let hint = app.status.hint.clone().unwrap_or_default();
        match text {
            "website" | "mailbox" => assert_eq!(opened, [target], "{text}"),
            "picture" => {
                assert_eq!(opened.len(), 1, "{text}: {hint}");
                assert!(opened[0].starts_with('/') && opened[0].ends_with("pic.png"), "{opened:?}");
            }
            _ => {
                assert!(opened.is_empty(), "{text}: {opened:?}");
                assert!(
                    hint.starts_with("Not opened") || hint.starts_with("No post"),
                    "{text}: {hint}"
                );
            }
        }
        if ["fileurl", "script", "datauri", "sshcmd"].contains(&text) {
            let scheme = target.split(':').next().unwrap();
            assert!(hint.contains(&format!("{scheme}:")), "{text}: {hint}");
        }
    }
}

#[test]
fn a_date_changed_while_a_filter_runs_moves_the_post_in_newest_first() {
    let (dir, mut app) = folder(&[
        ("a.md", "---\ntitle: Alpha\ndate: 2020-01-01\n---\nA.\n"),
        ("b.md", "---\ntitle: Beta\ndate: 2021-01-01\n---\nB.\n"),
    ]);
    assert_eq!(titles(&app), ["Beta", "Alpha"]);
    // A filter is under way (it holds the posts), when the change comes.
    for _ in 0..3 {
        // Oldest, title, newest again; not answered yet.
        app.update(Msg::Command(Command::Sort));
    }
    let under_way = app.take_requests();
    let text = "---\ntitle: Alpha\ndate: 2022-01-01\n---\nA.\n";
    std::fs::write(dir.path().join("a.md"), text).unwrap();
    let post = crate::post::Post::parse(Path::new("a.md"), text, &mut Vec::new());
    app.update(Msg::Changed(crate::live::Change {
        read: vec!["a.md".into()],
        posts: vec![post],
        ..crate::live::Change::default()
    }));
    // The filter's answer arrives, then whatever it asks for.
    for request in under_way {
        if let Some(msg) = request.answer(&mut Runner::default(), &Theme::plain(), 1) {
            app.update(msg);
        }
    }
    app.settle();
    assert_eq!(titles(&app), ["Alpha", "Beta"], "the new date's place");
}

#[test]
fn reading_under_is_unread_reads_only_the_post_opened() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.json");
    let mut app = sample_with_state(&file, (120, 40));
    act(&mut app, &[Msg::Command(Command::Search)]);
    typed(&mut app, "is:unread");
    act(&mut app, &[Msg::Command(Command::Confirm)]);
    assert_eq!(app.list.hits.len(), SAMPLES);
    let first = selected_title(&app);
    // Enter reads it; it leaves the list, and nothing else is read.
    act(&mut app, &[Msg::Command(Command::Read)]);
    act(&mut app, &[Msg::Command(Command::Read)]);
    let read = app.marks.posts.values().filter(|e| e.read).count();
    assert_eq!(read, 1, "only the post opened is read");
    assert_eq!(app.list.hits.len(), SAMPLES - 1);
    assert_eq!(app.shown_post().unwrap().title, first, "the post read stays on screen");
    // ] while reading opens (and reads) the next one of the list.
    act(&mut app, &[Msg::Command(Command::NextPost)]);
    assert_eq!(app.marks.posts.values().filter(|e| e.read).count(), 2);
}

#[test]
fn a_search_after_following_a_link_selects_its_first_result() {
    let mut app = sample();
    open_by_path(&mut app, "a-field-guide-to-links.md");
    follow_link(&mut app, "panics");
    assert_eq!(shown_path(&app), "rust-error-handling.md");
    act(&mut app, &[Msg::Command(Command::FocusList), Msg::Command(Command::Search)]);
    typed(&mut app, "kyo");
    assert_eq!(selected_title(&app), "Kyoto in Autumn 紅葉");
    assert_eq!(app.list.offset, 0);
}

#[test]
fn full_text_results_start_at_the_best_and_brackets_walk_them() {
    let mut app = sample();
    command(&mut app, Command::FullText);
    typed(&mut app, "the");
    assert!(app.fulltext.results.len() > 3);
    for _ in 0..3 {
        command(&mut app, Command::Down);
    }
    assert_eq!(app.fulltext.cursor, 3);
    typed(&mut app, " and");
    assert_eq!(app.fulltext.cursor, 0, "a new search starts at its best result");
    assert!(app.fulltext.results.len() > 3);
    // Open the second result; ] opens the third, [ the second again.
    let results: Vec<usize> = app.fulltext.results.iter().map(|r| r.post).collect();
    command(&mut app, Command::Down);
    command(&mut app, Command::Confirm);
    assert_eq!(app.shown_post().unwrap().path, app.library.posts[results[1]].path);
    command(&mut app, Command::NextPost);
    assert_eq!(app.shown_post().unwrap().path, app.library.posts[results[2]].path);
    command(&mut app, Command::PreviousPost);
    assert_eq!(app.shown_post().unwrap().path, app.library.posts[results[1]].path);
}

#[test]
fn an_opened_result_marks_every_word_of_the_search() {
    let mut app = sample();
    command(&mut app, Command::FullText);
    typed(&mut app, "starter sourdough");
    let best = app.fulltext.results[0].post;
    assert!(app.library.posts[best].path.ends_with("sourdough-starter-diary.md"));
    command(&mut app, Command::Confirm);
    assert_eq!(app.article.needles.len(), 2);
    let (_, article) = app.article.shown.clone().unwrap();
    let text = |m: &(usize, usize, usize)| {
        let line = article.lines[m.0].to_string();
        line.chars().skip(m.1).take(m.2 - m.1).collect::<String>().to_lowercase()
    };
    let words: std::collections::BTreeSet<String> = app.article.matches.iter().map(text).collect();
    assert!(words.contains("starter") && words.contains("sourdough"), "{words:?}");
    // n steps through every match of either word.
    let all = app.article.matches.len();
    assert!(all >= 4, "{all}");
    for _ in 0..all {
        command(&mut app, Command::NextMatch);
    }
    assert_eq!(app.article.current, 0, "round again after all {all}");
}

#[test]
fn the_search_line_says_what_it_cannot_read_and_takes_partial_dates() {
    let mut app = sample();
    act(&mut app, &[Msg::Command(Command::Search)]);
    typed(&mut app, "since:2024");
    assert!(
        app.list
            .hits
            .iter()
            .all(|h| app.library.posts[h.post].date.is_some_and(|d| d.date.year() >= 2024))
    );
    assert!(!app.list.hits.is_empty() && app.list.hits.len() < SAMPLES);
    typed(&mut app, "-13");
    assert!(
        app.status.hint.as_deref().unwrap_or("").contains("not a date"),
        "{:?}",
        app.status.hint
    );
    act(&mut app, &[Msg::Command(Command::ClearLine)]);
    typed(&mut app, "is:foo");
    assert!(
        app.status.hint.as_deref().unwrap_or("").contains("is:foo: not known"),
        "{:?}",
        app.status.hint
    );
}

#[test]
fn e_opens_the_editor_at_the_heading_on_top() {
    let mut app = sample();
    open_by_path(&mut app, "rust-error-handling.md");
    let (_, article) = app.article.shown.clone().unwrap();
    let file = app.root.join("rust-error-handling.md");
    let text = std::fs::read_to_string(&file).unwrap();
    for heading in &article.headings {
        app.article.scroll = heading.line;
        command(&mut app, Command::Edit);
        let offset = app
            .take_requests()
            .into_iter()
            .find_map(|r| match r {
                Request::Edit { offset, .. } => Some(offset),
                _ => None,
            })
            .unwrap();
        let line = text[..offset].matches('\n').count() + 1;
        let wanted =
            text.lines().position(|l| l.starts_with('#') && l.contains(&heading.text)).unwrap() + 1;
        assert_eq!(line, wanted, "{}", heading.text);
    }
}

#[test]
fn the_link_filter_takes_several_words() {
    let mut app = sample();
    open_by_path(&mut app, "a-field-guide-to-links.md");
    command(&mut app, Command::Links);
    typed(&mut app, "the");
    let visible = |app: &App| match &app.overlay {
        Overlay::Links(picker) => {
            picker.visible(&app.article.shown.as_ref().unwrap().1.links).len()
        }
        _ => panic!("the links picker"),
    };
    let one = visible(&app);
    assert!(one >= 3, "{one}");
    command(&mut app, Command::Toggle);
    typed(&mut app, "typography");
    assert_eq!(visible(&app), 1, "both words");
    command(&mut app, Command::Confirm);
    assert_eq!(shown_path(&app), "notes-on-typography.md");
}

#[test]
fn the_article_previews_the_result_under_the_cursor_and_esc_gives_the_list_back() {
    let mut app = sample();
    let before = app.list.selected;
    command(&mut app, Command::FullText);
    typed(&mut app, "the");
    let results: Vec<usize> = app.fulltext.results.iter().map(|r| r.post).collect();
    assert_eq!(app.shown_post().unwrap().path, app.library.posts[results[0]].path);
    command(&mut app, Command::Down);
    assert_eq!(app.shown_post().unwrap().path, app.library.posts[results[1]].path);
    assert!(app.marks.posts.is_empty(), "previewing reads nothing");
    command(&mut app, Command::Cancel);
    assert_eq!(app.list.selected, before, "Esc: the list as it was");
    // At 60x20 the results take the one pane, whatever had the keys.
    act(&mut app, &[Msg::Resize(60, 20), Msg::Command(Command::Read)]);
    command(&mut app, Command::FullText);
    let panes = layout::Panes::of(&app);
    assert!(panes.list.is_some() && panes.article.is_none());
}

#[test]
fn section_pages_are_no_problem_shown_but_the_cache_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("_index.md"), "+++\ntitle = \"Blog\"\n+++\n").unwrap();
    std::fs::write(dir.path().join("a.md"), "---\ntitle: A\n---\nA.\n").unwrap();
    let index = Index::build(dir.path()).unwrap();
    let sections = index.warnings.iter().filter(|w| w.severity == crate::Severity::Section).count();
    assert_eq!(sections, 1, "{:?}", index.warnings);
    let mut app = App::new(index.root.clone(), Theme::plain(), (120, 40));
    let save =
        crate::live::CacheSave { file: dir.path().join("cache"), stamps: Default::default() };
    app.update(Msg::Found(index.posts, index.warnings));
    app.update(Msg::IndexDone(Some(save)));
    assert!(app.library.warnings.is_empty(), "not shown as a problem");
    let saved = app.take_requests().into_iter().find_map(|r| match r {
        Request::SaveCache { warnings, .. } => Some(warnings),
        _ => None,
    });
    let saved = saved.expect("the cache is written");
    assert_eq!(saved.iter().filter(|w| w.severity == crate::Severity::Section).count(), 1);
}

/// A picture's link opens the file the site serves: `/images/x.png` from
/// Hugo's `static/`.
#[test]
fn a_picture_link_opens_the_file_the_site_serves() {
    let post = "---\ntitle: Pics\n---\n[chart](/images/chart.png)\n";
    let (_dir, mut app) = folder(&[("content/pics.md", post), ("static/images/chart.png", "png")]);
    open_by_path(&mut app, "pics.md");
    app.take_requests();
    follow_link(&mut app, "chart");
    let opened = opened(&mut app);
    assert_eq!(opened.len(), 1, "{:?}", app.status.hint);
    assert!(opened[0].ends_with("static/images/chart.png"), "{opened:?}");
}
