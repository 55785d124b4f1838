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
