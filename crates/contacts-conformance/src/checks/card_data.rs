//! What the card checks write and how they compare what comes back: a rich card with something
//! in every part (the data a vCard or JSContact store loses first), cut down to what a
//! provider declares, and a comparison part by part that names the part and entry that differ.

use contacts_core::card::{Card, Media, Name, Note};
use contacts_core::{Capabilities, NewContact};

/// The custom flat key of the rich card: a space and non-ASCII letters, which a store that
/// turns keys into vCard property names or column names mangles.
pub(crate) const CUSTOM_KEY: &str = "favourite café";

/// The rich card, with every part, no uid. It is a JSContact card (RFC 9553) in a file of its
/// own so that an adapter's author reads what the card checks write without reading Rust, and
/// can load the same card into a test of their own.
const RICH_CARD: &str = include_str!("rich_card.json");

/// The rich card, with every part, no uid ([`RICH_CARD`]).
pub(crate) fn rich_card() -> Card {
    // The file is part of this crate and read by a test below: it cannot fail to read.
    serde_json::from_str(RICH_CARD).expect("rich_card.json is a JSContact card")
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

#[cfg(test)]
mod tests {
    use super::*;
    use contacts_core::card::CardPart;
    use serde_json::Value;

    /// A 1×1 PNG, as a `data:` URI: an inline photo a store must keep byte for byte.
    const INLINE_PNG: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    /// The vendor extension member of the rich card, with an object value.
    const VENDOR_MEMBER: &str = "example.com:x";

    #[test]
    fn the_rich_card_holds_something_in_every_part_and_the_named_values() {
        let card = rich_card();
        let held = card.parts();
        for part in CardPart::ALL {
            assert!(held.contains(&part), "{part:?} is empty in rich_card.json");
        }
        assert_eq!(card.uid, None, "a provider assigns the uid");
        assert_eq!(
            card.media.get("m1").map(|m| m.uri.as_str()),
            Some(INLINE_PNG)
        );
        assert!(card.extra.get(VENDOR_MEMBER).is_some_and(Value::is_object));
        let view = card.flat_properties();
        assert_eq!(view.get(CUSTOM_KEY), Some("Earl Grey, no milk"));
        let prefs: Vec<_> = card.phones.values().map(|p| p.pref).collect();
        assert_eq!(prefs, [None, Some(1)], "the preferred phone is the second");
    }
}
