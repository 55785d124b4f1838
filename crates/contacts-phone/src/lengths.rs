//! Whether a number that no range of its country holds is too short or too long for the
//! ranges it starts like.
//!
//! A country-wide shortest length is not enough: Australia's pagers (`163xx`) have five
//! digits, so `0412 34` (five digits, read in AU) passed that test although every number
//! starting with `4` is a nine-digit mobile. Here the digits are walked through each range's
//! pattern (anchored at both ends, its DFA compiled at build time, [`tables`]): a number that can still become one of a
//! range's numbers with more digits is too short; one that went past a whole number of a range
//! is too long. A number that fits no range either way stays a well-formed, invalid number, as
//! before.

use crate::tables::{self, Range};

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

/// Every number-kind range (all but the general one) of every region sharing the calling code
/// `code`.
fn ranges(code: u16) -> impl Iterator<Item = &'static Range> {
    tables::code(code)
        .into_iter()
        .flat_map(|code| code.territories())
        .flat_map(|territory| territory.ranges[1..].iter().flatten())
}

/// The shortest national number any range of calling code `code` allows (`None`: no range
/// lists lengths), computed at build time.
pub(crate) fn shortest(code: u16) -> Option<u16> {
    tables::code(code)?.shortest
}

/// Reads `national` through `range` (its pattern anchored at both ends): `Fits` when it is one
/// of the range's numbers, `TooShort` when more digits could make it one, `TooLong` when a
/// shorter start of it is one; `None` when it is none of these.
fn fit_range(range: &Range, national: &str) -> Option<Fit> {
    let dfa = range.pattern.dfa;
    let mut state = dfa.start();
    let mut whole_prefix = false;
    for (read, byte) in national.bytes().enumerate() {
        if read > 0 && range.allows(read) && dfa.accepts(state) {
            whole_prefix = true;
        }
        match dfa.next(state, byte) {
            Some(next) => state = next,
            None => return whole_prefix.then_some(Fit::TooLong),
        }
    }
    let length = national.len();
    if dfa.accepts(state) && range.allows(length) {
        return Some(Fit::Fits);
    }
    let longer = range.lengths.is_empty() || range.lengths.iter().any(|&l| usize::from(l) > length);
    if longer {
        Some(Fit::TooShort)
    } else {
        whole_prefix.then_some(Fit::TooLong)
    }
}

/// What the ranges of calling code `code` say of `national` (its digits, leading zeros as
/// written). One range holding it wins; else too short wins over too long.
pub(crate) fn fit(code: u16, national: &str) -> Fit {
    let mut answer = Fit::Fits;
    for range in ranges(code) {
        match fit_range(range, national) {
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

    #[test]
    fn the_shortest_number_of_each_code_is_that_of_its_ranges() {
        assert_eq!(shortest(61), Some(5), "Australia's pagers");
        for code in 1..1000 {
            let computed = ranges(code)
                .filter_map(|range| range.lengths.iter().min())
                .min()
                .copied();
            assert_eq!(shortest(code), computed, "+{code}");
        }
    }
}
