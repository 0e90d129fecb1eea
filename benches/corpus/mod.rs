//! A generator of realistic post folders, for benchmarks and tests.
//!
//! Posts are 2-8 KB, with front matter in the shapes real blogs use (mostly
//! YAML like the seed post, some Jekyll-style, some TOML) and bodies with
//! headings, paragraphs, lists, quotes, code and links. The same seed gives
//! the same folder.
// Each bench, test and example that includes this uses a part of it.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

const WORDS: &[&str] = &[
    "system", "memory", "thread", "compiler", "garden", "river", "market", "design", "pattern",
    "cache", "latency", "reader", "writer", "signal", "network", "kernel", "budget", "season",
    "bread", "coffee", "journey", "mountain", "harbor", "lantern", "engine", "theory", "practice",
    "model", "layer", "vector", "index", "query", "folder", "terminal", "window", "history",
    "future", "city", "language", "music", "rhythm", "colour", "texture", "story", "chapter",
    "simple", "careful", "quiet", "rapid", "honest", "strange", "gentle", "bright", "hidden",
    "the", "a", "of", "and", "to", "in", "is", "that", "for", "with", "as", "on", "it", "we",
    "build", "measure", "explore", "explain", "remember", "notice", "share", "test", "break",
    "write", "read", "learn", "travel", "cook", "plant", "grow", "ship", "fix", "choose",
];

const TAGS: &[&str] = &[
    "rust",
    "go",
    "python",
    "databases",
    "performance",
    "testing",
    "design",
    "travel",
    "cooking",
    "gardening",
    "music",
    "photography",
    "history",
    "science",
    "math",
    "linux",
    "security",
    "networking",
    "career",
    "writing",
    "books",
    "film",
    "climate",
    "cycling",
    "running",
    "tea",
    "coffee",
    "architecture",
    "ux",
    "accessibility",
    "open-source",
    "release",
    "community",
    "tutorial",
    "opinion",
    "notes",
    "interview",
    "hardware",
    "embedded",
    "web",
];

const AUTHORS: &[&str] = &[
    "Ada Lovelace",
    "Grace Hopper",
    "Alan Turing",
    "Katherine Johnson",
    "Edsger Dijkstra",
    "Barbara Liskov",
    "Donald Knuth",
    "Margaret Hamilton",
    "Ken Thompson",
    "Radia Perlman",
    "Niklaus Wirth",
    "Frances Allen",
    "John McCarthy",
    "Hedy Lamarr",
    "Dennis Ritchie",
    "Sophie Wilson",
    "Tim Berners-Lee",
    "Mary Somerville",
    "Linus Torvalds",
    "Anita Borg",
];

const LANGUAGES: &[&str] = &["rust", "python", "go", "sh", "json", "toml", "c", "js"];

/// Writes `count` posts under `dir` (in year folders), reproducibly from `seed`.
pub fn generate(dir: &Path, count: usize, seed: u64) -> io::Result<()> {
    let mut rng = fastrand::Rng::with_seed(seed);
    for year in 2010..2026 {
        fs::create_dir_all(dir.join(year.to_string()))?;
    }
    for i in 0..count {
        let (name, text) = post(&mut rng, i);
        fs::write(dir.join(name), text)?;
    }
    Ok(())
}

/// A generated corpus of `count` posts under `target/bench-corpora/`,
/// written the first time it is asked for (benchmarks share it).
pub fn cached(manifest_dir: &Path, count: usize) -> io::Result<std::path::PathBuf> {
    let dir = manifest_dir.join(format!("target/bench-corpora/{count}"));
    let done = dir.join(".complete");
    if !done.exists() {
        let _ = fs::remove_dir_all(&dir);
        generate(&dir, count, 42)?;
        fs::write(&done, b"")?;
    }
    Ok(dir)
}

/// One post: its path inside the folder and its text.
pub fn post(rng: &mut fastrand::Rng, i: usize) -> (String, String) {
    let year = rng.u32(2010..2026);
    let (month, day) = (rng.u32(1..13), rng.u32(1..29));
    let title = sentence(rng, 3, 9);
    let slug: String =
        title.to_lowercase().split_whitespace().take(5).collect::<Vec<_>>().join("-");
    let tags: Vec<&str> = (0..rng.usize(1..5)).map(|_| TAGS[rng.usize(..TAGS.len())]).collect();
    let author = AUTHORS[rng.usize(..AUTHORS.len())];
    let mut text = String::with_capacity(8 * 1024);
    let shape = rng.u8(0..10);
    let name = match shape {
        0 => {
            let _ = write!(
                text,
                "+++\ntitle = \"{title}\"\ndate = {year}-{month:02}-{day:02}\nauthors = [\"{author}\"]\n\n[taxonomies]\ntags = {tags:?}\n+++\n\n"
            );
            format!("{year}/{slug}-{i}.md")
        }
        1 => {
            let _ = write!(
                text,
                "---\nlayout: post\ntitle: {title}\ndate: {year}-{month:02}-{day:02} {:02}:{:02}:00 +0{}00\ncategories: {}\nauthor: {author}\n---\n\n",
                rng.u32(0..24),
                rng.u32(0..60),
                rng.u32(0..10),
                tags.join(" ")
            );
            format!("{year}/{year}-{month:02}-{day:02}-{slug}-{i}.markdown")
        }
        _ => {
            let excerpt = if rng.bool() {
                format!("excerpt: \"{}\"\n", sentence(rng, 10, 25))
            } else {
                String::new()
            };
            let draft = if rng.u8(0..20) == 0 { "draft: true\n" } else { "" };
            let _ = write!(
                text,
                "---\ntitle: \"{title}\"\ndate: \"{year}-{month:02}-{day:02}\"\ntags: {tags:?}\nauthor: \"{author}\"\n{excerpt}{draft}---\n\n"
            );
            format!("{year}/{slug}-{i}.md")
        }
    };
    let target = rng.usize(2048..8192);
    let _ = write!(text, "# {title}\n\n");
    while text.len() < target {
        body_block(rng, &mut text);
    }
    (name, text)
}

/// One long post of about `bytes` bytes: front matter, then a realistic mix
/// of prose, headings, lists, quotes, code in several languages, tables,
/// links and footnotes.
pub fn long_post(bytes: usize, seed: u64) -> String {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut text = String::with_capacity(bytes + 8192);
    text.push_str("---\ntitle: \"A Very Long Post\"\ndate: 2024-01-01\ntags: [benchmark]\nauthor: Generator\n---\n\n# A Very Long Post\n\n");
    let mut notes = 0;
    while text.len() < bytes {
        match rng.u8(0..12) {
            0 => {
                let _ = write!(
                    text,
                    "| {} | {} | {} |\n|:--|:-:|--:|\n",
                    sentence(&mut rng, 1, 2),
                    sentence(&mut rng, 1, 3),
                    sentence(&mut rng, 1, 2)
                );
                for _ in 0..rng.usize(2..6) {
                    let _ = writeln!(
                        text,
                        "| {} | **{}** | {} |",
                        sentence(&mut rng, 1, 6),
                        sentence(&mut rng, 1, 2),
                        rng.u32(..10_000)
                    );
                }
                text.push('\n');
            }
            1 => {
                notes += 1;
                let _ = write!(
                    text,
                    "{} with a note[^n{notes}].\n\n[^n{notes}]: {}.\n\n",
                    sentence(&mut rng, 5, 15),
                    sentence(&mut rng, 5, 12)
                );
            }
            2 => {
                for i in 1..rng.usize(3..7) {
                    let _ = writeln!(
                        text,
                        "{i}. *{}* and `{}`",
                        sentence(&mut rng, 3, 10),
                        WORDS[rng.usize(..WORDS.len())]
                    );
                    if rng.bool() {
                        let _ = writeln!(
                            text,
                            "   - [{}] {}",
                            if rng.bool() { "x" } else { " " },
                            sentence(&mut rng, 2, 8)
                        );
                    }
                }
                text.push('\n');
            }
            _ => body_block(&mut rng, &mut text),
        }
    }
    text
}

/// A post of about `bytes` bytes whose text is half code: prose paragraphs
/// and headings between Python and Rust blocks of realistic code.
pub fn code_heavy_post(bytes: usize, seed: u64) -> String {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut text = String::with_capacity(bytes + 8192);
    text.push_str("---\ntitle: \"A Code-Heavy Post\"\ndate: 2024-01-01\ntags: [benchmark]\nauthor: Generator\n---\n\n# A Code-Heavy Post\n\n");
    let (mut prose, mut code) = (0usize, 0usize);
    let mut block = 0usize;
    while text.len() < bytes {
        let start = text.len();
        if code <= prose {
            block += 1;
            let word = |rng: &mut fastrand::Rng| WORDS[rng.usize(..WORDS.len())];
            if block.is_multiple_of(2) {
                text.push_str("```python\n");
                for n in 0..rng.usize(8..30) {
                    let _ = match n % 5 {
                        0 => writeln!(text, "def {}_{n}(items, limit={n}):", word(&mut rng)),
                        1 => writeln!(
                            text,
                            "    \"\"\"Return the {} of {}.\"\"\"",
                            word(&mut rng),
                            word(&mut rng)
                        ),
                        2 => writeln!(
                            text,
                            "    total = sum(x * {n} for x in items if x > limit)  # {}",
                            word(&mut rng)
                        ),
                        3 => writeln!(
                            text,
                            "    return {{'{}': total, \"count\": len(items)}}",
                            word(&mut rng)
                        ),
                        _ => writeln!(text),
                    };
                }
            } else {
                text.push_str("```rust\n");
                for n in 0..rng.usize(8..30) {
                    let _ = match n % 5 {
                        0 => writeln!(
                            text,
                            "pub fn {}_{n}(items: &[u64], limit: u64) -> Result<u64, Error> {{",
                            word(&mut rng)
                        ),
                        1 => writeln!(text, "    // Sum the {} above the limit.", word(&mut rng)),
                        2 => writeln!(
                            text,
                            "    let total: u64 = items.iter().filter(|&&x| x > limit).map(|x| x * {n}).sum();"
                        ),
                        3 => writeln!(
                            text,
                            "    Ok(total.checked_add({n}).ok_or(Error::Overflow(\"{}\"))?)",
                            word(&mut rng)
                        ),
                        _ => writeln!(text, "}}"),
                    };
                }
            }
            text.push_str("```\n\n");
            code += text.len() - start;
        } else {
            body_block(&mut rng, &mut text);
            prose += text.len() - start;
        }
    }
    text
}

fn body_block(rng: &mut fastrand::Rng, text: &mut String) {
    match rng.u8(0..10) {
        0 => {
            let _ = write!(text, "## {}\n\n", sentence(rng, 2, 6));
        }
        1 => {
            for _ in 0..rng.usize(2..6) {
                let _ = writeln!(text, "- {}", sentence(rng, 3, 12));
            }
            text.push('\n');
        }
        2 => {
            let lang = LANGUAGES[rng.usize(..LANGUAGES.len())];
            let _ = writeln!(text, "```{lang}");
            for n in 0..rng.usize(3..12) {
                let _ = writeln!(
                    text,
                    "let value_{n} = compute(\"{}\", {n});",
                    WORDS[rng.usize(..WORDS.len())]
                );
            }
            text.push_str("```\n\n");
        }
        3 => {
            let _ = write!(text, "> {}\n\n", sentence(rng, 8, 20));
        }
        _ => {
            let sentences = rng.usize(2..6);
            for s in 0..sentences {
                if s > 0 {
                    text.push(' ');
                }
                text.push_str(&sentence(rng, 6, 18));
                if rng.u8(0..6) == 0 {
                    let _ = write!(
                        text,
                        " See [the {} notes](https://example.com/{}).",
                        WORDS[rng.usize(..WORDS.len())],
                        rng.u32(..1000)
                    );
                }
            }
            text.push_str("\n\n");
        }
    }
}

fn sentence(rng: &mut fastrand::Rng, min: usize, max: usize) -> String {
    let count = rng.usize(min..=max);
    let mut out = String::new();
    for i in 0..count {
        let word = WORDS[rng.usize(..WORDS.len())];
        if i == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(word);
        }
    }
    out
}

/// Formulas as a machine-learning blog writes them (kramdown, MathJax).
const FORMULAS: &[&str] = &[
    r"D_{KL}(p \| q) = \int_x p(x) \log \frac{p(x)}{q(x)} dx",
    r"\mathcal{L}(\theta) = \mathbb{E}_{x \sim p_{\text{data}}} [\log p_\theta(x)]",
    r"\nabla_\theta J(\theta) = \mathbb{E}_{\pi_\theta} [\nabla_\theta \log \pi_\theta(a \vert s) Q^{\pi}(s, a)]",
    r"\boldsymbol{\mu} = \frac{1}{N} \sum_{i=1}^{N} \mathbf{x}_i",
    r"\text{softmax}(z)_i = \frac{\exp(z_i)}{\sum_j \exp(z_j)}",
    r"\lVert \mathbf{w} \rVert_2^2 \leq \color{red}{C}",
    r"\begin{bmatrix} \cos\theta & -\sin\theta \\ \sin\theta & \cos\theta \end{bmatrix}",
    r"\begin{aligned} a &= b + c \\ &= \sqrt{(1-\alpha_t) + \beta_t} \end{aligned}",
    r"q(x_t \vert x_{t-1}) = \mathcal{N}(x_t; \sqrt{1-\beta_t} x_{t-1}, \beta_t \mathbf{I})",
    r"\arg\max_{a} \; Q(s, a) \quad \text{s.t.} \; \| a \| \leq 1",
];

/// A post of about `bytes` bytes heavy with math, as a kramdown blog is:
/// paragraphs with inline `$$…$$` formulas, and display formulas between
/// them (about one formula per 130 bytes).
pub fn math_heavy_post(bytes: usize, seed: u64) -> String {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut text = String::with_capacity(bytes + 1024);
    text.push_str("---\nlayout: post\ntitle: \"A Math-Heavy Post\"\ndate: 2024-01-01\ntags: [benchmark]\n---\n\n* TOC\n{:toc}\n\n");
    let mut section = 0;
    while text.len() < bytes {
        section += 1;
        let _ = writeln!(text, "## Section {section}\n");
        for _ in 0..3 {
            let word = |rng: &mut fastrand::Rng| WORDS[rng.usize(..WORDS.len())];
            let formula = |rng: &mut fastrand::Rng| FORMULAS[rng.usize(..FORMULAS.len())];
            let _ = writeln!(
                text,
                "The {} of $${}$$ is the {} when $${}$$ holds.\n",
                word(&mut rng),
                formula(&mut rng),
                word(&mut rng),
                formula(&mut rng)
            );
            let _ = writeln!(text, "$$\n{}\n$$\n", formula(&mut rng));
        }
    }
    text
}
