//! A one-line text input: typing at the end, Backspace, Ctrl-W.

/// The text being typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineInput {
    /// The text so far.
    pub text: String,
}

/// The most characters a line takes: far more than any search, and a
/// bound on what a runaway paste can cost.
pub const MAX_CHARS: usize = 1024;

impl LineInput {
    /// An input holding `text`.
    pub fn new(text: impl Into<String>) -> Self {
        LineInput { text: text.into() }
    }

    /// Adds a character (control characters are refused).
    pub fn push(&mut self, c: char) {
        if !c.is_control() && self.text.chars().count() < MAX_CHARS {
            self.text.push(c);
        }
    }

    /// Adds pasted text: line breaks and tabs become spaces, other control
    /// characters are dropped, and the line stops at [`MAX_CHARS`].
    pub fn paste(&mut self, text: &str) {
        let room = MAX_CHARS.saturating_sub(self.text.chars().count());
        let clean = text
            .chars()
            .map(|c| if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c })
            .filter(|c| !c.is_control())
            .take(room);
        self.text.extend(clean);
    }

    /// Removes the last character.
    pub fn backspace(&mut self) {
        self.text.pop();
    }

    /// Applies a typing action (a character, Backspace, Ctrl-W); returns
    /// whether it was one.
    pub fn edit(&mut self, action: &super::Action) -> bool {
        match action {
            super::Action::Input(c) => self.push(*c),
            super::Action::Paste(text) => self.paste(text),
            super::Action::Backspace => self.backspace(),
            super::Action::DeleteWord => self.delete_word(),
            _ => return false,
        }
        true
    }

    /// Removes the last word and the blanks after it.
    pub fn delete_word(&mut self) {
        let trimmed = self.text.trim_end().len();
        self.text.truncate(trimmed);
        let start = self.text.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        self.text.truncate(start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing() {
        let mut input = LineInput::new("#rust hello");
        input.push('!');
        assert_eq!(input.text, "#rust hello!");
        input.delete_word();
        assert_eq!(input.text, "#rust ");
        input.backspace();
        assert_eq!(input.text, "#rust");
        input.push('\x1b');
        assert_eq!(input.text, "#rust");
        input.paste(" a\nb\x1b[2J");
        assert_eq!(input.text, "#rust a b[2J");
    }

    #[test]
    fn a_huge_paste_is_cut() {
        let mut input = LineInput::default();
        input.paste(&"x".repeat(100_000));
        assert_eq!(input.text.len(), MAX_CHARS);
        input.push('y');
        assert_eq!(input.text.len(), MAX_CHARS);
    }
}
