//! Telling a terminal's answers from keys. folio asks the terminal for its
//! background colour before it reads keys; a terminal (or an SSH link)
//! that answers after folio stopped waiting sends `ESC ] 11 ; rgb:… ST`
//! into the key stream, which crossterm reads as Alt-], then `1`, `1`,
//! `;`, `r`, `g`, `b`… (and `f` opened the links, `e` the editor). An
//! answer is a burst that starts with an OSC, DCS or APC introducer and
//! ends with ST (Alt-\) or BEL (Ctrl-g): all of it is dropped. (CSI
//! answers, such as the device attributes, crossterm drops itself.)

use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// The longest pause inside one answer: a terminal writes it at once.
const BURST: Duration = Duration::from_millis(100);

/// The most keys one answer may hold before it is taken for typing.
const LONGEST: usize = 4096;

/// Where the key stream stands: inside an answer or not.
#[derive(Debug, Default)]
pub(super) struct Replies {
    /// When the last piece of the answer being read came.
    inside: Option<Instant>,
    /// Keys of it so far.
    taken: usize,
}

impl Replies {
    /// Whether `event`, read at `now`, is the user's, not part of an answer.
    pub(super) fn is_users(&mut self, event: &Event, now: Instant) -> bool {
        let Event::Key(key) = event else { return true };
        if let Some(last) = self.inside {
            if now.duration_since(last) <= BURST && self.taken < LONGEST {
                self.taken += 1;
                self.inside = (!ends(key)).then_some(now);
                return false;
            }
            self.inside = None;
        }
        if starts(key) {
            self.inside = Some(now);
            self.taken = 0;
            return false;
        }
        true
    }
}

/// ESC ], ESC P, ESC _ : an OSC, a DCS, an APC.
fn starts(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::ALT) && matches!(key.code, KeyCode::Char(']' | 'P' | '_'))
}

/// ESC \ (ST) or BEL.
fn ends(key: &KeyEvent) -> bool {
    match key.code {
        KeyCode::Char('\\') => key.modifiers.contains(KeyModifiers::ALT),
        KeyCode::Char('g') => key.modifiers.contains(KeyModifiers::CONTROL),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, modifiers))
    }

    /// The events crossterm makes of `bytes` typed as keys.
    fn answer(text: &str, end: Event) -> Vec<Event> {
        let mut events = vec![key(KeyCode::Char(']'), KeyModifiers::ALT)];
        events.extend(text.chars().map(|c| key(KeyCode::Char(c), KeyModifiers::NONE)));
        events.push(end);
        events
    }

    #[test]
    fn a_late_colour_answer_is_dropped_and_keys_after_it_are_kept() {
        let start = Instant::now();
        let st = key(KeyCode::Char('\\'), KeyModifiers::ALT);
        let bel = key(KeyCode::Char('g'), KeyModifiers::CONTROL);
        for end in [st, bel] {
            let mut replies = Replies::default();
            let mut now = start;
            for event in answer("11;rgb:ffff/ffff/ffff", end) {
                now += Duration::from_millis(1);
                assert!(!replies.is_users(&event, now), "{event:?}");
            }
            // Keys typed after it, even at once, are the user's.
            let f = key(KeyCode::Char('f'), KeyModifiers::NONE);
            assert!(replies.is_users(&f, now + Duration::from_millis(1)));
        }
    }

    #[test]
    fn an_answer_cut_short_ends_with_the_pause() {
        let mut replies = Replies::default();
        let now = Instant::now();
        assert!(!replies.is_users(&key(KeyCode::Char(']'), KeyModifiers::ALT), now));
        assert!(!replies.is_users(&key(KeyCode::Char('1'), KeyModifiers::NONE), now));
        let later = now + Duration::from_secs(1);
        assert!(replies.is_users(&key(KeyCode::Char('e'), KeyModifiers::NONE), later));
        assert!(replies.is_users(&Event::FocusGained, later));
    }

    #[test]
    fn ordinary_keys_pass() {
        let mut replies = Replies::default();
        let now = Instant::now();
        for c in "fe]/q".chars() {
            assert!(replies.is_users(&key(KeyCode::Char(c), KeyModifiers::NONE), now));
        }
        assert!(replies.is_users(&key(KeyCode::Esc, KeyModifiers::NONE), now));
    }
}
