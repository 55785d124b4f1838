//! The numbering-plan metadata as tables compiled at build time (`build.rs`, from
//! `metadata/PhoneNumberMetadata.xml`): what reading a number needs, with no XML to index and
//! no pattern to compile when a process reads its first number.
//!
//! The fields are those of `phonenumber`'s `Metadata` (read by its own loader); each pattern
//! keeps its text (for the rare reading that needs a `regex::Regex`, such as a transform rule's
//! groups) and its DFA (see [`Dfa`]).

use phonenumber::country::Id;

use crate::matcher::Dfa;

/// A metadata pattern: its text and its DFA (every match).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pattern {
    pub(crate) text: &'static str,
    pub(crate) dfa: Dfa,
}

/// One range of numbers (`phonenumber`'s `Descriptor`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Range {
    pub(crate) pattern: Pattern,
    /// The lengths its numbers can have (empty: any).
    pub(crate) lengths: &'static [u16],
    /// The lengths of numbers dialled locally, without an area code.
    pub(crate) local: &'static [u16],
    /// A number of the range, as the metadata gives it (read by the tests).
    #[allow(dead_code)]
    pub(crate) example: Option<&'static str>,
}

impl Range {
    /// `phonenumber`'s `Descriptor::is_match`: a possible length (when the range lists any)
    /// and a match of the pattern starting at the first digit.
    pub(crate) fn is_match(&self, national: &str) -> bool {
        let length = u16::try_from(national.len()).unwrap_or(u16::MAX);
        (self.lengths.is_empty() || self.lengths.contains(&length))
            && self.pattern.dfa.matches_start(national)
    }

    /// Whether numbers of the range can have `length` digits (any, when it lists none).
    pub(crate) fn allows(&self, length: usize) -> bool {
        self.lengths.is_empty() || self.lengths.iter().any(|&l| usize::from(l) == length)
    }
}

/// One `<territory>` of the metadata: a region, or a non-geographic entity (`001`).
#[derive(Debug)]
pub(crate) struct Territory {
    pub(crate) id: &'static str,
    pub(crate) code: u16,
    /// The international prefix (`00`, `0011`, …).
    pub(crate) idd: Option<Pattern>,
    pub(crate) national_prefix: Option<&'static str>,
    pub(crate) for_parsing: Option<Pattern>,
    /// `for_parsing` with leftmost-first matches: where `phonenumber`'s `find` ends.
    pub(crate) for_parsing_first: Option<Dfa>,
    /// The rule rewriting what `for_parsing` matches (`$1` for its first group).
    pub(crate) transform: Option<&'static str>,
    pub(crate) leading_digits: Option<Pattern>,
    /// The ranges, in the order of `ranges::Slot` (the general range first).
    pub(crate) ranges: [Option<Range>; 11],
    /// Fixed-line and mobile numbers share one pattern (as in the US).
    pub(crate) same_fixed_and_mobile: bool,
}

impl Territory {
    /// The general range: every number of the territory is in it.
    pub(crate) fn general(&self) -> &Range {
        match &self.ranges[0] {
            Some(range) => range,
            // build.rs writes a general range for every territory.
            None => &NO_RANGE,
        }
    }
}

/// A range no number is in (never used: every territory has a general range).
static NO_RANGE: Range = Range {
    pattern: Pattern {
        text: "",
        dfa: Dfa::NONE,
    },
    lengths: &[],
    local: &[],
    example: None,
};

/// The territories of one calling code.
#[derive(Debug)]
pub(crate) struct Code {
    /// The calling code (read by the tests, which compare the tables with `phonenumber`'s).
    #[allow(dead_code)]
    pub(crate) code: u16,
    /// Indices into [`TERRITORIES`], as `phonenumber` lists them (the main country first).
    pub(crate) territories: &'static [usize],
    /// The territories `phonenumber`'s `source_for` chooses among.
    pub(crate) regions: &'static [usize],
    /// The code has one territory: no choice to make.
    pub(crate) single: bool,
    /// Every territory's `national_prefix_for_parsing` in one pattern.
    pub(crate) any_for_parsing: Option<Dfa>,
    /// The shortest number any range of the code allows, but the general one (`None`: no
    /// range lists lengths).
    pub(crate) shortest: Option<u16>,
}

impl Code {
    /// The territories, as `phonenumber` lists them.
    pub(crate) fn territories(&'static self) -> impl Iterator<Item = &'static Territory> {
        self.territories
            .iter()
            .filter_map(|&at| TERRITORIES.get(at))
    }

    /// The territories `phonenumber`'s `source_for` chooses among, in its order.
    pub(crate) fn regions(&'static self) -> impl Iterator<Item = &'static Territory> {
        self.regions.iter().filter_map(|&at| TERRITORIES.get(at))
    }
}

include!(concat!(env!("OUT_DIR"), "/tables.rs"));

/// The territories of calling code `code`; `None` for a code no territory has.
pub(crate) fn code(code: u16) -> Option<&'static Code> {
    let at = *CODE_INDEX.get(usize::from(code))?;
    CODES.get(usize::from(at.checked_sub(1)?))
}

/// The territory of a region.
pub(crate) fn region(region: Id) -> Option<&'static Territory> {
    let id: &str = region.as_ref();
    let at = REGIONS
        .binary_search_by(|(other, _)| (*other).cmp(id))
        .ok()?;
    TERRITORIES.get(usize::from(REGIONS[at].1))
}
