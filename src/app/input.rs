//! A one-line text input: typing at the end, Backspace, Ctrl-W.

/// The text being typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineInput {
    /// The text so far.
    pub text: String,
    /// The text is shown selected: what is typed first replaces it (a
    /// search line opened on the search in force).
    pub selected: bool,
}

/// The most characters a line takes: far more than any search, and a
/// bound on what a runaway paste can cost.
pub const MAX_CHARS: usize = 1024;

impl LineInput {
    /// An input holding `text`.
    pub fn new(text: impl Into<String>) -> Self {
        LineInput { text: text.into(), selected: false }
    }

    /// An input holding `text`, selected: typing replaces it, moving keeps it.
    pub fn selected(text: impl Into<String>) -> Self {
        let text = text.into();
        let selected = !text.trim().is_empty();
        LineInput { text, selected }
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
        let typing = matches!(action, super::Action::Input(_) | super::Action::Paste(_));
        let erasing = matches!(action, super::Action::Backspace | super::Action::DeleteWord);
        if std::mem::take(&mut self.selected) && (typing || erasing) {
            // A selection goes as a whole, whatever replaces it.
            self.text.clear();
            if erasing {
                return true;
            }
        }
        match action {
            super::Action::ClearLine => self.text.clear(),
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

    impl LineInput {
        fn push_action(&mut self, c: char) {
            self.edit(&super::super::Action::Input(c));
        }
    }

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
    fn a_selected_text_is_replaced_by_typing_and_kept_otherwise() {
        let mut input = LineInput::selected("jekyll 4.0");
        input.push_action('s');
        assert_eq!(input.text, "s", "typing replaces the old search");
        let mut input = LineInput::selected("jekyll");
        assert!(input.edit(&super::super::Action::Backspace));
        assert_eq!(input.text, "", "erasing takes it all");
        let mut input = LineInput::new("a b");
        input.edit(&super::super::Action::ClearLine);
        assert_eq!(input.text, "");
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
