//! What one write stores for a contact: its whole card, if it has one, as RFC 9553 JSON text
//! in the `card` column, and the flat view (properties and labels) as the rows that listing
//! and filters read.
//!
//! A contact with a card has rows written from the card (`Card::flat_properties`,
//! `Card::flat_labels`), so the rows can never say something the card does not; a flat
//! contact has no card (the column is NULL) and its rows are its properties and labels.

use contacts_core::{Card, Error, Labels, NewContact, Properties, Result};

/// A contact as it is about to be written.
#[derive(Debug)]
pub struct Document {
    /// The properties rows.
    pub properties: Properties,
    /// The labels rows.
    pub labels: Labels,
    /// The card, if any.
    pub card: Option<Box<Card>>,
    /// The card column: `card` as JSON text, `None` (NULL) without a card.
    pub json: Option<String>,
}

impl Document {
    /// What a contact with these properties, labels and card stores: with a card, the card as
    /// it is and its flat view; without, the properties and labels as they are.
    pub fn new(properties: Properties, labels: Labels, card: Option<Box<Card>>) -> Result<Self> {
        let Some(card) = card else {
            return Ok(Self {
                properties,
                labels,
                card: None,
                json: None,
            });
        };
        let json = serde_json::to_string(&card).map_err(|e| {
            Error::invalid(
                "card",
                format!("the card cannot be written as JSON ({e}); nothing was stored"),
            )
        })?;
        Ok(Self {
            properties: card.flat_properties(),
            labels: card.flat_labels(),
            card: Some(card),
            json: Some(json),
        })
    }

    /// What creating (or replacing with) `doc` stores: a card without a uid is given one, as
    /// RFC 9553 requires and as the reference model does.
    pub fn created(doc: NewContact) -> Result<Self> {
        let card = doc.card.map(|mut card| {
            card.ensure_uid();
            card
        });
        Self::new(doc.properties, doc.labels, card)
    }
}

/// Reads the card column of contact `seq` (`None`: NULL, a flat contact). Text that is not a
/// card is an error naming the contact, never a contact silently without its card.
pub fn read(seq: i64, column: rusqlite::types::ValueRef<'_>) -> Result<Option<Box<Card>>> {
    use rusqlite::types::ValueRef;
    let bytes = match column {
        ValueRef::Null => return Ok(None),
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => bytes,
        ValueRef::Integer(_) | ValueRef::Real(_) => b"" as &[u8],
    };
    serde_json::from_slice::<Card>(bytes)
        .map(|card| Some(Box::new(card)))
        .map_err(|e| Error::Protocol {
            status: None,
            message: format!(
                "the card stored for contact {seq} is not an RFC 9553 card ({e}); the file was \
                 changed outside contacts: replace the contact to store a readable card"
            ),
            // The column holds personal data: no excerpt of it in an error.
            body_excerpt: String::new(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::types::ValueRef;

    #[test]
    fn a_document_with_a_card_stores_the_card_and_its_flat_view() {
        let mut card = Card::new();
        card.set_property("phoneNumber", Some("+46701234567"));
        card.set_property("shoeSize", Some("42"));
        card.keywords.insert("VIP".into(), true);
        // Properties that disagree with the card (a bare provider gets what it is given):
        // the rows follow the card.
        let doc = NewContact {
            properties: Properties::new().with("phoneNumber", "+1"),
            labels: Labels::new(),
            address_book: None,
            card: Some(Box::new(card.clone())),
        };
        let stored = Document::created(doc).unwrap();
        assert_eq!(stored.properties, card.flat_properties());
        assert_eq!(stored.labels, card.flat_labels());
        let uid = stored.card.as_ref().and_then(|c| c.uid.clone()).unwrap();
        assert!(uid.starts_with("urn:uuid:"), "{uid}");
        let json = stored.json.unwrap();
        let back = read(1, ValueRef::Text(json.as_bytes())).unwrap().unwrap();
        assert_eq!(Some(back), stored.card);
    }

    #[test]
    fn a_flat_document_stays_flat() {
        let doc = NewContact::new().property("firstName", "Ada").label("x");
        let stored = Document::created(doc.clone()).unwrap();
        assert_eq!(stored.properties, doc.properties);
        assert_eq!(stored.labels, doc.labels);
        assert!(stored.card.is_none() && stored.json.is_none());
        assert_eq!(read(1, ValueRef::Null).unwrap(), None);
    }

    #[test]
    fn a_column_that_is_not_a_card_is_an_error_naming_the_contact() {
        for column in [
            ValueRef::Text(b"{not json"),
            ValueRef::Text(b"[1, 2]"),
            ValueRef::Integer(7),
        ] {
            let err = read(7, column).unwrap_err();
            assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
            assert!(err.to_string().contains("contact 7"), "{err}");
            assert!(!err.is_retryable());
        }
    }
}
