//! How a [`Conditional`] double with a card flaw bends what it stores and shows: only contacts
//! with a card are touched, so every check without cards passes it.

use super::subtle::{Conditional, Subtle};
use contacts_core::card::Card;
use contacts_core::{
    Contact, ContactId, ContactPatch, ContactProvider, GetOptions, NewContact, Result, keys,
};

/// A new `urn:uuid:` uid, as [`Subtle::CardUidRegenerated`] gives on every write.
fn fresh_uid() -> String {
    Card::new().ensure_uid().to_owned()
}

/// `card` with its flat view as the document's properties and labels, in `book`.
fn doc_of(card: Card, book: Option<contacts_core::AddressBookId>) -> NewContact {
    let mut doc = NewContact::from_card(card);
    doc.address_book = book;
    doc
}

impl Conditional {
    /// A card as this double writes it.
    fn bent_card(&self, mut card: Card) -> Card {
        match self.flaw {
            Subtle::CardSecondPhoneDropped => {
                let mut n = 0;
                card.phones.retain(|_, _| {
                    n += 1;
                    n != 2
                });
            }
            Subtle::CardInlinePhotosLost => card.media.retain(|_, m| !m.is_inline()),
            Subtle::CardUidRegenerated => card.uid = Some(fresh_uid()),
            _ => {}
        }
        card
    }

    /// The document as this double writes it: its card bent, the flat view following.
    pub(super) fn card_written(&self, doc: &NewContact) -> NewContact {
        match doc.card.as_deref() {
            Some(card) => doc_of(self.bent_card(card.clone()), doc.address_book.clone()),
            None => doc.clone(),
        }
    }

    /// The contact as this double shows it: [`Subtle::CardFlatViewFromFirstPhone`] shows the
    /// first phone as `phoneNumber`, not the preferred one.
    pub(super) fn card_shown(&self, mut contact: Contact) -> Contact {
        if self.flaw != Subtle::CardFlatViewFromFirstPhone {
            return contact;
        }
        let first = contact
            .card
            .as_deref()
            .and_then(|c| c.phones.values().next());
        if let Some(number) = first.map(|p| p.number.clone()) {
            contact.properties.set(keys::PHONE_NUMBER, number);
        }
        contact
    }

    /// Stores `card` in place of the contact `id`'s, keeping its book.
    async fn rewrite(&self, id: &ContactId, contact: &Contact, card: Card) -> Result<Contact> {
        let doc = doc_of(card, contact.address_book.clone());
        self.inner.replace(id, &doc).await
    }

    /// An update as a card flaw answers it, or `None` where this double updates as the store
    /// does.
    pub(super) async fn card_update(
        &self,
        id: &ContactId,
        patch: &ContactPatch,
    ) -> Result<Option<Contact>> {
        let rebuilds = self.flaw == Subtle::CardFlatPatchRebuilds && patch.card.is_none();
        if rebuilds || self.flaw == Subtle::CardUidRegenerated {
            let updated = self.inner.update(id, patch).await?;
            let Some(old) = updated.card.as_deref() else {
                return Ok(Some(updated));
            };
            let card = if rebuilds {
                // The card rebuilt from the flat properties: photos, notes, the other phone gone.
                let mut card = Card::from_flat(&updated.properties, &updated.labels);
                card.uid.clone_from(&old.uid);
                card
            } else {
                self.bent_card(old.clone())
            };
            return self.rewrite(id, &updated, card).await.map(Some);
        }
        let Some(card) = patch.card.as_deref() else {
            return Ok(None);
        };
        let mut patch = patch.clone();
        patch.card = Some(Box::new(self.bent_card(card.clone())));
        self.inner.update(id, &patch).await.map(Some)
    }

    /// The document a replace stores: [`Subtle::CardFlatReplaceKeeps`] lays a flat document
    /// over the stored card instead of replacing it.
    pub(super) async fn card_replaced(
        &self,
        id: &ContactId,
        doc: &NewContact,
    ) -> Result<NewContact> {
        if self.flaw == Subtle::CardFlatReplaceKeeps && doc.card.is_none() {
            let stored = self.inner.get(id, &GetOptions::default()).await?;
            if let Some(mut card) = stored.card {
                card.apply_flat(&doc.properties, &doc.labels);
                return Ok(doc_of(*card, doc.address_book.clone()));
            }
        }
        Ok(self.card_written(doc))
    }
}
