//! The corpus of numbers known to trip parsers (`tests/corpus.csv`): every row's expected
//! E.164 form or error, as a user of `normalize` sees it.

use contacts_phone::{NumberType, PhoneError, Region, normalize};

struct Row<'a> {
    input: &'a str,
    region: Option<Region>,
    expected: &'a str,
}

fn corpus() -> Vec<Row<'static>> {
    include_str!("corpus.csv")
        .lines()
        .filter(|line| !line.starts_with("# ") && !line.is_empty() && *line != "#")
        .map(|line| {
            let mut fields = line.rsplitn(3, ',');
            let expected = fields.next().expect("expected column");
            let region = fields.next().expect("region column");
            let input = fields.next().expect("input column");
            let region = (!region.is_empty()).then(|| region.parse().expect("a known region"));
            Row {
                input,
                region,
                expected,
            }
        })
        .collect()
}

/// The error's variant name, as its derived `Debug` form begins (`Letters { input: .. }`).
fn variant(err: &PhoneError) -> String {
    let debug = format!("{err:?}");
    debug.split(' ').next().unwrap_or_default().to_owned()
}

fn outcome(row: &Row<'_>) -> String {
    match normalize(row.input, row.region) {
        Ok(number) => number.e164().to_owned(),
        Err(err) => format!("error:{}", variant(&err)),
    }
}

#[test]
fn every_row_of_the_corpus_reads_as_expected() {
    let rows = corpus();
    assert!(rows.len() >= 50, "the corpus lost rows: {}", rows.len());
    let wrong: Vec<String> = rows
        .iter()
        .filter_map(|row| {
            let got = outcome(row);
            (got != row.expected).then(|| {
                format!(
                    "{:?} in {:?}: expected {}, got {got}",
                    row.input, row.region, row.expected
                )
            })
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "{} rows differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn errors_name_the_input_and_say_why() {
    for row in corpus().iter().filter(|r| r.expected.starts_with("error:")) {
        let err = normalize(row.input, row.region).unwrap_err();
        assert_eq!(err.input(), row.input);
        let quoted = format!("{:?}", row.input);
        assert!(err.to_string().starts_with(&quoted), "{err}");
    }
    let au = Some("AU".parse().unwrap());
    assert_eq!(
        normalize("12", au).unwrap_err().to_string(),
        r#""12" is not a phone number: too short for AU"#
    );
    assert_eq!(
        normalize("abc", None).unwrap_err().to_string(),
        r#""abc" is not a phone number: it has letters ('a')"#
    );
    assert_eq!(
        normalize("", None).unwrap_err().to_string(),
        r#""" is not a phone number: no digits"#
    );
}

#[test]
fn valid_numbers_of_the_corpus_have_their_type_and_region() {
    let au = Some("AU".parse().unwrap());
    let landline = normalize("(02) 9876 5432", au).unwrap();
    assert!(landline.is_valid());
    assert_eq!(landline.number_type(), NumberType::FixedLine);
    let us = normalize("+1 520-878-2491", None).unwrap();
    assert_eq!(us.number_type(), NumberType::FixedLineOrMobile);
    assert_eq!(us.region().unwrap().as_str(), "US");
    let se = normalize("+46701234567", au).unwrap();
    assert_eq!(se.number_type(), NumberType::Mobile);
    assert_eq!(se.region().unwrap().as_str(), "SE");
    let freephone = normalize("+800 1234 5678", None).unwrap();
    assert_eq!(freephone.number_type(), NumberType::TollFree);
    assert_eq!(freephone.region(), None);
}
