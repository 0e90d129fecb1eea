//! The tag and author pickers: every name with its post count, narrowed by
//! typing; Space toggles, Enter applies.

use super::input::LineInput;
use crate::post::fields::same_word;

/// A list of names to choose from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Picker {
    /// Every name with its count, most used first.
    pub items: Vec<(String, usize)>,
    /// The filter typed.
    pub filter: LineInput,
    /// The cursor, a row of [`Picker::visible`].
    pub cursor: usize,
    /// The names chosen, in the order chosen.
    pub chosen: Vec<String>,
}

impl Picker {
    /// A picker over `items`, with `chosen` already chosen.
    pub fn new(mut items: Vec<(String, usize)>, chosen: Vec<String>) -> Self {
        items.sort_by(|a, b| {
            b.1.cmp(&a.1).then_with(|| a.0.to_lowercase().cmp(&b.0.to_lowercase()))
        });
        Picker { items, filter: LineInput::default(), cursor: 0, chosen }
    }

    /// Positions in `items` of the names the filter lets through.
    pub fn visible(&self) -> Vec<usize> {
        let needle = self.filter.text.trim().to_lowercase();
        (0..self.items.len())
            .filter(|&i| needle.is_empty() || self.items[i].0.to_lowercase().contains(&needle))
            .collect()
    }

    /// Whether a name is chosen.
    pub fn is_chosen(&self, name: &str) -> bool {
        self.chosen.iter().any(|c| same_word(c, name))
    }

    /// Chooses, or stops choosing, the name under the cursor.
    pub fn toggle(&mut self) {
        let Some(&i) = self.visible().get(self.cursor) else {
            return;
        };
        let name = self.items[i].0.clone();
        match self.chosen.iter().position(|c| same_word(c, &name)) {
            Some(at) => {
                self.chosen.remove(at);
            }
            None => self.chosen.push(name),
        }
    }

    /// Moves the cursor by `rows`, within the visible names.
    pub fn move_by(&mut self, rows: isize) {
        let count = self.visible().len();
        self.cursor = if count == 0 {
            0
        } else {
            (self.cursor as isize + rows).clamp(0, count as isize - 1) as usize
        };
    }

    /// After the filter changed: keep the cursor on a visible row.
    pub fn refilter(&mut self) {
        self.move_by(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picker() -> Picker {
        Picker::new(vec![("Rust".into(), 3), ("go".into(), 5), ("rustdoc".into(), 1)], vec![])
    }

    #[test]
    fn most_used_first_and_filtered() {
        let mut p = picker();
        assert_eq!(p.items[0].0, "go");
        p.filter = LineInput::new("RUST");
        assert_eq!(p.visible(), vec![1, 2]);
    }

    #[test]
    fn toggling() {
        let mut p = picker();
        p.move_by(1);
        p.toggle();
        assert_eq!(p.chosen, ["Rust"]);
        assert!(p.is_chosen("rust"));
        p.toggle();
        assert!(p.chosen.is_empty());
        p.move_by(10);
        assert_eq!(p.cursor, 2);
        p.filter = LineInput::new("zzz");
        p.refilter();
        assert_eq!(p.cursor, 0);
        p.toggle();
        assert!(p.chosen.is_empty());
    }
}
