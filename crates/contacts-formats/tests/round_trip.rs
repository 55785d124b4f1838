//! Read → write → read: every fixture card comes back equal, once what a conversion may
//! legitimately renumber is set aside; 3.0 stays 3.0; Apple's groups, `X-` properties and
//! inline photos survive; and generated cards keep their flat view and parts.

use base64::Engine;
use contacts_core::card::{Card, CardPart, EmailAddress, Note, Phone};
use contacts_core::{Labels, Properties};
use contacts_formats::vcard::{self, Version};
use contacts_formats::{jscontact, semantic_diff};
use proptest::prelude::*;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/vcf");
const VCF: [&str; 5] = [
    "apple_contacts_3.0.vcf",
    "google_contacts_3.0.vcf",
    "android_2.1.vcf",
    "vcard_4.0_rich.vcf",
    "malformed_mixed.vcf",
];

fn cards(name: &str) -> Vec<Card> {
    let text = std::fs::read_to_string(format!("{DIR}/{name}")).unwrap();
    vcard::read(&text)
        .into_iter()
        .filter_map(Result::ok)
        .map(|c| c.card)
        .collect()
}

fn all_cards() -> Vec<(String, Card)> {
    let mut out = Vec::new();
    for name in VCF {
        for (i, card) in cards(name).into_iter().enumerate() {
            out.push((format!("{name} #{}", i + 1), card));
        }
    }
    let json = std::fs::read_to_string(format!("{DIR}/jscontact_cards.json")).unwrap();
    for (i, card) in jscontact::read(&json).unwrap().into_iter().enumerate() {
        out.push((format!("jscontact #{}", i + 1), card));
    }
    out
}

/// Members of a card that are id-keyed maps, whose ids a conversion may renumber.
const ID_MAPS: [&str; 14] = [
    "phones",
    "emails",
    "addresses",
    "onlineServices",
    "notes",
    "anniversaries",
    "media",
    "links",
    "organizations",
    "titles",
    "nicknames",
    "preferredLanguages",
    "personalInfo",
    "cryptoKeys",
];

/// The card as JSON with ids renumbered by position, `PROP-ID`/`JSCOMPS`/`DERIVED`
/// parameters and the vCard version left out.
fn normalised(card: &Card) -> Value {
    let mut json = card.to_json();
    let object = json.as_object_mut().unwrap();
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    for member in ID_MAPS {
        let Some(Value::Object(map)) = object.remove(member) else {
            continue;
        };
        let mut fresh = Map::new();
        for (i, (id, value)) in map.into_iter().enumerate() {
            let new = format!("#{}", i + 1);
            renamed.insert(format!("{member}/{id}"), format!("{member}/{new}"));
            fresh.insert(new, value);
        }
        object.insert(member.to_owned(), Value::Object(fresh));
    }
    // A date's `@type` is optional (RFC 9553 §1.3.4): `PartialDate` is the default.
    if let Some(Value::Object(dates)) = object.get_mut("anniversaries") {
        for date in dates.values_mut().filter_map(|a| a.get_mut("date")) {
            if date.get("@type").is_some_and(|t| t == "PartialDate") {
                date.as_object_mut().unwrap().remove("@type");
            }
        }
    }
    // `isOrdered` is what a `JSCOMPS` parameter reads as.
    if let Some(name) = object.get_mut("name").and_then(Value::as_object_mut) {
        name.remove("isOrdered");
    }
    if let Some(Value::Object(addresses)) = object.get_mut("addresses") {
        for address in addresses.values_mut() {
            address.as_object_mut().unwrap().remove("isOrdered");
        }
    }
    if let Some(Value::Object(titles)) = object.get_mut("titles") {
        for title in titles.values_mut() {
            if let Some(Value::String(org)) = title.get_mut("organizationId") {
                *org = renamed[&format!("organizations/{org}")].clone();
            }
        }
    }
    if let Some(vcard) = object.get_mut("vCard").and_then(Value::as_object_mut) {
        normalise_vcard_member(vcard, &renamed);
        if vcard.is_empty() {
            object.remove("vCard");
        }
    }
    json
}

fn normalise_vcard_member(vcard: &mut Map<String, Value>, renamed: &BTreeMap<String, String>) {
    if let Some(Value::Array(properties)) = vcard.get_mut("properties") {
        properties.retain(|p| p[0] != "version");
        if properties.is_empty() {
            vcard.remove("properties");
        }
    }
    if let Some(Value::Object(converted)) = vcard.remove("convertedProperties") {
        let mut fresh = Map::new();
        for (pointer, mut value) in converted {
            let mut parts = pointer.splitn(3, '/');
            let head = [parts.next(), parts.next()]
                .map(Option::unwrap_or_default)
                .join("/");
            let rest: Vec<&str> = parts.collect();
            let head = renamed.get(&head).cloned().unwrap_or(head);
            let pointer = std::iter::once(head.as_str())
                .chain(rest)
                .collect::<Vec<_>>()
                .join("/");
            if let Some(params) = value.get_mut("parameters").and_then(Value::as_object_mut) {
                for ignored in ["prop-id", "jscomps", "derived"] {
                    params.remove(ignored);
                }
                if params.is_empty() {
                    value.as_object_mut().unwrap().remove("parameters");
                }
            }
            if value.as_object().is_some_and(|v| !v.is_empty()) {
                fresh.insert(pointer, value);
            }
        }
        if !fresh.is_empty() {
            vcard.insert("convertedProperties".into(), Value::Object(fresh));
        }
    }
}

fn round_trip(card: &Card, version: Option<Version>) -> (String, Card) {
    let text = vcard::write(card, version).unwrap();
    let (back, more) = vcard::read_one(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(more, 0);
    (text, back)
}

#[test]
fn every_fixture_card_comes_back_equal_in_its_own_version() {
    for (at, card) in all_cards() {
        let (text, back) = round_trip(&card, None);
        assert_eq!(normalised(&back), normalised(&card), "{at}\n{text}");
    }
}

#[test]
fn a_written_card_reads_back_as_semantically_the_same_vcard() {
    for (at, card) in all_cards() {
        let text = vcard::write(&card, None).unwrap();
        let (back, _) = vcard::read_one(&text).unwrap();
        let again = vcard::write(&back, None).unwrap();
        let diff = semantic_diff(&text, &again);
        assert!(diff.is_empty(), "{at}: {diff:#?}");
    }
}

#[test]
fn twelve_phones_keep_the_order_of_the_file() {
    let mut text = String::from("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Many\r\n");
    let numbers: Vec<String> = (1..=12).map(|n| format!("+4670000{n:04}")).collect();
    for number in &numbers {
        text.push_str(&format!("TEL:{number}\r\n"));
    }
    text.push_str("END:VCARD\r\n");
    let (card, _) = vcard::read_one(&text).unwrap();
    let read: Vec<&str> = card.phones.values().map(|p| p.number.as_str()).collect();
    assert_eq!(read, numbers, "phones in file order");
    assert_eq!(card.flat_properties().phone_number(), Some("+46700000001"));
    let (_, back) = round_trip(&card, None);
    let again: Vec<&str> = back.phones.values().map(|p| p.number.as_str()).collect();
    assert_eq!(again, numbers);
}

#[test]
fn a_3_0_card_is_written_as_3_0_without_4_0_parameters() {
    for name in [
        "apple_contacts_3.0.vcf",
        "google_contacts_3.0.vcf",
        "android_2.1.vcf",
    ] {
        for card in cards(name) {
            let text = vcard::write(&card, None).unwrap();
            assert!(text.starts_with("BEGIN:VCARD\r\nVERSION:3.0\r\n"), "{text}");
            assert!(!text.contains("PROP-ID"), "{text}");
            assert!(!text.contains("JSCOMPS"), "{text}");
            let n = text
                .lines()
                .find(|l| l.starts_with("N:") || l.starts_with("N;"));
            if let Some(n) = n {
                let value = n.split_once(':').unwrap().1;
                assert_eq!(
                    value.matches(';').count(),
                    4,
                    "3.0 N has five components: {n}"
                );
            }
        }
    }
}

/// The group of the written line holding `needle`.
fn group_of<'a>(text: &'a str, needle: &str) -> &'a str {
    let line = text.lines().find(|l| l.contains(needle)).unwrap();
    line.split_once('.').map_or("", |(g, _)| g)
}

#[test]
fn apple_labels_stay_in_the_group_of_their_phone() {
    let card = &cards("apple_contacts_3.0.vcf")[2];
    let text = vcard::write(card, None).unwrap();
    for (number, label) in [
        ("+44 7700 900123", "_$!<Mobile>!$_"),
        ("+44 7700 900456", "Boat"),
    ] {
        let group = group_of(&text, number);
        assert!(!group.is_empty(), "{number} is grouped:\n{text}");
        assert_eq!(
            group_of(&text, &format!("X-ABLABEL:{label}")),
            group,
            "{text}"
        );
    }
    let (_, back) = round_trip(card, None);
    let labels: Vec<_> = back.phones.values().map(|p| p.label.as_deref()).collect();
    assert_eq!(labels, [Some("_$!<Mobile>!$_"), Some("Boat")]);
}

#[test]
fn x_properties_and_their_parameters_survive() {
    let rich = vcard::write(&cards("vcard_4.0_rich.vcf")[0], None).unwrap();
    assert!(rich.contains("\r\nX-CUSTOM;X-PARAM=1:value\r\n"), "{rich}");
    let apple = vcard::write(&cards("apple_contacts_3.0.vcf")[0], None).unwrap();
    assert!(
        apple.contains("X-SOCIALPROFILE;TYPE=twitter;X-USER=linnea_example:"),
        "{apple}"
    );
    assert!(apple.contains("\r\nitem2.X-ABADR:se\r\n"), "{apple}");
    let android = vcard::write(&cards("android_2.1.vcf")[0], None).unwrap();
    assert!(
        android.contains("\r\nX-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Sassa;1;;"),
        "Android's fields are written unescaped, as Android reads them:\n{android}"
    );
}

fn photo_bytes(card: &Card) -> Vec<u8> {
    let uri = &card.media.values().find(|m| m.is_inline()).unwrap().uri;
    let data = uri.split_once(";base64,").unwrap().1;
    base64::engine::general_purpose::STANDARD
        .decode(data)
        .unwrap()
}

#[test]
fn inline_photos_are_byte_equal_in_3_0_and_4_0() {
    for (at, card) in all_cards() {
        if !card.media.values().any(|m| m.is_inline()) {
            continue;
        }
        let original = photo_bytes(&card);
        let (text, back) = round_trip(&card, Some(Version::V3));
        assert!(
            text.contains("ENCODING=b"),
            "{at}: 3.0 photo is base64:\n{text}"
        );
        assert_eq!(photo_bytes(&back), original, "{at} as 3.0");
        let (text, back) = round_trip(&card, Some(Version::V4));
        assert!(
            text.contains(":data:image/"),
            "{at}: 4.0 photo is a data: URI"
        );
        assert!(
            !text.contains("base64\\,"),
            "{at}: a URI is not escaped:\n{text}"
        );
        assert_eq!(photo_bytes(&back), original, "{at} as 4.0");
    }
}

#[test]
fn a_time_zone_name_is_not_turned_into_an_offset() {
    let card = &cards("vcard_4.0_rich.vcf")[0];
    for version in [Version::V3, Version::V4] {
        let (text, back) = round_trip(card, Some(version));
        assert!(text.contains("Europe/Stockholm"), "{text}");
        let zone = back
            .addresses
            .values()
            .next()
            .unwrap()
            .extra
            .get("timeZone")
            .cloned();
        assert_eq!(zone, Some(Value::from("Europe/Stockholm")));
    }
}

#[test]
fn a_card_without_a_name_gets_a_full_name_but_reads_back_without_one() {
    let card = &cards("android_2.1.vcf")[2];
    let (text, back) = round_trip(card, None);
    assert!(
        text.contains("FN;DERIVED=TRUE:+46 70 345 67 99\r\n"),
        "{text}"
    );
    assert_eq!(back.name, None);
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            1 => "[a-zA-Z0-9 ]{1,6}",
            // The characters vCard escapes or folds on, each as likely as a run of plain text.
            6 => prop::sample::select(&[",", ";", "\\", "\n", ":", "\""][..]).prop_map(str::to_owned),
            1 => "[åäöÅÖéü€漢字]{1,3}",
        ],
        1..8,
    )
    .prop_map(|parts| parts.concat())
    .prop_filter("not blank", |s| !s.trim().is_empty() && s.trim() == s)
}

fn key_strategy() -> impl Strategy<Value = String> {
    "[a-zA-Z][a-zA-Z0-9 _åé漢-]{0,12}".prop_filter("custom, not well-known", |k| {
        !contacts_core::keys::ALL.contains(&k.as_str()) && k.trim() == k
    })
}

fn card_strategy() -> impl Strategy<Value = Card> {
    (
        prop::collection::btree_map(key_strategy(), text_strategy(), 0..4),
        prop::collection::vec("\\+[0-9]{6,12}", 1..4),
        prop::collection::vec("[a-z]{1,8}@example\\.(com|org)", 0..3),
        prop::option::of(text_strategy()),
        prop::option::of("[A-Za-zÅÖ]{1,10}"),
        prop::collection::btree_set("[a-z]{1,8}( [a-z]{1,5})?", 0..3),
    )
        .prop_map(|(custom, phones, emails, note, given, labels)| {
            let mut props = Properties::new();
            for (k, v) in &custom {
                props.set(k.as_str(), v.as_str());
            }
            if let Some(given) = given {
                props.set("firstName", given);
            }
            let labels: Labels = labels.iter().map(String::as_str).collect();
            let mut card = Card::from_flat(&props, &labels);
            for (i, number) in phones.into_iter().enumerate() {
                let phone = Phone {
                    number,
                    pref: (i == 1).then_some(1),
                    ..Phone::default()
                };
                card.phones.insert(format!("p{i}"), phone);
            }
            for (i, address) in emails.into_iter().enumerate() {
                card.emails.insert(
                    format!("e{i}"),
                    EmailAddress {
                        address,
                        ..Default::default()
                    },
                );
            }
            if let Some(note) = note {
                card.notes.insert(
                    "n1",
                    Note {
                        note,
                        ..Note::default()
                    },
                );
            }
            card
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generated_cards_keep_their_flat_view_and_parts(card in card_strategy()) {
        for version in [Version::V3, Version::V4] {
            let text = vcard::write(&card, Some(version)).unwrap();
            let (back, _) = vcard::read_one(&text).unwrap();
            prop_assert_eq!(back.flat_properties(), card.flat_properties(), "{}", text);
            prop_assert_eq!(back.flat_labels(), card.flat_labels());
            // A card read from a vCard keeps the vCard's version (so it is written back in
            // it), which `parts()` counts as an extension; nothing else may be added.
            let without_extensions = |card: &Card| {
                card.parts().into_iter().filter(|p| *p != CardPart::Extensions).collect::<Vec<_>>()
            };
            prop_assert_eq!(without_extensions(&back), without_extensions(&card));
            prop_assert_eq!(back.vcard.property_names().count(), 0);
            prop_assert!(back.vcard.converted_properties.is_empty(), "{:?}", back.vcard);
            prop_assert_eq!(&back.extra, &card.extra);
            let phones: Vec<_> = back.phones.values().map(|p| &p.number).collect();
            let want: Vec<_> = card.phones.values().map(|p| &p.number).collect();
            prop_assert_eq!(phones, want);
            let notes: Vec<_> = back.notes.values().map(|n| &n.note).collect();
            let want: Vec<_> = card.notes.values().map(|n| &n.note).collect();
            prop_assert_eq!(notes, want, "{}", text);
        }
    }
}

#[test]
fn an_inline_photo_written_with_an_escaped_comma_reads_back_the_same() {
    let text = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:u1\r\nFN:A\r\n\
                PHOTO:data:image/png;base64,iVBORw0KGgo=\r\nEND:VCARD\r\n";
    let (card, _) = contacts_formats::vcard::read_one(text).unwrap();
    let escaped = contacts_formats::vcard::write_with(
        &card,
        None,
        contacts_formats::vcard::UriCommas::Escaped,
    )
    .unwrap();
    assert!(escaped.contains("base64\\,iVBOR"), "{escaped}");
    let plain = contacts_formats::vcard::write(&card, None).unwrap();
    assert!(plain.contains("base64,iVBOR"), "{plain}");
    // As Radicale stores it: semicolon and comma escaped.
    let stored = escaped.replace("image/png;base64", "image/png\\;base64");
    let (back, _) = contacts_formats::vcard::read_one(&stored).unwrap();
    assert_eq!(back.media, card.media);
}

#[test]
fn a_name_n_cannot_hold_comes_back_whole_from_3_0_and_from_a_3_0_store() {
    use contacts_formats::vcard::{UriCommas, Version, read_one, write_with};
    let card: contacts_core::Card = serde_json::from_value(serde_json::json!({
        "@type": "Card", "uid": "u1",
        "name": {"components": [
            {"kind": "title", "value": "Dr."}, {"kind": "given", "value": "Ada"},
            {"kind": "surname", "value": "King"}, {"kind": "separator", "value": "-"},
            {"kind": "surname2", "value": "Noel"}, {"kind": "generation", "value": "II"}],
            "isOrdered": true, "full": "Dr. Ada King-Noel II"}
    }))
    .unwrap();
    for (version, commas) in [
        (Version::V3, UriCommas::Plain),
        (Version::V4, UriCommas::Escaped),
    ] {
        let text = write_with(&card, Some(version), commas).unwrap();
        // As a 3.0-parsing store keeps `N`: five fields.
        let stored: String = text
            .lines()
            .map(|l| match l.strip_prefix("N") {
                Some(rest) if rest.starts_with([';', ':']) => {
                    let (head, values) = rest.split_once(':').unwrap();
                    let five: Vec<&str> = values.split(';').take(5).collect();
                    format!("N{head}:{}\r\n", five.join(";"))
                }
                _ => format!("{l}\n"),
            })
            .collect();
        let (back, _) = read_one(&stored).unwrap();
        assert_eq!(back.name, card.name, "{version:?}: {text}");
    }
}

#[test]
fn an_address_adr_cannot_hold_comes_back_whole_from_3_0() {
    use contacts_formats::vcard::{Version, read_one, write};
    let card: contacts_core::Card = serde_json::from_value(serde_json::json!({
        "@type": "Card", "uid": "u1",
        "addresses": {"home": {"components": [
            {"kind": "number", "value": "12"}, {"kind": "name", "value": "St James's Square"},
            {"kind": "locality", "value": "London"}]}}
    }))
    .unwrap();
    let text = write(&card, Some(Version::V3)).unwrap();
    let (back, _) = read_one(&text).unwrap();
    let values = |c: &contacts_core::Card| -> Vec<_> { c.addresses.values().cloned().collect() };
    assert_eq!(values(&back), values(&card), "{text}");
}

#[test]
fn a_department_without_a_company_comes_back_as_a_department() {
    use contacts_formats::vcard::{Version, read_one, write};
    let props = contacts_core::Properties::new().with("department", "Sales");
    let card = contacts_core::Card::from_flat(&props, &contacts_core::Labels::new());
    for version in [Version::V3, Version::V4] {
        let text = write(&card, Some(version)).unwrap();
        let (back, _) = read_one(&text).unwrap();
        assert_eq!(back.flat_properties(), props, "{text}");
        let orgs =
            |c: &contacts_core::Card| -> Vec<_> { c.organizations.values().cloned().collect() };
        assert_eq!(orgs(&back), orgs(&card), "{text}");
    }
}
