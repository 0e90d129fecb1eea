//! Pictures in the article, drawn in half blocks (what any terminal with
//! colours shows): at their place in the text, their captions under them,
//! cut at the pane's edge as they scroll, the text after them still read.

mod common;

use common::screen::{draw, press, screen};
use folio::Index;
use folio::app::App;
use folio::graphics::Graphics;
use folio::theme::Theme;
use image::{Rgba, RgbaImage};
use ratatui::buffer::Buffer;
use ratatui::style::Color;

const POST: &str = "---\ntitle: Two pictures\ndate: 2024-01-01\n---\n\nBefore the pictures.\n\n\
![A red square](red.png)\n\nBetween them.\n\n<img src=\"bands/blue.png\" alt=\"A blue band\">\n\n\
After the pictures, the end.\n";

/// A blog of one post with a red square (200 x 200 pixels: 20 x 10 cells
/// of 10 x 20) and a blue band (400 x 100: 40 x 5 cells), in a reader of
/// `size` drawing half blocks.
fn blog(size: (u16, u16)) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pictures.md"), POST).unwrap();
    RgbaImage::from_pixel(200, 200, Rgba([230, 20, 20, 255]))
        .save(dir.path().join("red.png"))
        .unwrap();
    std::fs::create_dir(dir.path().join("bands")).unwrap();
    RgbaImage::from_pixel(400, 100, Rgba([20, 20, 230, 255]))
        .save(dir.path().join("bands/blue.png"))
        .unwrap();
    let mut app = App::with_index(Index::build(dir.path()).unwrap(), Theme::default(), size);
    app.set_graphics(Some(Graphics::halfblocks()));
    app.settle();
    press(&mut app, &["enter"]);
    (dir, app)
}

fn reddish(c: Color) -> bool {
    matches!(c, Color::Rgb(r, g, b) if r > 180 && g < 60 && b < 60)
}

fn bluish(c: Color) -> bool {
    matches!(c, Color::Rgb(r, g, b) if b > 180 && r < 60 && g < 60)
}

/// The rows of the screen with a cell drawn in `colour`, and the columns
/// of the first such row.
fn painted(buffer: &Buffer, colour: fn(Color) -> bool) -> (Vec<u16>, Vec<u16>) {
    let mut rows = Vec::new();
    let mut columns = Vec::new();
    for y in 0..buffer.area.height {
        let xs: Vec<u16> = (0..buffer.area.width)
            .filter(|&x| colour(buffer[(x, y)].fg) || colour(buffer[(x, y)].bg))
            .collect();
        if !xs.is_empty() {
            if rows.is_empty() {
                columns = xs;
            }
            rows.push(y);
        }
    }
    (rows, columns)
}

fn row_of(screen: &str, text: &str) -> Option<usize> {
    screen.lines().position(|line| line.contains(text))
}

#[test]
fn two_pictures_are_drawn_in_place_with_their_captions() {
    let (_dir, app) = blog((100, 40));
    let buffer = draw(&app, (100, 40));
    let text = screen(&app);
    let (red_rows, red_cols) = painted(&buffer, reddish);
    assert_eq!(red_rows.len(), 10, "ten rows of red:\n{text}");
    assert_eq!(red_cols.len(), 20, "twenty columns of red:\n{text}");
    assert!(red_rows.windows(2).all(|w| w[1] == w[0] + 1), "in one block");
    // Half blocks, not text.
    let (x, y) = (red_cols[0], red_rows[0]);
    assert!(["▀", "▄", "█", " "].contains(&buffer[(x, y)].symbol()), "{:?}", buffer[(x, y)]);
    // The text before above it, the caption under it, the text after.
    let before = row_of(&text, "Before the pictures.").unwrap();
    let caption = row_of(&text, "A red square[1]").unwrap();
    let between = row_of(&text, "Between them.").unwrap();
    assert!(before < usize::from(red_rows[0]), "{text}");
    assert_eq!(caption, usize::from(*red_rows.last().unwrap()) + 1, "{text}");
    assert!(between > caption);
    // The HTML picture, from its folder, after it.
    let (blue_rows, blue_cols) = painted(&buffer, bluish);
    assert_eq!((blue_rows.len(), blue_cols.len()), (5, 40), "{text}");
    assert!(usize::from(blue_rows[0]) > between);
    let blue_caption = row_of(&text, "A blue band[2]").unwrap();
    assert_eq!(blue_caption, usize::from(*blue_rows.last().unwrap()) + 1, "{text}");
    assert!(row_of(&text, "After the pictures, the end.").unwrap() > blue_caption);
}

#[test]
fn a_picture_scrolled_partly_out_of_view_is_drawn_cut() {
    let (_dir, mut app) = blog((100, 24));
    let top = painted(&draw(&app, (100, 24)), reddish).0;
    assert!(!top.is_empty());
    // Three lines down: the picture's top rows have left the pane.
    press(&mut app, &["j", "j", "j", "j", "j", "j", "j", "j"]);
    let buffer = draw(&app, (100, 24));
    let text = screen(&app);
    let (rows, _) = painted(&buffer, reddish);
    assert!(!rows.is_empty(), "still drawn, cut:\n{text}");
    assert!(rows.len() < 10, "cut:\n{text}");
    // Never over the pane's border (row 0) nor the status line.
    assert!(rows[0] >= 1 && *rows.last().unwrap() < 22, "{rows:?}\n{text}");
    assert_eq!(usize::from(rows[0]), 1, "from the pane's first row:\n{text}");
    // Down to the end: the text after the pictures is read.
    press(&mut app, &["G"]);
    assert!(screen(&app).contains("After the pictures, the end."), "{}", screen(&app));
}

#[test]
fn at_80x24_and_60x20_a_picture_keeps_to_the_pane() {
    for size in [(80, 24), (60, 20)] {
        let (_dir, app) = blog(size);
        let buffer = draw(&app, size);
        let text = screen(&app);
        let (rows, cols) = painted(&buffer, reddish);
        assert!(!rows.is_empty(), "{text}");
        // At most two thirds of the pane's height, its shape kept (square: twice as wide as high).
        let lines = usize::from(size.1) - 3;
        assert!(rows.len() <= lines * 2 / 3, "{} rows of {lines}:\n{text}", rows.len());
        assert_eq!(cols.len(), rows.len() * 2, "{text}");
        let (blue_rows, blue_cols) = painted(&buffer, bluish);
        if let Some(&last) = blue_cols.last() {
            assert!(last < size.0 - 1, "inside the border:\n{text}");
            assert!(!blue_rows.is_empty());
        }
    }
}

#[test]
fn without_graphics_the_pictures_are_their_text() {
    let (_dir, mut app) = blog((100, 40));
    app.set_graphics(None);
    app.settle();
    let text = screen(&app);
    assert!(text.contains("[image: A red square]"), "{text}");
    assert!(painted(&draw(&app, (100, 40)), reddish).0.is_empty());
}
