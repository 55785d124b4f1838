//! Whole cards in the local store (issue #29: "CardDAV -> local store -> CardDAV loses
//! nothing"): a card read from a real-world vCard goes in and comes back out equal, through
//! get, list, patches, replaces, a closed and reopened file, and a file of the schema before
//! cards.

use contacts_core::{
    Card, ContactFilter, ContactId, ContactPatch, ContactProvider, ContactProviderExt,
    ContactQuery, Error, GetOptions, NewContact,
};
use contacts_testkit::sqlite::{open, temp_store, write_schema_before_cards};
use futures::TryStreamExt;
use provider_sqlite::{SCHEMA_VERSION, SqliteProvider};
use rusqlite::Connection;
use std::path::Path;

/// The two cards of the rich vCard 4.0 fixture: Karin (every kind of property: two phones,
/// two e-mails, an address, photo, logo, anniversaries, notes, `X-` and `RELATED`, ...) and
/// Tomas.
fn rich_cards() -> Vec<Card> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../contacts-formats/tests/data/vcf/vcard_4.0_rich.vcf");
    let text = std::fs::read_to_string(&path).unwrap();
    let cards: Vec<Card> = contacts_formats::vcard::read(&text)
        .into_iter()
        .map(|read| read.unwrap().card)
        .collect();
    assert_eq!(cards.len(), 2);
    let karin = &cards[0];
    assert!(
        karin.phones.len() == 2 && karin.media.len() == 2 && !karin.addresses.is_empty(),
        "the fixture is the rich card: {karin:?}"
    );
    cards
}

async fn everyone(
    store: &dyn ContactProvider,
    filter: ContactFilter,
) -> Vec<contacts_core::Contact> {
    store
        .list(ContactQuery::new().filter(filter))
        .try_collect()
        .await
        .unwrap()
}

async fn card_of(store: &dyn ContactProvider, id: &ContactId) -> Option<Card> {
    let got = store.get(id, &GetOptions::default()).await.unwrap();
    got.card.map(|card| *card)
}

#[tokio::test]
async fn a_rich_card_comes_back_whole_from_get_list_and_the_reopened_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cards.db");
    let cards = rich_cards();
    let store = open(&path);
    let mut docs: Vec<NewContact> = cards.iter().cloned().map(NewContact::from_card).collect();
    docs.push(
        NewContact::new()
            .property("firstName", "Flat")
            .label("Nordic"),
    );
    let created = store.create(&docs).await.unwrap();
    for (made, card) in created.iter().zip(&cards) {
        assert_eq!(made.card.as_deref(), Some(card), "create returns the card");
        assert_eq!(card_of(&store, &made.id).await.as_ref(), Some(card), "get");
    }
    let flat = &created[2];
    assert_eq!(flat.card, None, "a flat contact stays flat");
    let listed = everyone(&store, ContactFilter::new()).await;
    assert_eq!(
        listed, created,
        "list returns every card, and no card for the flat one"
    );

    // The rows are the card's flat view: listing filters see the card's keywords and its
    // preferred phone.
    let karin = &created[0];
    let nordic = everyone(&store, ContactFilter::new().label("Nordic")).await;
    assert_eq!(nordic, vec![karin.clone(), flat.clone()]);
    let number = cards[0]
        .flat_properties()
        .phone_number()
        .unwrap()
        .to_owned();
    let by_phone = everyone(&store, ContactFilter::new().property("phoneNumber", number)).await;
    assert_eq!(by_phone, vec![karin.clone()]);

    drop(store);
    let reopened = open(&path);
    assert_eq!(everyone(&reopened, ContactFilter::new()).await, created);
}

#[tokio::test]
async fn a_card_without_a_uid_is_given_one_that_it_keeps() {
    let (_dir, store) = temp_store();
    let mut card = rich_cards().remove(1);
    card.uid = None;
    let made = store
        .create_one(NewContact::from_card(card.clone()))
        .await
        .unwrap();
    let uid = made.card.as_ref().and_then(|c| c.uid.clone()).unwrap();
    assert!(uid.starts_with("urn:uuid:"), "{uid}");
    let stored = card_of(&store, &made.id).await.unwrap();
    assert_eq!(stored.uid.as_deref(), Some(uid.as_str()));
    assert_eq!(
        Card {
            uid: None,
            ..stored
        },
        card,
        "nothing else changed"
    );
}

#[tokio::test]
async fn patching_one_flat_key_keeps_the_rest_of_the_card() {
    let (_dir, store) = temp_store();
    let card = rich_cards().remove(0);
    let karin = store
        .create_one(NewContact::from_card(card.clone()))
        .await
        .unwrap();
    let patch = ContactPatch::new()
        .set("firstName", "Kaja")
        .remove("email")
        .set("shoeSize", "38")
        .add_label("VIP");
    let mut expected = karin.clone();
    patch.apply_to(&mut expected);
    let updated = store.update(&karin.id, &patch).await.unwrap();
    assert_eq!(updated, expected, "the reference semantics of a patch");
    let got = store.get(&karin.id, &GetOptions::default()).await.unwrap();
    assert_eq!(got, expected);

    let stored = got.card.unwrap();
    assert_eq!(
        stored.name.as_ref().unwrap().component("given"),
        Some("Kaja")
    );
    assert_eq!(stored.phones, card.phones, "both phones kept");
    assert_eq!(stored.addresses, card.addresses);
    assert_eq!(stored.media, card.media, "photo and logo kept");
    assert_eq!(stored.vcard, card.vcard, "vCard-only properties kept");
    assert_eq!(
        stored.emails.len(),
        1,
        "the preferred e-mail removed, the other kept"
    );
    // The rows were derived again: the other e-mail is now the flat one, and filters see it.
    assert_eq!(got.properties.email(), Some("kaja@example.com"));
    let filter = ContactFilter::new()
        .property("email", "kaja@example.com")
        .property("shoeSize", "38")
        .label("VIP");
    assert_eq!(everyone(&store, filter).await.len(), 1);
    let old = ContactFilter::new().property("email", "karin.sjoberg@example.org");
    assert!(everyone(&store, old).await.is_empty());
}

#[tokio::test]
async fn a_patch_with_a_card_puts_it_in_place_and_edits_land_on_it() {
    let (_dir, store) = temp_store();
    let mut cards = rich_cards();
    let tomas = cards.remove(1);
    let flat = store
        .create_one(NewContact::new().property("firstName", "Tom").label("Old"))
        .await
        .unwrap();
    let patch = ContactPatch {
        card: Some(Box::new(tomas.clone())),
        ..ContactPatch::new()
            .set("company", "Boats AB")
            .add_label("Summer")
    };
    let mut expected = flat.clone();
    patch.apply_to(&mut expected);
    assert!(expected.card.is_some());
    assert_eq!(store.update(&flat.id, &patch).await.unwrap(), expected);
    let got = store.get(&flat.id, &GetOptions::default()).await.unwrap();
    assert_eq!(got, expected, "the flat contact now holds the card");
    let stored = got.card.unwrap();
    assert_eq!(stored.anniversaries, tomas.anniversaries);
    assert_eq!(got.properties.company(), Some("Boats AB"));
    assert!(
        everyone(&store, ContactFilter::new().label("Old"))
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn replace_leaves_exactly_the_new_document() {
    let (_dir, store) = temp_store();
    let cards = rich_cards();
    let made = store
        .create_one(NewContact::from_card(cards[0].clone()))
        .await
        .unwrap();
    let replaced = store
        .replace(&made.id, &NewContact::from_card(cards[1].clone()))
        .await
        .unwrap();
    assert_eq!(replaced.card.as_deref(), Some(&cards[1]));
    assert_eq!(card_of(&store, &made.id).await.as_ref(), Some(&cards[1]));
    assert!(
        everyone(&store, ContactFilter::new().label("Customers"))
            .await
            .is_empty()
    );
    assert_eq!(
        everyone(&store, ContactFilter::new().label("Family"))
            .await
            .len(),
        1
    );

    let flat = NewContact::new().property("firstName", "Only");
    let replaced = store.replace(&made.id, &flat).await.unwrap();
    assert_eq!(replaced.card, None);
    let got = store.get(&made.id, &GetOptions::default()).await.unwrap();
    assert_eq!((got.card, got.properties), (None, flat.properties));
}

/// The rows of a file of schema version 3 (the last before cards), after its tables.
const ROWS_BEFORE_CARDS: &str = "
    INSERT INTO meta (key, value) VALUES ('identity', 'a1b2c3d4e5f60718293a4b5c6d7e8f90');
    INSERT INTO contacts (address_book) VALUES (NULL);
    INSERT INTO properties VALUES (1, 'phoneNumber', '+46701234567');
    INSERT INTO properties VALUES (1, 'firstName', 'Ada');
    INSERT INTO labels VALUES (1, 'VIP');
    PRAGMA user_version = 3;";

fn user_version(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[tokio::test]
async fn a_file_of_the_schema_before_cards_migrates_and_then_holds_cards() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    write_schema_before_cards(&path, ROWS_BEFORE_CARDS);
    let store = open(&path);
    assert_eq!(user_version(&path), SCHEMA_VERSION);
    assert_eq!(SCHEMA_VERSION, 5, "cards (4), then the change log (5)");
    let ada = store
        .get(&ContactId::new("1"), &GetOptions::default())
        .await
        .unwrap();
    assert_eq!(ada.properties.first_name(), Some("Ada"));
    assert!(ada.labels.contains("VIP"));
    assert_eq!(ada.card, None, "an old contact stays flat");
    let identity = store.store_identity().unwrap();
    assert_eq!(identity, "sqlite-a1b2c3d4e5f60718293a4b5c6d7e8f90");

    let card = rich_cards().remove(0);
    let made = store
        .create_one(NewContact::from_card(card.clone()))
        .await
        .unwrap();
    drop(store);
    let reopened = open(&path);
    assert_eq!(card_of(&reopened, &made.id).await, Some(card));
}

#[tokio::test]
async fn a_file_from_a_build_after_this_one_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.db");
    let newer = SCHEMA_VERSION + 1;
    let migrated = "ALTER TABLE contacts ADD COLUMN card TEXT;";
    let then = format!("{ROWS_BEFORE_CARDS} {migrated} PRAGMA user_version = {newer};");
    write_schema_before_cards(&path, &then);
    let before = std::fs::read(&path).unwrap();
    let err = SqliteProvider::builder().path(&path).build().unwrap_err();
    assert!(
        err.to_string().contains(&format!(
            "schema version {newer}, newer than this build understands ({SCHEMA_VERSION})"
        )),
        "{err}"
    );
    assert!(std::fs::read(&path).unwrap() == before, "left untouched");
}

#[tokio::test]
async fn a_stored_card_that_cannot_be_read_is_an_error_and_the_contact_can_be_mended() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mend.db");
    let store = open(&path);
    let made = store
        .create_one(NewContact::from_card(rich_cards().remove(1)))
        .await
        .unwrap();
    Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE contacts SET card = '{\"@type\": \"Card\", \"phones\": 7}'",
            [],
        )
        .unwrap();
    let err = store
        .get(&made.id, &GetOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
    assert!(err.to_string().contains("contact 1"), "{err}");
    let fresh = NewContact::from_card(rich_cards().remove(1));
    store.replace(&made.id, &fresh).await.unwrap();
    assert_eq!(
        card_of(&store, &made.id).await.as_ref(),
        fresh.card.as_deref()
    );
    Connection::open(&path)
        .unwrap()
        .execute("UPDATE contacts SET card = 'garbage'", [])
        .unwrap();
    store.delete(&made.id).await.unwrap();
}
