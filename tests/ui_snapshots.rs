//! Whole-screen snapshots of the reader on the sample posts, at 120x40 and
//! 60x20, drawn with ratatui's TestBackend.

mod common;

use std::path::Path;

use common::screen::{press, sample, screen, screen_of, typed};
use folio::Index;
use folio::app::{App, Msg};
use folio::theme::Theme;

fn app(size: (u16, u16)) -> App {
    sample(Theme::default(), size)
}

macro_rules! at_both_sizes {
    ($name:ident, $setup:expr) => {
        #[test]
        fn $name() {
            for size in [(120, 40), (60, 20)] {
                let mut app = app(size);
                let setup: fn(&mut App) = $setup;
                setup(&mut app);
                insta::assert_snapshot!(
                    format!("{}_{}x{}", stringify!($name), size.0, size.1),
                    screen(&app)
                );
            }
        }
    };
}

at_both_sizes!(list_with_article, |app| press(app, &["down", "down"]));
at_both_sizes!(reading_the_article, |app| press(app, &["down", "enter", "pagedown"]));
at_both_sizes!(search_active, |app| {
    press(app, &["/"]);
    typed(app, "rust");
});
at_both_sizes!(tag_picker, |app| {
    press(app, &["t"]);
    typed(app, "o");
    press(app, &["down", "space"]);
});
at_both_sizes!(author_picker, |app| press(app, &["a", "space", "down"]));
at_both_sizes!(filters_as_chips, |app| {
    press(app, &["/"]);
    typed(app, "#programming @hannah gen");
    press(app, &["enter"]);
});
at_both_sizes!(outline, |app| {
    press(app, &["down", "down", "o", "down"]);
});
at_both_sizes!(help, |app| press(app, &["?"]));
at_both_sizes!(article_search, |app| {
    press(app, &["enter", "/"]);
    typed(app, "the");
    press(app, &["enter", "n"]);
});

#[test]
fn warnings_list() {
    let dir = tempfile::tempdir().unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-posts");
    for name in ["rust-error-handling.md", "kyoto-in-autumn.md"] {
        std::fs::copy(samples.join(name), dir.path().join(name)).unwrap();
    }
    std::fs::write(dir.path().join("binary.md"), [0u8, 1, 2, 3]).unwrap();
    std::fs::write(dir.path().join("broken.md"), "---\ntitle: [oops\n---\n# Broken but shown\n")
        .unwrap();
    std::fs::write(dir.path().join("odd.md"), "---\ntags: [[nested]]\n---\nx\n").unwrap();
    for size in [(120, 40), (60, 20)] {
        let mut app = App::with_index(Index::build(dir.path()).unwrap(), Theme::default(), size);
        let before = screen(&app);
        assert!(before.contains("⚠ 3 (w)"), "{before}");
        press(&mut app, &["w"]);
        insta::assert_snapshot!(format!("warnings_list_{}x{}", size.0, size.1), screen(&app));
    }
}

#[test]
fn any_size_down_to_one_by_one() {
    let mut app = app((120, 40));
    for (w, h) in [(1, 1), (2, 1), (1, 5), (10, 3), (20, 2), (79, 24), (80, 24), (3, 40), (200, 3)]
    {
        app.update(Msg::Resize(w, h));
        app.settle();
        for setup in [vec![], vec!["?"], vec!["esc", "t"], vec!["esc", "enter"]] {
            press(&mut app, &setup);
            let text = screen(&app);
            assert_eq!(text.lines().count(), usize::from(h), "{w}x{h}");
        }
        press(&mut app, &["esc", "h"]);
    }
}

/// A reader on a temporary folder holding `files` (name, text).
fn folder(files: &[(&str, String)], size: (u16, u16)) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let app = App::with_index(Index::build(dir.path()).unwrap(), Theme::default(), size);
    (dir, app)
}

#[test]
fn the_help_scrolls_to_its_last_line_on_a_small_screen() {
    let mut app = app((40, 15));
    press(&mut app, &["?", "G"]);
    let text = screen(&app);
    assert!(text.contains("a click selects"), "{text}");
    press(&mut app, &["up"]);
    assert!(!screen(&app).contains("a click selects"), "one line up from the end");
}

#[test]
fn counts_are_singular_for_one() {
    let (_dir, app) = folder(&[("only.md", "# The Only Post\n".into())], (120, 40));
    let text = screen(&app);
    assert!(text.contains(" 1 post "), "{text}");
    assert!(!text.contains("1 posts"), "{text}");
}

#[test]
fn a_folder_without_tags_says_so_in_the_tag_picker() {
    let (_dir, mut app) = folder(&[("a.md", "# A\n".into())], (120, 40));
    press(&mut app, &["t"]);
    let text = screen(&app);
    assert!(text.contains("This folder has no tags."), "{text}");
    press(&mut app, &["esc", "a"]);
    assert!(screen(&app).contains("No post in this folder names an author."));
}

#[test]
fn an_outline_of_seventy_thousand_headings_still_lists_them() {
    let body: String = (0..70_000).map(|i| format!("## Heading {i}\n\n")).collect();
    let (_dir, mut app) = folder(&[("many.md", format!("# Many\n\n{body}"))], (120, 40));
    press(&mut app, &["o", "down", "down"]);
    let text = screen(&app);
    for heading in ["Heading 0", "Heading 1", "Heading 2", "Heading 30"] {
        assert!(text.contains(heading), "{heading} missing:\n{text}");
    }
}

#[test]
fn cut_titles_end_in_an_ellipsis_and_narrow_lists_move_the_date() {
    let text = screen(&app((80, 24)));
    let rows: Vec<&str> = text.lines().collect();
    let title_row = rows.iter().find(|r| r.contains("Three Go")).expect("the Go post is listed");
    assert!(
        title_row.contains("Three Go Concurrency Patte") && title_row.contains("…"),
        "{title_row}"
    );
    assert!(!title_row.contains("2024-06-30"), "the date leaves the title's row: {title_row}");
    let at = rows.iter().position(|r| r.contains("Three Go")).unwrap();
    assert!(rows[at + 1].contains("2024-06-30"), "and leads the second row: {}", rows[at + 1]);
    // Wide enough, the date stays beside the title.
    let wide = screen(&app((160, 40)));
    let row = wide.lines().find(|r| r.contains("Three Go")).unwrap();
    assert!(
        row.contains("Three Go Concurrency Patterns Worth Knowing") && row.contains("2024-06-30")
    );
}

#[test]
fn a_frame_of_another_size_than_the_state_knows_is_drawn_within_itself() {
    for state in [(120, 40), (12, 4)] {
        let mut app = app(state);
        for overlay in [vec![], vec!["?"], vec!["esc", "t"]] {
            press(&mut app, &overlay);
            for frame in [(12, 4), (140, 45), (1, 1), (80, 24)] {
                let text = screen_of(&app, frame);
                assert_eq!(text.lines().count(), usize::from(frame.1));
            }
        }
    }
}
