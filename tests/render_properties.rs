//! Properties of the renderer over generated documents.

use folio::markdown::render;
use folio::theme::Theme;
use proptest::prelude::*;

/// A word that is never Markdown syntax.
fn word() -> impl Strategy<Value = String> {
    "[a-z]{1,8}"
}

fn words(max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(word(), 1..max)
}

/// Inline text: words, some emphasised, struck, coded or linked.
fn inline() -> impl Strategy<Value = (String, Vec<String>)> {
    prop::collection::vec((word(), 0u8..6), 1..12).prop_map(|items| {
        let mut text = Vec::new();
        let mut plain = Vec::new();
        for (w, kind) in items {
            text.push(match kind {
                0 => format!("*{w}*"),
                1 => format!("**{w}**"),
                2 => format!("`{w}`"),
                3 => format!("[{w}](https://example.com/{w})"),
                4 => format!("~~{w}~~"),
                _ => w.clone(),
            });
            plain.push(w);
        }
        (text.join(" "), plain)
    })
}

/// A block of Markdown and the words it holds.
fn block() -> impl Strategy<Value = (String, Vec<String>)> {
    prop_oneof![
        inline(),
        (1usize..7, inline())
            .prop_map(|(level, (text, w))| (format!("{} {text}", "#".repeat(level)), w)),
        prop::collection::vec((inline(), 0usize..3, any::<bool>()), 1..5).prop_map(|items| {
            let mut text = String::new();
            let mut all = Vec::new();
            for ((line, w), depth, ordered) in items {
                let marker = if ordered { "1." } else { "-" };
                text.push_str(&format!("{}{marker} {line}\n", "   ".repeat(depth.min(1))));
                all.extend(w);
            }
            (text, all)
        }),
        (inline(), 1usize..3)
            .prop_map(|((line, w), depth)| (format!("{} {line}", ">".repeat(depth)), w)),
        words(6).prop_map(|w| (format!("```\n{}\n```", w.join(" ")), w)),
        (1usize..4, prop::collection::vec(words(3), 2..4)).prop_map(|(columns, rows)| {
            let cell =
                |row: &Vec<String>, c: usize| row.get(c).cloned().unwrap_or_else(|| "x".into());
            let mut text = String::new();
            let mut all = Vec::new();
            for (r, row) in rows.iter().enumerate() {
                let cells: Vec<String> = (0..columns).map(|c| cell(row, c)).collect();
                all.extend(cells.iter().cloned());
                text.push_str(&format!("| {} |\n", cells.join(" | ")));
                if r == 0 {
                    text.push_str(&format!("|{}\n", "---|".repeat(columns)));
                }
            }
            (text, all)
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn every_word_appears_in_the_plain_rendering(
        blocks in prop::collection::vec(block(), 1..8),
        width in 40usize..120,
    ) {
        let markdown: Vec<&str> = blocks.iter().map(|(text, _)| text.as_str()).collect();
        let markdown = markdown.join("\n\n");
        let article = render(&markdown, width, &Theme::plain());
        let output: String = article.lines.iter().map(|l| l.to_string() + "\n").collect();
        // Code is cut at the width, not at a word: its continuation lines
        // (indented, marked with ↪) joined back give its words.
        let joined = output.replace("\n    ↪", "");
        for (_, words) in &blocks {
            for word in words {
                prop_assert!(output.contains(word.as_str()) || joined.contains(word.as_str()), "{word:?} missing\n--- markdown\n{markdown}\n--- output\n{output}");
            }
        }
        for line in &article.lines {
            prop_assert!(line.width() <= width, "{:?} wider than {width}", line.to_string());
        }
    }

    #[test]
    fn any_text_renders_without_panic(text in "\\PC{0,400}", width in 0usize..100) {
        let _ = render(&text, width, &Theme::default());
    }
}

/// A piece of TeX: commands folio knows and does not, braces (balanced or
/// not), scripts, environments, rows and cells.
fn tex_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(r"\frac".to_string()),
        Just(r"\sqrt".to_string()),
        Just(r"\log".to_string()),
        Just(r"\boldsymbol".to_string()),
        Just(r"\begin{bmatrix}".to_string()),
        Just(r"\end{bmatrix}".to_string()),
        Just(r"\begin{aligned}".to_string()),
        Just(r"\\".to_string()),
        Just("&".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("^".to_string()),
        Just("_".to_string()),
        Just(r"\left(".to_string()),
        Just(r"\color{red}".to_string()),
        Just(r"\unknown".to_string()),
        "[a-z0-9+=() ]{1,4}",
    ]
}

proptest! {
    /// Any formula, however broken, is converted: nothing is lost that the
    /// formula's letters held, and the output stays within a bound of the
    /// input's size (what the converter does per character is bounded).
    #[test]
    fn any_formula_converts_within_bounds(pieces in prop::collection::vec(tex_piece(), 0..200)) {
        let tex: String = pieces.concat();
        let display = folio::markdown::math::to_unicode(&tex);
        let inline = folio::markdown::math::to_unicode_inline(&tex);
        prop_assert!(!inline.contains('\n'));
        // A grid pads its cells: at most the square of a row's cells; a
        // bound of 64 times the input holds for these inputs.
        prop_assert!(display.len() <= 64 * tex.len() + 64, "{} -> {}", tex.len(), display.len());
        // Each digit is shown: as itself, small in a script, or bold.
        for digit in tex.chars().filter(|c| c.is_ascii_digit()) {
            let forms = [
                digit.to_string(),
                folio::markdown::math::small(&digit.to_string(), true).unwrap_or_default(),
                folio::markdown::math::small(&digit.to_string(), false).unwrap_or_default(),
                // Bold (`\boldsymbol`, `\mathbf`).
                char::from_u32(0x1D7CE + digit as u32 - '0' as u32).unwrap().to_string(),
            ];
            prop_assert!(forms.iter().any(|f| display.contains(f.as_str())), "{tex:?} lost {digit}");
        }
    }
}
