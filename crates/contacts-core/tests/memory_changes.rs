//! The reference semantics of the change feed: what `InMemoryProvider` lists since a token,
//! and how the layers carry it.

mod common;

use common::{ada_beside_a_book, created};
use contacts_core::layer::ReadOnlyLayer;
use contacts_core::optional::ChangeToken;
use contacts_core::{
    Capabilities, ContactPatch, ContactProvider, Error, InMemoryProvider, Layer, NewContact,
};

fn ids(contacts: &[contacts_core::Contact]) -> Vec<&str> {
    contacts.iter().map(|c| c.id.as_str()).collect()
}

#[tokio::test]
async fn lists_what_was_written_and_deleted_since_the_token_and_nothing_else() {
    let memory = InMemoryProvider::new();
    let made = memory
        .create(&[
            NewContact::new().property("firstName", "Ada"),
            NewContact::new().property("firstName", "Bob"),
            NewContact::new().property("firstName", "Cy"),
            NewContact::new().property("firstName", "Di"),
        ])
        .await
        .unwrap();
    let feed = memory.change_feed().expect("declared by new()");
    let token = feed.current_token().await.unwrap();
    assert!(feed.changes_since(&token).await.unwrap().changed.is_empty());

    memory
        .update(
            &made[0].id,
            &ContactPatch::new().set("lastName", "Lovelace"),
        )
        .await
        .unwrap();
    memory.delete(&made[1].id).await.unwrap();
    memory
        .label_admin()
        .unwrap()
        .add_label("VIP", std::slice::from_ref(&made[2].id))
        .await
        .unwrap();
    let eve = created(&memory, "firstName", "Eve").await;

    let changes = feed.changes_since(&token).await.unwrap();
    assert_eq!(
        ids(&changes.changed),
        [made[0].id.as_str(), made[2].id.as_str(), eve.id.as_str()]
    );
    assert_eq!(
        changes.changed[0].properties.get("lastName"),
        Some("Lovelace"),
        "as it is now"
    );
    assert!(changes.changed[1].labels.contains("VIP"));
    assert_eq!(changes.deleted, std::slice::from_ref(&made[1].id));
    let later = feed.changes_since(&changes.token).await.unwrap();
    assert!(
        later.changed.is_empty() && later.deleted.is_empty(),
        "{later:?}"
    );
}

#[tokio::test]
async fn a_contact_written_twice_is_listed_once() {
    let memory = InMemoryProvider::new();
    let feed = memory.change_feed().unwrap();
    let token = feed.current_token().await.unwrap();
    let ada = created(&memory, "firstName", "Ada").await;
    for name in ["Ida", "Ada"] {
        let patch = ContactPatch::new().set("firstName", name);
        memory.update(&ada.id, &patch).await.unwrap();
    }
    let changes = feed.changes_since(&token).await.unwrap();
    assert_eq!(ids(&changes.changed), [ada.id.as_str()]);
}

#[tokio::test]
async fn deleting_a_label_lists_only_the_contacts_that_had_it() {
    let memory = InMemoryProvider::new();
    let made = memory
        .create(&[
            NewContact::new().property("firstName", "Ada").label("VIP"),
            NewContact::new().property("firstName", "Bob"),
        ])
        .await
        .unwrap();
    let feed = memory.change_feed().unwrap();
    let token = feed.current_token().await.unwrap();
    memory
        .label_admin()
        .unwrap()
        .delete_label("VIP")
        .await
        .unwrap();
    let changes = feed.changes_since(&token).await.unwrap();
    assert_eq!(ids(&changes.changed), [made[0].id.as_str()]);
}

#[tokio::test]
async fn a_contact_moved_to_another_book_leaves_the_view_as_deleted() {
    let (memory, ada, other) = ada_beside_a_book("Friends").await;
    let feed = memory.change_feed().unwrap();
    let token = feed.current_token().await.unwrap();
    let books = memory.address_books().unwrap();
    books.move_contact(&ada.id, &other.id).await.unwrap();
    let changes = feed.changes_since(&token).await.unwrap();
    assert!(changes.changed.is_empty(), "{changes:?}");
    assert_eq!(changes.deleted, std::slice::from_ref(&ada.id));
}

#[tokio::test]
async fn refuses_expired_foreign_and_malformed_tokens_by_name() {
    let memory = InMemoryProvider::new();
    let feed = memory.change_feed().unwrap();
    let token = feed.current_token().await.unwrap();
    memory.expire_change_tokens();
    let err = feed.changes_since(&token).await.unwrap_err();
    assert!(err.is_expired_token(), "{err}");
    assert_eq!(err.kind(), "expired_token");
    let fresh = feed.current_token().await.unwrap();
    assert!(
        feed.changes_since(&fresh).await.is_ok(),
        "a new token works"
    );

    let other = InMemoryProvider::new();
    let foreign = other.change_feed().unwrap().current_token().await.unwrap();
    let err = feed.changes_since(&foreign).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, reason } if field == "change_token" && reason.contains("another store")),
        "{err}"
    );
    for bad in ["", "sync-token-7", "mem1-changes:x"] {
        let err = feed
            .changes_since(&ChangeToken::new(bad))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{bad:?}: {err}");
    }
}

#[tokio::test]
async fn a_store_that_does_not_declare_it_has_none_and_read_only_keeps_it() {
    let undeclared = InMemoryProvider::with_capabilities(Capabilities::full());
    assert!(undeclared.change_feed().is_none());
    let memory = InMemoryProvider::new();
    let token = memory.change_feed().unwrap().current_token().await.unwrap();
    created(&memory, "firstName", "Ada").await;
    let read_only = ReadOnlyLayer.layer(memory.clone());
    let changes = read_only
        .change_feed()
        .expect("reading the feed is not a write")
        .changes_since(&token)
        .await
        .unwrap();
    assert_eq!(changes.changed.len(), 1);
}
