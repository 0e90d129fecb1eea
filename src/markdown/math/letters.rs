//! Letters: Unicode's small characters for scripts, bold mathematical
//! letters, and the symbols of TeX commands.

/// `text` in Unicode's small characters (superscript or subscript), when
/// every character has one.
pub fn small(text: &str, superscript: bool) -> Option<String> {
    text.chars().map(|c| if superscript { superscript_of(c) } else { subscript_of(c) }).collect()
}

/// A sub- or superscript in Unicode's small characters when each has one,
/// else `^(…)`/`_(…)` (or the bare mark before one character).
pub(super) fn scripted(text: &str, superscript: bool) -> String {
    // A degree sign, as MathJax shows `^\circ`.
    if superscript && text == "∘" {
        return "°".to_string();
    }
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

/// How bold: upright (`\mathbf`) or italic (`\boldsymbol`, `\bm`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Bold {
    Upright,
    Italic,
}

/// `text` in bold mathematical letters: Latin, Greek and digits; other
/// characters as they are.
pub(super) fn bold(text: &str, kind: Bold) -> String {
    text.chars().map(|c| bold_of(c, kind).unwrap_or(c)).collect()
}

fn bold_of(c: char, kind: Bold) -> Option<char> {
    let italic = kind == Bold::Italic;
    let (base, first) = match c {
        'A'..='Z' => (if italic { 0x1D468 } else { 0x1D400 }, 'A'),
        'a'..='z' => (if italic { 0x1D482 } else { 0x1D41A }, 'a'),
        '0'..='9' => (0x1D7CE, '0'),
        // The Greek blocks keep Unicode's order, the hole after Ρ
        // included (ϴ sits there).
        'Α'..='Ω' => (if italic { 0x1D71C } else { 0x1D6A8 }, 'Α'),
        'α'..='ω' => (if italic { 0x1D736 } else { 0x1D6C2 }, 'α'),
        _ => return None,
    };
    char::from_u32(base + (c as u32 - first as u32))
}

/// The Unicode form of a TeX command (`\alpha`, `\mathbb{R}`) from the
/// unicodeit tables, or `None`. Their lookup walks thousands of entries,
/// so each answer is kept (a few thousand at most, for a hostile post).
pub(super) fn unicodeit(tex: &str) -> Option<String> {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static KNOWN: RefCell<HashMap<String, Option<String>>> = RefCell::new(HashMap::new());
    }
    KNOWN.with(|known| {
        if let Some(answer) = known.borrow().get(tex) {
            return answer.clone();
        }
        let converted = unicodeit::replace(tex);
        let clean = !converted.contains('\\') && !converted.contains('{');
        let answer = clean.then_some(converted);
        let mut known = known.borrow_mut();
        if known.len() >= 4096 {
            known.clear();
        }
        known.insert(tex.to_string(), answer.clone());
        answer
    })
}

/// A command's symbol, when it has one: a result that still holds letters
/// of the name is a prefix matched by mistake (`\left` read as `\le` +
/// `ft`), not a symbol.
pub(super) fn symbol(name: &str) -> Option<String> {
    unicodeit(&format!("\\{name}")).filter(|s| !s.chars().any(|c| c.is_ascii_alphabetic()))
}
