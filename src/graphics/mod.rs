//! Pictures drawn in the terminal: which protocol the terminal takes
//! (`probe`), how many cells a picture takes (`Frames::cells`), reading a
//! picture file with hard limits (`decode`), and encoding it for the
//! protocol (`encode`, with ratatui-image's kitty, sixel, iTerm2 and half
//! blocks).
//!
//! Nothing here changes the user's tmux options: ratatui-image's `Picker`
//! turns tmux's `allow-passthrough` on as it starts, so folio builds the
//! protocols itself and reads tmux's setting instead.

pub mod decode;
pub mod encode;
pub mod probe;
pub mod remote;
pub mod shelf;

use serde::Deserialize;

/// What the config's `images` and the `--images` flag ask for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Images {
    /// The best the terminal answers it takes.
    #[default]
    Auto,
    /// The kitty graphics protocol (kitty, Ghostty).
    Kitty,
    /// Sixel (foot, xterm, mlterm, WezTerm).
    Sixel,
    /// iTerm2's inline images (iTerm2, WezTerm).
    Iterm2,
    /// Coloured half blocks: any terminal with colours.
    Halfblocks,
    /// No pictures: their text only.
    Off,
}

/// How pictures are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The kitty graphics protocol, with Unicode placeholders.
    Kitty,
    /// Sixel.
    Sixel,
    /// iTerm2 inline images.
    Iterm2,
    /// Coloured half blocks.
    Halfblocks,
}

impl Kind {
    /// Its name, as the config says it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Kitty => "kitty",
            Kind::Sixel => "sixel",
            Kind::Iterm2 => "iterm2",
            Kind::Halfblocks => "halfblocks",
        }
    }

    /// Whether a picture of this kind is drawn in its cells, each on its
    /// own, so that a part of it can be drawn by copying rows (half
    /// blocks, kitty's placeholders); else it is one escape sequence for
    /// the whole, and a part of it must be encoded on its own.
    pub fn in_cells(self) -> bool {
        matches!(self, Kind::Kitty | Kind::Halfblocks)
    }
}

/// The terminal's way of drawing pictures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Graphics {
    /// The protocol.
    pub kind: Kind,
    /// A cell's size in pixels, width and height.
    pub font: (u16, u16),
    /// Whether the sequences go through tmux (wrapped for passthrough).
    pub tmux: bool,
}

impl Graphics {
    /// Half blocks, which every terminal with colours draws: a cell
    /// counted as 10 by 20 pixels.
    pub fn halfblocks() -> Graphics {
        Graphics { kind: Kind::Halfblocks, font: DEFAULT_FONT, tmux: false }
    }
}

/// A cell's size when the terminal does not say: about what most fonts
/// give, two high for one wide.
pub const DEFAULT_FONT: (u16, u16) = (10, 20);

/// The room pictures get in an article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Frames {
    /// A cell's size in pixels.
    pub font: (u16, u16),
    /// The most rows a picture may take (about two thirds of the pane).
    pub rows: u16,
    /// Whether pictures on the web are fetched (`remote_images`).
    pub remote: bool,
}

impl Frames {
    /// The room for pictures in a pane `height` rows high.
    pub fn for_pane(graphics: &Graphics, height: u16) -> Frames {
        Frames { font: graphics.font, rows: (height.saturating_mul(2) / 3).max(3), remote: false }
    }

    /// The cells, columns and rows, a picture of `pixels` takes in `width`
    /// columns: as wide as it fits, its shape kept, never above its
    /// natural size, never above [`Frames::rows`] rows.
    pub fn cells(&self, pixels: (u32, u32), width: usize) -> (u16, u16) {
        let (fw, fh) = (f64::from(self.font.0.max(1)), f64::from(self.font.1.max(1)));
        let (pw, ph) = (f64::from(pixels.0.max(1)), f64::from(pixels.1.max(1)));
        let natural = (pw / fw).ceil();
        let mut cols = natural.min(width.clamp(1, u16::MAX as usize) as f64).max(1.0);
        // Rows for those columns, the picture's shape kept.
        let mut rows = (cols * fw * ph / pw / fh).ceil().max(1.0);
        let most = f64::from(self.rows.max(1));
        if rows > most {
            rows = most;
            cols = (rows * fh * pw / ph / fw).floor().max(1.0);
        }
        (cols as u16, rows as u16)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRAMES: Frames = Frames { font: (10, 20), rows: 20, remote: false };

    #[test]
    fn a_picture_fits_the_width_and_keeps_its_shape() {
        // 2000 x 1000 pixels in 80 columns: 80 x 20 cells' worth of 800 x 400.
        assert_eq!(FRAMES.cells((2000, 1000), 80), (80, 20));
        assert_eq!(FRAMES.cells((2000, 500), 80), (80, 10));
    }

    #[test]
    fn a_small_picture_stays_at_its_natural_size() {
        assert_eq!(FRAMES.cells((100, 40), 80), (10, 2));
        assert_eq!(FRAMES.cells((1, 1), 80), (1, 1));
    }

    #[test]
    fn a_tall_picture_is_held_to_the_most_rows() {
        // 1000 x 4000: 80 columns would need 160 rows; 20 rows give 5 columns... of 10 px.
        let (cols, rows) = FRAMES.cells((1000, 4000), 80);
        assert_eq!(rows, 20);
        assert_eq!(cols, 10);
        // Its shape kept: 10 x 20 cells of 10 x 20 pixels are 100 x 400.
        let ratio = f64::from(cols) * 10.0 / (f64::from(rows) * 20.0);
        assert!((ratio - 0.25).abs() < 0.05, "{ratio}");
    }

    #[test]
    fn the_most_rows_follow_the_pane() {
        let g = Graphics::halfblocks();
        assert_eq!(Frames::for_pane(&g, 30).rows, 20);
        assert_eq!(Frames::for_pane(&g, 2).rows, 3);
    }
}
