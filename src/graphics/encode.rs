//! A picture made ready for the terminal's protocol, and drawn into a
//! buffer whole or in part.

use image::{DynamicImage, RgbaImage};
use ratatui::buffer::Buffer;
use ratatui::layout::{Rect, Size};
use ratatui::widgets::Widget;
use ratatui_image::protocol::{
    Protocol, halfblocks::Halfblocks, iterm2::Iterm2, kitty::Kitty, sixel::Sixel,
};

use super::{Graphics, Kind};

/// The character kitty's Unicode placeholders are drawn with.
const KITTY_PLACEHOLDER: char = '\u{10EEEE}';

/// `picture` (already the size of `cells` at the terminal's font) as its
/// protocol draws it; kitty pictures carry `id`, to be deleted by.
pub fn encode(
    picture: &RgbaImage,
    cells: (u16, u16),
    graphics: &Graphics,
    id: u32,
) -> Result<Protocol, String> {
    let image = DynamicImage::ImageRgba8(picture.clone());
    let size = Size::new(cells.0.max(1), cells.1.max(1));
    let tmux = graphics.tmux;
    let protocol = match graphics.kind {
        Kind::Halfblocks => Halfblocks::new(image, size).map(Protocol::Halfblocks),
        Kind::Kitty => Kitty::new(image, size, id, tmux, false).map(Protocol::Kitty),
        Kind::Sixel => Sixel::new(image, size, tmux).map(Protocol::Sixel),
        Kind::Iterm2 => Iterm2::new(image, size, tmux).map(Protocol::ITerm2),
    };
    protocol.map_err(|error| error.to_string())
}

/// The rows `skip` to `skip + take` of a picture drawn in rows of `font_height`
/// pixels: for a protocol that draws a picture as one sequence, the part
/// of it in view.
pub fn rows_of(picture: &RgbaImage, font_height: u16, skip: u16, take: u16) -> RgbaImage {
    let fh = u32::from(font_height.max(1));
    let top = (u32::from(skip) * fh).min(picture.height());
    let bottom = ((u32::from(skip) + u32::from(take)) * fh).min(picture.height());
    image::imageops::crop_imm(picture, 0, top, picture.width(), bottom - top).to_image()
}

/// Draws the rows from `skip` of `protocol` into `area` of `buf`, as many
/// as `area` is high. A protocol that draws in cells (half blocks, kitty)
/// is drawn whole aside and its rows copied; another must have been
/// encoded for just those rows (`skip` is then 0).
pub fn draw(protocol: &Protocol, skip: u16, area: Rect, buf: &mut Buffer) {
    let size = protocol.size();
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let in_cells = matches!(protocol, Protocol::Halfblocks(_) | Protocol::Kitty(_));
    if !in_cells || (skip == 0 && area.height >= size.height && area.width >= size.width) {
        ratatui_image::Image::new(protocol).render(area, buf);
        return;
    }
    let whole = Rect::new(0, 0, size.width, size.height);
    let mut aside = Buffer::empty(whole);
    ratatui_image::Image::new(protocol).render(whole, &mut aside);
    // Kitty sends the picture with its first cell: when that row is out of
    // view, the first cell drawn carries it.
    let mut carried = aside
        .cell((0, 0))
        .and_then(|cell| cell.symbol().split_once(KITTY_PLACEHOLDER))
        .map(|(sent, _)| sent.to_string())
        .filter(|sent| !sent.is_empty() && skip > 0);
    let rows = area.height.min(size.height.saturating_sub(skip));
    let cols = area.width.min(size.width);
    for y in 0..rows {
        for x in 0..cols {
            let (Some(from), Some(to)) =
                (aside.cell((x, y + skip)), buf.cell_mut((area.x + x, area.y + y)))
            else {
                continue;
            };
            *to = from.clone();
            if let Some(sent) = carried.take() {
                let symbol = format!("{sent}{}", to.symbol());
                to.set_symbol(&symbol);
            }
        }
    }
}

/// The sequence that deletes the kitty picture `id` and its memory.
pub fn kitty_delete(id: u32, tmux: bool) -> String {
    let sequence = format!("\x1b_Ga=d,d=I,i={id},q=2\x1b\\");
    if tmux { super::probe::through_tmux(&sequence) } else { sequence }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn striped() -> RgbaImage {
        // Four rows of 20 pixels: red, green, blue, white.
        RgbaImage::from_fn(40, 80, |_, y| {
            let colours = [[255, 0, 0, 255], [0, 255, 0, 255], [0, 0, 255, 255], [255; 4]];
            image::Rgba(colours[(y / 20) as usize])
        })
    }

    #[test]
    fn half_blocks_are_drawn_cut_from_any_row() {
        let protocol = encode(&striped(), (4, 4), &Graphics::halfblocks(), 1).unwrap();
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 2));
        draw(&protocol, 2, Rect::new(1, 0, 4, 2), &mut buf);
        // The blue and white rows, in the two rows there is room for.
        // (Colours blend a little where the stripes meet.)
        let ratatui::style::Color::Rgb(r, g, b) = buf[(1, 0)].fg else { panic!("{buf:?}") };
        assert!(b > 200 && r < 64 && g < 64, "blue: {buf:?}");
        let ratatui::style::Color::Rgb(r, g, b) = buf[(1, 1)].fg else { panic!("{buf:?}") };
        assert!(r > 200 && g > 200 && b > 200, "white: {buf:?}");
        assert_eq!(buf[(0, 0)].symbol(), " ", "nothing left of the area");
    }

    #[test]
    fn kitty_sends_the_picture_with_the_first_cell_in_view() {
        let kitty = Graphics { kind: Kind::Kitty, font: (10, 20), tmux: false };
        let protocol = encode(&striped(), (4, 4), &kitty, 7).unwrap();
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 2));
        draw(&protocol, 2, buf.area, &mut buf);
        let first = buf[(0, 0)].symbol().to_string();
        assert!(first.starts_with("\x1b_G"), "{first:?}");
        assert!(first.contains("i=7"), "{first:?}");
        // Sent once: drawn again, only placeholders.
        let mut again = Buffer::empty(Rect::new(0, 0, 4, 4));
        draw(&protocol, 0, again.area, &mut again);
        assert!(again[(0, 0)].symbol().starts_with(KITTY_PLACEHOLDER));
    }

    #[test]
    fn the_rows_in_view_are_cut_out() {
        let part = rows_of(&striped(), 20, 1, 2);
        assert_eq!(part.dimensions(), (40, 40));
        assert_eq!(part.get_pixel(0, 0).0, [0, 255, 0, 255]);
        assert_eq!(part.get_pixel(0, 39).0, [0, 0, 255, 255]);
    }
}
