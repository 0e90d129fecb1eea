//! TeX math made readable in a terminal: commands become their Unicode
//! symbols (Greek, operators, arrows, `\mathbb{R}` → ℝ, through the
//! `unicodeit` tables), sub- and superscripts use Unicode's small letters
//! where every character has one, `\frac{a}{b}` becomes `a/b`, `\sqrt{x}`
//! `√x`, `\text{…}` its text; `\left`/`\right` and spacing commands go,
//! and the rows of `aligned`, `cases` and matrices (`\\`) are lines of
//! their own. What cannot be converted is kept as written.

/// The Unicode form of a TeX formula; rows separated by newlines.
pub fn to_unicode(latex: &str) -> String {
    let chars: Vec<char> = latex.chars().collect();
    let mut parser = Parser { chars: &chars, at: 0, depth: 0 };
    let out = parser.sequence(None);
    // Rows keep their own lines; blanks inside a row are one space.
    out.lines()
        .map(|row| row.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|row| !row.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

struct Parser<'c> {
    chars: &'c [char],
    at: usize,
    /// Groups open: beyond a sane depth, the rest is kept as written.
    depth: usize,
}

const MAX_DEPTH: usize = 64;

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    /// Reads until `end` (a closing brace) or the end of the text.
    fn sequence(&mut self, end: Option<char>) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if Some(c) == end {
                self.at += 1;
                return out;
            }
            match c {
                '\\' => out.push_str(&self.command()),
                '{' => {
                    self.at += 1;
                    out.push_str(&self.group_body());
                }
                '^' | '_' => {
                    self.at += 1;
                    let script = self.argument();
                    out.push_str(&scripted(&script, c == '^'));
                }
                '&' => {
                    self.at += 1;
                    out.push(' ');
                }
                '~' => {
                    self.at += 1;
                    out.push(' ');
                }
                c => {
                    self.at += 1;
                    out.push(c);
                }
            }
        }
        out
    }

    /// The inside of a `{…}` group whose brace was read.
    fn group_body(&mut self) -> String {
        if self.depth >= MAX_DEPTH {
            let rest: String = self.chars[self.at..].iter().collect();
            self.at = self.chars.len();
            return rest;
        }
        self.depth += 1;
        let out = self.sequence(Some('}'));
        self.depth -= 1;
        out
    }

    /// One argument: a group, a command, or a single character.
    fn argument(&mut self) -> String {
        while self.peek() == Some(' ') {
            self.at += 1;
        }
        match self.peek() {
            Some('{') => {
                self.at += 1;
                self.group_body()
            }
            Some('\\') => self.command(),
            Some(c) => {
                self.at += 1;
                c.to_string()
            }
            None => String::new(),
        }
    }

    /// The raw text of a `{…}` group, as written.
    fn raw_group(&mut self) -> String {
        while self.peek() == Some(' ') {
            self.at += 1;
        }
        if self.peek() != Some('{') {
            return self.argument();
        }
        let start = self.at + 1;
        let mut depth = 0;
        while let Some(c) = self.peek() {
            self.at += 1;
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        return self.chars[start..self.at - 1].iter().collect();
                    }
                }
                _ => {}
            }
        }
        self.chars[start..].iter().collect()
    }

    fn command(&mut self) -> String {
        self.at += 1; // the backslash
        let Some(first) = self.peek() else { return "\\".into() };
        if !first.is_ascii_alphabetic() {
            self.at += 1;
            return match first {
                '\\' => "\n".into(),
                ',' | ';' | ':' | '!' | ' ' => " ".into(),
                '{' | '}' | '%' | '$' | '#' | '&' | '_' | '|' => first.to_string(),
                other => format!("\\{other}"),
            };
        }
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.at += 1;
        }
        let name: String = self.chars[start..self.at].iter().collect();
        match name.as_str() {
            "left" | "right" | "big" | "Big" | "bigg" | "Bigg" | "bigl" | "bigr" | "Bigl"
            | "Bigr" | "displaystyle" | "textstyle" | "limits" | "nolimits" | "nonumber"
            | "notag" => String::new(),
            "quad" | "qquad" | "enspace" | "thinspace" => " ".into(),
            "text" | "textrm" | "mathrm" | "textit" | "textbf" | "mbox" | "operatorname"
            | "textnormal" | "mathop" => self.raw_group(),
            "begin" | "end" => {
                let environment = self.raw_group();
                // `array` and `tabular` take a column spec after.
                if name == "begin" && matches!(environment.as_str(), "array" | "tabular") {
                    self.raw_group();
                }
                if name == "begin" { String::new() } else { "\n".into() }
            }
            "frac" | "dfrac" | "tfrac" => {
                let numerator = self.argument();
                let denominator = self.argument();
                format!("{}/{}", bracketed(&numerator), bracketed(&denominator))
            }
            "sqrt" => {
                let mut root = String::new();
                if self.peek() == Some('[') {
                    self.at += 1;
                    while let Some(c) = self.peek() {
                        self.at += 1;
                        if c == ']' {
                            break;
                        }
                        root.push(c);
                    }
                }
                let radicand = self.argument();
                let sign = match root.trim() {
                    "" => "√".to_string(),
                    "3" => "∛".to_string(),
                    "4" => "∜".to_string(),
                    other => format!("{}√", scripted(other, true)),
                };
                format!("{sign}{}", bracketed(&radicand))
            }
            "mathbb" | "mathcal" | "mathfrak" | "mathbf" | "mathit" | "mathsf" | "mathtt"
            | "boldsymbol" | "bm" | "mathscr" => {
                let body = self.raw_group();
                let converted = unicodeit::replace(&format!("\\{name}{{{body}}}"));
                if converted.contains('\\') || converted.contains('{') {
                    to_unicode(&body)
                } else {
                    converted
                }
            }
            "hat" | "bar" | "vec" | "dot" | "ddot" | "tilde" | "overline" | "widehat"
            | "widetilde" => {
                let body = self.argument();
                let mark = match name.as_str() {
                    "hat" | "widehat" => '\u{302}',
                    "bar" | "overline" => '\u{305}',
                    "vec" => '\u{20d7}',
                    "dot" => '\u{307}',
                    "ddot" => '\u{308}',
                    _ => '\u{303}',
                };
                if body.chars().count() == 1 { format!("{body}{mark}") } else { body }
            }
            _ => symbol(&name).unwrap_or_else(|| {
                // Unknown: kept as written, its argument too.
                if self.peek() == Some('{') {
                    format!("\\{name}{{{}}}", self.raw_group())
                } else {
                    format!("\\{name}")
                }
            }),
        }
    }
}

/// A command's symbol from the unicodeit tables, when it has one: a
/// result that still holds letters of the name is a prefix matched by
/// mistake (`\left` read as `\le` + `ft`), not a symbol.
fn symbol(name: &str) -> Option<String> {
    let converted = unicodeit::replace(&format!("\\{name}"));
    let clean = !converted.contains('\\') && !converted.chars().any(|c| c.is_ascii_alphabetic());
    clean.then_some(converted)
}

/// `text` in parentheses unless it is one symbol or a plain word.
fn bracketed(text: &str) -> String {
    let simple = text.chars().count() <= 1
        || text.chars().all(|c| c.is_alphanumeric())
        || (text.starts_with('(') && text.ends_with(')'));
    if simple { text.to_string() } else { format!("({text})") }
}

/// `text` in Unicode's small characters (superscript or subscript), when
/// every character has one.
pub fn small(text: &str, superscript: bool) -> Option<String> {
    text.chars().map(|c| if superscript { superscript_of(c) } else { subscript_of(c) }).collect()
}

/// A sub- or superscript in Unicode's small characters when each has one,
/// else `^(…)`/`_(…)` (or the bare mark before one character).
fn scripted(text: &str, superscript: bool) -> String {
    match small(text, superscript) {
        Some(small) if !text.is_empty() => small,
        _ => {
            let mark = if superscript { '^' } else { '_' };
            if text.chars().count() == 1 {
                format!("{mark}{text}")
            } else {
                format!("{mark}({text})")
            }
        }
    }
}

fn superscript_of(c: char) -> Option<char> {
    Some(match c {
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        '4' => '⁴',
        '5' => '⁵',
        '6' => '⁶',
        '7' => '⁷',
        '8' => '⁸',
        '9' => '⁹',
        '+' => '⁺',
        '-' | '−' => '⁻',
        '=' => '⁼',
        '(' => '⁽',
        ')' => '⁾',
        'a' => 'ᵃ',
        'b' => 'ᵇ',
        'c' => 'ᶜ',
        'd' => 'ᵈ',
        'e' => 'ᵉ',
        'f' => 'ᶠ',
        'g' => 'ᵍ',
        'h' => 'ʰ',
        'i' => 'ⁱ',
        'j' => 'ʲ',
        'k' => 'ᵏ',
        'l' => 'ˡ',
        'm' => 'ᵐ',
        'n' => 'ⁿ',
        'o' => 'ᵒ',
        'p' => 'ᵖ',
        'r' => 'ʳ',
        's' => 'ˢ',
        't' => 'ᵗ',
        'u' => 'ᵘ',
        'v' => 'ᵛ',
        'w' => 'ʷ',
        'x' => 'ˣ',
        'y' => 'ʸ',
        'z' => 'ᶻ',
        'T' => 'ᵀ',
        '′' | '\'' => '′',
        '*' | '∗' => '*',
        ' ' => ' ',
        _ => return None,
    })
}

fn subscript_of(c: char) -> Option<char> {
    Some(match c {
        '0' => '₀',
        '1' => '₁',
        '2' => '₂',
        '3' => '₃',
        '4' => '₄',
        '5' => '₅',
        '6' => '₆',
        '7' => '₇',
        '8' => '₈',
        '9' => '₉',
        '+' => '₊',
        '-' | '−' => '₋',
        '=' => '₌',
        '(' => '₍',
        ')' => '₎',
        'a' => 'ₐ',
        'e' => 'ₑ',
        'h' => 'ₕ',
        'i' => 'ᵢ',
        'j' => 'ⱼ',
        'k' => 'ₖ',
        'l' => 'ₗ',
        'm' => 'ₘ',
        'n' => 'ₙ',
        'o' => 'ₒ',
        'p' => 'ₚ',
        'r' => 'ᵣ',
        's' => 'ₛ',
        't' => 'ₜ',
        'u' => 'ᵤ',
        'v' => 'ᵥ',
        'x' => 'ₓ',
        'β' => 'ᵦ',
        'γ' => 'ᵧ',
        'ρ' => 'ᵨ',
        'φ' => 'ᵩ',
        'χ' => 'ᵪ',
        ' ' => ' ',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::to_unicode;

    #[test]
    fn symbols_scripts_and_letters() {
        assert_eq!(to_unicode(r"\alpha + \beta \to \infty"), "α + β → ∞");
        assert_eq!(to_unicode(r"x^2 + y_{ij} + z^{n+1}"), "x² + yᵢⱼ + zⁿ⁺¹");
        assert_eq!(to_unicode(r"\mathbf{x}_T"), "𝐱_T");
        assert_eq!(to_unicode(r"\mathbb{R}^n \subseteq \mathcal{L}"), "ℝⁿ ⊆ ℒ");
        assert_eq!(to_unicode(r"x_{\text{max}}"), "xₘₐₓ");
        assert_eq!(to_unicode(r"V_* and Q_*"), "V_* and Q_*");
    }

    #[test]
    fn structure() {
        assert_eq!(to_unicode(r"\frac{a}{b} + \frac{x+1}{2}"), "a/b + (x+1)/2");
        assert_eq!(to_unicode(r"\sqrt{x} \sqrt[3]{y} \sqrt{a+b}"), "√x ∛y √(a+b)");
        assert_eq!(to_unicode(r"\left( x \right]"), "( x ]");
        assert_eq!(to_unicode(r"\text{if } x \leq 0"), "if x ≤ 0");
        assert_eq!(
            to_unicode(r"f(x) = \begin{cases} 0 & x < 0 \\ 1 & x \geq 0 \end{cases}"),
            "f(x) = 0 x < 0\n1 x ≥ 0"
        );
        assert_eq!(to_unicode(r"\begin{aligned} a &= b \\ c &= d \end{aligned}"), "a = b\nc = d");
    }

    #[test]
    fn what_cannot_be_converted_is_kept() {
        assert_eq!(to_unicode(r"\unknowncommand{x}"), r"\unknowncommand{x}");
        assert_eq!(to_unicode(r"\lessdotfoo"), r"\lessdotfoo");
        let deep = format!("{}x{}", "{".repeat(500), "}".repeat(500));
        assert!(to_unicode(&deep).contains('x'));
    }
}
