//! Rendering speed: every sample post, and one generated 5 MB post (render
//! plus ANSI output, what `folio render --color always` does).

mod corpus;

use std::path::Path;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use folio::theme::Theme;
use folio::{Post, article};

fn sample_posts(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-posts");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let theme = Theme::default();
    let mut group = c.benchmark_group("render_sample");
    group
        .sample_size(20)
        .measurement_time(Duration::from_millis(800))
        .warm_up_time(Duration::from_millis(300));
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let post = Post::parse(&file, &text, &mut Vec::new());
        let body = folio::post::front_matter::split(&text).body.to_string();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        group.bench_with_input(BenchmarkId::from_parameter(name), &body, |b, body| {
            b.iter(|| article::render(&post, body, 100, &theme))
        });
    }
    group.finish();
}

fn long_post(c: &mut Criterion) {
    let text = corpus::long_post(5 * 1024 * 1024, 42);
    let post = Post::parse(Path::new("long.md"), &text, &mut Vec::new());
    let body = folio::post::front_matter::split(&text).body;
    let theme = Theme::default();
    let mut group = c.benchmark_group("render_5mb");
    group.sample_size(10);
    group.bench_function("render_and_write_ansi", |b| {
        b.iter(|| {
            let article = article::render(&post, body, 100, &theme);
            folio::ansi::write_lines(&mut std::io::sink(), &article.lines, true).unwrap();
        })
    });
    group.finish();
}

/// The 5 MB code-heavy post (half Python and Rust blocks) in the reader:
/// key to first screen (the top, rendered first). The whole post in colour
/// is measured as a process against mdcat (see the README): within one
/// process, coloured blocks are kept and would be counted once.
fn code_heavy(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("code-heavy.md");
    let text = corpus::code_heavy_post(5 * 1024 * 1024, 42);
    std::fs::write(&file, &text).unwrap();
    let post = Post::parse(Path::new("code-heavy.md"), &text, &mut Vec::new());
    let mut group = c.benchmark_group("code_heavy_5mb");
    group.sample_size(10);
    let theme = Theme::plain();
    group.bench_function("first_screen", |b| {
        b.iter_custom(|iterations| first_screen(&post, &file, &theme, iterations))
    });
    group.finish();
}

/// Key to first screen in the reader, `iterations` times: only the first
/// step is timed, the rest is what the reader draws while the post is
/// already on screen.
fn first_screen(post: &Post, file: &Path, theme: &Theme, iterations: u64) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iterations {
        let started = std::time::Instant::now();
        let mut first = None;
        let mut early = |_| {
            first.get_or_insert(started.elapsed());
        };
        let _ = article::render_file_in_steps(post, file, 100, None, theme, &mut early, &|| false);
        total += first.unwrap_or_else(|| started.elapsed());
    }
    total
}

/// A 90 KB post heavy with math (about 700 formulas): key to first screen
/// in the reader, and the whole post; one typical formula converted.
fn math_heavy(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("math-heavy.markdown");
    let text = corpus::math_heavy_post(90 * 1024, 42);
    std::fs::write(&file, &text).unwrap();
    let post = Post::parse(Path::new("math-heavy.markdown"), &text, &mut Vec::new());
    let theme = Theme::default();
    let mut group = c.benchmark_group("math_heavy_90kb");
    group.sample_size(10);
    group.bench_function("first_screen", |b| {
        b.iter_custom(|iterations| first_screen(&post, &file, &theme, iterations))
    });
    group.bench_function("whole_post", |b| {
        b.iter(|| article::render_file(&post, &file, 100, None, &theme))
    });
    group.finish();
    let formula = r"D_{KL}(p \| q) = \int_x p(x) \log \frac{p(x)}{q(x)} dx";
    c.bench_function("math/one_formula", |b| b.iter(|| folio::markdown::math::to_unicode(formula)));
    let matrix =
        r"\begin{bmatrix} \cos\theta & -\sin\theta \\ \sin\theta & \cos\theta \end{bmatrix}";
    c.bench_function("math/one_matrix", |b| b.iter(|| folio::markdown::math::to_unicode(matrix)));
}

/// Posts built to be slow: each pattern that once grew with the square of
/// its length (a closing mark looked for from every opening one, an element
/// stack scanned per tag), at N and 2N bytes. Linear when the 2N time is
/// about twice the N time.
fn hostile_patterns(c: &mut Criterion) {
    let patterns: [(&str, &str); 13] = [
        ("liquid_tags", "{% "),
        ("liquid_outputs", "{{ "),
        ("site_values", "{{ site."),
        ("hugo_percent", "{{% "),
        ("hugo_angle", "{{< x \""),
        ("unclosed_details", "<details>\n"),
        ("unclosed_tables", "<table>\n"),
        ("attributes", "a=\"v\" "),
        ("tag_over_lines", "b=\"x\"\n"),
        ("math_roots", "\\sqrt"),
        ("math_groups", "{"),
        ("math_matrices", "\\begin{matrix} a & "),
        ("mathml_rows", "<mrow><mi>x</mi>"),
    ];
    let theme = Theme::plain();
    let mut group = c.benchmark_group("render_hostile");
    group.sample_size(10).measurement_time(Duration::from_secs(2));
    for (name, unit) in patterns {
        for bytes in [150_000, 300_000] {
            let body = unit.repeat(bytes / unit.len());
            let body = match name {
                "attributes" => format!("<p {body}>after</p>\n"),
                "tag_over_lines" => format!("text <a\n{body}>after</a>\n"),
                "math_roots" | "math_groups" | "math_matrices" => format!("$${body}$$\n"),
                "mathml_rows" => format!("<math>{body}</math>\n"),
                _ => body,
            };
            let post = Post::parse(Path::new("hostile.md"), "# Hostile\n", &mut Vec::new());
            group.bench_with_input(BenchmarkId::new(name, bytes), &body, |b, body| {
                b.iter(|| article::render(&post, body, 100, &theme))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, sample_posts, long_post, code_heavy, math_heavy, hostile_patterns);
criterion_main!(benches);
