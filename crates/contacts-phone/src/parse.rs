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
//! Here those steps run over each region's prefixes, compiled once. An international prefix
//! in national input, a pattern that does not compile here, and every number `phonenumber`
//! refuses (too short, too long, zeros only) are answered `None`: the caller then asks
//! `phonenumber`, so the answers stay its answers (its error included). The differential test
//! (`differential.rs`) compares both paths over a million generated inputs.

use std::borrow::Cow;
use std::sync::OnceLock;

use phonenumber::NationalNumber;
use phonenumber::country::Id;
use phonenumber::metadata::Metadata;
use regex::{Regex, RegexBuilder};

use crate::matcher::Matcher;
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
    let national = for_code(code)?.strip(code, national)?;
    finish(code, &national)
}

/// `digits` (ASCII) as `phonenumber::parse(Some(region), digits)` reads them; `None` when the
/// rules take more than prefixes (then ask `phonenumber`).
pub(crate) fn national(region: Id, digits: &str) -> Option<Split> {
    if digits.len() < 3 {
        return None;
    }
    let rules = for_region(region)?;
    // An international prefix in front: `phonenumber` reads the number as international.
    if rules
        .idd
        .as_ref()
        .map_or(Some(false), |idd| idd.matches_start(digits))?
    {
        return None;
    }
    // The calling code in front of what is no number of the region: the rest is the number.
    let national = match digits.strip_prefix(rules.code_text.as_str()) {
        Some(rest) if !(rules.general_match(digits)? && rules.possible(digits.len())) => rest,
        _ => digits,
    };
    finish(rules.code, &rules.strip(national)?)
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
/// its `find(text)` when that starts at 0, with the same groups. ASCII classes: every text
/// read here is ASCII digits.
fn anchored(pattern: &str) -> Option<Regex> {
    // The newline ends a comment the pattern might end with, so the group always closes.
    RegexBuilder::new(&format!("^(?:{pattern}\n)"))
        .ignore_whitespace(true)
        .unicode(false)
        .build()
        .ok()
}

/// One region's rules for reading its national numbers, from its metadata.
struct Rules {
    meta: &'static Metadata,
    code: u16,
    /// The calling code as text (national input starting with it may be international).
    code_text: String,
    /// The international prefix.
    idd: Option<Matcher>,
    national_prefix: Option<&'static str>,
    /// `national_prefix_for_parsing`, anchored at the start.
    for_parsing: Option<Regex>,
    /// The rule rewriting what `for_parsing` matches (`$1` for its first group).
    transform: Option<&'static str>,
    /// The general range's pattern, anchored, compiled on first use (`None`: it does not
    /// compile here).
    general: OnceLock<Option<Matcher>>,
    /// The general range's lengths (`phonenumber` takes the first as the shortest) and local
    /// lengths.
    lengths: &'static [u16],
    local: &'static [u16],
}

impl Rules {
    /// `None` if a pattern does not compile here (the region is then read by `phonenumber`).
    fn new(meta: &'static Metadata) -> Option<Self> {
        let idd = match meta.international_prefix() {
            Some(pattern) => Some(Matcher::new(pattern.as_str())?),
            None => None,
        };
        let for_parsing = match meta.national_prefix_for_parsing() {
            Some(pattern) => Some(anchored(pattern.as_str())?),
            None => None,
        };
        let general = meta.descriptors().general();
        Some(Self {
            meta,
            code: meta.country_code(),
            code_text: meta.country_code().to_string(),
            idd,
            national_prefix: meta.national_prefix(),
            for_parsing,
            transform: meta.national_prefix_transform_rule(),
            general: OnceLock::new(),
            lengths: general.possible_length(),
            local: general.possible_local_length(),
        })
    }

    /// `parser::helper::national_number`, the second strip of the national prefix and the
    /// length check of `parse_with`: the national number as `phonenumber` reads it (`None`
    /// when a pattern it needs does not compile here).
    fn strip<'a>(&self, national: &'a str) -> Option<Cow<'a, str>> {
        let potential = match &self.for_parsing {
            None => Cow::Borrowed(self.without_prefix(national)),
            Some(pattern) => match (pattern.find(national), self.transform) {
                (None, _) => Cow::Borrowed(national),
                (Some(found), None) => Cow::Borrowed(&national[found.end()..]),
                (Some(_), Some(rule)) => self.transformed(pattern, rule, national)?,
            },
        };
        let stripped = match potential {
            Cow::Borrowed(potential) => Cow::Borrowed(self.without_prefix(potential)),
            Cow::Owned(potential) => Cow::Owned(self.without_prefix(&potential).to_owned()),
        };
        Some(match self.too_short(stripped.len()) {
            true => Cow::Borrowed(national),
            false => stripped,
        })
    }

    /// `national_number` where a transform rule exists: the rule applied when the pattern's
    /// last group took part, unless that makes a number of the region's ranges none.
    fn transformed<'a>(
        &self,
        pattern: &Regex,
        rule: &str,
        national: &'a str,
    ) -> Option<Cow<'a, str>> {
        let captures = pattern.captures(national)?;
        let whole = captures.get(0)?;
        if captures.get(captures.len() - 1).is_none() {
            return Some(Cow::Borrowed(&national[whole.end()..]));
        }
        let transformed = pattern.replace(national, rule).into_owned();
        let viable = self.general_match(national)?;
        if viable && !self.general_match(&transformed)? {
            return Some(Cow::Borrowed(national));
        }
        Some(Cow::Owned(transformed))
    }

    /// `Descriptor::is_match` of the general range: a possible length, and the pattern
    /// matching from the first digit.
    fn general_match(&self, national: &str) -> Option<bool> {
        let length = u16::try_from(national.len()).unwrap_or(u16::MAX);
        if !(self.lengths.is_empty() || self.lengths.contains(&length)) {
            return Some(false);
        }
        let general = self.general.get_or_init(|| {
            Matcher::new(self.meta.descriptors().general().national_number().as_str())
        });
        general.as_ref()?.matches_start(national)
    }

    /// `validator::length(meta, number, Type::Unknown).is_possible()`.
    fn possible(&self, length: usize) -> bool {
        let length = u16::try_from(length).unwrap_or(u16::MAX);
        !self.lengths.is_empty() && (self.local.contains(&length) || self.lengths.contains(&length))
    }

    fn without_prefix<'a>(&self, national: &'a str) -> &'a str {
        match self.national_prefix {
            Some(prefix) => national.strip_prefix(prefix).unwrap_or(national),
            None => national,
        }
    }

    /// `validator::length(meta, number, Type::Unknown) == TooShort`.
    fn too_short(&self, length: usize) -> bool {
        let Some(&shortest) = self.lengths.first() else {
            return false;
        };
        let length = u16::try_from(length).unwrap_or(u16::MAX);
        !self.local.contains(&length) && length < shortest
    }
}

/// The rules of every region a calling code's numbers can be read in.
struct CodeRules {
    regions: Vec<Rules>,
    /// Every region's `national_prefix_for_parsing` in one pattern.
    any_for_parsing: Option<Matcher>,
    /// Every region's national prefix.
    prefixes: Vec<&'static str>,
}

impl CodeRules {
    fn new(code: u16) -> Option<Self> {
        let regions = ranges::candidates(code)
            .map(Rules::new)
            .collect::<Option<Vec<Rules>>>()?;
        let patterns: Vec<String> = regions
            .iter()
            .filter_map(|rules| rules.meta.national_prefix_for_parsing())
            .map(|pattern| format!("(?:{}\n)", pattern.as_str()))
            .collect();
        let any_for_parsing = match patterns.is_empty() {
            true => None,
            false => Some(Matcher::new(&patterns.join("|"))?),
        };
        let mut prefixes: Vec<&'static str> = regions
            .iter()
            .filter_map(|rules| rules.national_prefix)
            .collect();
        prefixes.sort_unstable();
        prefixes.dedup();
        Some(Self {
            regions,
            any_for_parsing,
            prefixes,
        })
    }

    /// The national number after the calling code as `phonenumber` reads it: by the rules of
    /// the region the ranges give it, or as written when no region's rules would change it
    /// (the common case: then which region it is does not matter).
    fn strip<'a>(&self, code: u16, national: &'a str) -> Option<Cow<'a, str>> {
        let parsing = match &self.any_for_parsing {
            Some(pattern) => pattern.matches_start(national)?,
            None => false,
        };
        let unchanged = !parsing && !self.prefixes.iter().any(|p| national.starts_with(p));
        if unchanged {
            return Some(Cow::Borrowed(national));
        }
        let Some(meta) = ranges::region_of(code, national.trim_start_matches('0')) else {
            return Some(Cow::Borrowed(national));
        };
        let rules = self.regions.iter().find(|r| std::ptr::eq(r.meta, meta))?;
        rules.strip(national)
    }
}

/// The rules of each region, by its id, built on first use.
fn for_region(region: Id) -> Option<&'static Rules> {
    static REGIONS: [OnceLock<Option<Rules>>; 512] = [const { OnceLock::new() }; 512];
    let slot = REGIONS.get(region as usize)?;
    slot.get_or_init(|| {
        let meta = database::for_region(region)?.by_id(region.as_ref())?;
        Rules::new(meta)
    })
    .as_ref()
}

/// The rules of each calling code, built on first use.
fn for_code(code: u16) -> Option<&'static CodeRules> {
    static CODES: [OnceLock<Option<CodeRules>>; 1000] = [const { OnceLock::new() }; 1000];
    let slot = CODES.get(usize::from(code))?;
    slot.get_or_init(|| CodeRules::new(code)).as_ref()
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
