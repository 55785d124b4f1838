//! What writing one side's contact to the other side means: the document to create, or the
//! patch that makes the other side's contact equal on everything both sides can store.
//!
//! Between two sides that store cards the whole card goes across (its UID too), the flat
//! view following it; a card going to a flat side goes as its flat view, and every item of it
//! the flat view does not show is noted "not carried"; a flat contact going to a side that
//! stores cards becomes a card, and an update lands in the card already there, so what only
//! that side holds (a photo, addresses) stays.

use crate::cards::{self, NOT_CARRIED};
use crate::{KeyMap, PhotoPolicy, Side};
use contacts_core::card::Card;
use contacts_core::{
    Capabilities, Contact, ContactPatch, KeySupport, Labels, NewContact, Properties, keys,
};

/// The two sides' capabilities and the key map: everything a translation needs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Translation<'a> {
    /// The source's capabilities.
    pub(crate) source: &'a Capabilities,
    /// The target's capabilities.
    pub(crate) target: &'a Capabilities,
    /// Renamed keys.
    pub(crate) key_map: &'a KeyMap,
    /// What happens to photos of the cards written.
    pub(crate) photos: PhotoPolicy,
}

/// A contact of one side as the other side should hold it.
#[derive(Debug)]
pub(crate) struct Desired {
    /// The properties, named for the other side.
    pub(crate) properties: Properties,
    /// The labels, if the other side has labels.
    pub(crate) labels: Option<Labels>,
    /// What cannot be carried.
    pub(crate) notes: Vec<String>,
    /// The card the other side gets, where it stores cards.
    pub(crate) card: Option<CardPlan>,
}

/// The card written to a side that stores cards.
#[derive(Debug)]
pub(crate) enum CardPlan {
    /// The origin's own card (fitted to the side).
    Whole(Box<Card>),
    /// A flat origin: a new card of its flat view; on update, the flat changes applied to
    /// the card the side holds.
    FromFlat,
}

impl Translation<'_> {
    fn caps(&self, side: Side) -> &Capabilities {
        match side {
            Side::Source => self.source,
            Side::Target => self.target,
        }
    }

    /// `origin` (on `from`) as the other side should hold it; its number is written as
    /// `e164` (so a side that insists on E.164 accepts it) unless `keep_number` is given. A
    /// card going to a side that stores cards goes whole, its number as written.
    pub(crate) fn desired(
        &self,
        origin: &Contact,
        from: Side,
        e164: Option<&str>,
        keep_number: Option<&str>,
    ) -> Desired {
        let to = from.other();
        let to_cards = self.caps(to).stores_cards();
        // A card goes whole only to a side that can name every key its flat view shows (a
        // side of fixed keys gets the flat view, renamed, in a card of its own).
        let whole = to_cards && matches!(self.caps(to).keys, KeySupport::FreeForm);
        if let (Some(card), true) = (&origin.card, whole) {
            // The number as the card writes it, unless the other side spells the same number
            // its own way, or insists on E.164.
            let e164 = e164.filter(|_| self.caps(to).validates_phone_numbers);
            return self.whole_card(card, from, keep_number.or(e164));
        }
        let mut desired = self.flat(origin, from, keep_number.or(e164));
        if let Some(card) = &origin.card {
            let items = card.beyond_flat();
            desired
                .notes
                .extend(items.into_iter().map(|item| format!("{NOT_CARRIED}{item}")));
        }
        if to_cards {
            desired.card = Some(CardPlan::FromFlat);
        }
        desired
    }

    /// A card of `from` for a side that stores cards: the card, fitted, its preferred phone
    /// written as `number` if given; the flat view its own.
    fn whole_card(&self, card: &Card, from: Side, number: Option<&str>) -> Desired {
        let to = self.caps(from.other());
        let mut card = card.clone();
        if number.is_some() && card.flat_properties().phone_number().is_some() {
            card.set_property(keys::PHONE_NUMBER, number);
        }
        let (mut card, mut notes) = cards::fit(card, from, to, self.key_map, self.photos);
        // A card's labels are its categories: renamed like any label.
        let (labels, not_carried) = self.key_map.labels().carry(&card.flat_labels(), from);
        if labels != card.flat_labels() {
            card.set_labels(&labels);
        }
        notes.extend(not_carried);
        Desired {
            properties: card.flat_properties(),
            labels: to.labels.then_some(labels),
            notes,
            card: Some(CardPlan::Whole(Box::new(card))),
        }
    }

    /// The flat view of `origin` for the other side, its number written as `number` if
    /// given (the caller picks between the other side's own spelling and E.164).
    fn flat(&self, origin: &Contact, from: Side, number: Option<&str>) -> Desired {
        let to = from.other();
        let (mut properties, dropped) =
            self.key_map
                .translate(&origin.properties, from, self.caps(to));
        if let Some(number) = number {
            properties.set(keys::PHONE_NUMBER, number);
        }
        let mut notes: Vec<String> = dropped
            .iter()
            .filter(|k| *k != keys::PHONE_NUMBER)
            .map(|k| match self.key_map.rename(k, from) {
                Some(_) => {
                    format!("the {to} cannot store key {k:?} (map it to one it can: {k}=KEY)")
                }
                None => KeyMap::not_carried(k, from),
            })
            .collect();
        let book = self.key_map.labels();
        let labels = if self.caps(to).labels {
            match self.caps(from).labels {
                true => {
                    let (labels, not_carried) = book.carry(&origin.labels, from);
                    notes.extend(not_carried);
                    Some(labels)
                }
                // From a book side without labels: only the book's label, added (see
                // `flat_patch`: nothing is removed for a side that has no labels).
                false => book.scope(to).map(|label| Labels::from_iter([label])),
            }
        } else {
            let list: Vec<&str> = (origin.labels.iter())
                .filter(|l| !book.is_book_label(l, from))
                .collect();
            if !list.is_empty() {
                notes.push(format!(
                    "the {to} has no labels; not carried: {}",
                    list.join(", ")
                ));
            }
            None
        };
        Desired {
            properties,
            labels,
            notes,
            card: None,
        }
    }

    /// The document to create, and the notes.
    pub(crate) fn new_contact(desired: Desired) -> (NewContact, Vec<String>) {
        let labels = desired.labels.unwrap_or_default();
        let contact = match desired.card {
            Some(CardPlan::Whole(card)) => NewContact::from_card(*card),
            Some(CardPlan::FromFlat) => {
                NewContact::from_card(Card::from_flat(&desired.properties, &labels))
            }
            None => NewContact {
                properties: desired.properties,
                labels,
                address_book: None,
                card: None,
            },
        };
        (contact, desired.notes)
    }

    /// The patch that makes `current` (on the side opposite `from`) hold `desired`. Keys the
    /// `from` side could have held but does not are removed; other keys are left alone. Where
    /// that side stores cards the patch carries the whole card: the origin's, or (from a flat
    /// side) `current`'s card with the flat changes applied, so nothing only it holds is lost.
    ///
    /// The flat changes land in that card as [`ContactPatch::apply_to`] applies a patch
    /// carrying a card, the card's own keywords being the labels the label edits change (not
    /// `current.labels`, which say the same while contact and card are in step): the card
    /// written is the one the side would hold had it been given its card back with the edits.
    pub(crate) fn patch(&self, desired: &Desired, current: &Contact, from: Side) -> ContactPatch {
        let mut patch = self.flat_patch(desired, current, from);
        let card = match &desired.card {
            None => return patch,
            Some(CardPlan::Whole(card)) => {
                let mut card = (**card).clone();
                cards::keep_left_out(&mut card, current.card.as_deref(), self.photos);
                card
            }
            Some(CardPlan::FromFlat) => {
                // A contact without a card: flat edits are all there is to make.
                let Some(current_card) = &current.card else {
                    return patch;
                };
                let mut card = (**current_card).clone();
                patch.apply_to_card(&mut card);
                card
            }
        };
        if current.card.as_deref() != Some(&card) {
            patch.card = Some(Box::new(card));
        }
        patch
    }

    /// The property and label edits of [`Translation::patch`].
    fn flat_patch(&self, desired: &Desired, current: &Contact, from: Side) -> ContactPatch {
        let mut patch = ContactPatch::new();
        for (key, value) in desired.properties.iter() {
            if current.properties.get(key) != Some(value) {
                patch = patch.set(key, value);
            }
        }
        // A key that cannot be carried back (the `from` side names another key so) is one
        // `from` cannot hold: left alone.
        for key in current.properties.keys() {
            let back = self.key_map.rename(key, from.other());
            let held = back.is_some_and(|back| self.caps(from).keys.allows(back));
            if !desired.properties.contains_key(key) && held {
                patch = patch.remove(key);
            }
        }
        if let Some(labels) = &desired.labels {
            for label in labels.iter().filter(|l| !current.labels.contains(l)) {
                patch = patch.add_label(label);
            }
            // A side without labels (a book whose label is added, `--label-book`) removes none;
            // a card's keywords are its labels wherever it goes whole.
            let whole = matches!(desired.card, Some(CardPlan::Whole(_)));
            if self.caps(from).labels || whole {
                for label in current.labels.iter().filter(|l| !labels.contains(l)) {
                    patch = patch.remove_label(label);
                }
            }
        }
        patch
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contacts_core::ContactId;

    fn labels(list: &[&str]) -> Labels {
        list.iter().copied().collect()
    }

    /// A flat contact's update landing in a card whose keywords are not the contact's labels
    /// (contact and card out of step): the card's keywords are what the label edits change,
    /// as `apply_to` does with a patch carrying a card; a plain `apply_to` of the flat edits
    /// would have started from the contact's labels and dropped the card's own keyword.
    #[test]
    fn a_flat_update_changes_the_labels_of_the_card_held_not_the_contacts() {
        let mut source = Capabilities::default();
        source.labels = true;
        let target = Capabilities::full();
        let key_map = KeyMap::new();
        let translation = Translation {
            source: &source,
            target: &target,
            key_map: &key_map,
            photos: PhotoPolicy::Keep,
        };
        let mut card = Card::new();
        card.set_property(keys::FIRST_NAME, Some("Ada"));
        card.set_labels(&labels(&["VIP", "Card-only"]));
        let current = Contact {
            id: ContactId::new("t1"),
            owner_id: None,
            properties: card.flat_properties(),
            labels: labels(&["VIP"]),
            metadata: None,
            address_book: None,
            card: Some(Box::new(card)),
        };
        let origin = Contact::from_new(
            "s1",
            NewContact::new()
                .property(keys::FIRST_NAME, "Augusta")
                .label("VIP"),
        );

        let desired = translation.desired(&origin, Side::Source, None, None);
        assert!(matches!(desired.card, Some(CardPlan::FromFlat)));
        let patch = translation.patch(&desired, &current, Side::Source);
        let written = patch.card.as_deref().expect("the card changes");
        assert_eq!(
            written.flat_properties().first_name(),
            Some("Augusta"),
            "the flat edit is in the card"
        );
        assert_eq!(written.flat_labels(), labels(&["VIP", "Card-only"]));

        // Where the two starting points differ: the flat edits alone, applied to the contact,
        // start from its labels.
        let mut flat_only = current.clone();
        ContactPatch {
            card: None,
            ..patch.clone()
        }
        .apply_to(&mut flat_only);
        let from_contact = flat_only.card.expect("a card").flat_labels();
        assert_eq!(from_contact, labels(&["VIP"]));

        // The side given the patch holds the card written, its labels the card's keywords.
        let mut stored = current.clone();
        patch.apply_to(&mut stored);
        assert_eq!(stored.card.as_deref(), Some(written));
        assert_eq!(stored.labels, labels(&["VIP", "Card-only"]));
    }
}
