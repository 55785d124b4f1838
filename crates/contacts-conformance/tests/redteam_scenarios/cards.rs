//! Scenarios of the card-store bugs: a card written, read back as a user would.

use crate::common::single;
use contacts_core::card::{Card, Media, Note, Phone};
use contacts_core::{ContactId, ContactPatch, ContactProvider, GetOptions, NewContact};

/// A card with two phones, an inline photo and a note.
fn card() -> Card {
    let mut card = Card::new();
    card.set_property("firstName", Some("Ada"));
    for (id, number) in [("p1", "+46701234567"), ("p2", "+15550100")] {
        let phone = Phone {
            number: number.into(),
            ..Phone::default()
        };
        card.phones.insert(id, phone);
    }
    let photo = Media {
        kind: "photo".into(),
        uri: "data:image/png;base64,iVBORw0KGgo=".into(),
        ..Media::default()
    };
    card.media.insert("m1", photo);
    let note = Note {
        note: "met at the fair".into(),
        ..Note::default()
    };
    card.notes.insert("n1", note);
    card
}

/// Creates `card` and reads it back.
async fn written_and_read(p: &dyn ContactProvider, card: Card) -> (ContactId, Card) {
    let c = single(p, NewContact::from_card(card)).await;
    let got = p.get(&c.id, &GetOptions::default()).await.expect("get");
    (c.id, *got.card.expect("a card"))
}

async fn both_phones_kept(p: &dyn ContactProvider) -> bool {
    written_and_read(p, card()).await.1.phones.len() == 2
}
scenario!(card_second_phone_dropped, both_phones_kept);

async fn uid_kept(p: &dyn ContactProvider) -> bool {
    let mut written = card();
    written.uid = Some("urn:uuid:0b7c3e2a-5f0d-4c1e-9a57-3d2f1e0c9b8a".into());
    written_and_read(p, written.clone()).await.1.uid == written.uid
}
scenario!(card_uid_new_on_every_write, uid_kept);

async fn inline_photo_kept(p: &dyn ContactProvider) -> bool {
    let read = written_and_read(p, card()).await.1;
    read.media.values().any(Media::is_inline)
}
scenario!(card_inline_photos_dropped, inline_photo_kept);

async fn note_kept_after_flat_patch(p: &dyn ContactProvider) -> bool {
    let (id, _) = written_and_read(p, card()).await;
    let patch = ContactPatch::new().set("email", "ada@example.com");
    p.update(&id, &patch).await.expect("update");
    let got = p.get(&id, &GetOptions::default()).await.expect("get");
    got.card
        .is_some_and(|c| c.notes.len() == 1 && c.media.len() == 1 && c.phones.len() == 2)
}
scenario!(card_flat_patch_rebuilds_card, note_kept_after_flat_patch);
