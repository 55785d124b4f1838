//! What of an imported card reaches the provider.
//!
//! A card read from a vCard or JSContact file is a document with the whole card
//! ([`NewContact::from_card`](contacts_core::NewContact::from_card)). A provider that stores
//! every part the card has keeps it whole
//! ([`Capabilities::unstored_parts`](contacts_core::Capabilities::unstored_parts) is empty);
//! any other provider gets the card's flat view (the Checked layer would refuse the card),
//! without its labels where the provider has none, and what it does not take is listed as
//! "not carried" for the person, as a sync lists it, never dropped in silence.

use contacts_core::Capabilities;
use contacts_formats::csv::Row;

/// What a card held that the provider cannot store, for one row.
#[derive(Debug, Clone, PartialEq)]
pub struct NotCarried {
    /// Where the card is in the file (`card 3 (line 40)`).
    pub place: String,
    /// The items, as [`Card::beyond_flat`](contacts_core::Card::beyond_flat) names them
    /// (`phone +1 555 0100`, `photo`, `birthday date 1980-02-29`).
    pub items: Vec<String>,
}

impl std::fmt::Display for NotCarried {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: not carried: {}", self.place, self.items.join(", "))
    }
}

/// The row as the provider can store it: its card kept where the provider stores every part
/// of it, else its flat view alone (its labels only where the provider has labels), with what
/// the card held beyond that.
pub fn fit(caps: &Capabilities, mut row: Row) -> (Row, Option<NotCarried>) {
    let Some(card) = row.contact.card.take() else {
        return (row, None);
    };
    if caps.stores_cards() && caps.unstored_parts(&card).is_empty() {
        row.contact.card = Some(card);
        return (row, None);
    }
    let mut items = card.beyond_flat();
    if !caps.labels {
        let labels = std::mem::take(&mut row.contact.labels);
        items.extend(labels.iter().map(|label| format!("keyword {label}")));
    }
    let left = (!items.is_empty()).then(|| NotCarried {
        place: row.place(),
        items,
    });
    (row, left)
}

#[cfg(test)]
mod tests {
    use super::*;
    use contacts_core::card::{Card, CardPart, Phone};
    use contacts_core::{NewContact, validate};

    fn row() -> Row {
        let mut card = Card::new();
        for (key, number) in [("a", "+46701234567"), ("b", "+46701234568")] {
            let phone = Phone {
                number: number.into(),
                ..Phone::default()
            };
            card.phones.insert(key, phone);
        }
        Row {
            line: 3,
            card: Some(2),
            contact: NewContact::from_card(card),
        }
    }

    #[test]
    fn a_flat_provider_gets_the_flat_view_and_the_rest_is_named() {
        let mut caps = Capabilities::full();
        caps.card_parts.clear();
        let (row, left) = fit(&caps, row());
        assert!(row.contact.card.is_none());
        assert_eq!(row.contact.properties.phone_number(), Some("+46701234567"));
        assert_eq!(
            left.unwrap().to_string(),
            "card 2 (line 3): not carried: phone +46701234568"
        );
    }

    #[test]
    fn a_provider_storing_the_card_s_parts_gets_it_whole() {
        let (kept, left) = fit(&Capabilities::full(), row());
        assert_eq!(kept.contact.card.unwrap().phones.len(), 2);
        assert!(left.is_none());
        let mut caps = Capabilities::full();
        caps.card_parts = vec![CardPart::Name];
        let (flat, left) = fit(&caps, row());
        assert!(flat.contact.card.is_none() && left.is_some());
    }

    #[test]
    fn keywords_need_labels_a_provider_without_them_gets_the_flat_view() {
        let mut with_keywords = row();
        let mut card = with_keywords.contact.card.take().unwrap();
        card.keywords.insert("VIP".into(), true);
        with_keywords.contact = NewContact::from_card(*card);
        let mut caps = Capabilities::full();
        caps.labels = false;
        let (flat, left) = fit(&caps, with_keywords);
        assert!(flat.contact.card.is_none());
        assert!(flat.contact.labels.is_empty());
        assert_eq!(flat.contact.properties.phone_number(), Some("+46701234567"));
        validate::new_contact("example", &caps, &flat.contact).unwrap();
        assert_eq!(
            left.unwrap().to_string(),
            "card 2 (line 3): not carried: phone +46701234568, keyword VIP"
        );
    }
}
