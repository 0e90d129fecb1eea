//! What a person can ask the reader to do: a plain [`Command`], named in
//! the config file's `[keys]` tables and bound to keys by the
//! [`super::Keymap`]. What background work reports is a message of the
//! reader's own instead.

use serde::{Deserialize, Deserializer};

macro_rules! commands {
    ($($variant:ident = $name:literal, $help:literal;)*) => {
        /// One thing a person can ask for.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Command {
            $(
                #[doc = $help]
                $variant,
            )*
        }

        impl Command {
            /// Every command, in the order the help lists them.
            pub const ALL: &[Command] = &[$(Command::$variant),*];

            /// Its name in the config file.
            pub fn name(self) -> &'static str {
                match self {
                    $(Command::$variant => $name,)*
                }
            }

            /// What it does, in a few words.
            pub fn help(self) -> &'static str {
                match self {
                    $(Command::$variant => $help,)*
                }
            }
        }
    };
}

commands! {
    // Moving.
    Down = "down", "down one post, line or entry";
    Up = "up", "up one post, line or entry";
    HalfPageDown = "half_page_down", "down half a screen";
    HalfPageUp = "half_page_up", "up half a screen";
    PageDown = "page_down", "down a screen";
    PageUp = "page_up", "up a screen";
    Top = "top", "first post, top of the article";
    Bottom = "bottom", "last post, end of the article";
    PreviousPost = "previous_post", "previous post while reading";
    NextPost = "next_post", "next post while reading";
    // Panes.
    ToggleFocus = "toggle_focus", "switch between list and article";
    Read = "read", "read the selected post";
    FocusList = "focus_list", "back to the list";
    ToggleZoom = "zoom", "zoom the article to full width";
    NarrowList = "narrow_list", "narrower list";
    WidenList = "widen_list", "wider list";
    // Reading.
    ToggleRead = "toggle_read", "mark the post read or unread";
    ToggleStar = "toggle_star", "star the post, or take its star away";
    Links = "links", "the article's links: follow, open, copy";
    Back = "back", "back to where a link was followed from";
    Forward = "forward", "forward again after going back";
    Edit = "edit", "edit the post ($VISUAL, $EDITOR or vi)";
    // Finding.
    Search = "search", "search: titles in the list (#tag @author is:unread), text in the article";
    FullText = "full_text", "full-text search: any word of any post (\"phrase\" -word word* #tag @name)";
    NextMatch = "next_match", "next match in the article";
    PreviousMatch = "previous_match", "previous match in the article";
    TagPicker = "tags", "choose tags";
    AuthorPicker = "authors", "choose authors";
    ClearFilters = "clear_filters", "clear every filter";
    Sort = "sort", "sort: newest, oldest, title (score while searching)";
    Outline = "outline", "outline of the article";
    // Lines and pickers.
    Confirm = "confirm", "keep the search, apply the picker, follow the link";
    Cancel = "cancel", "cancel, close; in the list: clear the filters";
    DeleteChar = "delete_char", "delete the character before the cursor";
    DeleteWord = "delete_word", "delete the word before the cursor";
    ClearLine = "clear_line", "clear the line";
    LineStart = "line_start", "cursor to the start of the line";
    LineEnd = "line_end", "cursor to the end of the line";
    CursorLeft = "cursor_left", "cursor one character left";
    CursorRight = "cursor_right", "cursor one character right";
    Toggle = "toggle", "toggle the tag or author under the cursor";
    AnyAll = "any_all", "tags chosen: posts with all of them, or any";
    Copy = "copy", "copy the link's target (OSC 52)";
    // The application.
    Problems = "problems", "the folder's problems";
    ToggleMouse = "mouse", "release or capture the mouse (to select text)";
    Help = "help", "this help";
    Suspend = "suspend", "suspend folio (fg brings it back)";
    Quit = "quit", "quit";
}

impl std::str::FromStr for Command {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Command::ALL
            .iter()
            .copied()
            .find(|c| c.name() == name)
            .ok_or_else(|| format!("unknown command `{name}`"))
    }
}

impl<'de> Deserialize<'de> for Command {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_read_back() {
        let mut seen = std::collections::HashSet::new();
        for &command in Command::ALL {
            assert!(seen.insert(command.name()), "{} twice", command.name());
            assert_eq!(command.name().parse::<Command>(), Ok(command));
            assert!(!command.help().is_empty());
        }
        assert!("fly".parse::<Command>().unwrap_err().contains("fly"));
    }
}
