//! The tag and author pickers: every name with its post count, narrowed by
//! typing; Space toggles, Enter applies.

use super::input::LineInput;
use crate::post::fields::same_word;

/// A list of names to choose from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Picker {
    /// Every name with its count, most used first (shared: the picker is
    /// copied with the state, and may hold a hundred thousand names).
    pub items: std::sync::Arc<Vec<(String, usize)>>,
    /// The filter typed.
    pub filter: LineInput,
    /// The cursor, a row of [`Picker::visible`].
    pub cursor: usize,
    /// The names chosen, in the order chosen.
    pub chosen: Vec<String>,
    /// Several tags chosen mean any of them (else all of them).
    pub any: bool,
    /// Each name in lower case, folded once rather than at every key.
    folded: std::sync::Arc<Vec<String>>,
    /// The positions the filter lets through, for the filter they were
    /// computed for.
    shown: std::sync::Arc<(String, Vec<usize>)>,
}

impl Picker {
    /// A picker over `items`, with `chosen` already chosen.
    pub fn new(mut items: Vec<(String, usize)>, chosen: Vec<String>) -> Self {
        items.sort_by(|a, b| {
            b.1.cmp(&a.1).then_with(|| a.0.to_lowercase().cmp(&b.0.to_lowercase()))
        });
        let folded = items.iter().map(|(name, _)| crate::text::fold(name)).collect();
        let all = (0..items.len()).collect();
        Picker {
            items: std::sync::Arc::new(items),
            filter: LineInput::default(),
            cursor: 0,
            any: false,
            chosen,
            folded: std::sync::Arc::new(folded),
            shown: std::sync::Arc::new((String::new(), all)),
        }
    }

    /// Positions in `items` of the names the filter lets through.
    pub fn visible(&self) -> &[usize] {
        &self.shown.1
    }

    /// The names the filter lets through, for `needle` (already folded).
    fn matching(&self, needle: &str) -> Vec<usize> {
        (0..self.items.len())
            .filter(|&i| needle.is_empty() || self.folded[i].contains(needle))
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

    /// Text typed into the filter: the cursor back to the first row.
    pub fn filter_typed(&mut self, text: &str) {
        if self.filter.typed(text) {
            self.filter_changed();
        }
    }

    /// The filter was edited: the cursor back to the first row, the names
    /// it lets through found again.
    pub fn filter_changed(&mut self) {
        self.cursor = 0;
        self.refilter();
    }

    /// After the filter changed: the names it lets through, and the cursor
    /// kept on a visible row. A filter that only grew searches the names
    /// shown before, not all of them.
    pub fn refilter(&mut self) {
        let needle = crate::text::fold(self.filter.text.trim());
        if needle != self.shown.0 {
            let shown = if !self.shown.0.is_empty() && needle.starts_with(&self.shown.0) {
                let folded = &self.folded;
                self.shown.1.iter().copied().filter(|&i| folded[i].contains(&needle)).collect()
            } else {
                self.matching(&needle)
            };
            self.shown = std::sync::Arc::new((needle, shown));
        }
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
        p.refilter();
        assert_eq!(p.visible(), [1, 2]);
        p.filter = LineInput::new("RUSTD");
        p.refilter();
        assert_eq!(p.visible(), [2]);
        p.filter = LineInput::new("");
        p.refilter();
        assert_eq!(p.visible(), [0, 1, 2]);
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
