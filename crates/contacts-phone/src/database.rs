//! `phonenumber`'s parser over its metadata loaded one calling code at a time: the reading of
//! the rare inputs the prefix rules leave to it (an international prefix in national input,
//! numbers it refuses), and of every input in the differential test. A number the prefix rules
//! answer builds no database: they and the ranges read the tables compiled at build time
//! ([`tables`](crate::tables)).
//!
//! `phonenumber`'s own database loads every region on first use: it parses every pattern of
//! every region (about 80 ms, most of a short command's time). Here the metadata comes from the
//! same XML file (`metadata/PhoneNumberMetadata.xml`, libphonenumber 9.0.33, the version
//! `phonenumber` 0.3.10 is built from; a test checks every region against its database), and
//! a database is built for each calling code on first use: that code's regions in full, every
//! other region as a stub with its id and calling code only. `phonenumber::parse_with` asks
//! other codes only whether they exist (to find where a calling code ends), so a number of the
//! code reads exactly as with the full database.

use std::collections::HashMap;
use std::io::Cursor;
use std::sync::{LazyLock, OnceLock};

use phonenumber::country::Id;
use phonenumber::metadata::{Database, loader};

/// libphonenumber's metadata, as `phonenumber` 0.3.10 embeds it.
static XML: &str = include_str!("../metadata/PhoneNumberMetadata.xml");

/// One `<territory>` element of the XML: its region id, calling code and text.
struct Territory {
    id: &'static str,
    code: u16,
    xml: &'static str,
}

/// Every territory in the XML's order (a few hundred; indexing them is one pass over the text).
static TERRITORIES: LazyLock<Vec<Territory>> = LazyLock::new(|| index(XML));

/// Calling codes have at most three digits.
const CODES: usize = 1000;

/// The calling code of each region by its id (`001`, the non-geographic entities, are read by
/// code, never by this id).
static REGION_CODES: LazyLock<HashMap<&'static str, u16>> =
    LazyLock::new(|| TERRITORIES.iter().map(|t| (t.id, t.code)).collect());

/// The database of each calling code, built on first use; `None` for a code no region has.
static DATABASES: [OnceLock<Option<&'static Database>>; CODES] = [const { OnceLock::new() }; CODES];

/// The database holding calling code `code`'s regions in full; `None` if no region has it.
pub(crate) fn for_code(code: u16) -> Option<&'static Database> {
    let slot = DATABASES.get(usize::from(code))?;
    *slot.get_or_init(|| build(code))
}

/// The database holding `region` in full.
pub(crate) fn for_region(region: Id) -> Option<&'static Database> {
    let id: &str = region.as_ref();
    for_code(*REGION_CODES.get(id)?)
}

/// The calling code `digits` start with (calling codes are prefix-free, so there is at most
/// one), as `phonenumber` finds it; from the tables compiled at build time, so that reading a
/// number indexes no XML.
pub(crate) fn code_of(digits: &str) -> Option<u16> {
    let mut code = 0u16;
    for &byte in digits.as_bytes().iter().take(3) {
        if !byte.is_ascii_digit() {
            return None;
        }
        code = code * 10 + u16::from(byte - b'0');
        if crate::tables::code(code).is_some() {
            return Some(code);
        }
    }
    None
}

/// `phonenumber::parse(None, text)` for `text` = `+` and `digits`, with the database of the
/// calling code the digits start with.
pub(crate) fn parse_international(
    text: &str,
    digits: &str,
) -> Result<phonenumber::PhoneNumber, phonenumber::ParseError> {
    // No calling code: any database answers so (every code is in each), NANP's is one.
    let database = code_of(digits).and_then(for_code).or_else(|| for_code(1));
    match database {
        Some(database) => phonenumber::parse_with(database, None, text),
        None => Err(phonenumber::ParseError::InvalidCountryCode),
    }
}

/// `phonenumber::parse(Some(region), digits)`, with the database of the region's code.
pub(crate) fn parse_national(
    region: Id,
    digits: &str,
) -> Result<phonenumber::PhoneNumber, phonenumber::ParseError> {
    match for_region(region) {
        Some(database) => phonenumber::parse_with(database, Some(region), digits),
        None => Err(phonenumber::ParseError::InvalidCountryCode),
    }
}

fn build(code: u16) -> Option<&'static Database> {
    crate::tables::code(code)?;
    let metadata: Vec<loader::Metadata> = TERRITORIES
        .iter()
        .filter_map(|t| {
            if t.code == code {
                full(t)
            } else {
                Some(stub(t))
            }
        })
        .collect();
    // Built once per calling code (about 250 at most) and kept for the process.
    let database = Database::from(metadata).ok()?;
    Some(Box::leak(Box::new(database)))
}

/// A territory read in full from its XML, but for its display formats.
fn full(territory: &Territory) -> Option<loader::Metadata> {
    // `\d` as `[0-9]`: every text these patterns are matched against is ASCII digits (the
    // caller's scan turns full-width digits into ASCII ones), and Unicode's digit class makes
    // parsing and compiling each pattern several times slower. The differential test checks
    // the answers are the same.
    let xml = without_formats(territory.xml).replace("\\d", "[0-9]");
    let document =
        format!("<phoneNumberMetadata><territories>{xml}</territories></phoneNumberMetadata>");
    loader::load(Cursor::new(document)).ok()?.into_iter().next()
}

/// The territory's XML without its `<availableFormats>`: how numbers are displayed, which
/// this crate never asks `phonenumber` for (E.164 is written directly, and neither parsing nor
/// validity reads formats), and more than half of a territory's patterns, each of which
/// `Database::from` parses (`docs/performance.md`, row 12).
fn without_formats(xml: &str) -> String {
    const OPEN: &str = "<availableFormats>";
    const CLOSE: &str = "</availableFormats>";
    match (xml.find(OPEN), xml.find(CLOSE)) {
        (Some(start), Some(end)) if start < end => {
            format!("{}{}", &xml[..start], &xml[end + CLOSE.len()..])
        }
        _ => xml.to_owned(),
    }
}

/// A territory of another calling code: enough for `phonenumber` to know the code exists.
fn stub(territory: &Territory) -> loader::Metadata {
    loader::Metadata {
        id: Some(territory.id.to_owned()),
        country_code: Some(territory.code),
        general: Some(loader::Descriptor {
            national_number: Some("0".to_owned()),
            ..loader::Descriptor::default()
        }),
        ..loader::Metadata::default()
    }
}

/// Finds each `<territory …>…</territory>` element of `xml`, skipping comments (none holds a
/// territory tag in libphonenumber's file).
fn index(xml: &'static str) -> Vec<Territory> {
    let mut territories = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<territory ") {
        let from = &rest[start..];
        let Some(end) = from.find("</territory>") else {
            break;
        };
        let element = &from[..end + "</territory>".len()];
        let tag = &element[..element.find('>').unwrap_or(element.len())];
        let id = attribute(tag, "id");
        let code = attribute(tag, "countryCode").and_then(|c| c.parse().ok());
        if let (Some(id), Some(code)) = (id, code) {
            territories.push(Territory {
                id,
                code,
                xml: element,
            });
        }
        rest = &from[element.len()..];
    }
    territories
}

/// The value of attribute `name` in an opening tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let pattern = format!(" {name}=\"");
    let start = tag.find(&pattern)? + pattern.len();
    let length = tag[start..].find('"')?;
    Some(&tag[start..start + length])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::differential::{Inputs, case_count, number_type_ranges};
    use phonenumber::metadata::{DATABASE, Metadata};

    /// Every field of a region's metadata but its display formats.
    fn reading_fields(m: &Metadata) -> String {
        let text = |r: Option<&phonenumber::metadata::Descriptor>| format!("{r:?}");
        let d = m.descriptors();
        format!(
            "{} +{} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {} {} {} {}",
            m.id(),
            m.country_code(),
            m.international_prefix().map(|p| p.as_str()),
            m.preferred_international_prefix(),
            m.national_prefix(),
            m.preferred_extension_prefix(),
            m.national_prefix_for_parsing().map(|p| p.as_str()),
            m.national_prefix_transform_rule(),
            m.leading_digits().map(|p| p.as_str()),
            m.is_main_country_for_code(),
            m.is_mobile_number_portable(),
            number_type_ranges(d)
                .into_iter()
                .chain([
                    d.emergency(),
                    d.short_code(),
                    d.standard_rate(),
                    d.carrier(),
                    d.no_international(),
                ])
                .map(text)
                .collect::<Vec<_>>()
                .join(" "),
            text(Some(d.general())),
        )
    }

    #[test]
    fn every_region_of_every_code_is_the_metadata_phonenumber_embeds() {
        let mut codes: Vec<u16> = TERRITORIES.iter().map(|t| t.code).collect();
        codes.dedup();
        let full: Vec<u16> = (1..1000).filter(|c| DATABASE.region(c).is_some()).collect();
        let mut ours = codes.clone();
        ours.sort_unstable();
        ours.dedup();
        assert_eq!(ours, full);
        for code in ours {
            // `\d` is read as `[0-9]` here and display formats are left out (see `full`);
            // otherwise the same.
            let ascii = |debug: String| debug.replace("[0-9]", "\\\\d");
            let read = |metas: Vec<&Metadata>| -> Vec<String> {
                metas
                    .into_iter()
                    .map(|m| ascii(reading_fields(m)))
                    .collect()
            };
            let expected = read(DATABASE.by_code(&code).unwrap());
            let ours = read(for_code(code).unwrap().by_code(&code).unwrap());
            assert_eq!(ours, expected, "{code}");
            assert!(
                for_code(code).unwrap().by_code(&code).unwrap()[0]
                    .formats()
                    .is_empty()
            );
            assert_eq!(
                for_code(code).unwrap().region(&code),
                DATABASE.region(&code),
                "{code}"
            );
        }
    }

    /// Runs in a process of its own (the test binary again, this test only), so no other test
    /// has built a database there: reading common numbers, valid or not, national or
    /// international, in one or several countries, builds none (`docs/performance.md`, row 12).
    #[test]
    fn numbers_the_prefix_rules_answer_build_no_database() {
        const NAME: &str = "database::tests::numbers_the_prefix_rules_answer_build_no_database";
        if std::env::var_os("CONTACTS_PHONE_TEST_ALONE").is_none() {
            let exe = std::env::current_exe().unwrap();
            let output = std::process::Command::new(exe)
                .args(["--exact", NAME, "--test-threads=1", "--nocapture"])
                .env("CONTACTS_PHONE_TEST_ALONE", "1")
                .output()
                .unwrap();
            let out = String::from_utf8_lossy(&output.stdout);
            let err = String::from_utf8_lossy(&output.stderr);
            assert!(output.status.success(), "{out}\n{err}");
            assert!(out.contains("1 passed"), "{out}");
            return;
        }
        let au = Some("AU".parse().unwrap());
        let se = Some("SE".parse().unwrap());
        let us = Some("US".parse().unwrap());
        let inputs = [
            ("+46701234567", None),
            ("+46 70 123 45 67", None),
            ("46701234567", None),
            ("0046 70 123 45 67", None),
            ("070-123 45 67", se),
            ("0412 345 678", au),
            ("(02) 9876 5432", au),
            ("+1 520-878-2491", None),
            ("(520) 878-2491", us),
            ("+44 20 7946 0958", None),
            ("+39 06 6982 0000", None),
            ("+61 1000 0000", None),
            ("0412 34", au),
            ("+61 412 345 6789", None),
        ];
        for (raw, region) in inputs {
            if let Ok(number) = crate::normalize(raw, region) {
                let _ = (number.is_valid(), number.number_type(), number.region());
            }
        }
        let built: Vec<usize> = (0..CODES)
            .filter(|&code| DATABASES[code].get().is_some())
            .collect();
        assert_eq!(
            built,
            Vec::<usize>::new(),
            "databases built for these codes"
        );
    }

    #[test]
    fn calling_codes_are_found_at_the_start() {
        assert_eq!(code_of("46701234567"), Some(46));
        assert_eq!(code_of("15208782491"), Some(1));
        assert_eq!(code_of("3740000"), Some(374));
        assert_eq!(code_of("0046"), None);
        assert!(for_code(999).is_none());
    }

    /// A region and digits as people write them: a national number with or without its
    /// trunk `0`, with an international prefix, or `+` and a calling code; or an example
    /// number of the metadata with a tail changed. (The generator is the differential test's,
    /// so both draw from the one xorshift.)
    fn next(inputs: &mut Inputs, regions: &[(Id, u16, Vec<String>)]) -> (Option<Id>, String) {
        let (region, code, examples) = &regions[inputs.below(regions.len())];
        let mut text = String::new();
        let form = inputs.below(6);
        match form {
            0 => text.push('0'),
            1 => text.push_str("00"),
            2 => text.push_str("0011"),
            3 | 4 => text.push_str(&format!("+{code}")),
            _ => {}
        }
        if !examples.is_empty() && inputs.below(2) == 0 {
            let example = &examples[inputs.below(examples.len())];
            let keep = example.len().saturating_sub(inputs.below(4));
            text.push_str(&example[..keep]);
            let more = inputs.below(4);
            inputs.digits(&mut text, more);
        } else {
            let count = inputs.below(17);
            inputs.digits(&mut text, count);
        }
        let region = (form < 3 || inputs.below(2) == 0).then_some(*region);
        (region, text)
    }

    /// Reads `count` generated inputs through the per-code databases and through
    /// `phonenumber`'s full one: the same number or the same error, and the same validity.
    fn differential(count: usize) {
        let regions: Vec<(Id, u16, Vec<String>)> = DATABASE
            .iter()
            .filter_map(|meta| {
                let id = meta.id().parse::<Id>().ok()?;
                let d = meta.descriptors();
                let examples = [d.fixed_line(), d.mobile(), d.toll_free(), d.voip()]
                    .into_iter()
                    .flatten()
                    .filter_map(|r| r.example().map(str::to_owned))
                    .collect();
                Some((id, meta.country_code(), examples))
            })
            .collect();
        assert!(regions.len() > 200, "{}", regions.len());
        let mut inputs = Inputs(0x5eed_cafe_f00d);
        let mut read = 0;
        for _ in 0..count {
            let (region, text) = next(&mut inputs, &regions);
            let (new, old) = match (region, text.strip_prefix('+')) {
                (_, Some(digits)) => (
                    parse_international(&text, digits),
                    phonenumber::parse(None, &text),
                ),
                (Some(region), None) => (
                    parse_national(region, &text),
                    phonenumber::parse(Some(region), &text),
                ),
                (None, None) => continue,
            };
            let context = format!("{text:?} in {region:?}");
            assert_eq!(format!("{new:?}"), format!("{old:?}"), "{context}");
            if let Ok(number) = new {
                let ours = crate::PhoneNumber::from_parsed(&number);
                assert_eq!(ours.is_valid(), phonenumber::is_valid(&number), "{context}");
                read += 1;
            }
        }
        assert!(
            read > count / 4,
            "only {read} of {count} inputs read as numbers"
        );
    }

    /// `CONTACTS_PHONE_DIFFERENTIAL_CASES` sets how many (2,000 by default, a few seconds in a debug build; the ignored test below runs 1,000,000).
    #[test]
    fn generated_inputs_read_as_with_phonenumbers_full_database() {
        differential(case_count());
    }

    /// The count the issue asks for; `cargo test -p contacts-phone --release -- --ignored`.
    #[test]
    #[ignore = "a million inputs: run with --ignored, best in release"]
    fn a_million_generated_inputs_read_as_with_phonenumbers_full_database() {
        differential(1_000_000);
    }
}
