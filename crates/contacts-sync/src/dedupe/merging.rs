//! Planning the merged contact of one group: which contact is kept, what the others add to it,
//! and what cannot be kept (reported, never dropped in silence).
//!
//! Why apart from finding and applying: this is where "keeps every field and label" is decided,
//! and a test can check it on contacts alone, without a provider.

use super::card_union;
use super::finding::{Match, email_key, number_key};
use super::values::{FieldValue, Values};
use contacts_core::{Capabilities, Card, Contact, ContactId, ContactPatch, NewContact, keys};
use contacts_phone::Normalizer;
use serde::Serialize;

/// What writing the kept contact takes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Write {
    /// The kept contact already holds everything: only the others are deleted.
    Nothing,
    /// One partial update (a flat provider that has `patch`).
    Update {
        /// The patch: each property it gains and each label it gains (in JSON, inline photos
        /// are shown by their size, not their bytes).
        #[serde(serialize_with = "crate::summary::patch")]
        patch: ContactPatch,
    },
    /// The whole merged document (a provider that stores cards, or has no `patch`).
    Replace {
        /// The document afterwards (in JSON, inline photos are shown by their size, not their
        /// bytes).
        #[serde(serialize_with = "crate::summary::new_contact")]
        contact: NewContact,
    },
}

/// The merge of one group of duplicates.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupPlan {
    /// The contact that stays, holding the merged values.
    pub kept: ContactId,
    /// The contacts deleted once the kept one holds their values, in listing order.
    pub merged_away: Vec<ContactId>,
    /// The rules that joined the group, each with the contacts it joined.
    pub matches: Vec<Match>,
    /// How the kept contact is written.
    pub write: Write,
    /// What the kept contact gains from the others.
    pub added: Vec<FieldValue>,
    /// Values the kept contact cannot hold beside its own (a second e-mail on a provider with
    /// one `email` property): lost if the group is merged, so [`apply`](super::apply) leaves
    /// the group alone unless [`ApplyOptions::allow_loss`](super::ApplyOptions::allow_loss).
    pub not_kept: Vec<FieldValue>,
    /// The members as listed, to check before writing that nobody changed them meanwhile.
    #[serde(skip)]
    pub(super) members: Vec<Contact>,
}

impl GroupPlan {
    /// Whether merging this group would lose a value.
    pub fn loses_values(&self) -> bool {
        !self.not_kept.is_empty()
    }
}

/// How much a contact holds, to choose the kept one: its flat properties, or for a card each
/// phone, e-mail, address, organisation, … entry, its name, and each custom property.
fn field_count(contact: &Contact, cards: bool) -> usize {
    match (&contact.card, cards) {
        (Some(card), true) => card_union::entry_count(card),
        _ => contact.properties.len(),
    }
}

/// The position (in `members`) of the contact to keep: the one holding the most values, ties
/// to the one listed first (providers list oldest first).
fn kept_position(members: &[&Contact], cards: bool) -> usize {
    let mut best = 0;
    for (at, contact) in members.iter().enumerate() {
        if field_count(contact, cards) > field_count(members[best], cards) {
            best = at;
        }
    }
    best
}

/// Plans the merge of `members` (in listing order) on a provider with `caps`.
pub(super) fn plan_group(
    members: Vec<&Contact>,
    matches: Vec<Match>,
    caps: &Capabilities,
    normalizer: &Normalizer,
) -> GroupPlan {
    let cards = !caps.card_parts.is_empty();
    let kept_at = kept_position(&members, cards);
    let kept = members[kept_at];
    let others: Vec<&Contact> = members
        .iter()
        .enumerate()
        .filter(|(at, _)| *at != kept_at)
        .map(|(_, c)| *c)
        .collect();
    let mut values = Values::default();
    let write = if cards {
        let card = card_union::merge(kept, &others, normalizer, &mut values);
        card_write(kept, card, caps, &values)
    } else {
        flat_write(kept, &others, caps, normalizer, &mut values)
    };
    GroupPlan {
        kept: kept.id.clone(),
        merged_away: others.iter().map(|c| c.id.clone()).collect(),
        matches,
        write,
        added: values.added,
        not_kept: values.not_kept,
        members: members.into_iter().cloned().collect(),
    }
}

/// Whether two values of `key` are one value: equal text, the same E.164 number, or the same
/// e-mail address by [`email_key`].
pub(super) fn same_value(key: &str, a: &str, b: &str, normalizer: &Normalizer) -> bool {
    if a == b {
        return true;
    }
    match key {
        keys::PHONE_NUMBER => {
            number_key(normalizer, a).is_some_and(|k| Some(k) == number_key(normalizer, b))
        }
        keys::EMAIL => email_key(a).is_some_and(|k| Some(k) == email_key(b)),
        _ => false,
    }
}

/// A flat provider: each property the kept contact lacks is added, each label joins its
/// labels; a property it holds with another value is not kept.
fn flat_write(
    kept: &Contact,
    others: &[&Contact],
    caps: &Capabilities,
    normalizer: &Normalizer,
    values: &mut Values,
) -> Write {
    let mut doc = kept.to_new();
    let mut patch = ContactPatch::new();
    for other in others {
        for (key, value) in &other.properties {
            match doc.properties.get(key) {
                None => {
                    doc.properties.set(key, value);
                    patch = patch.set(key, value);
                    values.add(&other.id, key, value);
                }
                Some(mine) if same_value(key, mine, value, normalizer) => {}
                Some(_) => values.lose(&other.id, key, value),
            }
        }
        for label in &other.labels {
            if doc.labels.insert(label) {
                patch = patch.add_label(label);
                values.add(&other.id, "label", label);
            }
        }
    }
    if patch.is_empty() {
        Write::Nothing
    } else if caps.patch || !caps.replace {
        // Without either, the update is refused by the provider and reported for the group.
        Write::Update { patch }
    } else {
        Write::Replace { contact: doc }
    }
}

/// A provider that stores cards: the merged card replaces the kept contact's whole document.
fn card_write(kept: &Contact, card: Card, caps: &Capabilities, values: &Values) -> Write {
    if values.added.is_empty() {
        return Write::Nothing;
    }
    let mut contact = NewContact::from_card(card);
    contact.address_book = kept.address_book.clone();
    if caps.replace || !caps.patch {
        return Write::Replace { contact };
    }
    let patch = ContactPatch {
        card: contact.card,
        ..ContactPatch::new()
    };
    Write::Update { patch }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contacts_core::card::{Card, Media};

    #[test]
    fn json_shows_an_inline_photo_by_its_size_not_its_bytes() {
        let bytes = "A".repeat(50_000);
        let mut card = Card::new();
        card.set_property("firstName", Some("Ada"));
        card.media.insert(
            "p1",
            Media {
                kind: "photo".into(),
                uri: format!("data:image/jpeg;base64,{bytes}"),
                media_type: None,
                contexts: Default::default(),
                pref: None,
                extra: Default::default(),
            },
        );
        let write = Write::Replace {
            contact: NewContact::from_card(card),
        };
        let json = serde_json::to_string(&write).unwrap();
        assert!(!json.contains(&bytes), "the photo's bytes are in the plan");
        assert!(json.contains("bytes)"), "{json}");
    }
}
