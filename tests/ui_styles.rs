//! Screens with their styles, keys pressed through the keymap as a user
//! presses them: the selection, matches, unread and starred marks, and the
//! themes a config asks for.

mod common;

use std::path::Path;

use common::screen::{press, sample, screen_of, styled, typed};
use folio::app::App;
use folio::config::{self, Config};
use folio::theme::Theme;

fn app(theme: Theme, config: &Config) -> App {
    let mut app = sample(theme, (80, 14));
    app.configure(config);
    app
}

#[test]
fn selection_unread_and_starred_marks() {
    let mut app = app(Theme::default(), &Config::default());
    // Star the first post, read the second, come back to the list.
    press(&mut app, &["*", "j", "enter", "h"]);
    let screen = styled(&app);
    assert!(screen.contains("★"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn matches_in_the_list() {
    let mut app = app(Theme::default(), &Config::default());
    press(&mut app, &["/"]);
    typed(&mut app, "rust err");
    insta::assert_snapshot!(styled(&app));
}

#[test]
fn a_light_theme_with_colours_of_ones_own() {
    let text = "theme = \"light\"\n[colors]\ntitle = \"bold red\"\nselection = \"on #ffe0a0\"\n";
    let config = config::parse(text, Path::new("config.toml")).unwrap();
    let theme = config.theme_in(true, || false, folio::theme::Depth::TrueColor);
    let selection = format!("{:?}", theme.selection.bg.unwrap());
    let mut app = app(theme, &config);
    press(&mut app, &["enter"]);
    let screen = styled(&app);
    let dark = styled(&self::app(Theme::default(), &Config::default()));
    assert_ne!(screen, dark, "the config changes the screen");
    assert_eq!(selection, "Rgb(255, 224, 160)");
    assert!(screen.contains(&selection), "the selection colour given: {selection}");
    insta::assert_snapshot!(screen);
}

#[test]
fn a_remapped_key_works_and_the_help_shows_it() {
    let config =
        config::parse("[keys]\nhelp = [\"h\"]\nfocus_list = [\"H\"]\n", Path::new("c")).unwrap();
    let mut app = app(Theme::plain(), &config);
    press(&mut app, &["?"]);
    assert!(!styled(&app).contains("Keys"), "? no longer opens the help");
    press(&mut app, &["h"]);
    app.update(folio::app::Msg::Resize(100, 60));
    let screen = screen_of(&app, (100, 60));
    assert!(screen.contains("Keys"), "h opens it:\n{screen}");
    let line = screen.lines().find(|l| l.contains("this help")).unwrap();
    assert!(line.contains(" h ") && !line.contains('?'), "{line}");
}
