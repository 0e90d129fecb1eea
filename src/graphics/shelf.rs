//! Pictures made ready for the reader: read and made small once, kept on
//! a shelf within a memory budget (least recently used dropped first),
//! then encoded whole or for the rows in view.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use image::RgbaImage;
use ratatui_image::protocol::Protocol;

use super::Graphics;
use super::decode::{self, Refusal};
use super::encode::{encode, rows_of};

/// A picture wanted in the article: its file, the cells it takes, and
/// the rows of it to encode (from, how many): all of them, or those in
/// view for a protocol that cannot draw a part of a whole.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Want {
    /// Its file.
    pub path: PathBuf,
    /// Columns and rows.
    pub cells: (u16, u16),
    /// The first row and how many.
    pub rows: (u16, u16),
}

impl Want {
    /// The whole picture.
    pub fn whole(path: PathBuf, cells: (u16, u16)) -> Want {
        Want { path, cells, rows: (0, cells.1) }
    }
}

/// A picture encoded for the terminal.
pub struct Encoded {
    /// What ratatui-image draws.
    pub protocol: Protocol,
    /// About how much memory it holds.
    pub bytes: usize,
    /// The kitty picture's id (0 for other protocols).
    pub id: u32,
}

impl std::fmt::Debug for Encoded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Encoded({} bytes, id {})", self.bytes, self.id)
    }
}

/// The memory the shelf's pictures may take.
pub const BUDGET: usize = 32 << 20;

/// A picture made small, and when it was last used.
type Kept = (Arc<RgbaImage>, u64);

/// Pictures read and made small, kept between requests.
#[derive(Debug)]
pub struct Shelf {
    kept: HashMap<(PathBuf, (u16, u16)), Kept>,
    clock: u64,
    bytes: usize,
    budget: usize,
}

impl Default for Shelf {
    fn default() -> Self {
        Shelf::with_budget(BUDGET)
    }
}

impl Shelf {
    /// A shelf keeping at most `budget` bytes of pictures (the newest is
    /// always kept).
    pub fn with_budget(budget: usize) -> Shelf {
        Shelf { kept: HashMap::new(), clock: 0, bytes: 0, budget }
    }

    /// The picture `want` asks for, encoded for `graphics`; a kitty
    /// picture gets `id`.
    pub fn load(&mut self, want: &Want, graphics: &Graphics, id: u32) -> Result<Encoded, Refusal> {
        let picture = self.picture(want, graphics)?;
        let (skip, take) = want.rows;
        let part = if skip == 0 && take >= want.cells.1 {
            picture
        } else {
            Arc::new(rows_of(&picture, graphics.font.1, skip, take))
        };
        let protocol =
            encode(&part, (want.cells.0, take), graphics, id).map_err(|_| Refusal::Damaged)?;
        let id = if graphics.kind == super::Kind::Kitty { id } else { 0 };
        Ok(Encoded { protocol, bytes: part.as_raw().len() * 4 / 3, id })
    }

    /// The picture of `want`, the size of its cells, from the shelf or
    /// read now.
    fn picture(&mut self, want: &Want, graphics: &Graphics) -> Result<Arc<RgbaImage>, Refusal> {
        self.clock += 1;
        let key = (want.path.clone(), want.cells);
        if let Some((picture, used)) = self.kept.get_mut(&key) {
            *used = self.clock;
            return Ok(Arc::clone(picture));
        }
        let (fw, fh) = (u32::from(graphics.font.0), u32::from(graphics.font.1));
        let room = (u32::from(want.cells.0) * fw, u32::from(want.cells.1) * fh);
        let picture = Arc::new(decode::decode(&want.path, room)?);
        self.bytes += picture.as_raw().len();
        self.kept.insert(key, (Arc::clone(&picture), self.clock));
        while self.bytes > self.budget && self.kept.len() > 1 {
            let oldest =
                self.kept.iter().min_by_key(|(_, (_, used))| *used).map(|(k, _)| k.clone());
            if let Some((gone, _)) = oldest.and_then(|k| self.kept.remove(&k)) {
                self.bytes -= gone.as_raw().len();
            }
        }
        Ok(picture)
    }

    /// The memory the shelf holds.
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shelf_keeps_to_its_budget() {
        let dir = tempfile::tempdir().unwrap();
        let mut shelf = Shelf::default();
        let graphics = Graphics::halfblocks();
        // Each 200 x 100 cells of 10 x 20 pixels: 2000 x 2000 pixels, 16 MB.
        for i in 0..4 {
            let path = dir.path().join(format!("{i}.png"));
            RgbaImage::from_pixel(2000, 2000, image::Rgba([i * 50, 0, 0, 255]))
                .save(&path)
                .unwrap();
            let want = Want::whole(path, (200, 100));
            let encoded = shelf.load(&want, &graphics, 0).unwrap();
            assert_eq!(encoded.protocol.size().width, 200);
            assert!(shelf.bytes() <= BUDGET, "{}", shelf.bytes());
        }
        assert!(shelf.kept.len() < 4);
    }

    #[test]
    fn the_rows_in_view_are_encoded_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.png");
        RgbaImage::from_pixel(100, 100, image::Rgba([0, 0, 255, 255])).save(&path).unwrap();
        let mut shelf = Shelf::default();
        let sixel = Graphics { kind: super::super::Kind::Sixel, font: (10, 20), tmux: false };
        let want = Want { path, cells: (10, 5), rows: (2, 3) };
        let encoded = shelf.load(&want, &sixel, 0).unwrap();
        assert_eq!(encoded.protocol.size(), ratatui::layout::Size::new(10, 3));
    }
}
