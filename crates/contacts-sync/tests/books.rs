//! A label on one side is an address book on the other (`LabelBook`, `--label-book`): iP1's
//! VIP contacts kept in step with an Atom book (both emulators behind their real providers),
//! and the same through a change feed (the in-memory store).

mod common;

use common::stores::{Kind, Pair};
use common::{all, person, settled, sync};
use contacts_core::{
    Capabilities, Contact, ContactPatch, ContactProvider, InMemoryProvider, KeySupport, NewContact,
};
use contacts_sync::{KeyMap, LabelBook, LabelMap, Mode, Side, State, SyncOptions};
use std::collections::BTreeMap;

/// Every contact of a side, by first name.
async fn by_name(provider: &dyn ContactProvider) -> BTreeMap<String, Contact> {
    all(provider)
        .await
        .into_iter()
        .map(|c| (c.properties.first_name().unwrap_or_default().to_owned(), c))
        .collect()
}

/// The first names on a side, sorted.
async fn names(provider: &dyn ContactProvider) -> Vec<String> {
    by_name(provider).await.into_keys().collect()
}

/// Labels of a contact, sorted.
fn labels(contact: &Contact) -> Vec<&str> {
    contact.labels.iter().collect()
}

/// iP1 (source, labelled) and an Atom book (target): `--label-book source:VIP`, `mode`;
/// Ada, Bob and Cleo on iP1 ([`three_on_ip1`]) and a fresh sync state.
async fn ip1_to_atom(mode: Mode) -> (Pair, SyncOptions, State) {
    let pair = Pair::open(Kind::Ip1, Kind::Atom).await;
    let map = LabelMap::new()
        .with_book("source:VIP".parse::<LabelBook>().unwrap())
        .unwrap();
    let mut options = pair.options(SyncOptions {
        mode,
        ..SyncOptions::default()
    });
    options.key_map = pair.key_map.clone().with_labels(map);
    three_on_ip1(&pair).await;
    (pair, options, State::in_memory().unwrap())
}

/// Ada (VIP, Friends), Bob (Friends), Cleo (VIP) on iP1.
async fn three_on_ip1(pair: &Pair) {
    let docs = [
        person("+46701000001", "Ada").label("VIP").label("Friends"),
        person("+46701000002", "Bob").label("Friends"),
        person("+46701000003", "Cleo").label("VIP"),
    ];
    pair.source().create(&docs).await.unwrap();
}

#[tokio::test]
async fn only_the_labelled_contacts_go_to_the_book_and_the_label_is_not_noted_as_lost() {
    let (pair, options, state) = ip1_to_atom(Mode::OneWay).await;
    let plan = sync(pair.source(), pair.target(), &state, &options).await;
    assert_eq!(plan.creates(), 2, "{plan}");
    assert_eq!(names(pair.target()).await, ["Ada", "Cleo"]);
    // Friends cannot go to Atom and is noted; VIP is the book itself and is not.
    let text = plan.to_string();
    assert!(text.contains("not carried: Friends"), "{text}");
    assert!(!text.contains("VIP"), "{text}");
    settled(pair.source(), pair.target(), &state, &options).await;
}

#[tokio::test]
async fn a_contact_created_in_the_book_arrives_with_the_label_and_a_second_sync_plans_nothing() {
    let (pair, options, state) = ip1_to_atom(Mode::TwoWay).await;
    sync(pair.source(), pair.target(), &state, &options).await;
    let dan = NewContact::new()
        .property("phoneNumber", "+46701000004")
        .property("firstName", "Dan");
    pair.target().create(&[dan]).await.unwrap();
    // Ada renamed in the book: the update keeps both her labels on iP1.
    let ada = by_name(pair.target()).await["Ada"].id.clone();
    let rename = ContactPatch::new().set("firstName", "Adah");
    pair.target().update(&ada, &rename).await.unwrap();
    let plan = sync(pair.source(), pair.target(), &state, &options).await;
    assert_eq!((plan.creates(), plan.updates()), (1, 1), "{plan}");
    let ip1 = by_name(pair.source()).await;
    assert_eq!(labels(&ip1["Dan"]), ["VIP"]);
    assert_eq!(labels(&ip1["Adah"]), ["Friends", "VIP"]);
    assert_eq!(labels(&ip1["Bob"]), ["Friends"]);
    settled(pair.source(), pair.target(), &state, &options).await;
}

#[tokio::test]
async fn a_contact_whose_label_was_removed_is_left_in_the_book_even_with_delete() {
    let (pair, mut options, state) = ip1_to_atom(Mode::TwoWay).await;
    options.delete = true;
    sync(pair.source(), pair.target(), &state, &options).await;
    let cleo = by_name(pair.source()).await["Cleo"].id.clone();
    let unlabel = ContactPatch::new()
        .remove_label("VIP")
        .set("firstName", "Cleopatra");
    pair.source().update(&cleo, &unlabel).await.unwrap();
    let plan = sync(pair.source(), pair.target(), &state, &options).await;
    assert_eq!(plan.action_count(), 0, "{plan}");
    assert_eq!(plan.skips.len(), 1, "{plan}");
    assert_eq!(plan.skips[0].id, cleo);
    assert!(
        plan.skips[0].reason.contains("not in its listing"),
        "{plan}"
    );
    // Still in the book, as it was: neither deleted nor updated.
    assert_eq!(names(pair.target()).await, ["Ada", "Cleo"]);
    // The label put back: the contact is in scope again and its change goes to the book.
    let relabel = ContactPatch::new().add_label("VIP");
    pair.source().update(&cleo, &relabel).await.unwrap();
    let plan = sync(pair.source(), pair.target(), &state, &options).await;
    assert_eq!(plan.updates(), 1, "{plan}");
    assert_eq!(names(pair.target()).await, ["Ada", "Cleopatra"]);
}

/// A two-way sync of Swedish numbers in which `book` is an address book.
fn two_way_with_book(book: LabelBook) -> SyncOptions {
    let map = LabelMap::new().with_book(book).unwrap();
    SyncOptions {
        mode: Mode::TwoWay,
        key_map: KeyMap::new().with_labels(map),
        source_region: Some("SE".parse().unwrap()),
        target_region: Some("SE".parse().unwrap()),
        ..SyncOptions::default()
    }
}

/// A store with fixed keys and no labels (an Atom-like book) in memory.
fn book_store() -> InMemoryProvider {
    let mut caps = Capabilities::full();
    caps.labels = false;
    caps.address_books = true;
    caps.keys = KeySupport::Fixed {
        keys: vec!["phoneNumber".into(), "firstName".into()],
    };
    InMemoryProvider::with_capabilities(caps)
}

#[tokio::test]
async fn a_side_read_through_its_change_feed_is_scoped_to_the_label_too() {
    let (labelled, book) = (InMemoryProvider::new(), book_store());
    assert!(labelled.capabilities().change_feed);
    labelled
        .create(&[person("+46702000001", "Ada").label("VIP")])
        .await
        .unwrap();
    let options = two_way_with_book(LabelBook {
        side: Side::Source,
        label: "VIP".into(),
    });
    let state = State::in_memory().unwrap();
    sync(&labelled, &book, &state, &options).await;
    // Read through the feed now: a new contact without the label stays out, one with it goes.
    let new = [
        person("+46702000002", "Bob"),
        person("+46702000003", "Cleo").label("VIP"),
    ];
    labelled.create(&new).await.unwrap();
    let plan = sync(&labelled, &book, &state, &options).await;
    assert_eq!(plan.creates(), 1, "{plan}");
    assert_eq!(names(&book).await, ["Ada", "Cleo"]);
    // A label removed, seen in the change set: left alone as a full listing would.
    let ada = by_name(&labelled).await["Ada"].id.clone();
    let patch = ContactPatch::new()
        .remove_label("VIP")
        .set("firstName", "Adah");
    labelled.update(&ada, &patch).await.unwrap();
    let plan = sync(&labelled, &book, &state, &options).await;
    assert_eq!(plan.action_count(), 0, "{plan}");
    assert_eq!(plan.skips.len(), 1, "{plan}");
    assert_eq!(names(&book).await, ["Ada", "Cleo"]);
}

#[tokio::test]
async fn a_book_on_the_source_gives_its_contacts_the_targets_label() {
    // Orientation reversed: the book is the source, the label the target's.
    let (book, labelled) = (book_store(), InMemoryProvider::new());
    book.create(&[person("+46703000001", "Ada")]).await.unwrap();
    labelled
        .create(&[person("+46703000002", "Bob").label("Friends")])
        .await
        .unwrap();
    let options = two_way_with_book("target:VIP".parse().unwrap());
    let state = State::in_memory().unwrap();
    let plan = sync(&book, &labelled, &state, &options).await;
    assert_eq!(plan.creates(), 1, "{plan}");
    let named = by_name(&labelled).await;
    assert_eq!(labels(&named["Ada"]), ["VIP"]);
    assert_eq!(names(&book).await, ["Ada"]);
    settled(&book, &labelled, &state, &options).await;
}

#[test]
fn a_book_label_is_refused_where_it_cannot_be_read_back() {
    for bad in ["VIP", "left:VIP", "source:", "source: "] {
        let err = bad.parse::<LabelBook>().unwrap_err().to_string();
        assert!(err.contains("--label-book"), "{bad}: {err}");
    }
    let renamed = LabelMap::new().with("VIP", "Important").unwrap();
    let err = renamed
        .with_book("source:VIP".parse().unwrap())
        .unwrap_err()
        .to_string();
    assert!(err.contains("VIP=Important"), "{err}");
    let once = LabelMap::new()
        .with_book("source:VIP".parse().unwrap())
        .unwrap();
    assert!(once.with_book("target:Gold".parse().unwrap()).is_err());
}

#[tokio::test]
async fn a_book_label_on_a_side_without_labels_is_refused_before_anything_is_listed() {
    let (labelled, book) = (InMemoryProvider::new(), book_store());
    let map = LabelMap::new()
        .with_book("target:VIP".parse().unwrap())
        .unwrap();
    let options = SyncOptions {
        key_map: KeyMap::new().with_labels(map),
        ..SyncOptions::default()
    };
    let state = State::in_memory().unwrap();
    let err = contacts_sync::plan(&labelled, &book, &state, &options)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("has no labels"), "{err}");
}

#[tokio::test]
async fn a_pair_changed_on_both_sides_keeps_the_labelled_sides_other_labels() {
    // The book is the source (no labels); the target's VIP contacts are the book.
    let (book, labelled) = (book_store(), InMemoryProvider::new());
    labelled
        .create(&[
            person("+46704000001", "Ada").label("VIP").label("Friends"),
            person("+46704000002", "Bob").label("Friends"),
        ])
        .await
        .unwrap();
    let options = two_way_with_book("target:VIP".parse().unwrap());
    let state = State::in_memory().unwrap();
    sync(&book, &labelled, &state, &options).await;
    let in_book = by_name(&book).await["Ada"].id.clone();
    let on_target = by_name(&labelled).await["Ada"].id.clone();
    book.update(&in_book, &ContactPatch::new().set("firstName", "Adah"))
        .await
        .unwrap();
    labelled
        .update(&on_target, &ContactPatch::new().set("email", "ada@x.se"))
        .await
        .unwrap();
    let plan = sync(&book, &labelled, &state, &options).await;
    assert_eq!(plan.conflicts.len(), 0, "{plan}");
    let ada = labelled.get(&on_target, &Default::default()).await.unwrap();
    assert_eq!(ada.properties.first_name(), Some("Adah"));
    assert_eq!(labels(&ada), ["Friends", "VIP"]);
    assert_eq!(names(&book).await, ["Adah"]);
    settled(&book, &labelled, &state, &options).await;
}
