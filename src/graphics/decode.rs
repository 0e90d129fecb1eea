//! Reading a picture file with hard limits: PNG, JPEG, GIF (its first
//! frame) and WebP only; a file too big, a picture too large to decode
//! (a decompression bomb declares one), a damaged or truncated file, or a
//! FIFO named `x.png` is refused at once with its reason.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use image::{ImageFormat, ImageReader, Limits, RgbaImage};

/// The largest picture file read.
pub const MAX_FILE: u64 = 64 << 20;
/// The most pixels a picture may have (a 6,000 x 6,000 photograph is 36
/// million).
pub const MAX_PIXELS: u64 = 40_000_000;
/// The most memory one decoding may take.
pub const MAX_ALLOC: u64 = 200 << 20;

/// Why a picture file is not drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Refusal {
    /// It cannot be opened or read, or it is not a regular file.
    Unreadable,
    /// Not a PNG, JPEG, GIF or WebP picture.
    NotAnImage,
    /// Its file or its picture is over the limits.
    TooLarge,
    /// It starts as a picture but cannot be decoded (truncated, corrupt).
    Damaged,
}

impl Refusal {
    /// A few words for the reader.
    pub fn words(self) -> &'static str {
        match self {
            Refusal::Unreadable => "unreadable",
            Refusal::NotAnImage => "not an image",
            Refusal::TooLarge => "too large",
            Refusal::Damaged => "damaged",
        }
    }
}

/// Opens a regular file without ever waiting (a FIFO opened for reading
/// would wait for a writer).
fn open(path: &Path) -> Result<File, Refusal> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|_| Refusal::Unreadable)?;
    let meta = file.metadata().map_err(|_| Refusal::Unreadable)?;
    if !meta.is_file() {
        return Err(Refusal::Unreadable);
    }
    if meta.len() > MAX_FILE {
        return Err(Refusal::TooLarge);
    }
    Ok(file)
}

fn reader(path: &Path) -> Result<ImageReader<BufReader<File>>, Refusal> {
    let reader = ImageReader::new(BufReader::new(open(path)?))
        .with_guessed_format()
        .map_err(|_| Refusal::Unreadable)?;
    match reader.format() {
        Some(ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP) => {
            Ok(reader)
        }
        _ => Err(Refusal::NotAnImage),
    }
}

/// A picture's size in pixels, read from its header only: the text of a
/// post waits for it. (The image crate's JPEG decoder reads the whole
/// file even for its size; imagesize reads a JPEG's segments up to its
/// frame header and no further.)
pub fn size(path: &Path) -> Result<(u32, u32), Refusal> {
    let reader = reader(path)?;
    let (width, height) = if reader.format() == Some(ImageFormat::Jpeg) {
        let size = imagesize::reader_size(reader.into_inner()).map_err(|_| Refusal::NotAnImage)?;
        let side = |n: usize| u32::try_from(n).map_err(|_| Refusal::TooLarge);
        (side(size.width)?, side(size.height)?)
    } else {
        reader.into_dimensions().map_err(|error| match error {
            image::ImageError::Limits(_) => Refusal::TooLarge,
            _ => Refusal::NotAnImage,
        })?
    };
    if width == 0 || height == 0 {
        return Err(Refusal::NotAnImage);
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Refusal::TooLarge);
    }
    Ok((width, height))
}

/// The picture at `path`, made to fit `box_pixels` (its shape kept): only
/// the small copy is kept, the whole decoded picture let go at once.
pub fn decode(path: &Path, box_pixels: (u32, u32)) -> Result<RgbaImage, Refusal> {
    size(path)?;
    let mut reader = reader(path)?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(16_384);
    limits.max_image_height = Some(16_384);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let picture = reader.decode().map_err(|error| match error {
        image::ImageError::Limits(_) => Refusal::TooLarge,
        _ => Refusal::Damaged,
    })?;
    let (width, height) = (box_pixels.0.max(1), box_pixels.1.max(1));
    let small = if picture.width() <= width && picture.height() <= height {
        picture
    } else {
        picture.thumbnail(width, height)
    };
    Ok(small.into_rgba8())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(dir: &Path, name: &str, w: u32, h: u32) -> std::path::PathBuf {
        let path = dir.join(name);
        RgbaImage::from_pixel(w, h, image::Rgba([200, 10, 10, 255])).save(&path).unwrap();
        path
    }

    #[test]
    fn a_picture_is_read_and_made_small() {
        let dir = tempfile::tempdir().unwrap();
        let path = png(dir.path(), "a.png", 400, 200);
        assert_eq!(size(&path), Ok((400, 200)));
        let small = decode(&path, (100, 100)).unwrap();
        assert_eq!(small.dimensions(), (100, 50));
        assert_eq!(small.get_pixel(10, 10).0, [200, 10, 10, 255]);
    }

    #[test]
    fn a_jpegs_size_is_read_from_its_header_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jpg");
        let noisy = image::RgbImage::from_fn(640, 480, |x, y| {
            image::Rgb([((x * 7) ^ (y * 13)) as u8, (x ^ y) as u8, (x * y) as u8])
        });
        noisy.save(&path).unwrap();
        assert_eq!(size(&path), Ok((640, 480)));
        // Only its first kilobyte: the size is there, the picture is not.
        let whole = std::fs::read(&path).unwrap();
        assert!(whole.len() > 10_000);
        let head = dir.path().join("head.jpg");
        std::fs::write(&head, &whole[..1024]).unwrap();
        assert_eq!(size(&head), Ok((640, 480)));
        // Its header cut short.
        std::fs::write(&head, &whole[..20]).unwrap();
        assert_eq!(size(&head), Err(Refusal::NotAnImage));
    }

    #[test]
    fn bad_files_are_refused_with_their_reason() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("t.png");
        std::fs::write(&text, "hello, not a picture").unwrap();
        assert_eq!(size(&text), Err(Refusal::NotAnImage));
        let whole = std::fs::read(png(dir.path(), "w.png", 300, 300)).unwrap();
        let cut = dir.path().join("cut.png");
        std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
        assert_eq!(decode(&cut, (50, 50)), Err(Refusal::Damaged));
        assert_eq!(size(&dir.path().join("none.png")), Err(Refusal::Unreadable));
        assert_eq!(size(dir.path()), Err(Refusal::Unreadable));
    }

    #[test]
    fn a_fifo_is_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.png");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        assert_eq!(size(&fifo), Err(Refusal::Unreadable));
    }

    #[test]
    fn a_bomb_is_refused_from_its_header() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bomb.png");
        std::fs::write(&path, bomb_png(100_000, 100_000)).unwrap();
        assert_eq!(size(&path), Err(Refusal::TooLarge));
        assert_eq!(decode(&path, (100, 100)), Err(Refusal::TooLarge));
    }

    /// A PNG declaring `w` x `h` pixels, with a little compressed data
    /// (a decompression bomb's start: zeros deflate to almost nothing).
    pub(crate) fn bomb_png(w: u32, h: u32) -> Vec<u8> {
        let chunk = |out: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
            let mut body = kind.to_vec();
            body.extend_from_slice(data);
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            out.extend_from_slice(&body);
            out.extend_from_slice(&crc32fast::hash(&body).to_be_bytes());
        };
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&w.to_be_bytes());
        ihdr.extend_from_slice(&h.to_be_bytes());
        ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        chunk(&mut out, b"IHDR", &ihdr);
        // A zlib stream of a stored empty block: valid, and far too short.
        chunk(
            &mut out,
            b"IDAT",
            &[0x78, 0x01, 0x01, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01],
        );
        chunk(&mut out, b"IEND", &[]);
        out
    }
}
