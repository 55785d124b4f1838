//! The card model: RFC 9553 JSON in and out without loss, the flat view derived from it, flat
//! edits landing in the card's own structure, and the contract's checks on cards.

use contacts_core::card::{Card, CardPart, Phone};
use contacts_core::{
    Capabilities, ContactPatch, ContactProvider, GetOptions, InMemoryProvider, Labels, NewContact,
    Properties, validate,
};
use serde_json::json;

/// An RFC 9553 card with members this model names and members it does not.
fn rich() -> serde_json::Value {
    json!({
        "@type": "Card", "version": "1.0", "uid": "urn:uuid:0a1b",
        "name": {"components": [
            {"kind": "title", "value": "Dr."}, {"kind": "given", "value": "Ada"},
            {"kind": "surname", "value": "Lovelace"}, {"kind": "surname2", "value": "Byron"}],
            "full": "Dr. Ada Lovelace", "isOrdered": true},
        "nicknames": {"n1": {"name": "Countess"}},
        "phones": {
            "k1": {"number": "+44 7700 900001", "features": {"mobile": true}},
            "k2": {"number": "+44 20 7946 0000", "pref": 1, "contexts": {"work": true}}},
        "emails": {"e1": {"address": "ada@example.com", "label": "home"}},
        "addresses": {"a1": {"components": [{"kind": "locality", "value": "London"}],
            "coordinates": "geo:51.5,-0.1"}},
        "organizations": {"o1": {"name": "Analytical Engines", "units": [{"name": "Research"}, {"name": "Lab 2"}]}},
        "titles": {"t1": {"name": "Mathematician"}},
        "notes": {"n1": {"note": "Line one\nLine two"}},
        "anniversaries": {"b": {"kind": "birth", "date": {"@type": "PartialDate", "month": 12, "day": 10}}},
        "media": {"m1": {"kind": "photo", "uri": "data:image/png;base64,iVBORw0KGgo="}},
        "links": {"l1": {"uri": "https://example.com/ada"}},
        "keywords": {"VIP": true, "Friends": true},
        "onlineServices": {"s1": {"service": "XMPP", "uri": "xmpp:ada@example.com"}},
        "example.com:shoeSize": 38,
        "contacts-rs.github.io:favourite colour": "green",
        "vCard": {"properties": [["version", {}, "unknown", "3.0"], ["x-custom", {"x-p": "1"}, "unknown", "v"]]}
    })
}

#[test]
fn an_rfc_9553_card_reads_and_writes_back_unchanged() {
    let card: Card = serde_json::from_value(rich()).unwrap();
    assert_eq!(card.phones.len(), 2);
    assert_eq!(card.vcard.version(), Some("3.0"));
    assert_eq!(serde_json::to_value(&card).unwrap(), rich());
}

#[test]
fn the_flat_view_follows_the_documented_rules() {
    let card: Card = serde_json::from_value(rich()).unwrap();
    let flat = card.flat_properties();
    let want = Properties::new()
        .with("phoneNumber", "+44 20 7946 0000") // pref 1 beats the first written
        .with("email", "ada@example.com")
        .with("firstName", "Ada")
        .with("lastName", "Lovelace")
        .with("company", "Analytical Engines")
        .with("department", "Research")
        .with("favourite colour", "green");
    assert_eq!(flat, want);
    assert_eq!(
        card.flat_labels(),
        ["Friends", "VIP"].into_iter().collect::<Labels>()
    );
    let beyond = card.beyond_flat();
    for item in [
        "phone +44 7700 900001",
        "name part title Dr.",
        "organization unit Lab 2",
        "address London",
        "title Mathematician",
        "note",
        "birth date --12-10",
        "photo",
        "link https://example.com/ada",
        "card member example.com:shoeSize",
        "card member nicknames",
        "vCard property X-CUSTOM",
    ] {
        assert!(
            beyond.iter().any(|b| b == item),
            "{item:?} missing from {beyond:?}"
        );
    }
}

#[test]
fn flat_edits_land_in_the_cards_structure_and_keep_the_rest() {
    let mut card: Card = serde_json::from_value(rich()).unwrap();
    card.set_property("phoneNumber", Some("+44 20 7946 0999"));
    assert_eq!(card.phones.get("k2").unwrap().number, "+44 20 7946 0999");
    assert_eq!(card.phones.get("k1").unwrap().number, "+44 7700 900001");
    card.set_property("firstName", Some("Augusta"));
    let name = card.name.as_ref().unwrap();
    assert_eq!(name.component("given"), Some("Augusta"));
    assert_eq!(
        name.full.as_deref(),
        Some("Dr. Ada Lovelace"),
        "a written full name is kept"
    );
    card.set_property("phoneNumber", None);
    assert_eq!(
        card.flat_properties().phone_number(),
        Some("+44 7700 900001")
    );
    card.set_property("department", None);
    assert_eq!(card.flat_properties().get("department"), Some("Lab 2"));
    card.set_property("favourite colour", None);
    card.set_property("shoe", Some("38"));
    assert_eq!(card.flat_properties().get("favourite colour"), None);
    assert_eq!(card.extra["contacts-rs.github.io:shoe"], "38");
    assert_eq!(
        card.extra["example.com:shoeSize"], 38,
        "extensions are kept"
    );
    assert_eq!(card.media.len(), 1);
}

#[test]
fn a_card_from_flat_properties_shows_exactly_them() {
    let props = Properties::new()
        .with("phoneNumber", "+46701234567")
        .with("firstName", "Ada")
        .with("lastName", "Lovelace")
        .with("department", "Research")
        .with("note to self", "x");
    let labels: Labels = ["VIP"].into_iter().collect();
    let card = Card::from_flat(&props, &labels);
    assert_eq!(card.flat_properties(), props);
    assert_eq!(card.flat_labels(), labels);
    assert_eq!(
        card.name.as_ref().unwrap().full.as_deref(),
        Some("Ada Lovelace")
    );
    assert!(card.beyond_flat().is_empty(), "{:?}", card.beyond_flat());
}

#[test]
fn a_card_that_is_not_a_card_is_refused_with_its_reason() {
    let err = serde_json::from_value::<Card>(json!({"@type": "Group", "uid": "x"})).unwrap_err();
    assert!(err.to_string().contains("Group"), "{err}");
    let err = serde_json::from_value::<Card>(json!({"uid": "x"})).unwrap_err();
    assert!(err.to_string().contains("@type"), "{err}");
    let dup = r#"{"@type":"Card","phones":{"a":{"number":"1"},"a":{"number":"2"}}}"#;
    let err = serde_json::from_str::<Card>(dup).unwrap_err();
    assert!(err.to_string().contains("\"a\" appears twice"), "{err}");
}

#[test]
fn a_document_whose_properties_disagree_with_its_card_is_refused() {
    let caps = Capabilities::full();
    let mut doc = NewContact::from_card(serde_json::from_value(rich()).unwrap());
    validate::new_contact("memory", &caps, &doc).unwrap();
    doc.properties.set("email", "other@example.com");
    let err = validate::new_contact("memory", &caps, &doc).unwrap_err();
    assert!(err.to_string().contains("properties.email"), "{err}");
    let flat = NewContact::from_card(Card::from_flat(
        &Properties::new().with("email", "a@b.c"),
        &Labels::new(),
    ));
    let err = validate::new_contact("ip1", &Capabilities::default(), &flat).unwrap_err();
    assert!(err.is_unsupported(), "{err}");
    let mut some = Capabilities::full();
    some.card_parts = vec![CardPart::Phones, CardPart::Emails, CardPart::Name];
    let err = validate::new_contact("x", &some, &doc_with_photo()).unwrap_err();
    assert!(err.to_string().contains("media"), "{err}");
}

fn doc_with_photo() -> NewContact {
    let card: Card = serde_json::from_value(json!({"@type": "Card",
        "media": {"m": {"kind": "photo", "uri": "https://example.com/p.jpg"}}}))
    .unwrap();
    NewContact::from_card(card)
}

#[tokio::test]
async fn the_reference_model_keeps_cards_and_applies_patches_to_them() {
    let provider = InMemoryProvider::new();
    let mut card: Card = serde_json::from_value(rich()).unwrap();
    card.uid = None;
    let [created] = <[_; 1]>::try_from(
        provider
            .create(&[NewContact::from_card(card)])
            .await
            .unwrap(),
    )
    .unwrap();
    let stored = created.card.clone().expect("the card is stored");
    let uid = stored.uid.as_deref().expect("a uid is assigned");
    assert!(uid.starts_with("urn:uuid:"), "{uid}");
    let patch = ContactPatch::new()
        .set("email", "ada@example.org")
        .remove_label("VIP");
    let updated = provider.update(&created.id, &patch).await.unwrap();
    let card = updated.card.as_ref().unwrap();
    assert_eq!(card.emails.get("e1").unwrap().address, "ada@example.org");
    assert_eq!(
        card.emails.get("e1").unwrap().label.as_deref(),
        Some("home")
    );
    assert!(!card.keywords.contains_key("VIP"));
    assert_eq!(updated.properties, card.flat_properties());
    assert_eq!(updated.labels, card.flat_labels());
    let read = provider
        .get(&created.id, &GetOptions::default())
        .await
        .unwrap();
    assert_eq!(read.card, updated.card);
    let mut replacement = Card::new();
    replacement.phones.insert(
        "x",
        Phone {
            number: "+1555".into(),
            ..Phone::default()
        },
    );
    let patch = ContactPatch {
        card: Some(Box::new(replacement)),
        ..ContactPatch::new()
    }
    .set("firstName", "B");
    let updated = provider.update(&created.id, &patch).await.unwrap();
    assert_eq!(
        updated.properties,
        Properties::new()
            .with("phoneNumber", "+1555")
            .with("firstName", "B")
    );
    assert!(updated.labels.is_empty());
}

#[test]
fn the_vcard_version_a_card_was_read_from_is_no_extension() {
    let card: Card = serde_json::from_value(json!({"@type": "Card",
        "phones": {"k1": {"number": "+46701234567"}},
        "vCard": {"properties": [["version", {}, "unknown", "3.0"]],
                  "convertedProperties": {"phones/k1/number": {"parameters": {"group": "item1"}}}}}))
    .unwrap();
    assert_eq!(card.parts(), vec![CardPart::Phones]);
    let mut with_x = card.clone();
    with_x
        .vcard
        .properties
        .push(json!(["x-custom", {}, "unknown", "v"]));
    assert_eq!(with_x.parts(), vec![CardPart::Phones, CardPart::Extensions]);
}

#[test]
fn a_tel_uri_shows_its_number_and_stays_a_uri_when_the_number_changes() {
    let mut card: Card = serde_json::from_value(json!({"@type": "Card",
        "phones": {"k1": {"number": "tel:+46-70-765-43-21;ext=204"}}}))
    .unwrap();
    assert_eq!(
        card.flat_properties().phone_number(),
        Some("+46-70-765-43-21")
    );
    card.set_property("phoneNumber", Some("+46701112233"));
    assert_eq!(
        card.phones.get("k1").unwrap().number,
        "tel:+46701112233;ext=204"
    );
    assert_eq!(card.flat_properties().phone_number(), Some("+46701112233"));
}

#[test]
fn a_tel_uri_set_as_the_number_replaces_the_uri_whole() {
    let mut card: Card = serde_json::from_value(json!({"@type": "Card",
        "phones": {"k1": {"number": "tel:+46701234567"}}}))
    .unwrap();
    card.set_property("phoneNumber", Some("tel:+46709999999"));
    assert_eq!(card.phones.get("k1").unwrap().number, "tel:+46709999999");
}

#[test]
fn removing_extensions_keeps_the_version_the_write_notes_and_custom_properties() {
    let mut card: Card = serde_json::from_value(rich()).unwrap();
    card.vcard.converted_properties.insert(
        "phones/k1/number".into(),
        json!({"parameters": {"group": "item1"}}),
    );
    card.remove_part(CardPart::Extensions);
    assert!(
        !card.parts().contains(&CardPart::Extensions),
        "{:?}",
        card.parts()
    );
    assert_eq!(card.vcard.version(), Some("3.0"));
    assert!(
        card.vcard
            .converted_properties
            .contains_key("phones/k1/number")
    );
    assert_eq!(
        card.flat_properties().get("favourite colour"),
        Some("green")
    );
    card.remove_part(CardPart::Phones);
    assert!(card.phones.is_empty() && !card.parts().contains(&CardPart::Phones));
}
