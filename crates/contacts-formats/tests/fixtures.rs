//! The real-world-shaped fixtures of `tests/data/vcf/` read through the model: every fact
//! `expected.json` lists for every card is asserted on the `Card` the reader returns.

use base64::Engine;
use contacts_core::Card;
use contacts_formats::{jscontact, vcard};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/vcf");

fn expected() -> Value {
    let text = std::fs::read_to_string(format!("{DIR}/expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn file(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}/{name}")).unwrap()
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The decoded bytes of a `data:` URI.
fn data_bytes(uri: &str) -> Vec<u8> {
    let (_, data) = uri.split_once(";base64,").expect("a base64 data: URI");
    base64::engine::general_purpose::STANDARD
        .decode(data)
        .expect("valid base64")
}

fn sniff(bytes: &[u8]) -> &'static str {
    match bytes {
        [0xFF, 0xD8, ..] => "image/jpeg",
        [0x89, b'P', b'N', b'G', ..] => "image/png",
        _ => "unknown",
    }
}

fn check_name(card: &Card, want: &Value, at: &str) {
    let name = card.name.as_ref();
    let full = name.and_then(|n| n.full.as_deref());
    assert_eq!(full, want["display_name"].as_str(), "{at}: display name");
    for (key, kind) in [("given_name", "given"), ("family_name", "surname")] {
        let got = name
            .and_then(|n| n.component(kind))
            .filter(|v| !v.is_empty());
        assert_eq!(got, want[key].as_str(), "{at}: {key}");
    }
    if let Some(additional) = want["additional_names"].as_str() {
        assert_eq!(
            name.and_then(|n| n.component("given2")),
            Some(additional),
            "{at}"
        );
    }
    if let Some(prefix) = want["prefix"].as_str() {
        assert_eq!(
            name.and_then(|n| n.component("title")),
            Some(prefix),
            "{at}"
        );
    }
}

fn check_contacts(card: &Card, want: &Value, at: &str) {
    let phones: Vec<String> = card.phones.values().map(|p| p.number.clone()).collect();
    assert_eq!(
        phones,
        strings(&want["phones"]),
        "{at}: phones in file order"
    );
    let emails: Vec<String> = card.emails.values().map(|e| e.address.clone()).collect();
    assert_eq!(
        emails,
        strings(&want["emails"]),
        "{at}: e-mails in file order"
    );
    if let Some(preferred) = want["preferred_phone"].as_str() {
        // The flat view shows a `tel:` URI's number (contacts-core's rule).
        let shown = preferred
            .strip_prefix("tel:")
            .map_or(preferred, |uri| uri.split(';').next().unwrap_or(uri));
        assert_eq!(
            card.flat_properties().phone_number(),
            Some(shown),
            "{at}: preferred phone"
        );
    }
    if let Some(preferred) = want["preferred_email"].as_str() {
        assert_eq!(card.flat_properties().email(), Some(preferred), "{at}");
    }
    if let Some(labels) = want["phone_labels"].as_object() {
        for (number, label) in labels {
            let phone = card.phones.values().find(|p| &p.number == number).unwrap();
            assert_eq!(
                phone.label.as_deref(),
                label.as_str(),
                "{at}: label of {number}"
            );
        }
    }
}

fn check_organization(card: &Card, want: &Value, at: &str) {
    let org = card.organizations.values().next();
    assert_eq!(
        org.and_then(|o| o.name.as_deref()),
        want["organization"].as_str(),
        "{at}: organisation"
    );
    let units: Vec<String> = org
        .map(|o| o.units.iter().map(|u| u.name.clone()).collect())
        .unwrap_or_default();
    assert_eq!(units, strings(&want["units"]), "{at}: units");
}

fn check_dates(card: &Card, want: &Value, at: &str) {
    let date_of = |kind: &str| {
        card.anniversaries
            .values()
            .find(|a| a.kind == kind)
            .map(|a| a.date.clone())
    };
    let birthday = date_of("birth");
    match &want["birthday"] {
        Value::Null => assert_eq!(birthday, None, "{at}: no birthday"),
        date => {
            let got = birthday.unwrap_or_else(|| panic!("{at}: a birthday"));
            for part in ["year", "month", "day"] {
                assert_eq!(
                    got.get(part),
                    date.get(part).filter(|v| !v.is_null()),
                    "{at}: birthday {part}"
                );
            }
        }
    }
}

fn check_photo(card: &Card, want: &Value, at: &str) {
    let photo = card.media.values().find(|m| m.kind == "photo");
    match &want["photo"] {
        Value::Null => assert!(photo.is_none(), "{at}: no photo"),
        expected => {
            let photo = photo.unwrap_or_else(|| panic!("{at}: a photo"));
            let inline = expected["inline"].as_bool().unwrap();
            assert_eq!(photo.is_inline(), inline, "{at}: inline");
            if !inline {
                assert_eq!(Some(photo.uri.as_str()), expected["uri"].as_str(), "{at}");
                return;
            }
            let bytes = data_bytes(&photo.uri);
            assert_eq!(
                Some(bytes.len() as u64),
                expected["bytes"].as_u64(),
                "{at}: size"
            );
            let sha = format!("{:x}", Sha256::digest(&bytes));
            assert_eq!(
                Some(sha.as_str()),
                expected["sha256"].as_str(),
                "{at}: bytes"
            );
            assert_eq!(
                Some(sniff(&bytes)),
                expected["actual_type"].as_str(),
                "{at}"
            );
        }
    }
}

fn check_text(card: &Card, want: &Value, at: &str) {
    let keywords: BTreeSet<&str> = card.keywords.keys().map(String::as_str).collect();
    let categories = strings(&want["categories"]);
    let categories: BTreeSet<&str> = categories.iter().map(String::as_str).collect();
    assert_eq!(keywords, categories, "{at}: categories as keywords");
    let note = card.notes.values().next().map(|n| n.note.as_str());
    assert_eq!(note, want["note"].as_str(), "{at}: note");
}

fn check_addresses(card: &Card, want: &Value, at: &str) {
    let Some(addresses) = want["addresses"].as_array() else {
        return;
    };
    assert_eq!(card.addresses.len(), addresses.len(), "{at}: addresses");
    for (address, expected) in card.addresses.values().zip(addresses) {
        let part = |kind: &str| {
            address
                .components
                .iter()
                .find(|c| c.kind == kind)
                .map_or("", |c| c.value.as_str())
        };
        for (field, kind) in [
            ("street", "name"),
            ("locality", "locality"),
            ("region", "region"),
            ("postcode", "postcode"),
            ("country", "country"),
        ] {
            assert_eq!(
                Some(part(kind)),
                expected[field].as_str(),
                "{at}: address {field}"
            );
        }
        if let Some(label) = expected["label"].as_str() {
            assert_eq!(address.full.as_deref(), Some(label), "{at}: address label");
        }
    }
}

fn check_card(card: &Card, want: &Value, at: &str) {
    check_name(card, want, at);
    check_contacts(card, want, at);
    check_organization(card, want, at);
    check_dates(card, want, at);
    check_photo(card, want, at);
    check_text(card, want, at);
    check_addresses(card, want, at);
    if let Some(uid) = want["uid"].as_str() {
        assert_eq!(card.uid.as_deref(), Some(uid), "{at}: uid");
    }
}

fn check_vcf(name: &str) {
    let expected = expected();
    let want = &expected["files"][name];
    let read = vcard::read(&file(name));
    let cards = want["cards"].as_array().unwrap();
    assert_eq!(
        read.len(),
        cards.len(),
        "{name}: every card read or reported"
    );
    for (result, want) in read.iter().zip(cards) {
        let index = want["index"].as_u64().unwrap() as usize;
        let at = format!("{name} card {index}");
        if want["broken"] == true {
            assert!(result.is_err(), "{at} is broken");
            continue;
        }
        let read = result.as_ref().unwrap_or_else(|e| panic!("{at}: {e}"));
        assert_eq!(read.index, index, "{at}");
        check_card(&read.card, want, &at);
    }
}

#[test]
fn apple_contacts_cards_read_as_written() {
    check_vcf("apple_contacts_3.0.vcf");
}

#[test]
fn google_contacts_cards_read_as_written() {
    check_vcf("google_contacts_3.0.vcf");
}

#[test]
fn android_2_1_cards_read_as_written() {
    check_vcf("android_2.1.vcf");
}

#[test]
fn vcard_4_cards_read_as_written() {
    check_vcf("vcard_4.0_rich.vcf");
}

#[test]
fn the_malformed_card_is_an_error_naming_card_2_and_line_14_and_the_others_read() {
    check_vcf("malformed_mixed.vcf");
    let read = vcard::read(&file("malformed_mixed.vcf"));
    let error = read[1].as_ref().unwrap_err().to_string();
    assert!(error.starts_with("card 2 (line 14): "), "{error}");
    assert!(error.contains("keeps the spare key"), "{error}");
}

#[test]
fn jscontact_cards_read_as_written() {
    let expected = expected();
    let want = expected["files"]["jscontact_cards.json"]["cards"]
        .as_array()
        .unwrap();
    let cards = jscontact::read(&file("jscontact_cards.json")).unwrap();
    assert_eq!(cards.len(), want.len());
    for (card, want) in cards.iter().zip(want) {
        let at = format!("jscontact card {}", want["index"]);
        check_card(card, want, &at);
        if let Some(extensions) = want["extensions"].as_object() {
            for (key, value) in extensions {
                assert_eq!(card.extra.get(key), Some(value), "{at}: {key} kept");
            }
        }
    }
}
