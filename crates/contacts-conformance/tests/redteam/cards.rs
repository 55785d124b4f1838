//! Bugs of adapters that store whole cards (a CardDAV server, a local vCard store): what the
//! card loses on its way through the vendor's format.

use super::Bug;
use super::adapter::{Adapter, Hook};
use super::support::{Store, full};
use async_trait::async_trait;
use contacts_core::card::Card;
use contacts_core::{
    Contact, ContactId, ContactPatch, ContactProvider, GetOptions, NewContact, Result,
};

/// `doc` with its card changed by `change`, the flat view following (as the vendor's
/// answer, parsed back, would show it).
fn with_card(doc: &NewContact, change: impl Fn(&mut Card)) -> NewContact {
    let Some(card) = doc.card.as_deref() else {
        return doc.clone();
    };
    let mut card = card.clone();
    change(&mut card);
    let mut out = NewContact::from_card(card);
    out.address_book = doc.address_book.clone();
    out
}

/// Meant to write a card as the vendor's contact object, which holds its phones in a list;
/// the author took the list's `first()` (the field used to be a single number), so every phone
/// after the first is lost.
#[derive(Debug, Default)]
struct FirstPhoneOnly;

fn first_phone_only(card: &mut Card) {
    let first = card.phones.keys().next().map(str::to_owned);
    card.phones.retain(|id, _| Some(id) == first.as_deref());
}

#[async_trait]
impl Hook for FirstPhoneOnly {
    fn kept(&self, doc: &NewContact) -> NewContact {
        with_card(doc, first_phone_only)
    }
}

/// Meant to PUT the card under its UID; the author's vCard writer calls `Uuid::new_v4()` for
/// `UID` whenever it serialises, so the card's uid changes on every write.
#[derive(Debug, Default)]
struct UidPerSerialisation;

fn new_uid(card: &mut Card) {
    card.uid = Some(Card::new().ensure_uid().to_owned());
}

#[async_trait]
impl Hook for UidPerSerialisation {
    fn kept(&self, doc: &NewContact) -> NewContact {
        with_card(doc, new_uid)
    }
    async fn update(&self, p: &Store, id: &ContactId, x: &ContactPatch) -> Result<Contact> {
        let updated = p.update(id, x).await?;
        if updated.card.is_none() {
            return Ok(updated);
        }
        p.replace(id, &with_card(&updated.to_new(), new_uid)).await
    }
}

/// The vendor refuses PHOTO values over 64 KB; to be safe, the author leaves out every inline
/// (`data:`) photo and keeps only linked ones.
#[derive(Debug, Default)]
struct InlinePhotosSkipped;

fn linked_media_only(card: &mut Card) {
    card.media.retain(|_, m| !m.is_inline());
}

#[async_trait]
impl Hook for InlinePhotosSkipped {
    fn kept(&self, doc: &NewContact) -> NewContact {
        with_card(doc, linked_media_only)
    }
}

/// Meant to apply a flat patch by GET, change, PUT; the author built the PUT from the patched
/// flat properties (`Card::from_flat`) instead of changing the stored card, so the photos, the
/// notes and every other part the flat view does not show are lost (the uid is kept).
#[derive(Debug, Default)]
struct FlatPatchRebuildsCard;

#[async_trait]
impl Hook for FlatPatchRebuildsCard {
    async fn update(&self, p: &Store, id: &ContactId, x: &ContactPatch) -> Result<Contact> {
        let stored = p.get(id, &GetOptions::default()).await?;
        let (Some(old), None) = (stored.card.as_deref(), &x.card) else {
            return p.update(id, x).await;
        };
        let mut expected = stored.clone();
        x.apply_to(&mut expected);
        let mut card = Card::from_flat(&expected.properties, &expected.labels);
        card.uid.clone_from(&old.uid);
        let mut doc = NewContact::from_card(card);
        doc.address_book = stored.address_book.clone();
        p.replace(id, &doc).await
    }
}

/// The bugs of card stores.
pub fn bugs() -> Vec<Bug> {
    vec![
        Bug {
            name: "card_second_phone_dropped",
            rule: "DESIGN.md, Cards: \"every property it reads comes back out unchanged\"",
            trigger: "a card with more than one phone",
            make: |armed| Adapter::boxed(full(), armed, FirstPhoneOnly),
        },
        Bug {
            name: "card_uid_new_on_every_write",
            rule: "card/mod.rs, Card::uid: \"a provider assigns one when a new card has none, and \
                   keeps it across copies\"",
            trigger: "any write of a contact with a card",
            make: |armed| Adapter::boxed(full(), armed, UidPerSerialisation),
        },
        Bug {
            name: "card_inline_photos_dropped",
            rule: "DESIGN.md, Cards: \"every property it reads comes back out unchanged\"; \
                   CardPart::Media: \"Photos, logos and sounds, inline or linked\"",
            trigger: "a card with an inline (data:) photo",
            make: |armed| Adapter::boxed(full(), armed, InlinePhotosSkipped),
        },
        Bug {
            name: "card_flat_patch_rebuilds_card",
            rule: "patch.rs, apply_to: \"A contact with a card gets the changes in its card\"",
            trigger: "a flat patch of a contact with a card",
            make: |armed| Adapter::boxed(full(), armed, FlatPatchRebuildsCard),
        },
    ]
}
