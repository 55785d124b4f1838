//! What the card checks write and how they compare what comes back: a rich card with something
//! in every part (the data a vCard or JSContact store loses first), cut down to what a
//! provider declares, and a comparison part by part that names the part and entry that differ.

use contacts_core::card::{
    Address, AddressComponent, Anniversary, Card, EmailAddress, Flags, Link, Media, Name,
    NameComponent, Note, OnlineService, OrgUnit, Organization, Phone, Title,
};
use contacts_core::{Capabilities, NewContact};
use serde_json::{Value, json};

/// A 1×1 PNG, as a `data:` URI: an inline photo a store must keep byte for byte.
pub(crate) const INLINE_PNG: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

/// The custom flat key of the rich card: a space and non-ASCII letters, which a store that
/// turns keys into vCard property names or column names mangles.
pub(crate) const CUSTOM_KEY: &str = "favourite café";

/// The vendor extension member of the rich card, with an object value.
pub(crate) const VENDOR_MEMBER: &str = "example.com:x";

fn flags(names: &[&str]) -> Flags {
    names.iter().map(|n| ((*n).to_owned(), true)).collect()
}

fn component(kind: &str, value: &str) -> NameComponent {
    NameComponent {
        kind: kind.into(),
        value: value.into(),
        ..NameComponent::default()
    }
}

fn address_part(kind: &str, value: &str) -> AddressComponent {
    AddressComponent {
        kind: kind.into(),
        value: value.into(),
        ..AddressComponent::default()
    }
}

/// Every kind of name component, and a full name that is not the components joined.
fn rich_name() -> Name {
    Name {
        components: vec![
            component("title", "Dr."),
            component("given", "Ada"),
            component("given2", "Augusta"),
            component("surname", "King"),
            component("separator", "-"),
            component("surname2", "Noel"),
            component("generation", "II"),
            component("credential", "FRS"),
        ],
        full: Some("Ada Lovelace, Countess of Lovelace".into()),
        ..Name::default()
    }
}

/// Two phones: the first is a work desk phone, the second (not first) the preferred mobile,
/// so a store that takes "the first phone" for `phoneNumber` shows itself.
fn rich_phones(card: &mut Card) {
    let desk = Phone {
        number: "+44 20 7946 0018".into(),
        features: flags(&["voice", "fax"]),
        contexts: flags(&["work"]),
        label: Some("desk".into()),
        ..Phone::default()
    };
    let mobile = Phone {
        number: "+44 7700 900461".into(),
        features: flags(&["mobile", "text"]),
        contexts: flags(&["private"]),
        pref: Some(1),
        label: Some("mobile ☎".into()),
        ..Phone::default()
    };
    card.phones.insert("p1", desk);
    card.phones.insert("p2", mobile);
    let work = EmailAddress {
        address: "ada@engines.example".into(),
        contexts: flags(&["work"]),
        pref: Some(1),
        ..EmailAddress::default()
    };
    let home = EmailAddress {
        address: "ada.home@example.org".into(),
        contexts: flags(&["private"]),
        label: Some("home".into()),
        ..EmailAddress::default()
    };
    card.emails.insert("e1", work);
    card.emails.insert("e2", home);
}

fn rich_places(card: &mut Card) {
    let address = Address {
        components: vec![
            address_part("number", "12"),
            address_part("name", "St James's Square"),
            address_part("locality", "London"),
            address_part("region", "Westminster"),
            address_part("postcode", "SW1Y 4JH"),
            address_part("country", "United Kingdom"),
        ],
        country_code: Some("GB".into()),
        contexts: flags(&["private"]),
        ..Address::default()
    };
    card.addresses.insert("a1", address);
    let org = Organization {
        name: Some("Analytical Engines Ltd".into()),
        units: vec![
            OrgUnit {
                name: "Research".into(),
                ..OrgUnit::default()
            },
            OrgUnit {
                name: "Difference Engines".into(),
                ..OrgUnit::default()
            },
        ],
        ..Organization::default()
    };
    card.organizations.insert("o1", org);
    let title = Title {
        name: "Chief Programmer".into(),
        kind: Some("title".into()),
        organization_id: Some("o1".into()),
        ..Title::default()
    };
    card.titles.insert("t1", title);
}

fn date(value: Value, kind: &str) -> Anniversary {
    Anniversary {
        kind: kind.into(),
        date: value,
        ..Anniversary::default()
    }
}

fn rich_extras(card: &mut Card) {
    let note = "Met at the fair;\nlikes tea, not coffee\\milk, and \"engines\"";
    card.notes.insert(
        "n1",
        Note {
            note: note.into(),
            ..Note::default()
        },
    );
    let birthday = json!({"@type": "PartialDate", "month": 12, "day": 10});
    let wedding = json!({"@type": "PartialDate", "year": 1835, "month": 7, "day": 8});
    card.anniversaries.insert("d1", date(birthday, "birth"));
    card.anniversaries.insert("d2", date(wedding, "wedding"));
    let inline = Media {
        kind: "photo".into(),
        uri: INLINE_PNG.into(),
        ..Media::default()
    };
    let linked = Media {
        kind: "photo".into(),
        uri: "https://photos.example.org/ada.jpg".into(),
        media_type: Some("image/jpeg".into()),
        ..Media::default()
    };
    card.media.insert("m1", inline);
    card.media.insert("m2", linked);
    let link = Link {
        uri: "https://ada.example.org/".into(),
        label: Some("home page".into()),
        ..Link::default()
    };
    card.links.insert("l1", link);
    let service = OnlineService {
        service: Some("Mastodon".into()),
        uri: Some("https://mastodon.example/@ada".into()),
        user: Some("@ada@mastodon.example".into()),
        ..OnlineService::default()
    };
    card.online_services.insert("s1", service);
    card.keywords.insert("VIP".into(), true);
    card.keywords.insert("Engines & Co".into(), true);
    let vendor = json!({"shoe": {"size": 38, "width": "narrow"}, "tags": ["a", "b"]});
    card.extra.insert(VENDOR_MEMBER.into(), vendor);
    card.set_property(CUSTOM_KEY, Some("Earl Grey, no milk"));
}

/// The rich card, with every part, no uid.
pub(crate) fn rich_card() -> Card {
    let mut card = Card::new();
    card.name = Some(rich_name());
    rich_phones(&mut card);
    rich_places(&mut card);
    rich_extras(&mut card);
    card
}

/// A smaller, different card to put in place of the rich one: one phone, one e-mail, another
/// note, a linked photo only, no address.
pub(crate) fn replacement_card() -> Card {
    let mut card = Card::new();
    let mut name = Name::default();
    name.set_component("given", Some("Charles"));
    name.set_component("surname", Some("Babbage"));
    name.full = Some("Charles Babbage".into());
    card.name = Some(name);
    card.set_property("phoneNumber", Some("+44 20 7946 0999"));
    card.set_property("email", Some("charles@engines.example"));
    let note = Note {
        note: "Replaced whole.".into(),
        ..Note::default()
    };
    card.notes.insert("n9", note);
    let linked = Media {
        kind: "photo".into(),
        uri: "https://photos.example.org/charles.jpg".into(),
        ..Media::default()
    };
    card.media.insert("m9", linked);
    card.keywords.insert("Replaced".into(), true);
    card
}

/// Empties the parts of `card` the provider cannot store ([`Capabilities::unstored_parts`]:
/// undeclared parts, keywords without labels), and a custom key outside fixed keys.
fn clear_undeclared(card: &mut Card, caps: &Capabilities) {
    for part in caps.unstored_parts(card) {
        card.remove_part(part);
    }
    if !caps.keys.allows(CUSTOM_KEY) {
        card.set_property(CUSTOM_KEY, None);
    }
}

/// `card` cut down to what `caps` declares, as a document, or why the provider cannot take it
/// at all (its flat view needs a key it cannot store, lacks a required one, or is too long).
pub(crate) fn declared_doc(card: Card, caps: &Capabilities) -> Result<NewContact, String> {
    let mut card = card;
    clear_undeclared(&mut card, caps);
    if card.parts().is_empty() {
        return Err("the card parts declared leave nothing of the rich card".into());
    }
    let view = card.flat_properties();
    if let Some(key) = view.keys().find(|k| !caps.keys.allows(k)) {
        return Err(format!(
            "the card's flat view holds {key:?}, a key it cannot store"
        ));
    }
    if let Some(key) = caps.required_keys.iter().find(|k| !view.contains_key(k)) {
        return Err(format!(
            "it requires {key:?}, which the card's parts do not give"
        ));
    }
    if let Some(max) = caps.max_value_chars
        && let Some((key, _)) = view.iter().find(|(_, v)| v.chars().count() > max)
    {
        return Err(format!("the card's {key} is longer than {max} characters"));
    }
    Ok(NewContact::from_card(card))
}
