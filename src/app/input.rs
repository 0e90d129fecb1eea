//! A one-line text input: typing at the end, Backspace, Ctrl-W.

/// The text being typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineInput {
    /// The text so far.
    pub text: String,
}

impl LineInput {
    /// An input holding `text`.
    pub fn new(text: impl Into<String>) -> Self {
        LineInput { text: text.into() }
    }

    /// Adds a character (control characters are refused).
    pub fn push(&mut self, c: char) {
        if !c.is_control() {
            self.text.push(c);
        }
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
    }
}
