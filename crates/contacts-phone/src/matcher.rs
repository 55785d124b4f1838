//! [`Dfa`]: a metadata pattern compiled at build time (`build.rs`) into a DFA over the ten
//! ASCII digits, walked digit by digit.
//!
//! Every text this crate matches against a pattern is ASCII digits (the scan turns other
//! digits into them), so a state is eleven words: whether a match ends there (with the text
//! ending there, and with more to come: they differ for a pattern with `$`), and the next
//! state for each digit. Reading a number's type tries up to eleven ranges and most tries fail
//! on the first or second digit: a walk from the start state that stops at the first match or
//! at a state no match can follow is a few instructions a digit, and nothing is compiled when
//! a process reads its first number (compiling the patterns of one country was most of that
//! cost, `docs/performance.md` row 12). The answers are `phonenumber`'s: the property tests
//! compare them with its own patterns for every calling code.

/// The DFAs of every pattern, as `build.rs` writes them.
static BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dfas.bin"));

/// Words a state takes: the match flag and one next state per digit.
const STATE_WORDS: usize = 11;

/// No next state: no match can follow.
const DEAD: u16 = u16::MAX;

/// A compiled pattern: the offset (in 16-bit words) of its start state in the tables. Built
/// with every match kept (for [`Dfa::matches_start`] and [`Dfa::walk`]) or leftmost-first (for
/// [`Dfa::first_end`]), as `build.rs` says for each field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dfa(pub(crate) u32);

/// A state of a walk through a [`Dfa`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct State(u16);

impl Dfa {
    /// A pattern nothing matches.
    pub(crate) const NONE: Dfa = Dfa(u32::MAX);

    #[inline]
    fn word(self, state: State, at: usize) -> u16 {
        let bytes = (self.0 as usize)
            .checked_add(usize::from(state.0) * STATE_WORDS + at)
            .and_then(|index| index.checked_mul(2))
            .and_then(|start| BLOB.get(start..start.checked_add(2)?));
        match bytes {
            Some(&[low, high]) => u16::from_le_bytes([low, high]),
            // Outside the tables (only `NONE`): no match.
            _ if at == 0 => 0,
            _ => DEAD,
        }
    }

    /// The state before the first digit.
    pub(crate) fn start(self) -> State {
        State(0)
    }

    /// Whether the digits read to reach `state` are a whole match of the pattern, the text
    /// ending there.
    pub(crate) fn accepts(self, state: State) -> bool {
        self.word(state, 0) & 1 != 0
    }

    /// Whether a match ends at `state` with more text after it (the same as [`Dfa::accepts`]
    /// but for a pattern with `$`).
    fn accepts_going_on(self, state: State) -> bool {
        self.word(state, 0) & 2 != 0
    }

    /// The state after `byte`; `None` when no match can follow (or `byte` is no digit).
    pub(crate) fn next(self, state: State, byte: u8) -> Option<State> {
        let digit = byte.checked_sub(b'0').filter(|d| *d <= 9)?;
        match self.word(state, 1 + usize::from(digit)) {
            DEAD => None,
            next => Some(State(next)),
        }
    }

    /// Whether the pattern matches a prefix of `text` (the empty one included), as
    /// `phonenumber`'s `find(text).start() == 0`.
    pub(crate) fn matches_start(self, text: &str) -> bool {
        let mut state = self.start();
        for &byte in text.as_bytes() {
            if self.accepts_going_on(state) {
                return true;
            }
            match self.next(state, byte) {
                Some(next) => state = next,
                None => return false,
            }
        }
        self.accepts(state)
    }

    /// Where the leftmost-first match at the start of `text` ends (a DFA built with
    /// leftmost-first matches, such as [`Territory::for_parsing_first`]); `None` when the
    /// pattern does not match at the start.
    ///
    /// [`Territory::for_parsing_first`]: crate::tables::Territory::for_parsing_first
    pub(crate) fn first_end(self, text: &str) -> Option<usize> {
        let mut state = self.start();
        let mut end = None;
        for (at, &byte) in text.as_bytes().iter().enumerate() {
            if self.accepts_going_on(state) {
                end = Some(at);
            }
            match self.next(state, byte) {
                Some(next) => state = next,
                None => return end,
            }
        }
        if self.accepts(state) {
            end = Some(text.len());
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use crate::tables;

    fn territory(id: &str) -> &'static tables::Territory {
        tables::region(id.parse().unwrap()).unwrap()
    }

    #[test]
    fn a_range_matches_from_the_first_digit_only() {
        let au = territory("AU");
        let mobile = au.ranges[10].as_ref().unwrap().pattern.dfa;
        assert!(mobile.matches_start("412345678"));
        // A prefix is enough, as `phonenumber` reads ranges (lengths are checked apart).
        assert!(mobile.matches_start("4123456789"));
        assert!(!mobile.matches_start("41234567"));
        assert!(!mobile.matches_start("0412345678"));
        assert!(!super::Dfa::NONE.matches_start("4"));
    }

    #[test]
    fn the_leftmost_first_match_ends_where_phonenumbers_find_ends() {
        for id in ["AU", "AR", "BR", "MX", "US", "SE", "GB", "CO"] {
            let t = territory(id);
            let (Some(pattern), Some(first)) = (t.for_parsing, t.for_parsing_first) else {
                continue;
            };
            let regex = regex::Regex::new(&format!("(?x)^(?:{}\n)", pattern.text)).unwrap();
            for text in [
                "0412345678",
                "0011",
                "15",
                "01115",
                "0341512",
                "1",
                "",
                "00",
                "9",
            ] {
                let theirs = regex.find(text).map(|m| m.end());
                assert_eq!(first.first_end(text), theirs, "{id} {text}");
            }
        }
    }
}
