//! Example-based tests of InMemoryProvider's edges: refusals, tokens, mass delete, Ext helpers.

mod common;

use common::created;
use contacts_core::{
    Capabilities, Card, ContactFilter, ContactId, ContactPatch, ContactProvider,
    ContactProviderExt, ContactQuery, DeleteTarget, Error, GetOptions, InMemoryProvider,
    KeySupport, Metadata, NewContact, Order, PageToken, Upserted,
};

#[tokio::test]
async fn bad_input_gets_typed_errors() {
    let p = InMemoryProvider::new();
    let err = p.create(&[]).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput { ref field, .. } if field == "contacts"));
    let too_many = vec![NewContact::new().property("a", "1"); 1001];
    let err = p.create(&too_many).await.unwrap_err();
    assert!(err.to_string().contains("at most 1000"), "{err}");
    assert!(p.is_empty(), "a refused batch writes nothing");

    let bad_second = [
        NewContact::new().property("a", "1"),
        NewContact::new().property("", "x"),
    ];
    let err = p.create(&bad_second).await.unwrap_err();
    assert!(
        matches!(err, Error::InvalidInput { ref field, .. } if field.starts_with("contacts[1]")),
        "{err:?}"
    );
    assert!(
        p.is_empty(),
        "batches are validated whole before anything is written"
    );

    let err = p
        .list_page(&ContactQuery::new().page_size(0), None)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { ref field, .. } if field == "page_size"));
    let err = p
        .list_page(&ContactQuery::new(), Some(PageToken::new("garbage")))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { ref field, .. } if field == "page_token"));
}

#[tokio::test]
async fn a_token_from_one_order_is_refused_for_the_other() {
    let p = InMemoryProvider::new();
    let batch: Vec<_> = (0..3)
        .map(|i| NewContact::new().property("n", i.to_string()))
        .collect();
    p.create(&batch).await.unwrap();
    let page = p
        .list_page(&ContactQuery::new().page_size(1), None)
        .await
        .unwrap();
    let token = page.next.unwrap();
    let err = p
        .list_page(
            &ContactQuery::new().page_size(1).order(Order::Descending),
            Some(token),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }));
}

#[tokio::test]
async fn empty_result_is_an_empty_page() {
    let p = InMemoryProvider::new();
    let page = p
        .list_page(
            &ContactQuery::new().filter(ContactFilter::new().label("none")),
            None,
        )
        .await
        .unwrap();
    assert!(page.items.is_empty());
    assert!(page.next.is_none());
}

#[tokio::test]
async fn mass_delete_needs_an_explicit_everything() {
    let p = InMemoryProvider::new();
    p.create(&[
        NewContact::new().property("a", "1").label("old"),
        NewContact::new().property("a", "2"),
    ])
    .await
    .unwrap();
    let err = p
        .delete_matching(&DeleteTarget::Matching(ContactFilter::new()))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }));
    assert_eq!(p.len(), 2, "nothing deleted by an empty filter");

    let gone = p
        .delete_matching(&DeleteTarget::Matching(ContactFilter::new().label("old")))
        .await
        .unwrap();
    assert_eq!(gone.len(), 1);
    assert_eq!(p.len(), 1);
    let gone = p
        .delete_matching(&DeleteTarget::EveryContact)
        .await
        .unwrap();
    assert_eq!(gone.len(), 1);
    assert!(p.is_empty());
}

#[tokio::test]
async fn undeclared_capabilities_are_unsupported_not_silent() {
    let mut caps = Capabilities::default();
    caps.keys = KeySupport::Fixed {
        keys: vec!["phoneNumber".into()],
    };
    let p = InMemoryProvider::with_capabilities(caps);
    let err = p
        .create(&[NewContact::new().property("phoneNumber", "1").label("x")])
        .await
        .unwrap_err();
    assert!(err.is_unsupported(), "{err:?}");
    let err = p
        .create(&[NewContact::new().property("email", "a@b")])
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidInput { ref field, .. } if field.ends_with("properties.email")),
        "{err:?}"
    );
    let c = created(&p, "phoneNumber", "1").await;
    let by_label = ContactQuery::new().filter(ContactFilter::new().label("x"));
    let descending = ContactQuery::new().order(Order::Descending);
    let refused = [
        (
            "update",
            p.update(&c.id, &ContactPatch::new().set("phoneNumber", "2"))
                .await
                .err(),
        ),
        ("replace", p.replace(&c.id, &NewContact::new()).await.err()),
        (
            "delete_matching",
            p.delete_matching(&DeleteTarget::EveryContact).await.err(),
        ),
        (
            "get with metadata",
            p.get(&c.id, &GetOptions::with_metadata()).await.err(),
        ),
        ("label filter", p.list_page(&by_label, None).await.err()),
        (
            "descending order",
            p.list_page(&descending, None).await.err(),
        ),
    ];
    for (what, err) in refused {
        assert!(
            err.as_ref().is_some_and(Error::is_unsupported),
            "{what}: {err:?}"
        );
    }
}

#[tokio::test]
async fn metadata_is_returned_only_when_asked_and_filters_on_it() {
    let p = InMemoryProvider::new();
    let c = created(&p, "phoneNumber", "+4611").await;
    let mut meta = Metadata::new();
    meta.insert("phoneNumber", "isBlocked", "true");
    p.set_metadata(&c.id, meta).unwrap();
    assert!(
        p.get(&c.id, &GetOptions::default())
            .await
            .unwrap()
            .metadata
            .is_none()
    );
    let got = p.get(&c.id, &GetOptions::with_metadata()).await.unwrap();
    assert_eq!(got.metadata.unwrap().phone().unwrap().blocked, Some(true));
    let q =
        ContactQuery::new().filter(ContactFilter::new().metadata("phoneNumber.isBlocked", "true"));
    assert_eq!(p.list_page(&q, None).await.unwrap().items.len(), 1);
    let q =
        ContactQuery::new().filter(ContactFilter::new().metadata("phoneNumber.isBlocked", "false"));
    assert!(p.list_page(&q, None).await.unwrap().items.is_empty());
    let q = ContactQuery::new().filter(ContactFilter::new().metadata("isBlocked", "false"));
    assert!(matches!(
        p.list_page(&q, None).await.unwrap_err(),
        Error::InvalidInput { .. }
    ));
}

#[tokio::test]
async fn ext_helpers_upsert_and_delete_many() {
    let p = InMemoryProvider::new();
    let first = p
        .upsert_by_phone(
            NewContact::new()
                .property("phoneNumber", "+4611")
                .property("a", "1"),
        )
        .await
        .unwrap();
    assert!(matches!(first, Upserted::Created(_)));
    let second = p
        .upsert_by_phone(
            NewContact::new()
                .property("phoneNumber", "+4611")
                .property("b", "2")
                .label("L"),
        )
        .await
        .unwrap();
    let Upserted::Updated(c) = second else {
        panic!("expected an update")
    };
    assert_eq!(c.id, first.contact().id);
    assert_eq!(
        c.properties.get("a"),
        Some("1"),
        "other properties are kept"
    );
    assert_eq!(c.properties.get("b"), Some("2"));
    assert!(c.labels.contains("L"));
    assert_eq!(p.len(), 1);
    assert!(p.upsert_by_phone(NewContact::new()).await.is_err());

    let report = p
        .delete_many(&[c.id.clone(), ContactId::new("missing")], 4)
        .await;
    assert_eq!(report.deleted, vec![c.id]);
    assert_eq!(report.failed.len(), 1);
    assert!(report.failed[0].1.is_not_found());
    assert!(!report.is_complete());
}

#[test]
fn serde_is_canonical_camel_case() {
    let contact: contacts_core::Contact = serde_json::from_str(
        r#"{"id":"606312a5d233ab8484e18404","ownerId":"ip1-XXXXX","properties":{"firstName":" Icarus"},"labels":["Coworker"],"metadata":{"phoneNumber":{"isBlocked":"false"}}}"#,
    )
    .unwrap();
    assert_eq!(contact.owner_id.as_deref(), Some("ip1-XXXXX"));
    assert_eq!(contact.properties.first_name(), Some(" Icarus"));
    let json = serde_json::to_value(&contact).unwrap();
    assert_eq!(json["ownerId"], "ip1-XXXXX");
    assert!(json.get("addressBook").is_none());
    let back: contacts_core::Contact = serde_json::from_value(json).unwrap();
    assert_eq!(back, contact);
}

#[tokio::test]
async fn required_keys_are_enforced_on_every_write() {
    let mut caps = Capabilities::full();
    caps.required_keys = vec!["phoneNumber".into()];
    let p = InMemoryProvider::with_capabilities(caps);
    let err = p
        .create(&[NewContact::new().property("a", "1")])
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidInput { ref field, .. } if field == "contacts[0].properties.phoneNumber"),
        "{err:?}"
    );
    let c = created(&p, "phoneNumber", "1").await;
    let err = p
        .update(&c.id, &ContactPatch::new().remove("phoneNumber"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }));
    let err = p
        .replace(&c.id, &NewContact::new().property("a", "1"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }));
    let kept = p.get(&c.id, &GetOptions::default()).await.unwrap();
    assert_eq!(
        kept.properties.phone_number(),
        Some("1"),
        "refused writes change nothing"
    );
}

/// A store requiring `phoneNumber`, with one contact holding it (`+461`) in a card.
async fn phone_required() -> (InMemoryProvider, contacts_core::Contact) {
    let mut caps = Capabilities::full();
    caps.required_keys = vec!["phoneNumber".into()];
    let p = InMemoryProvider::with_capabilities(caps);
    let mut card = Card::new();
    card.set_property("phoneNumber", Some("+461"));
    card.set_property("firstName", Some("Ada"));
    let c = p.create_one(NewContact::from_card(card)).await.unwrap();
    (p, c)
}

/// The refusal of a write that would leave `phoneNumber` without a value, and the contact
/// still holding it.
async fn refused_keeping_the_phone(
    p: &InMemoryProvider,
    c: &contacts_core::Contact,
    x: &ContactPatch,
) {
    let err = p.update(&c.id, x).await.unwrap_err();
    assert!(
        matches!(err, Error::InvalidInput { ref field, .. } if field == "properties.phoneNumber"),
        "{x:?}: {err:?}"
    );
    let stored = p.get(&c.id, &GetOptions::default()).await.unwrap();
    assert_eq!(stored.properties.phone_number(), Some("+461"), "{x:?}");
}

#[tokio::test]
async fn an_empty_string_cannot_remove_a_required_key() {
    let (p, c) = phone_required().await;
    let blank: ContactPatch = serde_json::from_str(r#"{"properties":{"phoneNumber":""}}"#).unwrap();
    refused_keeping_the_phone(&p, &c, &blank).await;
    refused_keeping_the_phone(&p, &c, &ContactPatch::new().set("phoneNumber", "")).await;
    let other: ContactPatch = serde_json::from_str(r#"{"properties":{"firstName":""}}"#).unwrap();
    let after = p.update(&c.id, &other).await.unwrap();
    assert_eq!(
        after.properties.first_name(),
        None,
        "\"\" still removes an optional key"
    );
}

#[tokio::test]
async fn a_patch_carrying_a_card_cannot_drop_a_required_key() {
    let (p, c) = phone_required().await;
    let mut no_phone = Card::new();
    no_phone.set_property("firstName", Some("Bob"));
    let x = ContactPatch {
        card: Some(Box::new(no_phone.clone())),
        ..ContactPatch::new()
    };
    refused_keeping_the_phone(&p, &c, &x).await;
    let blank = ContactPatch {
        card: Some(Box::new(no_phone.clone())),
        ..ContactPatch::new().set("phoneNumber", "")
    };
    refused_keeping_the_phone(&p, &c, &blank).await;
    let with_phone = ContactPatch {
        card: Some(Box::new(no_phone)),
        ..ContactPatch::new().set("phoneNumber", "+462")
    };
    let after = p.update(&c.id, &with_phone).await.unwrap();
    assert_eq!(after.properties.phone_number(), Some("+462"));
    assert_eq!(after.properties.first_name(), Some("Bob"));
}
