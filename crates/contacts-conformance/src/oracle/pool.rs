//! The values one generated sequence draws from: few enough that documents, filters and
//! label operations keep hitting each other, and chosen to sit next to each other where an
//! adapter might compare wrongly (case, prefixes, Unicode forms, padding, characters that
//! mean something to SQL, globs, regexes, URLs, XML or CSV, lengths at the declared limit).

use crate::generate::{keys_for, tricky_value};
use crate::near_misses::near_misses;
use contacts_core::{Capabilities, KeySupport};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

/// Values that mean something to a query language, a URL, markup or a file format, each
/// with the value a careless adapter would confuse it with.
const SPECIAL_PAIRS: [(&str, &str); 10] = [
    ("a_c", "abc"),
    ("50%", "500"),
    ("a*", "ab"),
    ("a.c", "abc"),
    ("[ab]", "a"),
    ("O'Neil", "ONeil"),
    ("a&b=c?d#e/f", "a"),
    ("<b>x</b>", "x"),
    ("\"q\",r;s", "q"),
    ("line\r\nbreak", "line\nbreak"),
];

/// Characters of every class the contract allows: astral, combining, right-to-left, a
/// zero-width joiner, a line separator.
const UNICODE: [&str; 6] = [
    "𝔘𝔫𝔦",
    "n\u{303}a",
    "\u{5e9}\u{5dc}\u{5d5}\u{5dd}",
    "👩\u{200d}💻",
    "a\u{2028}b",
    "\u{202e}txet",
];

/// Label bases; each comes with its near misses.
const LABEL_BASES: [&str; 4] = ["VIP", "Kund ✓", "a b", "Zoë"];

/// Blocklist numbers: international, with a prefix of one another and one differing in the
/// last digit.
const NUMBERS: [&str; 4] = [
    "+46701234567",
    "+46701234568",
    "+4670123456",
    "+61412345678",
];

/// What one sequence draws from.
#[derive(Debug, Clone)]
pub(crate) struct Pool {
    /// Property values (some exactly at the declared length limit, one just over it).
    pub(crate) values: Vec<String>,
    /// Labels (empty when labels are not declared).
    pub(crate) labels: Vec<String>,
    /// Property keys the provider declares storable, with case variants where keys are
    /// free-form.
    pub(crate) keys: Vec<String>,
    /// Numbers for the blocklist.
    pub(crate) numbers: Vec<String>,
}

/// Values exactly at the limit in characters (several bytes each, so a limit counted in
/// bytes shows) and one character over it.
fn at_the_limit(caps: &Capabilities) -> Vec<String> {
    match caps.max_value_chars {
        Some(max) if max > 0 => vec![
            "é".repeat(max),
            format!("{}𝔘", "a".repeat(max - 1)),
            "a".repeat(max + 1),
        ],
        _ => vec!["é".repeat(300)],
    }
}

fn keys(caps: &Capabilities) -> Vec<String> {
    let mut keys = keys_for(caps);
    if matches!(caps.keys, KeySupport::FreeForm) {
        keys.extend(["phonenumber", "EMAIL", "note "].map(str::to_owned));
    }
    keys
}

fn near_family(base: &str) -> Vec<String> {
    std::iter::once(base.to_owned())
        .chain(near_misses(base))
        .collect()
}

/// A pool for a provider declaring `caps`.
pub(crate) fn pool(caps: &Capabilities) -> SBoxedStrategy<Pool> {
    let caps = caps.clone();
    let max = caps.max_value_chars.unwrap_or(300);
    let base = prop_oneof![
        select(&["Zoë", "Åsa Berg", "Müller", "Ann", "café"][..]).prop_map(str::to_owned),
        "[A-Za-z]{2,5}( [A-Za-z]{2,5})?",
    ];
    let family = base.prop_flat_map(|base| {
        let all = near_family(&base);
        let n = all.len();
        subsequence(all, 3.min(n)..=n)
    });
    let labels = select(&LABEL_BASES[..]).prop_flat_map(|base| {
        let all = near_family(base);
        let n = all.len();
        subsequence(all, 2.min(n)..=4.min(n))
    });
    // A few keys per sequence, so documents share keys and filters on one value find several.
    let all_keys = keys(&caps);
    let n = all_keys.len();
    let some_keys = subsequence(all_keys, 1.min(n)..=4.min(n));
    (
        family,
        subsequence(SPECIAL_PAIRS.to_vec(), 1..=2),
        subsequence(UNICODE.to_vec(), 1..=2),
        proptest::collection::vec(tricky_value(max), 1..=2),
        labels,
        some_keys,
    )
        .prop_map(move |(family, special, unicode, tricky, labels, keys)| {
            let mut values = family;
            values.extend(
                special
                    .into_iter()
                    .flat_map(|(a, b)| [a, b])
                    .map(str::to_owned),
            );
            values.extend(unicode.into_iter().map(str::to_owned));
            values.extend(tricky);
            values.extend(at_the_limit(&caps));
            values.dedup();
            Pool {
                values,
                labels: if caps.labels { labels } else { Vec::new() },
                keys,
                numbers: NUMBERS.map(str::to_owned).to_vec(),
            }
        })
        .sboxed()
}
