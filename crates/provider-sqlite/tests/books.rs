//! Several address books in one file: a provider scoped to a book sees and writes only it.

use contacts_core::{
    ContactId, ContactProvider, ContactProviderExt, ContactQuery, DeleteTarget, Error, GetOptions,
    NewContact,
};
use contacts_testkit::contract;
use futures::TryStreamExt;
use provider_sqlite::SqliteProvider;

async fn listed(p: &dyn ContactProvider) -> usize {
    let all: Vec<_> = p.list(ContactQuery::new()).try_collect().await.unwrap();
    all.len()
}

#[tokio::test]
async fn books_in_one_file_are_kept_apart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.db");
    let open = |book: Option<&str>| {
        let builder = SqliteProvider::builder().path(&path);
        match book {
            Some(book) => builder.address_book(book).build().unwrap(),
            None => builder.build().unwrap(),
        }
    };
    let (friends, work, all) = (open(Some("friends")), open(Some("work")), open(None));
    let ada = friends
        .create_one(NewContact::new().property("firstName", "Ada"))
        .await
        .unwrap();
    assert_eq!(
        ada.address_book.as_ref().map(|b| b.as_str()),
        Some("friends")
    );
    work.create_one(NewContact::new().property("firstName", "Bob"))
        .await
        .unwrap();
    assert_eq!(listed(&friends).await, 1);
    assert_eq!(listed(&work).await, 1);
    assert_eq!(listed(&all).await, 2, "unscoped, the file's every contact");

    // Another book's contact does not exist for a scoped provider.
    contract::assert_gone(&work, &ada.id).await;
    let refused = friends
        .create(&[NewContact::new()
            .property("firstName", "Eve")
            .address_book("work")])
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::InvalidInput { .. }), "{refused:?}");
    // A mass delete of one book leaves the other.
    work.delete_matching(&DeleteTarget::EveryContact)
        .await
        .unwrap();
    assert_eq!(listed(&all).await, 1);
    assert!(friends.get(&ada.id, &GetOptions::default()).await.is_ok());
    assert!(
        all.get(&ContactId::new("not-a-number"), &GetOptions::default())
            .await
            .unwrap_err()
            .is_not_found()
    );
}

/// A provider scoped to one book refuses a write naming another, naming the field as the
/// contract does: the batch item at fault, or the replacement's `addressBook`; a refused
/// batch stores nothing.
#[tokio::test]
async fn a_write_to_another_book_is_refused_naming_the_item() {
    let dir = tempfile::tempdir().unwrap();
    let friends = SqliteProvider::builder()
        .path(dir.path().join("books.db"))
        .address_book("friends")
        .build()
        .unwrap();
    let batch = [
        NewContact::new().property("firstName", "Ada"),
        NewContact::new()
            .property("firstName", "Eve")
            .address_book("work"),
        NewContact::new()
            .property("firstName", "Bob")
            .address_book("friends"),
    ];
    let err = friends.create(&batch).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "contacts[1].addressBook"),
        "{err:?}"
    );
    assert_eq!(listed(&friends).await, 0, "a refused batch stores nothing");
    let ada = friends.create_one(batch[0].clone()).await.unwrap();
    let err = friends.replace(&ada.id, &batch[1]).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "addressBook"),
        "{err:?}"
    );
    let bob = friends.replace(&ada.id, &batch[2]).await.unwrap();
    assert_eq!(
        bob.address_book.as_ref().map(|b| b.as_str()),
        Some("friends")
    );
}
