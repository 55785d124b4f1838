//! A number's region and type by libphonenumber's ranges, from the tables compiled at build
//! time ([`tables`]).
//!
//! `phonenumber` reads them through one global regex cache: every pattern it tries takes a
//! lock, hashes the pattern's text (up to kilobytes) and updates an LRU list, and the cache
//! holds 100 regexes, fewer than the ranges of a handful of countries, so a mixed set of
//! numbers compiles the same regexes again and again. Here each range is a DFA compiled at
//! build time, walked from the first digit (see [`Dfa`](crate::matcher::Dfa)). The rules are
//! `phonenumber`'s own (`validator::source_for` and `validator::number_type`, 0.3.10), step for
//! step; a property test compares both on numbers of every calling code.

use phonenumber::Type;

use crate::tables::{self, Territory};

/// What the ranges say of a number: its type, and the territory it belongs to (as
/// `phonenumber` chooses it), read together since both start from that choice.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reading {
    pub(crate) kind: Type,
    pub(crate) region: Option<&'static Territory>,
}

/// Reads a number by calling code and national number (digits, leading zeros as written).
pub(crate) fn read(code: u16, national: &str) -> Reading {
    match source_for(code, national) {
        Some(region) => Reading {
            kind: kind(region, national),
            region: Some(region),
        },
        None => Reading {
            kind: Type::Unknown,
            region: None,
        },
    }
}

/// The territory `phonenumber` reads a number of `code` in (its `source_for`), by the national
/// number without leading zeros.
pub(crate) fn region_of(code: u16, national: &str) -> Option<&'static Territory> {
    source_for(code, national)
}

/// `phonenumber::validator::source_for`.
fn source_for(code: u16, national: &str) -> Option<&'static Territory> {
    let code = tables::code(code)?;
    let mut regions = code.regions();
    if code.single {
        return regions.next();
    }
    regions.find(|region| match &region.leading_digits {
        Some(pattern) => pattern.dfa.matches_start(national),
        None => kind(region, national) != Type::Unknown,
    })
}

/// `phonenumber::validator::number_type` for `region`.
fn kind(region: &Territory, national: &str) -> Type {
    decide(
        |slot| {
            region.ranges[slot as usize]
                .as_ref()
                .is_some_and(|range| range.is_match(national))
        },
        region.same_fixed_and_mobile,
    )
}

/// The ranges `number_type` reads (in the order of `SLOTS`, which indexes
/// [`Territory::ranges`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    General,
    PremiumRate,
    TollFree,
    SharedCost,
    Voip,
    PersonalNumber,
    Pager,
    Uan,
    Voicemail,
    FixedLine,
    Mobile,
}

#[cfg(test)]
const SLOTS: [Slot; 11] = [
    Slot::General,
    Slot::PremiumRate,
    Slot::TollFree,
    Slot::SharedCost,
    Slot::Voip,
    Slot::PersonalNumber,
    Slot::Pager,
    Slot::Uan,
    Slot::Voicemail,
    Slot::FixedLine,
    Slot::Mobile,
];

/// `phonenumber::validator::number_type`, step for step: `matches(slot)` says whether the
/// national number is in that range; `same_fixed_and_mobile` whether the two share a pattern.
fn decide(matches: impl Fn(Slot) -> bool, same_fixed_and_mobile: bool) -> Type {
    if !matches(Slot::General) {
        return Type::Unknown;
    }
    let ordered = [
        (Slot::PremiumRate, Type::PremiumRate),
        (Slot::TollFree, Type::TollFree),
        (Slot::SharedCost, Type::SharedCost),
        (Slot::Voip, Type::Voip),
        (Slot::PersonalNumber, Type::PersonalNumber),
        (Slot::Pager, Type::Pager),
        (Slot::Uan, Type::Uan),
        (Slot::Voicemail, Type::Voicemail),
    ];
    if let Some(&(_, kind)) = ordered.iter().find(|(slot, _)| matches(*slot)) {
        return kind;
    }
    if matches(Slot::FixedLine) {
        return if same_fixed_and_mobile || matches(Slot::Mobile) {
            Type::FixedLineOrMobile
        } else {
            Type::FixedLine
        };
    }
    if matches(Slot::Mobile) {
        return Type::Mobile;
    }
    Type::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;
    use phonenumber::metadata::{DATABASE, Descriptor, Descriptors};

    #[test]
    fn slots_index_their_ranges() {
        for (at, slot) in SLOTS.iter().enumerate() {
            assert_eq!(*slot as usize, at);
        }
    }

    fn descriptor(d: &Descriptors, slot: Slot) -> Option<&Descriptor> {
        match slot {
            Slot::General => Some(d.general()),
            Slot::PremiumRate => d.premium_rate(),
            Slot::TollFree => d.toll_free(),
            Slot::SharedCost => d.shared_cost(),
            Slot::Voip => d.voip(),
            Slot::PersonalNumber => d.personal_number(),
            Slot::Pager => d.pager(),
            Slot::Uan => d.uan(),
            Slot::Voicemail => d.voicemail(),
            Slot::FixedLine => d.fixed_line(),
            Slot::Mobile => d.mobile(),
        }
    }

    /// Every range of every territory in the tables answers as `phonenumber`'s own
    /// descriptor, on its example number, the example with a digit more, a digit less, and
    /// the example's digits shifted.
    #[test]
    fn every_range_of_the_tables_reads_as_phonenumbers_own() {
        let mut checked = 0;
        for code in (1..1000).filter_map(tables::code) {
            let theirs = DATABASE.by_code(&code.code).unwrap();
            let ours: Vec<&Territory> = code.territories().collect();
            assert_eq!(ours.len(), theirs.len(), "+{}", code.code);
            for (ours, theirs) in ours.into_iter().zip(theirs) {
                assert_eq!(ours.id, theirs.id(), "+{}", code.code);
                let d = theirs.descriptors();
                for slot in SLOTS {
                    let (mine, theirs) = (&ours.ranges[slot as usize], descriptor(d, slot));
                    assert_eq!(mine.is_some(), theirs.is_some(), "{} {slot:?}", ours.id);
                    let (Some(mine), Some(theirs)) = (mine, theirs) else {
                        continue;
                    };
                    let examples = ours.ranges.iter().flatten().filter_map(|r| r.example);
                    for example in examples {
                        for national in [
                            example.to_owned(),
                            format!("{example}1"),
                            example[1..].to_owned(),
                            format!("1{example}"),
                        ] {
                            assert_eq!(
                                mine.is_match(&national),
                                theirs.is_match(&national),
                                "{} {slot:?} {national}",
                                ours.id
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
    }

    /// Leading-digit patterns choose among the regions of a shared calling code as
    /// `phonenumber`'s own do.
    #[test]
    fn leading_digits_read_as_phonenumbers_own() {
        let mut checked = 0;
        for territory in tables::TERRITORIES {
            let Some(pattern) = &territory.leading_digits else {
                continue;
            };
            let theirs = DATABASE
                .by_code(&territory.code)
                .unwrap()
                .into_iter()
                .find(|m| m.id() == territory.id)
                .and_then(|m| m.leading_digits())
                .unwrap();
            for national in (0..2000).map(|n| (n * 7919 % 100_000).to_string()) {
                let expected = theirs.find(&national).is_some_and(|m| m.start() == 0);
                assert_eq!(pattern.dfa.matches_start(&national), expected, "{national}");
                checked += 1;
            }
        }
        assert!(checked > 10_000, "{checked}");
    }
}
