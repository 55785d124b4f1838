//! The differential test of the fast path: generated inputs read with the prefix rules of
//! [`crate::parse`] and with `phonenumber`'s parser only (the reading before the fast path) give
//! the same number or the same error, and the same validity, type and region.

use phonenumber::metadata::{DATABASE, Descriptor, Descriptors};

use crate::{Normalizer, PhoneNumber, Region};

/// A small deterministic generator (xorshift), so every run checks the same inputs.
pub(crate) struct Inputs(pub(crate) u64);

/// A region with its calling code, trunk prefix and example numbers.
pub(crate) struct Plan {
    pub(crate) region: Region,
    code: u16,
    trunk: &'static str,
    examples: Vec<&'static str>,
}

pub(crate) fn plans() -> Vec<Plan> {
    DATABASE
        .iter()
        .filter_map(|meta| {
            let region = meta.id().parse::<Region>().ok()?;
            let d = meta.descriptors();
            let examples = [
                d.fixed_line(),
                d.mobile(),
                d.toll_free(),
                d.voip(),
                d.premium_rate(),
                d.pager(),
                d.uan(),
            ]
            .into_iter()
            .flatten()
            .filter_map(|r| r.example())
            .collect();
            Some(Plan {
                region,
                code: meta.country_code(),
                trunk: meta.national_prefix().unwrap_or(""),
                examples,
            })
        })
        .collect()
}

/// The ranges of libphonenumber's number types (its `PhoneNumberType`s, fixed line to
/// voicemail): the ranges a number is typed by, which the tests that go over every range of the
/// metadata walk.
pub(crate) fn number_type_ranges(d: &Descriptors) -> [Option<&Descriptor>; 10] {
    [
        d.fixed_line(),
        d.mobile(),
        d.toll_free(),
        d.premium_rate(),
        d.shared_cost(),
        d.personal_number(),
        d.voip(),
        d.pager(),
        d.uan(),
        d.voicemail(),
    ]
}

/// How many generated inputs a differential test reads: `CONTACTS_PHONE_DIFFERENTIAL_CASES`,
/// or 2,000 (a few seconds in a debug build) when it is unset or not a number.
pub(crate) fn case_count() -> usize {
    std::env::var("CONTACTS_PHONE_DIFFERENTIAL_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000)
}

impl Inputs {
    /// A number below `n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    /// Appends `count` random digits to `text`.
    pub(crate) fn digits(&mut self, text: &mut String, count: usize) {
        for _ in 0..count {
            text.push(char::from(b'0' + self.below(10) as u8));
        }
    }

    /// A default region (or none) and a text as people and vendors write numbers: national
    /// with or without the trunk prefix, with `00`/`0011`, `+` and the calling code, the
    /// calling code without `+` (an MSISDN), a trunk `0` after the code; an example number
    /// with digits changed, cut or added, or random digits; spaced, dotted or bracketed.
    pub(crate) fn next(&mut self, plans: &[Plan]) -> (Option<Region>, String) {
        let plan = &plans[self.below(plans.len())];
        let mut text = String::new();
        match self.below(9) {
            0 | 1 => text.push_str(plan.trunk),
            2 => text.push_str("00"),
            3 => text.push_str("0011"),
            4 | 5 => text.push_str(&format!("+{}", plan.code)),
            6 => text.push_str(&format!("{}", plan.code)),
            7 => text.push_str(&format!("+{}0", plan.code)),
            _ => {}
        }
        if !plan.examples.is_empty() && self.below(4) != 0 {
            let example = plan.examples[self.below(plan.examples.len())];
            let keep = example.len().saturating_sub(self.below(3));
            text.push_str(&example[..keep]);
            let more = self.below(3);
            self.digits(&mut text, more);
            if self.below(4) == 0 && !text.is_empty() {
                // One digit changed.
                let at = self.below(text.len());
                if text.as_bytes()[at].is_ascii_digit() {
                    let digit = char::from(b'0' + self.below(10) as u8);
                    text.replace_range(at..=at, &digit.to_string());
                }
            }
        } else {
            let count = self.below(17);
            self.digits(&mut text, count);
        }
        let text = match self.below(6) {
            0 if text.len() > 4 => format!("{} {}", &text[..3], &text[3..]),
            1 if text.len() > 4 => format!("{}.{}", &text[..3], &text[3..]),
            2 if text.len() > 4 => format!("({}) {}", &text[..3], &text[3..]),
            _ => text,
        };
        let region = (self.below(5) != 0).then_some(plan.region);
        (region, text)
    }
}

/// What a user sees of a reading.
pub(crate) fn seen(read: &Result<PhoneNumber, crate::PhoneError>) -> String {
    match read {
        Ok(n) => format!(
            "{} valid={} type={:?} region={:?}",
            n.e164(),
            n.is_valid(),
            n.number_type(),
            n.region()
        ),
        Err(e) => format!("error: {e}"),
    }
}

/// Whether the prefix rules answered for `text` (its digits after `+`, or in `region`)
/// without `phonenumber`'s parser; when they did, their calling code and national number are
/// the parser's own.
fn fast_path_answers(region: Option<Region>, text: &str) -> bool {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let (ours, theirs) = match (text.starts_with('+'), region) {
        (true, _) => (
            crate::parse::international(&digits),
            crate::database::parse_international(&format!("+{digits}"), &digits),
        ),
        (false, Some(region)) => (
            crate::parse::national(region.id(), &digits),
            crate::database::parse_national(region.id(), &digits),
        ),
        (false, None) => return false,
    };
    let Some(ours) = ours else {
        return false;
    };
    let theirs = theirs.ok().map(|p| (p.code().value(), *p.national()));
    assert_eq!(Some(ours), theirs, "{text:?} in {region:?}");
    true
}

/// What the differential test saw.
#[derive(Debug, Default)]
struct Seen {
    numbers: usize,
    valid: usize,
    /// Inputs the prefix rules read on their own (the rest went to `phonenumber`'s parser).
    fast: usize,
}

/// Reads `count` generated inputs both ways.
fn differential(count: usize) -> Seen {
    let plans = plans();
    assert!(plans.len() > 200, "{}", plans.len());
    let mut normalizers = std::collections::HashMap::new();
    let mut inputs = Inputs(0x5eed_f00d_cafe);
    let mut seen_all = Seen::default();
    for _ in 0..count {
        let (region, text) = inputs.next(&plans);
        let (fast, plain) = normalizers.entry(region).or_insert_with(|| {
            (
                Normalizer::new(region),
                Normalizer::new(region).parser_only(),
            )
        });
        let new = fast.normalize(&text);
        let old = plain.normalize(&text);
        assert_eq!(seen(&new), seen(&old), "{text:?} in {region:?}");
        if let Ok(number) = new {
            seen_all.numbers += 1;
            seen_all.valid += usize::from(number.is_valid());
        }
        seen_all.fast += usize::from(fast_path_answers(region, &text));
    }
    seen_all
}

/// `CONTACTS_PHONE_DIFFERENTIAL_CASES` sets how many (2,000 by default; the ignored test
/// below runs 1,000,000).
#[test]
fn the_fast_path_reads_generated_inputs_as_phonenumbers_parser() {
    let count = case_count();
    let seen = differential(count);
    assert!(seen.numbers > count / 3, "{seen:?} of {count}");
    assert!(seen.valid > count / 10, "{seen:?} of {count}");
    // Most inputs take the fast path, so the comparison is about it.
    assert!(seen.fast > count / 2, "{seen:?} of {count}");
}

/// The count the issue asks for; `cargo test -p contacts-phone --release -- --ignored`.
#[test]
#[ignore = "a million inputs: run with --ignored, best in release"]
fn the_fast_path_reads_a_million_generated_inputs_as_phonenumbers_parser() {
    let seen = differential(1_000_000);
    println!("{seen:?}");
}
