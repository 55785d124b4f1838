//! Bugs of adapters that store whole cards (a CardDAV server, a local vCard store): what the
//! card loses on its way through the vendor's format.

use super::Bug;
use super::adapter::hook;
use super::support::{Store, full};
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

hook! {
    /// Meant to write a card as the vendor's contact object, which holds its phones in a list;
    /// the author took the list's `first()` (the field used to be a single number), so every phone
    /// after the first is lost.
    struct FirstPhoneOnly;
    bug card_second_phone_dropped over full();
    breaks "DESIGN.md, Cards: \"every property it reads comes back out unchanged\"";
    when "a card with more than one phone";

    fn kept(&self, doc: &NewContact) -> NewContact {
        with_card(doc, first_phone_only)
    }
}

fn first_phone_only(card: &mut Card) {
    let first = card.phones.keys().next().map(str::to_owned);
    card.phones.retain(|id, _| Some(id) == first.as_deref());
}

hook! {
    /// Meant to PUT the card under its UID; the author's vCard writer calls `Uuid::new_v4()` for
    /// `UID` whenever it serialises, so the card's uid changes on every write.
    struct UidPerSerialisation;
    bug card_uid_new_on_every_write over full();
    breaks "card/mod.rs, Card::uid: \"a provider assigns one when a new card has none, and \
            keeps it across copies\"";
    when "any write of a contact with a card";

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

fn new_uid(card: &mut Card) {
    card.uid = Some(Card::new().ensure_uid().to_owned());
}

hook! {
    /// The vendor refuses PHOTO values over 64 KB; to be safe, the author leaves out every inline
    /// (`data:`) photo and keeps only linked ones.
    struct InlinePhotosSkipped;
    bug card_inline_photos_dropped over full();
    breaks "DESIGN.md, Cards: \"every property it reads comes back out unchanged\"; \
            CardPart::Media: \"Photos, logos and sounds, inline or linked\"";
    when "a card with an inline (data:) photo";

    fn kept(&self, doc: &NewContact) -> NewContact {
        with_card(doc, linked_media_only)
    }
}

fn linked_media_only(card: &mut Card) {
    card.media.retain(|_, m| !m.is_inline());
}

hook! {
    /// Meant to apply a flat patch by GET, change, PUT; the author built the PUT from the patched
    /// flat properties (`Card::from_flat`) instead of changing the stored card, so the photos, the
    /// notes and every other part the flat view does not show are lost (the uid is kept).
    struct FlatPatchRebuildsCard;
    bug card_flat_patch_rebuilds_card over full();
    breaks "patch.rs, apply_to: \"A contact with a card gets the changes in its card\"";
    when "a flat patch of a contact with a card";

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
        FirstPhoneOnly::bug(),
        UidPerSerialisation::bug(),
        InlinePhotosSkipped::bug(),
        FlatPatchRebuildsCard::bug(),
    ]
}
