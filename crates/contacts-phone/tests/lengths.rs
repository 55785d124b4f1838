//! Numbers too short or too long for their region are refused with that reason, in Australia as
//! in Sweden, and no number has more digits than E.164 allows.

use contacts_phone::{PhoneError, Region, normalize};

fn au() -> Option<Region> {
    Some("AU".parse().unwrap())
}

#[test]
fn a_short_australian_mobile_is_too_short_for_au_not_a_five_digit_number() {
    // AU's pagers (163xx) have five digits, so a country-wide shortest length let `0412 34`
    // through as `+6141234`; every AU number starting with 4 has nine digits.
    for raw in ["0412 34", "0412 345", "0412 345 67", "+61 412 34"] {
        let err = normalize(raw, au()).unwrap_err();
        assert!(matches!(err, PhoneError::TooShort { .. }), "{raw}: {err}");
    }
    let err = normalize("0412 34", au()).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#""0412 34" is not a phone number: too short for AU"#
    );
    // As Sweden's were already.
    let se = Some("SE".parse().unwrap());
    assert!(matches!(
        normalize("0701 23", se),
        Err(PhoneError::TooShort { .. })
    ));
    // Whole numbers are still read.
    assert_eq!(
        normalize("0412 345 678", au()).unwrap().e164(),
        "+61412345678"
    );
    assert_eq!(normalize("13 12 34", au()).unwrap().e164(), "+61131234");
}

#[test]
fn an_australian_mobile_with_a_digit_too_many_is_too_long_for_au() {
    let err = normalize("0412 345 6789", au()).unwrap_err();
    assert!(
        matches!(err, PhoneError::TooLong { region: Some(r), .. } if r.as_str() == "AU"),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        r#""0412 345 6789" is not a phone number: too long for AU (11 digits)"#
    );
}

#[test]
fn sixteen_digits_are_too_long_not_too_short() {
    let err = normalize("+3740000001226144", None).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#""+3740000001226144" is not a phone number: too long (16 digits; E.164 allows 15)"#
    );
}

#[test]
fn a_number_in_no_range_is_still_read_as_written() {
    // Well-formed, not assigned: kept (is_valid says false), as before.
    let n = normalize("+61 1000 0000", None).unwrap();
    assert_eq!(n.e164(), "+6110000000");
    assert!(!n.is_valid());
}
