//! Whether a number that no range of its country holds is too short or too long for the
//! ranges it starts like.
//!
//! A country-wide shortest length is not enough: Australia's pagers (`163xx`) have five
//! digits, so `0412 34` (five digits, read in AU) passed that test although every number
//! starting with `4` is a nine-digit mobile. Here the digits are walked through each range's
//! pattern (anchored at both ends, as a lazy DFA): a number that can still become one of a
//! range's numbers with more digits is too short; one that went past a whole number of a range
//! is too long. A number that fits no range either way stays a well-formed, invalid number, as
//! before.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, OnceLock};

use phonenumber::Type;
use phonenumber::metadata::Descriptor;

use crate::database;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::util::start;
use regex_automata::{Anchored, util::syntax};

/// What the ranges of a calling code say of a number's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fit {
    /// A range holds a number of this length that it starts like, or no range is close.
    Fits,
    /// More digits would make it a number of a range.
    TooShort,
    /// Its first digits are a whole number of a range; the rest are extra.
    TooLong,
}

/// The kinds of number whose ranges are read.
pub(crate) const KINDS: [Type; 10] = [
    Type::FixedLine,
    Type::Mobile,
    Type::TollFree,
    Type::PremiumRate,
    Type::SharedCost,
    Type::PersonalNumber,
    Type::Voip,
    Type::Pager,
    Type::Uan,
    Type::Voicemail,
];

/// One range: its pattern as a lazy DFA (with a cache, behind a lock: this path runs only
/// for numbers no range holds) and the lengths it allows.
struct Range {
    dfa: DFA,
    cache: Mutex<Cache>,
    lengths: Vec<u16>,
}

/// The ranges of every region of a calling code, built on first use of the code.
static RANGES: LazyLock<Mutex<HashMap<u16, &'static [Range]>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// Every number-kind descriptor of every region sharing the country `code`.
pub(crate) fn descriptors(code: u16) -> impl Iterator<Item = &'static Descriptor> {
    database::metadata(code).into_iter().flat_map(|meta| {
        KINDS
            .iter()
            .filter_map(|&kind| meta.descriptors().get(kind))
    })
}

/// The shortest national number any range of calling code `code` allows (`None`: no range
/// lists lengths), read once per code.
pub(crate) fn shortest(code: u16) -> Option<u16> {
    static SHORTEST: [OnceLock<Option<u16>>; 1000] = [const { OnceLock::new() }; 1000];
    let compute = || {
        descriptors(code)
            .filter_map(|descriptor| descriptor.possible_length().iter().min())
            .min()
            .copied()
    };
    match SHORTEST.get(usize::from(code)) {
        Some(slot) => *slot.get_or_init(compute),
        None => compute(),
    }
}

fn ranges(code: u16) -> &'static [Range] {
    let mut codes = RANGES.lock().unwrap_or_else(|e| e.into_inner());
    codes.entry(code).or_insert_with(|| {
        let ranges: Vec<Range> = descriptors(code).filter_map(Range::new).collect();
        // Built once per calling code (about 250 codes at most) and kept for the process.
        Box::leak(ranges.into_boxed_slice())
    })
}

impl Range {
    /// `None` if the pattern does not compile (the range is then not consulted).
    fn new(descriptor: &Descriptor) -> Option<Self> {
        let pattern = format!("(?:{}\n)$", descriptor.national_number().as_str());
        let dfa = DFA::builder()
            .syntax(syntax::Config::new().ignore_whitespace(true).unicode(false))
            .build(&pattern)
            .ok()?;
        let cache = Mutex::new(dfa.create_cache());
        Some(Self {
            dfa,
            cache,
            lengths: descriptor.possible_length().to_vec(),
        })
    }

    fn allows(&self, length: usize) -> bool {
        self.lengths.is_empty() || self.lengths.iter().any(|&l| usize::from(l) == length)
    }

    /// Reads `national` through the range: `Fits` when it is one of the range's numbers,
    /// `TooShort` when more digits could make it one, `TooLong` when a shorter start of it
    /// is one; `None` when it is none of these.
    fn fit(&self, national: &str) -> Option<Fit> {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        let cache = &mut *cache;
        let dfa = &self.dfa;
        let config = start::Config::new().anchored(Anchored::Yes);
        let mut state = dfa.start_state(cache, &config).ok()?;
        let mut whole_prefix = false;
        for (read, byte) in national.bytes().enumerate() {
            if read > 0 && self.allows(read) && dfa.next_eoi_state(cache, state).ok()?.is_match() {
                whole_prefix = true;
            }
            state = dfa.next_state(cache, state, byte).ok()?;
            if state.is_dead() {
                return whole_prefix.then_some(Fit::TooLong);
            }
        }
        let length = national.len();
        if dfa.next_eoi_state(cache, state).ok()?.is_match() && self.allows(length) {
            return Some(Fit::Fits);
        }
        let longer =
            self.lengths.is_empty() || self.lengths.iter().any(|&l| usize::from(l) > length);
        if longer {
            Some(Fit::TooShort)
        } else {
            whole_prefix.then_some(Fit::TooLong)
        }
    }
}

/// What the ranges of calling code `code` say of `national` (its digits, leading zeros as
/// written). One range holding it wins; else too short wins over too long.
pub(crate) fn fit(code: u16, national: &str) -> Fit {
    let mut answer = Fit::Fits;
    for range in ranges(code) {
        match range.fit(national) {
            Some(Fit::Fits) => return Fit::Fits,
            Some(Fit::TooShort) => answer = Fit::TooShort,
            Some(Fit::TooLong) if answer == Fit::Fits => answer = Fit::TooLong,
            _ => {}
        }
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiles_of_australia_have_nine_digits() {
        assert_eq!(fit(61, "412345678"), Fit::Fits);
        assert_eq!(fit(61, "41234"), Fit::TooShort);
        assert_eq!(fit(61, "41234567"), Fit::TooShort);
        assert_eq!(fit(61, "4123456789"), Fit::TooLong);
        // Close to no range at all: left to the caller (a well-formed, invalid number).
        assert_eq!(fit(61, "10000000"), Fit::Fits);
    }
}
