//! [`Matcher`]: whether a metadata pattern matches from the first digit of a number, as a lazy
//! DFA walked byte by byte, with a cache per thread and no lock.
//!
//! Reading a number's type tries up to eleven range patterns; through `regex::Regex` each try
//! costs a few hundred instructions of set-up (the engine choice, a cache taken from a pool, a
//! search that can start anywhere) before the first digit is read, and most tries fail on the
//! first or second digit. Here a try is a walk from the anchored start state that stops at the
//! first match or dead state: a few instructions a digit. The answers are the same: the
//! property tests compare them with `phonenumber`'s own patterns for every calling code.

use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::util::{start, syntax};
use regex_automata::{Anchored, MatchKind};

/// A compiled pattern; see the module documentation.
pub(crate) struct Matcher {
    dfa: DFA,
    /// This matcher's slot in each thread's caches.
    slot: usize,
}

/// Slots handed out so far (one per matcher built in the process: a few thousand at most).
static SLOTS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Each thread's cache of each matcher it used, by slot (boxed: a thread that used a few
    /// matchers keeps a pointer for each slot below theirs, not a cache).
    static CACHES: RefCell<Vec<Option<Box<Cache>>>> = const { RefCell::new(Vec::new()) };
}

impl Matcher {
    /// `pattern` as `phonenumber` compiles it (whitespace ignored; `\d` as ASCII digits, as
    /// every text matched here is); `None` if it does not compile here.
    pub(crate) fn new(pattern: &str) -> Option<Self> {
        // The newline ends a comment the pattern might end with, so the group always closes.
        let dfa = DFA::builder()
            .syntax(syntax::Config::new().ignore_whitespace(true).unicode(false))
            .configure(DFA::config().match_kind(MatchKind::All))
            .build(&format!("(?:{pattern}\n)"))
            .ok()?;
        let slot = SLOTS.fetch_add(1, Ordering::Relaxed);
        Some(Self { dfa, slot })
    }

    /// Whether the pattern matches a prefix of `text` (the empty one included), as
    /// `phonenumber`'s `find(text).start() == 0`; `None` if the DFA gave up (it does not with
    /// its default configuration; the caller then asks the pattern itself).
    pub(crate) fn matches_start(&self, text: &str) -> Option<bool> {
        CACHES
            .try_with(|caches| {
                let mut caches = caches.try_borrow_mut().ok()?;
                if caches.len() <= self.slot {
                    caches.resize_with(self.slot + 1, || None);
                }
                let cache =
                    caches[self.slot].get_or_insert_with(|| Box::new(self.dfa.create_cache()));
                self.walk(cache, text)
            })
            .ok()
            .flatten()
    }

    fn walk(&self, cache: &mut Cache, text: &str) -> Option<bool> {
        let dfa = &self.dfa;
        let config = start::Config::new().anchored(Anchored::Yes);
        let mut state = dfa.start_state(cache, &config).ok()?;
        for &byte in text.as_bytes() {
            state = dfa.next_state(cache, state, byte).ok()?;
            // A lazy DFA's match states come one byte late: a match ended before `byte`.
            if state.is_match() {
                return Some(true);
            }
            if state.is_dead() {
                return Some(false);
            }
        }
        Some(dfa.next_eoi_state(cache, state).ok()?.is_match())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_matches_from_the_first_digit_only() {
        let mobile = Matcher::new("4[0-9]{8}").unwrap();
        assert_eq!(mobile.matches_start("412345678"), Some(true));
        // A prefix is enough, as `phonenumber` reads descriptors (lengths are checked apart).
        assert_eq!(mobile.matches_start("4123456789"), Some(true));
        assert_eq!(mobile.matches_start("41234567"), Some(false));
        assert_eq!(mobile.matches_start("0412345678"), Some(false));
        // Whitespace is ignored and a trailing comment closes, as `phonenumber` compiles them.
        let spaced = Matcher::new("1 2 # one, two").unwrap();
        assert_eq!(spaced.matches_start("12"), Some(true));
        assert!(Matcher::new("(").is_none());
    }
}
