//! A one-line text input: typing at the end, Backspace, Ctrl-W.

/// The text being typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineInput {
    /// The text so far.
    pub text: String,
    /// The text is shown selected: what is typed first replaces it (a
    /// search line opened on the search in force).
    pub selected: bool,
    /// Where typing goes: a byte offset into `text`, at a character's
    /// start. `None` is the end.
    at: Option<usize>,
}

/// The most characters a line takes: far more than any search, and a
/// bound on what a runaway paste can cost.
pub const MAX_CHARS: usize = 1024;

impl LineInput {
    /// An input holding `text`.
    pub fn new(text: impl Into<String>) -> Self {
        LineInput { text: text.into(), selected: false, at: None }
    }

    /// An input holding `text`, selected: typing replaces it, moving keeps it.
    pub fn selected(text: impl Into<String>) -> Self {
        let text = text.into();
        let selected = !text.trim().is_empty();
        LineInput { text, selected, at: None }
    }

    /// The cursor: a byte offset into the text.
    pub fn cursor(&self) -> usize {
        self.at.unwrap_or(self.text.len()).min(self.text.len())
    }

    /// Adds a character (control characters are refused).
    pub fn push(&mut self, c: char) {
        if !c.is_control() && self.text.chars().count() < MAX_CHARS {
            let at = self.cursor();
            self.text.insert(at, c);
            self.at = self.at.map(|_| at + c.len_utf8());
        }
    }

    /// Adds typed or pasted text at the cursor: line breaks and tabs
    /// become spaces, other control characters are dropped, and the line
    /// stops at [`MAX_CHARS`].
    pub fn paste(&mut self, text: &str) {
        let room = MAX_CHARS.saturating_sub(self.text.chars().count());
        let clean: String = text
            .chars()
            .map(|c| if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c })
            .filter(|c| !c.is_control())
            .take(room)
            .collect();
        let at = self.cursor();
        self.text.insert_str(at, &clean);
        self.at = self.at.map(|_| at + clean.len());
    }

    /// Removes the character before the cursor.
    pub fn backspace(&mut self) {
        let at = self.cursor();
        if let Some((start, _)) = self.text[..at].char_indices().next_back() {
            self.text.replace_range(start..at, "");
            self.at = self.at.map(|_| start);
        }
    }

    /// Applies typed text; returns whether it changed the line.
    pub fn typed(&mut self, text: &str) -> bool {
        if std::mem::take(&mut self.selected) {
            // A selection goes as a whole, whatever replaces it.
            self.text.clear();
            self.at = None;
        }
        let before = self.text.len();
        self.paste(text);
        self.text.len() != before
    }

    /// Applies an editing command (Backspace, Ctrl-w, Ctrl-u, moving the
    /// cursor); returns whether it was one.
    pub fn edit(&mut self, command: super::Command) -> bool {
        use super::Command::*;
        let erasing = matches!(command, DeleteChar | DeleteWord);
        if erasing && std::mem::take(&mut self.selected) {
            self.text.clear();
            self.at = None;
            return true;
        }
        match command {
            ClearLine => {
                self.text.clear();
                self.at = None;
            }
            DeleteChar => self.backspace(),
            DeleteWord => self.delete_word(),
            LineStart => self.at = Some(0),
            LineEnd => self.at = None,
            CursorLeft => {
                let at = self.cursor();
                self.at = Some(self.text[..at].char_indices().next_back().map_or(0, |(i, _)| i));
            }
            CursorRight => {
                let at = self.cursor();
                let next = self.text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                self.at = if next >= self.text.len() { None } else { Some(next) };
            }
            _ => return false,
        }
        self.selected = false;
        true
    }

    /// Removes the word before the cursor and the blanks after it.
    pub fn delete_word(&mut self) {
        let at = self.cursor();
        let before = &self.text[..at];
        let trimmed = before.trim_end().len();
        let start = before[..trimmed].rfind(char::is_whitespace).map_or(0, |i| i + 1);
        self.text.replace_range(start..at, "");
        self.at = self.at.map(|_| start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::app::Command;

    impl LineInput {
        fn push_action(&mut self, c: char) {
            self.typed(&c.to_string());
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
        assert!(input.edit(Command::DeleteChar));
        assert_eq!(input.text, "", "erasing takes it all");
        let mut input = LineInput::new("a b");
        input.edit(Command::ClearLine);
        assert_eq!(input.text, "");
    }

    #[test]
    fn the_cursor_moves_and_typing_goes_there() {
        let mut input = LineInput::new("héllo world");
        input.edit(Command::LineStart);
        input.typed("> ");
        assert_eq!(input.text, "> héllo world");
        input.edit(Command::CursorRight);
        input.edit(Command::CursorRight);
        input.edit(Command::DeleteChar);
        assert_eq!(input.text, "> hllo world", "the two-byte é goes whole");
        input.edit(Command::LineEnd);
        input.edit(Command::DeleteWord);
        assert_eq!(input.text, "> hllo ");
        input.edit(Command::CursorLeft);
        input.typed("!");
        assert_eq!(input.text, "> hllo! ");
        assert_eq!(input.cursor(), "> hllo!".len());
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
