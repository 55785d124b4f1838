//! A listed contact's id, properties and labels as one text: what a sync keeps of a contact
//! (in its [`Scratch`](super::scratch::Scratch)) until the plan carries it.
//!
//! A [`Contact`] takes an allocation per key, value and label, plus its id, owner and the
//! property list; packed, a contact with a few properties is ~50 bytes of text, written out of
//! memory and unpacked only when the plan carries it.
//!
//! The format: length-prefixed fields, each `i` (the id, first), `k` (the number's key when it
//! was read before packing), `p`, `l` or `c` (the card as JSON, last), the field's length in
//! bytes, `:`, the field (a property is two fields, key then value). A card with a photo is
//! large: it waits in the scratch file, out of memory, like the rest.

use contacts_core::{Contact, ContactId, Labels, Properties, keys};

/// Appends `contact`'s id, its number's `key` (if read), properties, labels and card, packed,
/// to `text`.
pub(crate) fn pack(contact: &Contact, key: Option<&str>, text: &mut String) {
    let mut field = |tag: char, value: &str| {
        text.push(tag);
        text.push_str(itoa::Buffer::new().format(value.len()));
        text.push(':');
        text.push_str(value);
    };
    field('i', contact.id.as_str());
    if let Some(key) = key {
        field('k', key);
    }
    for (key, value) in contact.properties.iter() {
        field('p', key);
        field('p', value);
    }
    for label in contact.labels.iter() {
        field('l', label);
    }
    if let Some(card) = &contact.card {
        // A card is JSON of plain maps and strings: writing it cannot fail.
        let json = serde_json::to_string(card).unwrap_or_default();
        field('c', &json);
    }
}

/// The fields of `text` in order: (tag, text).
fn fields(text: &str) -> impl Iterator<Item = (char, &str)> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let tag = rest.chars().next()?;
        let (length, tail) = rest.get(tag.len_utf8()..)?.split_once(':')?;
        let length: usize = length.parse().ok()?;
        let (value, tail) = tail.split_at_checked(length)?;
        rest = tail;
        Some((tag, value))
    })
}

/// The properties of packed `text`, in key order (as packed).
fn properties(text: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut values = fields(text).filter(|(tag, _)| *tag == 'p').map(|(_, v)| v);
    std::iter::from_fn(move || Some((values.next()?, values.next()?)))
}

/// The number's key packed in `text`, if it was read before packing.
pub(crate) fn key(text: &str) -> Option<&str> {
    fields(text)
        .take_while(|(tag, _)| matches!(tag, 'i' | 'k'))
        .find(|(tag, _)| *tag == 'k')
        .map(|(_, key)| key)
}

/// The `phoneNumber` of packed `text`, as written.
pub(crate) fn phone_number(text: &str) -> Option<&str> {
    properties(text)
        .find(|(k, _)| *k == keys::PHONE_NUMBER)
        .map(|(_, v)| v)
}

/// The contact packed in `text`: its id, properties, labels and card (owner, metadata and
/// address book, which a sync does not carry, are left empty). A card that does not read back
/// is an error, never a contact silently without its card.
pub(crate) fn unpack(text: &str) -> Result<Contact, String> {
    let id = fields(text)
        .find(|(tag, _)| *tag == 'i')
        .map_or_else(String::new, |(_, id)| id.to_owned());
    let properties: Properties = properties(text).collect();
    let labels: Labels = fields(text)
        .filter(|(tag, _)| *tag == 'l')
        .map(|(_, v)| v)
        .collect();
    let card = match fields(text).find(|(tag, _)| *tag == 'c') {
        Some((_, json)) => Some(
            serde_json::from_str(json)
                .map_err(|e| format!("the card of contact {id} does not read back: {e} (a bug)"))?,
        ),
        None => None,
    };
    Ok(Contact {
        id: ContactId::new(id),
        owner_id: None,
        properties,
        labels,
        metadata: None,
        address_book: None,
        card,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn contact(properties: Vec<(String, String)>, labels: Vec<String>) -> Contact {
        Contact {
            id: ContactId::new("7:p3:"),
            owner_id: None,
            properties: properties.into_iter().collect(),
            labels: labels.into_iter().collect(),
            metadata: None,
            address_book: None,
            card: None,
        }
    }

    proptest! {
        /// Whatever the text (separators, digits, `:`, any Unicode, empty values), unpacking
        /// gives back the same properties and labels.
        #[test]
        fn unpacks_what_was_packed(
            properties in prop::collection::vec((".{0,12}", ".{0,20}"), 0..6),
            labels in prop::collection::vec(".{0,10}", 0..4),
            key in prop::option::of("[+0-9a-z:]{0,20}"),
        ) {
            let original = contact(properties, labels);
            let mut packed = String::new();
            pack(&original, key.as_deref(), &mut packed);
            prop_assert_eq!(self::key(&packed), key.as_deref());
            let back = unpack(&packed).unwrap();
            prop_assert_eq!(&back.id, &original.id);
            prop_assert_eq!(&back.properties, &original.properties);
            prop_assert_eq!(&back.labels, &original.labels);
            prop_assert_eq!(
                phone_number(&packed),
                original.properties.get(keys::PHONE_NUMBER)
            );
        }
    }

    #[test]
    fn a_packed_contact_is_small() {
        let c = contact(
            vec![
                ("phoneNumber".into(), "+46700000001".into()),
                ("firstName".into(), "Person 1".into()),
            ],
            vec![],
        );
        let mut packed = String::new();
        pack(&c, None, &mut packed);
        assert!(packed.len() < 64, "{packed:?}");
    }
}
