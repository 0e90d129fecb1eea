//! Draws the sample posts' two pictures (made here, not photographs):
//! `cargo run --example sample_pictures` writes
//! `sample-posts/images/tofukuji-maples.jpg` and `sample-posts/assets/elbo.png`.

use image::{Rgb, RgbImage};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // An autumn evening: an orange to red sky, a temple roof, a walkway.
    let (w, h) = (640u32, 400u32);
    let maples = RgbImage::from_fn(w, h, |x, y| {
        let t = y as f32 / h as f32;
        let sky =
            Rgb([(244.0 - 87.0 * t) as u8, (162.0 - 160.0 * t) as u8, (97.0 - 89.0 * t) as u8]);
        let roof = y > 90 && y < 180 && (x as i32 - 320).unsigned_abs() < (y - 90) * 3;
        let posts = (180..300).contains(&y) && ((80..100).contains(&x) || (540..560).contains(&x));
        let walk = (300..320).contains(&y);
        let leaves = (x * 7 + y * 13) % 23 == 0 && y < 90;
        match () {
            _ if roof => Rgb([106, 4, 15]),
            _ if posts || walk => Rgb([61, 43, 31]),
            _ if leaves => Rgb([208, 0, 0]),
            _ => sky,
        }
    });
    std::fs::create_dir_all("sample-posts/images")?;
    maples.save("sample-posts/images/tofukuji-maples.jpg")?;
    // A training curve: the bound rising and levelling off, on axes.
    let (w, h) = (480u32, 240u32);
    let mut plot = RgbImage::from_pixel(w, h, Rgb([255, 255, 255]));
    for x in 20..460 {
        plot.put_pixel(x, 220, Rgb([150, 150, 150]));
    }
    for y in 20..220 {
        plot.put_pixel(20, y, Rgb([150, 150, 150]));
    }
    for x in 21..460 {
        let t = (x - 20) as f32 / 440.0;
        let y = 220.0 - 190.0 * (1.0 - (-5.0 * t).exp());
        for dy in -1..=1 {
            plot.put_pixel(x, (y as i32 + dy) as u32, Rgb([29, 53, 87]));
        }
    }
    std::fs::create_dir_all("sample-posts/assets")?;
    plot.save("sample-posts/assets/elbo.png")?;
    Ok(())
}
