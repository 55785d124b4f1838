//! [`Packed`]: what a sync reads of a listed contact (its properties and labels) in one
//! allocation.
//!
//! A plan holds every contact of both sides until it is built, yet most are only compared by
//! their content hash (in a sync with nothing changed, all of them). A [`Contact`] takes an
//! allocation per key, value and label, plus its id, owner and the property list; packed, a
//! contact with a few properties takes one allocation of ~50 bytes, and is unpacked only when
//! the plan carries it.

use contacts_core::{Contact, ContactId, Labels, Properties, keys};

/// The properties and labels of a contact as length-prefixed fields in one string: `p` or `l`,
/// the field's length in bytes, `:`, the field (a property is two fields, key then value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Packed(Box<str>);

impl Packed {
    /// Packs `contact`'s properties and labels.
    pub(crate) fn new(contact: &Contact) -> Self {
        let size = contact
            .properties
            .iter()
            .map(|(k, v)| k.len() + v.len() + 12)
            .chain(contact.labels.iter().map(|l| l.len() + 6))
            .sum();
        let mut text = String::with_capacity(size);
        let mut field = |tag: char, value: &str| {
            text.push(tag);
            text.push_str(itoa::Buffer::new().format(value.len()));
            text.push(':');
            text.push_str(value);
        };
        for (key, value) in contact.properties.iter() {
            field('p', key);
            field('p', value);
        }
        for label in contact.labels.iter() {
            field('l', label);
        }
        Self(text.into_boxed_str())
    }

    /// The fields in order: (tag, text).
    fn fields(&self) -> impl Iterator<Item = (char, &str)> {
        let mut rest: &str = &self.0;
        std::iter::from_fn(move || {
            let tag = rest.chars().next()?;
            let (length, tail) = rest.get(tag.len_utf8()..)?.split_once(':')?;
            let length: usize = length.parse().ok()?;
            let (value, tail) = tail.split_at_checked(length)?;
            rest = tail;
            Some((tag, value))
        })
    }

    /// The properties, in key order (as packed).
    fn properties(&self) -> impl Iterator<Item = (&str, &str)> {
        let mut values = self.fields().filter(|(tag, _)| *tag == 'p').map(|(_, v)| v);
        std::iter::from_fn(move || Some((values.next()?, values.next()?)))
    }

    /// The value of property `key`.
    pub(crate) fn property(&self, key: &str) -> Option<&str> {
        self.properties().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// The phone number, as written.
    pub(crate) fn phone_number(&self) -> Option<&str> {
        self.property(keys::PHONE_NUMBER)
    }

    /// The contact `id` with these properties and labels (owner, metadata and address book,
    /// which a sync does not carry, are left empty).
    pub(crate) fn unpack(&self, id: &ContactId) -> Contact {
        let properties: Properties = self.properties().collect();
        let labels: Labels = self
            .fields()
            .filter(|(tag, _)| *tag == 'l')
            .map(|(_, v)| v)
            .collect();
        Contact {
            id: id.clone(),
            owner_id: None,
            properties,
            labels,
            metadata: None,
            address_book: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn contact(properties: Vec<(String, String)>, labels: Vec<String>) -> Contact {
        Contact {
            id: ContactId::new("7"),
            owner_id: None,
            properties: properties.into_iter().collect(),
            labels: labels.into_iter().collect(),
            metadata: None,
            address_book: None,
        }
    }

    proptest! {
        /// Whatever the text (separators, digits, `:`, any Unicode, empty values), unpacking
        /// gives back the same properties and labels.
        #[test]
        fn unpacks_what_was_packed(
            properties in prop::collection::vec((".{0,12}", ".{0,20}"), 0..6),
            labels in prop::collection::vec(".{0,10}", 0..4),
        ) {
            let original = contact(properties, labels);
            let packed = Packed::new(&original);
            let back = packed.unpack(&original.id);
            prop_assert_eq!(&back.properties, &original.properties);
            prop_assert_eq!(&back.labels, &original.labels);
            prop_assert_eq!(
                packed.phone_number(),
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
        assert!(Packed::new(&c).0.len() < 64, "{:?}", Packed::new(&c));
    }
}
