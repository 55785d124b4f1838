//! Compiles the numbering-plan metadata this crate ships (`metadata/PhoneNumberMetadata.xml`)
//! into tables at build time, so that a process reading its first number pays for a table
//! lookup, not for loading the XML and compiling the patterns of its country
//! (`docs/performance.md`, row 12).
//!
//! Two files are written to `OUT_DIR`:
//! - `tables.rs`: every territory's reading fields (prefixes, lengths, pattern texts) as Rust
//!   statics, and the territories of each calling code in the order `phonenumber` 0.3.10 lists
//!   them (`Database::from`: the main country first, then the XML's order);
//! - `dfas.bin`: every pattern as a DFA over the ten ASCII digits (every text this crate
//!   matches is ASCII digits), states of eleven little-endian `u16`s: whether a match ends at
//!   this state (bit 0: when the text ends here, bit 1: when it goes on; they differ only for a
//!   pattern with `$`), then the next state for `0`..`9` (`u16::MAX`: no match can follow).
//!
//! The XML is read with `phonenumber`'s own loader, so the fields are the ones its database
//! holds; the patterns are compiled as `phonenumber` compiles them (whitespace ignored).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::BufReader;
use std::path::Path;

use phonenumber::metadata::loader::{self, Descriptor, Metadata};
use regex_automata::dfa::{Automaton, StartKind, dense};
use regex_automata::util::{start, syntax};
use regex_automata::{Anchored, MatchKind};

const XML: &str = "metadata/PhoneNumberMetadata.xml";

/// No next state: every longer text fails the pattern.
const DEAD: u16 = u16::MAX;

fn main() {
    println!("cargo:rerun-if-changed={XML}");
    println!("cargo:rerun-if-changed=build.rs");
    let file = std::fs::File::open(XML).expect("the shipped metadata opens");
    let territories = loader::load(BufReader::new(file)).expect("the shipped metadata loads");
    let mut out = Output::default();
    let source = tables(&territories, &mut out);
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&dir).join("tables.rs"), source).expect("OUT_DIR is writable");
    std::fs::write(Path::new(&dir).join("dfas.bin"), out.blob).expect("OUT_DIR is writable");
}

/// The DFAs compiled so far, each pattern once per match kind.
#[derive(Default)]
struct Output {
    blob: Vec<u8>,
    /// Offset (in `u16`s) of each compiled pattern, by its text and match kind.
    seen: HashMap<(String, bool), u32>,
}

impl Output {
    /// The offset of `pattern`'s DFA in the blob; `first`: leftmost-first matches (to find where
    /// `phonenumber`'s `find` ends), else every match (whether any prefix matches).
    fn dfa(&mut self, pattern: &str, first: bool) -> u32 {
        let key = (pattern.to_owned(), first);
        if let Some(&offset) = self.seen.get(&key) {
            return offset;
        }
        let offset = u32::try_from(self.blob.len() / 2).expect("the tables fit in u32 offsets");
        for word in compile(pattern, first) {
            self.blob.extend_from_slice(&word.to_le_bytes());
        }
        self.seen.insert(key, offset);
        offset
    }
}

/// `pattern` as a digit DFA: eleven `u16`s a state, the start state first.
fn compile(pattern: &str, first: bool) -> Vec<u16> {
    let kind = if first {
        MatchKind::LeftmostFirst
    } else {
        MatchKind::All
    };
    // The newline ends a comment the pattern might end with, so the group always closes.
    let dfa = dense::Builder::new()
        .syntax(syntax::Config::new().ignore_whitespace(true).unicode(false))
        .configure(
            dense::Config::new()
                .match_kind(kind)
                .start_kind(StartKind::Anchored)
                .minimize(true),
        )
        .build(&format!("(?:{pattern}\n)"))
        .unwrap_or_else(|e| panic!("pattern {pattern:?} does not compile: {e}"));
    let start = dfa
        .start_state(&start::Config::new().anchored(Anchored::Yes))
        .expect("an anchored start state");
    let mut ids = vec![start];
    let mut index: HashMap<_, u16> = HashMap::from([(start, 0)]);
    let mut words = Vec::new();
    let mut at = 0;
    while at < ids.len() {
        let state = ids[at];
        // A dense DFA reports a match one byte late. Bit 0: a match ends here if the text
        // ends here; bit 1: a match ends here and the text goes on (they differ only for a
        // pattern with `$`), the same for every digit that follows.
        let at_end = dfa.is_match_state(dfa.next_eoi_state(state));
        let going_on = dfa.is_match_state(dfa.next_state(state, b'0'));
        words.push(u16::from(at_end) | u16::from(going_on) << 1);
        for digit in b'0'..=b'9' {
            let next = dfa.next_state(state, digit);
            assert_eq!(
                dfa.is_match_state(next),
                going_on,
                "{pattern:?}: look-around"
            );
            if dfa.is_dead_state(next) {
                words.push(DEAD);
                continue;
            }
            let fresh = u16::try_from(ids.len()).ok().filter(|&n| n < DEAD);
            let id = *index.entry(next).or_insert_with(|| {
                ids.push(next);
                fresh.unwrap_or_else(|| panic!("{pattern:?}: too many states"))
            });
            words.push(id);
        }
        at += 1;
    }
    words
}

/// The Rust source of the tables (see the file's documentation).
fn tables(territories: &[Metadata], out: &mut Output) -> String {
    let mut source =
        String::from("// Generated by build.rs from metadata/PhoneNumberMetadata.xml.\n\n");
    source.push_str("pub(crate) static TERRITORIES: &[Territory] = &[\n");
    for territory in territories {
        source.push_str(&territory_source(territory, out));
    }
    source.push_str("];\n\n");
    source.push_str(&codes_source(territories, out));
    source.push_str(&regions_source(territories));
    source
}

fn territory_source(t: &Metadata, out: &mut Output) -> String {
    let id = t.id.as_deref().expect("every territory has an id");
    let code = t.country_code.expect("every territory has a calling code");
    let general = t
        .general
        .as_ref()
        .expect("every territory has a general range");
    // In the order of `ranges::Slot`.
    let ranges = [
        Some(general),
        t.premium_rate.as_ref(),
        t.toll_free.as_ref(),
        t.shared_cost.as_ref(),
        t.voip.as_ref(),
        t.personal_number.as_ref(),
        t.pager.as_ref(),
        t.uan.as_ref(),
        t.voicemail.as_ref(),
        t.fixed_line.as_ref(),
        t.mobile.as_ref(),
    ];
    let ranges: Vec<String> = ranges
        .iter()
        .map(|range| range.map_or("None".to_owned(), |r| range_source(r, out)))
        .collect();
    let same = t
        .fixed_line
        .as_ref()
        .and_then(|r| r.national_number.as_ref())
        == t.mobile.as_ref().and_then(|r| r.national_number.as_ref());
    let mut s = String::new();
    let _ = writeln!(s, "    Territory {{");
    let _ = writeln!(s, "        id: {id:?},\n        code: {code},");
    let _ = writeln!(
        s,
        "        idd: {},",
        pattern_source(t.international_prefix.as_deref(), out)
    );
    let _ = writeln!(
        s,
        "        national_prefix: {:?},",
        t.national_prefix.as_deref()
    );
    let for_parsing = t.national_prefix_for_parsing.as_deref();
    let _ = writeln!(
        s,
        "        for_parsing: {},",
        pattern_source(for_parsing, out)
    );
    let first = for_parsing.map(|p| format!("Some(Dfa({}))", out.dfa(p, true)));
    let _ = writeln!(
        s,
        "        for_parsing_first: {},",
        first.as_deref().unwrap_or("None")
    );
    let _ = writeln!(
        s,
        "        transform: {:?},",
        t.national_prefix_transform_rule.as_deref()
    );
    let _ = writeln!(
        s,
        "        leading_digits: {},",
        pattern_source(t.leading_digits.as_deref(), out)
    );
    let _ = writeln!(s, "        ranges: [{}],", ranges.join(", "));
    let _ = writeln!(s, "        same_fixed_and_mobile: {same},\n    }},");
    s
}

fn pattern_source(pattern: Option<&str>, out: &mut Output) -> String {
    match pattern {
        Some(text) => format!(
            "Some(Pattern {{ text: {text:?}, dfa: Dfa({}) }})",
            out.dfa(text, false)
        ),
        None => "None".to_owned(),
    }
}

fn range_source(range: &Descriptor, out: &mut Output) -> String {
    let text = range
        .national_number
        .as_deref()
        .expect("every range has a pattern");
    format!(
        "Some(Range {{ pattern: Pattern {{ text: {text:?}, dfa: Dfa({}) }}, lengths: &{:?}, local: &{:?}, example: {:?} }})",
        out.dfa(text, false),
        range.possible_length,
        range.possible_local_length,
        range.example.as_deref(),
    )
}

/// The territories of each calling code, as `phonenumber`'s `Database::from` lists them: the
/// main country first, the others in the XML's order.
fn by_code(territories: &[Metadata]) -> Vec<(u16, Vec<usize>)> {
    let mut codes: Vec<(u16, Vec<usize>)> = Vec::new();
    for (at, t) in territories.iter().enumerate() {
        let code = t.country_code.expect("every territory has a calling code");
        let slot = match codes.iter().position(|(c, _)| *c == code) {
            Some(slot) => slot,
            None => {
                codes.push((code, Vec::new()));
                codes.len() - 1
            }
        };
        let list = &mut codes[slot].1;
        if t.main_country_for_code {
            list.insert(0, at);
        } else {
            list.push(at);
        }
    }
    codes.sort_by_key(|(code, _)| *code);
    codes
}

fn codes_source(territories: &[Metadata], out: &mut Output) -> String {
    let codes = by_code(territories);
    let mut s = String::from("pub(crate) static CODES: &[Code] = &[\n");
    let mut index = vec![0u16; 1000];
    for (at, (code, list)) in codes.iter().enumerate() {
        index[usize::from(*code)] = u16::try_from(at + 1).expect("fewer codes than u16");
        let regions = candidates(territories, list);
        // Every region's `national_prefix_for_parsing` in one pattern.
        let any: Vec<String> = regions
            .iter()
            .filter_map(|&t| territories[t].national_prefix_for_parsing.as_deref())
            .map(|p| format!("(?:{p}\n)"))
            .collect();
        let any = match any.is_empty() {
            true => "None".to_owned(),
            false => format!("Some(Dfa({}))", out.dfa(&any.join("|"), false)),
        };
        let single = list.len() == 1;
        // The shortest number of any range but the general one (`None`: none lists lengths).
        let shortest = list
            .iter()
            .flat_map(|&t| kind_ranges(&territories[t]))
            .filter_map(|range| range.possible_length.iter().min())
            .min();
        let _ = writeln!(
            s,
            "    Code {{ code: {code}, territories: &{list:?}, regions: &{regions:?}, single: {single}, any_for_parsing: {any}, shortest: {shortest:?} }},"
        );
    }
    s.push_str("];\n\n");
    let _ = writeln!(
        s,
        "pub(crate) static CODE_INDEX: [u16; 1000] = {index:?};\n"
    );
    s
}

/// The ranges of every kind of number (all but the general one).
fn kind_ranges(t: &Metadata) -> impl Iterator<Item = &Descriptor> {
    [
        &t.fixed_line,
        &t.mobile,
        &t.toll_free,
        &t.premium_rate,
        &t.shared_cost,
        &t.personal_number,
        &t.voip,
        &t.pager,
        &t.uan,
        &t.voicemail,
    ]
    .into_iter()
    .flatten()
}

/// The territories `phonenumber`'s `validator::source_for` chooses among (as
/// `ranges::Code` read them from its database): a non-geographic entity's only one; none
/// when a code's one region is no country `phonenumber` knows; else all of them.
fn candidates(territories: &[Metadata], list: &[usize]) -> Vec<usize> {
    match list {
        [one] if territories[*one].id.as_deref() == Some("001") => vec![*one],
        [one] => {
            let id = territories[*one].id.as_deref().unwrap_or_default();
            match id.parse::<phonenumber::country::Id>() {
                Ok(_) => vec![*one],
                Err(_) => Vec::new(),
            }
        }
        _ => list.to_vec(),
    }
}

/// Geographic regions by id, sorted, with their territory (non-geographic entities, `001`,
/// are read by calling code).
fn regions_source(territories: &[Metadata]) -> String {
    let mut ids: Vec<(&str, usize)> = territories
        .iter()
        .enumerate()
        .filter_map(|(at, t)| Some((t.id.as_deref()?, at)))
        .filter(|(id, _)| *id != "001")
        .collect();
    ids.sort_unstable();
    let mut s = String::from("pub(crate) static REGIONS: &[(&str, u16)] = &[\n");
    for (id, at) in ids {
        let _ = writeln!(s, "    ({id:?}, {at}),");
    }
    s.push_str("];\n");
    s
}
