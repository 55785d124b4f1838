//! Digits read into a calling code and a national number without `phonenumber`'s parser, for
//! the inputs where its rules come down to prefixes.
//!
//! `phonenumber::parse_with` (0.3.10) runs a text through a nom grammar, a dozen regexes of its
//! own and the region's patterns through a shared, locked regex cache: before this module, most
//! of the time of reading a number. For the texts this crate gives it (ASCII digits, after a
//! `+` or in a default region) its rules are few:
//! - `+`: the calling code is the first 1–3 digits some region has; the rest is the national
//!   number, read by the rules of the region the ranges give it (`source_for`).
//! - in a region: an international prefix (`00`) in front makes it international; the
//!   region's calling code in front of what is no possible number of the region is dropped.
//! - then the region's `national_prefix_for_parsing` is stripped from the front (or rewritten
//!   by its transform rule), the national prefix once more, unless what is left is shorter
//!   than the region's numbers.
//!
//! Here those steps run over each region's prefixes, compiled at build time ([`tables`]). An
//! international prefix in national input, a transform rule's pattern that does not compile
//! here, and every number `phonenumber` refuses (too short, too long, zeros only) are answered `None`: the caller then asks
//! `phonenumber`, so the answers stay its answers (its error included). The differential test
//! (`differential.rs`) compares both paths over a million generated inputs.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use phonenumber::NationalNumber;
use phonenumber::country::Id;
use regex::{Regex, RegexBuilder};

use crate::tables::{self, Territory};
use crate::{database, ranges};

/// A number as `phonenumber` reads it: calling code and national number.
pub(crate) type Split = (u16, NationalNumber);

/// libphonenumber's bounds on a national number's length (`MIN/MAX_LENGTH_FOR_NSN`).
const NATIONAL_LENGTHS: std::ops::RangeInclusive<usize> = 2..=17;

/// `digits` (ASCII, after a `+`) as `phonenumber::parse(None, "+digits")` reads them; `None`
/// when the rules take more than prefixes (then ask `phonenumber`).
pub(crate) fn international(digits: &str) -> Option<Split> {
    // Fewer than three digits is no number to `phonenumber`; a leading 0 no calling code.
    if digits.len() < 3 || digits.starts_with('0') {
        return None;
    }
    let code = database::code_of(digits)?;
    let national = &digits[code_length(code)..];
    let national = strip_after_code(code, national)?;
    finish(code, &national)
}

/// `digits` (ASCII) as `phonenumber::parse(Some(region), digits)` reads them; `None` when the
/// rules take more than prefixes (then ask `phonenumber`).
pub(crate) fn national(region: Id, digits: &str) -> Option<Split> {
    if digits.len() < 3 {
        return None;
    }
    let rules = tables::region(region)?;
    // An international prefix in front: `phonenumber` reads the number as international.
    if rules.idd.is_some_and(|idd| idd.dfa.matches_start(digits)) {
        return None;
    }
    // The calling code in front of what is no number of the region: the rest is the number.
    let mut code_text = itoa::Buffer::new();
    let national = match digits.strip_prefix(code_text.format(rules.code)) {
        Some(rest) if !(general_match(rules, digits) && possible(rules, digits.len())) => rest,
        _ => digits,
    };
    finish(rules.code, &strip(rules, national)?)
}

/// The number of digits of a calling code.
fn code_length(code: u16) -> usize {
    match code {
        0..=9 => 1,
        10..=99 => 2,
        _ => 3,
    }
}

/// A national number `phonenumber` accepts, read as its value and leading zeros; `None` for
/// what it refuses (too short, too long, zeros only), so that its own error is given.
fn finish(code: u16, national: &str) -> Option<Split> {
    if !NATIONAL_LENGTHS.contains(&national.len()) {
        return None;
    }
    let zeros = national.bytes().take_while(|&b| b == b'0').count();
    if zeros == national.len() {
        return None;
    }
    // At most 17 ASCII digits: no overflow.
    let value = national.bytes().skip(zeros).fold(0u64, |value, digit| {
        value * 10 + u64::from(digit.wrapping_sub(b'0'))
    });
    let national = NationalNumber::new(value, u8::try_from(zeros).ok()?).ok()?;
    Some((code, national))
}

/// `pattern` as `phonenumber` compiles it (whitespace ignored), matching only at the start:
/// its `find(text)` when that starts at 0, with the same groups, compiled once per pattern
/// (only a transform rule needs it: its groups). ASCII classes: every text read here is ASCII
/// digits.
fn anchored(pattern: &'static str) -> Option<&'static Regex> {
    static COMPILED: Mutex<Option<HashMap<&'static str, Option<&'static Regex>>>> =
        Mutex::new(None);
    let mut compiled = COMPILED.lock().unwrap_or_else(PoisonError::into_inner);
    *compiled
        .get_or_insert_with(HashMap::new)
        .entry(pattern)
        .or_insert_with(|| {
            // The newline ends a comment the pattern might end with, so the group closes.
            let regex = RegexBuilder::new(&format!("^(?:{pattern}\n)"))
                .ignore_whitespace(true)
                .unicode(false)
                .build()
                .ok()?;
            // Kept for the process: one per region with a transform rule, a dozen at most.
            Some(&*Box::leak(Box::new(regex)))
        })
}

/// `parser::helper::national_number`, the second strip of the national prefix and the length
/// check of `parse_with`: the national number as `phonenumber` reads it in `rules`' region
/// (`None` when a transform rule's pattern does not compile here).
fn strip<'a>(rules: &Territory, national: &'a str) -> Option<Cow<'a, str>> {
    let found = rules
        .for_parsing_first
        .and_then(|dfa| dfa.first_end(national));
    let potential = match (rules.for_parsing, found, rules.transform) {
        (None, _, _) => Cow::Borrowed(without_prefix(rules, national)),
        (Some(_), None, _) => Cow::Borrowed(national),
        (Some(_), Some(end), None) => Cow::Borrowed(&national[end..]),
        (Some(pattern), Some(_), Some(rule)) => transformed(rules, pattern.text, rule, national)?,
    };
    let stripped = match potential {
        Cow::Borrowed(potential) => Cow::Borrowed(without_prefix(rules, potential)),
        Cow::Owned(potential) => Cow::Owned(without_prefix(rules, &potential).to_owned()),
    };
    Some(match too_short(rules, stripped.len()) {
        true => Cow::Borrowed(national),
        false => stripped,
    })
}

/// `national_number` where a transform rule exists: the rule applied when the pattern's last
/// group took part, unless that makes a number of the region's ranges none.
fn transformed<'a>(
    rules: &Territory,
    pattern: &'static str,
    rule: &str,
    national: &'a str,
) -> Option<Cow<'a, str>> {
    let pattern = anchored(pattern)?;
    let captures = pattern.captures(national)?;
    let whole = captures.get(0)?;
    if captures.get(captures.len() - 1).is_none() {
        return Some(Cow::Borrowed(&national[whole.end()..]));
    }
    let transformed = pattern.replace(national, rule).into_owned();
    let viable = general_match(rules, national);
    if viable && !general_match(rules, &transformed) {
        return Some(Cow::Borrowed(national));
    }
    Some(Cow::Owned(transformed))
}

/// `Descriptor::is_match` of the general range: a possible length, and the pattern matching
/// from the first digit.
fn general_match(rules: &Territory, national: &str) -> bool {
    rules.general().is_match(national)
}

/// `validator::length(meta, number, Type::Unknown).is_possible()`.
fn possible(rules: &Territory, length: usize) -> bool {
    let general = rules.general();
    let length = u16::try_from(length).unwrap_or(u16::MAX);
    !general.lengths.is_empty()
        && (general.local.contains(&length) || general.lengths.contains(&length))
}

fn without_prefix<'a>(rules: &Territory, national: &'a str) -> &'a str {
    match rules.national_prefix {
        Some(prefix) => national.strip_prefix(prefix).unwrap_or(national),
        None => national,
    }
}

/// `validator::length(meta, number, Type::Unknown) == TooShort`.
fn too_short(rules: &Territory, length: usize) -> bool {
    let general = rules.general();
    let Some(&shortest) = general.lengths.first() else {
        return false;
    };
    let length = u16::try_from(length).unwrap_or(u16::MAX);
    !general.local.contains(&length) && length < shortest
}

/// The national number after calling code `code` as `phonenumber` reads it: by the rules of
/// the region the ranges give it, or as written when no region's rules would change it (the
/// common case: then which region it is does not matter).
fn strip_after_code(code: u16, national: &str) -> Option<Cow<'_, str>> {
    let entry = tables::code(code)?;
    let parsing = entry
        .any_for_parsing
        .is_some_and(|pattern| pattern.matches_start(national));
    let unchanged = !parsing
        && !entry
            .regions()
            .filter_map(|rules| rules.national_prefix)
            .any(|prefix| national.starts_with(prefix));
    if unchanged {
        return Some(Cow::Borrowed(national));
    }
    match ranges::region_of(code, national.trim_start_matches('0')) {
        Some(rules) => strip(rules, national),
        None => Some(Cow::Borrowed(national)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(code: u16, national: &str) -> Option<Split> {
        finish(code, national)
    }

    #[test]
    fn common_numbers_are_read_without_phonenumber() {
        let au: Id = "AU".parse().unwrap();
        assert_eq!(national(au, "0412345678"), split(61, "412345678"));
        assert_eq!(international("61412345678"), split(61, "412345678"));
        assert_eq!(international("15208782491"), split(1, "5208782491"));
        // Italy keeps its leading 0.
        assert_eq!(international("390669820000"), split(39, "0669820000"));
    }

    /// The prefix rules' reading, and `phonenumber`'s, of `digits` in `region`.
    fn both(region: &str, digits: &str) -> (Option<Split>, Option<Split>) {
        let id: Id = region.parse().unwrap();
        let parsed = phonenumber::parse(Some(id), digits).unwrap();
        let theirs = Some((parsed.code().value(), *parsed.national()));
        (national(id, digits), theirs)
    }

    #[test]
    fn trunk_prefixes_calling_codes_and_transform_rules_read_as_phonenumber_reads_them() {
        // Argentina's `0 11 15 …` becomes `9 11 …` by its transform rule.
        let (ours, theirs) = both("AR", "0111523456789");
        assert_eq!(ours, split(54, "91123456789"));
        assert_eq!(ours, theirs);
        // The calling code in front of a Swedish mobile without its trunk 0.
        let (ours, theirs) = both("SE", "46701234567");
        assert_eq!(ours, split(46, "701234567"));
        assert_eq!(ours, theirs);
        // NANP's trunk 1, and a number that only starts like the code.
        let (ours, theirs) = both("US", "15208782491");
        assert_eq!(ours, split(1, "5208782491"));
        assert_eq!(ours, theirs);
        let (ours, theirs) = both("GB", "4420794609");
        assert_eq!(ours, theirs);
    }

    #[test]
    fn what_takes_more_than_prefixes_is_left_to_phonenumber() {
        let au: Id = "AU".parse().unwrap();
        // An international prefix, too short, zeros only.
        assert_eq!(national(au, "0011461234567"), None);
        assert_eq!(national(au, "04"), None);
        assert_eq!(international("610000"), None);
        assert_eq!(international("0461234"), None);
    }
}
