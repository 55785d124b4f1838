//! A number's region and type by libphonenumber's ranges, with the ranges' patterns compiled
//! once.
//!
//! `phonenumber` reads them through one global regex cache: every pattern it tries takes a
//! lock, hashes the pattern's text (up to kilobytes) and updates an LRU list, and the cache
//! holds 100 regexes, fewer than the ranges of a handful of countries, so a mixed set of
//! numbers compiles the same regexes again and again. Reading a number's type was most of the
//! cost of reading a number. Here each region's patterns are compiled on first use, from the
//! same metadata, and read without a lock afterwards (each pattern a lazy DFA walked from the
//! first digit, see [`Matcher`]). The rules are `phonenumber`'s own
//! (`validator::source_for` and `validator::number_type`, 0.3.10), step for step; a property
//! test compares both on numbers of every calling code.

use std::sync::OnceLock;

use phonenumber::metadata::{Database, Descriptor, Descriptors, Metadata};
use phonenumber::{Type, country};

use crate::database;
use crate::matcher::Matcher;

/// What the ranges say of a number: its type, and the metadata of the region it belongs to
/// (as `phonenumber` chooses it), read together since both start from that choice.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reading {
    pub(crate) kind: Type,
    pub(crate) region: Option<&'static Metadata>,
}

/// Reads a number by calling code and national number (digits, leading zeros as written).
pub(crate) fn read(code: u16, national: &str) -> Reading {
    match source_for(code, national) {
        Some(region) => Reading {
            kind: region.kind(national),
            region: Some(region.meta),
        },
        None => Reading {
            kind: Type::Unknown,
            region: None,
        },
    }
}

/// The metadata of the region `phonenumber` reads a number of `code` in (its `source_for`), by
/// the national number without leading zeros.
pub(crate) fn region_of(code: u16, national: &str) -> Option<&'static Metadata> {
    source_for(code, national).map(|region| region.meta)
}

/// The metadata of every region a number of `code` can be read in, in the order `phonenumber`
/// tries them (empty for a code no region has).
pub(crate) fn candidates(code: u16) -> impl Iterator<Item = &'static Metadata> {
    regions_of(code)
        .into_iter()
        .flat_map(|code| code.regions.iter().map(|region| region.meta))
}

/// One region's metadata and, once read, its compiled ranges.
struct Region {
    meta: &'static Metadata,
    ranges: OnceLock<Option<Ranges>>,
}

/// The regions of one calling code, in the order `phonenumber` tries them.
struct Code {
    /// The code has one region (or one non-geographic entity): no choice to make.
    single: bool,
    regions: Vec<Region>,
}

/// The regions of each calling code, read on first use of the code from its database (see
/// [`database`]); `None` for a code no region has.
static CODES: [OnceLock<Option<Code>>; 1000] = [const { OnceLock::new() }; 1000];

fn regions_of(code: u16) -> Option<&'static Code> {
    let slot = CODES.get(usize::from(code))?;
    slot.get_or_init(|| Code::new(code)).as_ref()
}

impl Code {
    fn new(code: u16) -> Option<Self> {
        let database: &'static Database = database::for_code(code)?;
        let ids = database.region(&code)?;
        let metas: Vec<&'static Metadata> = match ids.as_slice() {
            // A non-geographic entity: its calling code's first metadata.
            ["001"] => database
                .by_code(&code)
                .and_then(|metas| metas.into_iter().next())
                .into_iter()
                .collect(),
            // One region, taken if its id reads as a country.
            [id] if id.parse::<country::Id>().is_err() => Vec::new(),
            _ => ids.iter().filter_map(|id| database.by_id(*id)).collect(),
        };
        let regions = metas.into_iter().map(Region::new).collect();
        let single = ids.len() == 1;
        Some(Code { single, regions })
    }
}

/// `phonenumber::validator::source_for`, then the metadata it names.
fn source_for(code: u16, national: &str) -> Option<&'static Region> {
    let code = regions_of(code)?;
    if code.single {
        return code.regions.first();
    }
    code.regions
        .iter()
        .find(|region| match region.leading_match(national) {
            Some(matched) => matched,
            None => region.kind(national) != Type::Unknown,
        })
}

impl Region {
    fn new(meta: &'static Metadata) -> Self {
        Self {
            meta,
            ranges: OnceLock::new(),
        }
    }

    /// The compiled ranges; `None` if a pattern does not compile here (the region is then
    /// read through `phonenumber`'s own patterns: slower, the same answers).
    fn ranges(&self) -> Option<&Ranges> {
        self.ranges.get_or_init(|| Ranges::new(self.meta)).as_ref()
    }

    /// Whether the region's leading-digits pattern matches at the start of `national`
    /// (`phonenumber` finds the leftmost match and asks that it start at 0: an anchored
    /// match); `None` when the region has no such pattern.
    fn leading_match(&self, national: &str) -> Option<bool> {
        let pattern = self.meta.leading_digits()?;
        let compiled = self.ranges().and_then(|ranges| {
            let matcher = ranges.leading_digits.as_ref()?;
            matcher.matches_start(national)
        });
        Some(compiled.unwrap_or_else(|| pattern.find(national).is_some_and(|m| m.start() == 0)))
    }

    /// `phonenumber::validator::number_type` for this region.
    fn kind(&self, national: &str) -> Type {
        match self.ranges() {
            Some(ranges) => decide(
                |slot| ranges.get(slot).is_some_and(|r| r.is_match(national)),
                ranges.same_fixed_and_mobile,
            ),
            None => {
                let d = self.meta.descriptors();
                decide(
                    |slot| descriptor(d, slot).is_some_and(|r| r.is_match(national)),
                    same_fixed_and_mobile(d),
                )
            }
        }
    }
}

/// The ranges `number_type` reads (in the order of [`SLOTS`], which indexes [`Ranges`]).
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

/// Whether fixed-line and mobile numbers share one pattern (as in the US): `number_type` then
/// calls a fixed-line number either.
fn same_fixed_and_mobile(d: &Descriptors) -> bool {
    d.fixed_line().map(|r| r.national_number().as_str())
        == d.mobile().map(|r| r.national_number().as_str())
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

/// One range: the lengths it allows and its pattern, anchored at the start, compiled the first
/// time a number of one of those lengths is read (compiling is most of the cost of a process's
/// first number, and a number's length rules out most ranges of its region).
struct Range {
    descriptor: &'static Descriptor,
    /// `None` if the pattern does not compile here: `phonenumber`'s own is read instead.
    pattern: OnceLock<Option<Matcher>>,
}

impl Range {
    fn new(descriptor: &'static Descriptor) -> Self {
        Self {
            descriptor,
            pattern: OnceLock::new(),
        }
    }

    fn pattern(&self) -> Option<&Matcher> {
        self.pattern
            .get_or_init(|| Matcher::new(self.descriptor.national_number().as_str()))
            .as_ref()
    }

    /// `Descriptor::is_match`: a possible length (when the range lists any) and a match of the
    /// pattern starting at the first digit.
    fn is_match(&self, national: &str) -> bool {
        let lengths = self.descriptor.possible_length();
        let length = u16::try_from(national.len()).unwrap_or(u16::MAX);
        if !(lengths.is_empty() || lengths.contains(&length)) {
            return false;
        }
        match self.pattern().and_then(|p| p.matches_start(national)) {
            Some(matched) => matched,
            None => self.descriptor.is_match(national),
        }
    }
}

/// A region's ranges, compiled; `None` where the region has no such range.
struct Ranges {
    ranges: [Option<Range>; SLOTS.len()],
    same_fixed_and_mobile: bool,
    leading_digits: Option<Matcher>,
}

impl Ranges {
    /// `None` if the leading-digits pattern does not compile (each range's pattern is compiled
    /// on first use, see [`Range`]).
    fn new(meta: &'static Metadata) -> Option<Self> {
        let d = meta.descriptors();
        let ranges = SLOTS.map(|slot| descriptor(d, slot).map(Range::new));
        let leading_digits = match meta.leading_digits() {
            Some(pattern) => Some(Matcher::new(pattern.as_str())?),
            None => None,
        };
        Some(Self {
            ranges,
            same_fixed_and_mobile: same_fixed_and_mobile(d),
            leading_digits,
        })
    }

    fn get(&self, slot: Slot) -> Option<&Range> {
        self.ranges[slot as usize].as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_index_their_ranges() {
        for (at, slot) in SLOTS.iter().enumerate() {
            assert_eq!(*slot as usize, at);
        }
    }

    /// The fallback through `phonenumber`'s own patterns (for a region whose patterns would
    /// not compile here) answers as the compiled ranges do.
    #[test]
    fn the_fallback_reads_as_the_compiled_ranges() {
        let mut checked = 0;
        for code in [1, 7, 39, 44, 47, 61, 212, 262, 590, 599] {
            for region in &regions_of(code).unwrap().regions {
                let fallback = Region {
                    meta: region.meta,
                    ranges: OnceLock::from(None),
                };
                let d = region.meta.descriptors();
                let examples = SLOTS
                    .iter()
                    .filter_map(|slot| descriptor(d, *slot)?.example());
                for example in examples {
                    for national in [
                        example.to_owned(),
                        format!("{example}1"),
                        example[1..].to_owned(),
                    ] {
                        assert_eq!(
                            region.kind(&national),
                            fallback.kind(&national),
                            "{national}"
                        );
                        assert_eq!(
                            region.leading_match(&national),
                            fallback.leading_match(&national),
                            "{national}"
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 300, "{checked}");
    }

    #[test]
    fn every_region_compiles_here() {
        let codes: Vec<&Code> = (1..1000).filter_map(regions_of).collect();
        for code in &codes {
            for region in &code.regions {
                let ranges = region.ranges();
                let compiled = ranges.is_some_and(|r| {
                    r.ranges
                        .iter()
                        .flatten()
                        .all(|range| range.pattern().is_some())
                });
                assert!(
                    compiled,
                    "{} (+{}) does not compile",
                    region.meta.id(),
                    region.meta.country_code()
                );
            }
        }
        assert!(codes.len() > 200, "{}", codes.len());
    }
}
