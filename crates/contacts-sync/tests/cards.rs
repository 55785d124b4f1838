//! Whole cards through a sync: carried whole (UID kept) between sides that store cards, in
//! both directions; listed item by item as "not carried" for a flat side; a flat side's update
//! landing in the card already there; a photo change is a change; the photo policy and the
//! size limit; hashes recorded before cards existed still match flat contacts.

mod common;

use common::{person, settled, sync};
use contacts_core::card::Card;
use contacts_core::{
    Capabilities, Contact, ContactId, ContactPatch, ContactProvider, InMemoryProvider, NewContact,
};
use contacts_sync::{
    Action, ConflictPolicy, Mode, PhotoPolicy, State, SyncOptions, content_hash, execute, plan,
};
use serde_json::json;

fn options() -> SyncOptions {
    SyncOptions {
        source_region: Some("SE".parse().unwrap()),
        target_region: Some("SE".parse().unwrap()),
        ..SyncOptions::default()
    }
}

/// `n` bytes of photo as a `data:` URI.
fn photo(fill: char, n: usize) -> String {
    format!("data:image/jpeg;base64,{}", fill.to_string().repeat(n))
}

/// Ada's card: two phones, an inline photo, a birthday, an address, a note, an organisation
/// with a unit, and an extension member.
fn rich_card(uid: &str, number: &str) -> Card {
    serde_json::from_value(json!({
        "@type": "Card",
        "version": "1.0",
        "uid": uid,
        "name": {"components": [
            {"kind": "given", "value": "Ada"},
            {"kind": "surname", "value": "Lovelace"}
        ]},
        "phones": {
            "p1": {"number": number, "pref": 1},
            "p2": {"number": "+441234567890", "contexts": {"work": true}}
        },
        "media": {"m1": {"kind": "photo", "uri": photo('A', 3000), "mediaType": "image/jpeg"}},
        "anniversaries": {"a1": {"kind": "birth", "date": {"@type": "PartialDate", "year": 1815, "month": 12, "day": 10}}},
        "addresses": {"ad1": {"components": [
            {"kind": "name", "value": "12 St James's Square"},
            {"kind": "locality", "value": "London"}
        ], "countryCode": "GB"}},
        "notes": {"n1": {"note": "Wrote the first program"}},
        "organizations": {"o1": {"name": "Analytical Engines", "units": [{"name": "Research"}, {"name": "Notes"}]}},
        "example.com:shoeSize": "38"
    }))
    .unwrap()
}

/// Ada's rich card ([`rich_card`]) created on `store`: the card as created.
async fn ada_on(store: &InMemoryProvider) -> Card {
    let card = rich_card("urn:uuid:ada", "+46701234567");
    store
        .create(&[NewContact::from_card(card.clone())])
        .await
        .unwrap();
    card
}

fn one(store: &InMemoryProvider) -> Contact {
    let all = store.snapshot();
    assert_eq!(all.len(), 1, "{all:#?}");
    all.into_iter().next().unwrap()
}

/// A store of flat contacts only.
fn flat_store() -> InMemoryProvider {
    let mut caps = Capabilities::full();
    caps.card_parts = Vec::new();
    InMemoryProvider::with_capabilities(caps)
}

#[tokio::test]
async fn a_rich_card_syncs_whole_with_its_uid_both_ways() {
    let (s, t) = (InMemoryProvider::new(), InMemoryProvider::new());
    let state = State::in_memory().unwrap();
    let card = ada_on(&s).await;
    let two_way = SyncOptions {
        mode: Mode::TwoWay,
        conflict: ConflictPolicy::Skip,
        ..options()
    };
    let p = sync(&s, &t, &state, &two_way).await;
    assert_eq!(p.creates(), 1);
    let arrived = one(&t);
    assert_eq!(
        arrived.card.as_deref(),
        Some(&card),
        "the card arrives whole"
    );
    assert_eq!(arrived.properties, card.flat_properties());
    // Back again: a card made on the target arrives whole on the source, UID kept.
    let other = rich_card("urn:uuid:grace", "+46709876543");
    t.create(&[NewContact::from_card(other.clone())])
        .await
        .unwrap();
    sync(&s, &t, &state, &two_way).await;
    let on_source = s
        .snapshot()
        .into_iter()
        .find(|c| c.card.as_ref().and_then(|c| c.uid.as_deref()) == Some("urn:uuid:grace"))
        .expect("the target's card on the source, its UID kept");
    assert_eq!(on_source.card.as_deref(), Some(&other));
    settled(&s, &t, &state, &two_way).await;
}

#[tokio::test]
async fn a_card_to_a_flat_side_lists_every_item_not_carried() {
    let (s, t) = (InMemoryProvider::new(), flat_store());
    let state = State::in_memory().unwrap();
    let card = ada_on(&s).await;
    let p = plan(&s, &t, &state, &options()).await.unwrap();
    let actions = p.to_actions().unwrap();
    let Action::Create { contact, notes, .. } = &actions[0] else {
        panic!("{p}")
    };
    assert!(contact.card.is_none());
    let expected: Vec<String> = card
        .beyond_flat()
        .into_iter()
        .map(|item| format!("not carried: {item}"))
        .collect();
    for item in [
        "not carried: phone +441234567890",
        "not carried: photo",
        "not carried: birth date 1815-12-10",
        "not carried: note",
        "not carried: organization unit Notes",
        "not carried: card member example.com:shoeSize",
    ] {
        assert!(notes.iter().any(|n| n == item), "{item} in {notes:?}");
    }
    assert!(expected.iter().all(|e| notes.contains(e)), "{notes:?}");
    assert!(
        p.to_string().contains("not carried: phone +441234567890"),
        "{p}"
    );
    execute(&p, &s, &t, &state, &options(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(one(&t).properties, card.flat_properties());
    // The card changing where the flat side cannot see it writes nothing there.
    let id = one(&s).id;
    let mut photo_changed = card.clone();
    photo_changed.media.get_mut("m1").unwrap().uri = photo('B', 3000);
    s.update(
        &id,
        &ContactPatch {
            card: Some(Box::new(photo_changed)),
            ..ContactPatch::new()
        },
    )
    .await
    .unwrap();
    let again = plan(&s, &t, &state, &options()).await.unwrap();
    assert_eq!((again.updates(), again.creates()), (0, 0), "{again}");
}

#[tokio::test]
async fn a_flat_update_keeps_what_only_the_card_holds() {
    let (s, t) = (flat_store(), InMemoryProvider::new());
    let state = State::in_memory().unwrap();
    s.create(&[person("0701234567", "Augusta")]).await.unwrap();
    let card = ada_on(&t).await;
    sync(&s, &t, &state, &options()).await;
    let after = one(&t).card.unwrap();
    assert_eq!(after.flat_properties().first_name(), Some("Augusta"));
    assert_eq!(after.media, card.media, "the photo stays");
    assert_eq!((after.addresses.len(), after.phones.len()), (1, 2));
    assert_eq!(after.uid.as_deref(), Some("urn:uuid:ada"));
    let id = one(&s).id;
    s.update(&id, &ContactPatch::new().set("company", "ACME"))
        .await
        .unwrap();
    let p = sync(&s, &t, &state, &options()).await;
    assert_eq!(p.updates(), 1, "{p}");
    // The whole card is sent, the flat change applied to it: a target that replaces what it
    // is sent keeps the photo too.
    let Action::Update { patch, .. } = &p.to_actions().unwrap()[0] else {
        panic!("{p}")
    };
    let sent = patch.card.as_deref().expect("the whole card is sent");
    assert_eq!(sent.media, card.media);
    assert_eq!(sent.flat_properties().company(), Some("ACME"));
    let after = one(&t).card.unwrap();
    assert_eq!(after.flat_properties().company(), Some("ACME"));
    assert_eq!(after.media, card.media, "the photo stays");
    assert_eq!(after.anniversaries, card.anniversaries);
}

#[tokio::test]
async fn a_flat_contact_arrives_as_a_card() {
    let (s, t) = (flat_store(), InMemoryProvider::new());
    let state = State::in_memory().unwrap();
    s.create(&[person("0701234567", "Ada")]).await.unwrap();
    sync(&s, &t, &state, &options()).await;
    let card = one(&t).card.expect("a card");
    assert_eq!(card.flat_properties().phone_number(), Some("+46701234567"));
    assert_eq!(card.flat_properties().first_name(), Some("Ada"));
}

#[tokio::test]
async fn a_photo_changed_on_one_side_is_synced() {
    let (s, t) = (InMemoryProvider::new(), InMemoryProvider::new());
    let state = State::in_memory().unwrap();
    let card = ada_on(&s).await;
    sync(&s, &t, &state, &options()).await;
    let mut changed = card.clone();
    changed.media.get_mut("m1").unwrap().uri = photo('B', 3000);
    let id = one(&s).id;
    s.update(
        &id,
        &ContactPatch {
            card: Some(Box::new(changed.clone())),
            ..ContactPatch::new()
        },
    )
    .await
    .unwrap();
    let p = sync(&s, &t, &state, &options()).await;
    assert_eq!(p.updates(), 1, "{p}");
    assert_eq!(one(&t).card.as_deref(), Some(&changed));
    // The plan as JSON shows the photo by its size, not its bytes.
    let json = serde_json::to_string(&p).unwrap();
    assert!(!json.contains(&"B".repeat(100)), "{json}");
    assert!(
        json.contains("data:image/jpeg;base64,… (3023 bytes)"),
        "{json}"
    );
}

#[tokio::test]
async fn the_photo_policy_decides_what_is_written_and_notes_it() {
    for (policy, kept) in [
        (PhotoPolicy::Keep, vec!["m1", "m2"]),
        (PhotoPolicy::Link, vec!["m2"]),
        (PhotoPolicy::Drop, vec![]),
    ] {
        let (s, t) = (InMemoryProvider::new(), InMemoryProvider::new());
        let state = State::in_memory().unwrap();
        let mut card = rich_card("urn:uuid:ada", "+46701234567");
        let linked = json!({"kind": "photo", "uri": "https://example.com/ada.jpg"});
        card.media
            .insert("m2", serde_json::from_value(linked).unwrap());
        s.create(&[NewContact::from_card(card)]).await.unwrap();
        let opts = SyncOptions {
            photos: policy,
            ..options()
        };
        let p = sync(&s, &t, &state, &opts).await;
        let written = one(&t).card.unwrap();
        let ids: Vec<&str> = written.media.keys().collect();
        assert_eq!(ids, kept, "{policy}");
        let shown = p.to_string();
        let noted = shown.matches(&format!("(--photos {policy})")).count();
        assert_eq!(noted, 2 - kept.len(), "{policy}: {shown}");
        settled(&s, &t, &state, &opts).await;
    }
}

#[tokio::test]
async fn a_card_over_the_size_limit_fails_alone_and_the_rest_is_synced() {
    let (s, t) = (InMemoryProvider::new(), InMemoryProvider::new());
    let state = State::in_memory().unwrap();
    let mut big = rich_card("urn:uuid:big", "+46701111111");
    big.media.get_mut("m1").unwrap().uri = photo('A', 20_000);
    let small = rich_card("urn:uuid:small", "+46702222222");
    s.create(&[
        NewContact::from_card(big.clone()),
        NewContact::from_card(small),
    ])
    .await
    .unwrap();
    let limited = SyncOptions {
        max_card_bytes: Some(10_000),
        ..options()
    };
    let p = plan(&s, &t, &state, &limited).await.unwrap();
    let outcome = execute(&p, &s, &t, &state, &limited, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(outcome.created, 1);
    assert_eq!(outcome.failed.len(), 1, "{outcome:?}");
    let error = &outcome.failed[0].error;
    assert!(
        error.starts_with("card of 21,")
            && error.ends_with("bytes is over --max-card-bytes 10000; use --photos link or drop"),
        "{error}"
    );
    assert_eq!(one(&t).card.unwrap().uid.as_deref(), Some("urn:uuid:small"));
    // Dropping inline photos brings it under the limit.
    let linked = SyncOptions {
        photos: PhotoPolicy::Link,
        ..limited
    };
    let p = plan(&s, &t, &state, &linked).await.unwrap();
    let outcome = execute(&p, &s, &t, &state, &linked, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(
        (outcome.created, outcome.failed.len()),
        (1, 0),
        "{outcome:?}"
    );
}

/// State files recorded before cards existed keep their hashes: a flat contact hashes as it
/// always did, while a card's content (a photo) changes the hash.
#[test]
fn hashes_recorded_before_cards_still_match_flat_contacts() {
    // The contact the hash was pinned with when state files were first written.
    let doc = person("+46701234567", "1").label("VIP");
    let flat = Contact {
        id: ContactId::new("1"),
        owner_id: None,
        properties: doc.properties.clone(),
        labels: doc.labels.clone(),
        metadata: None,
        address_book: None,
        card: None,
    };
    assert_eq!(content_hash(&flat), "4d0ae859562bd28e");
    let card = Card::from_flat(&flat.properties, &flat.labels);
    let with_card = Contact {
        card: Some(Box::new(card.clone())),
        ..flat.clone()
    };
    let mut with_photo = with_card.clone();
    let photo_media = json!({"kind": "photo", "uri": photo('A', 10)});
    with_photo
        .card
        .as_mut()
        .unwrap()
        .media
        .insert("m1", serde_json::from_value(photo_media).unwrap());
    assert_ne!(content_hash(&with_card), content_hash(&with_photo));
    assert_eq!(
        with_photo.properties, flat.properties,
        "the flat view is the same"
    );
}
