//! The reference semantics of the optional capabilities that `InMemoryProvider` implements
//! for the conformance suite: address books (a store scoped to its home book), the
//! blocklist, background import, and `fork`.

mod common;

use common::{ada_beside_a_book, book_names, created};
use contacts_core::{
    AddressBookId, ContactProvider, ContactProviderExt, Error, GetOptions, InMemoryProvider,
    NewContact, ProviderConfig, Registry,
};

/// `--provider memory` (the registry's `memory`) is the store the capability matrix describes
/// (`InMemoryProvider::new`), with its optional capabilities reachable, not `Capabilities::full`
/// without them.
#[test]
fn the_registrys_memory_declares_and_offers_what_new_does() {
    let built = Registry::new()
        .build("memory", &ProviderConfig::new())
        .unwrap();
    let reference = InMemoryProvider::new();
    assert_eq!(built.capabilities(), reference.capabilities());
    assert!(built.label_admin().is_some() && built.blocklist().is_some());
    assert!(built.change_feed().is_some() && built.account_summary().is_some());
    assert!(built.background_import().is_some());
}

/// Tests across the workspace stand this store in for an account with books: it must offer
/// everything `new()` does (blocklist, change feed, ...) besides the books.
#[test]
fn with_books_declares_what_new_does_plus_the_books() {
    let mut expected = InMemoryProvider::new().capabilities().clone();
    expected.address_books = true;
    expected.address_book_admin = true;
    assert_eq!(InMemoryProvider::with_books().capabilities(), &expected);
}

/// A write naming another book than the home book is refused as the contract names fields:
/// a batch names the item at fault, a replacement names the document's field; nothing of
/// the batch is stored.
#[tokio::test]
async fn a_write_to_another_book_is_refused_naming_the_item() {
    let memory = InMemoryProvider::with_books();
    let books = memory.address_books().expect("declared");
    let other = books.create_book("Friends").await.unwrap();
    let batch = [
        NewContact::new().property("firstName", "Ada"),
        NewContact::new()
            .property("firstName", "Bob")
            .address_book(other.id.clone()),
    ];
    let err = memory.create(&batch).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "contacts[1].addressBook"),
        "{err:?}"
    );
    assert!(memory.is_empty(), "a refused batch stores nothing");
    let ada = created(&memory, "firstName", "Ada").await;
    let err = memory.replace(&ada.id, &batch[1]).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "addressBook"),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_store_with_books_works_in_its_home_book() {
    let memory = InMemoryProvider::with_books();
    let books = memory.address_books().expect("declared");
    let listed = books.list_books().await.unwrap();
    assert_eq!(listed.len(), 1, "one book to start with: {listed:?}");
    let home = listed[0].id.clone();
    let ada = created(&memory, "firstName", "Ada").await;
    assert_eq!(
        ada.address_book.as_ref(),
        Some(&home),
        "created in the home book"
    );
    let other = books.create_book("Friends").await.unwrap();
    let err = memory
        .create(&[NewContact::new()
            .property("firstName", "Bob")
            .address_book(other.id.clone())])
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err}");
    books.move_contact(&ada.id, &other.id).await.unwrap();
    let gone = memory
        .get(&ada.id, &GetOptions::default())
        .await
        .unwrap_err();
    assert!(
        gone.is_not_found(),
        "a moved contact leaves the view: {gone}"
    );
    assert!(memory.is_empty());
    let err = books.move_contact(&ada.id, &home).await.unwrap_err();
    assert!(
        err.is_not_found(),
        "only contacts in view can be moved: {err}"
    );
}

#[tokio::test]
async fn books_are_renamed_deleted_and_unknown_ones_not_found() {
    let memory = InMemoryProvider::with_books();
    let books = memory.address_books().unwrap();
    let book = books.create_book("Work").await.unwrap();
    let renamed = books.rename_book(&book.id, "Job").await.unwrap();
    assert_eq!(
        (renamed.id.clone(), renamed.name.as_str()),
        (book.id.clone(), "Job")
    );
    books.delete_book(&book.id).await.unwrap();
    assert_eq!(book_names(books).await, ["Contacts"]);
    for unknown in [
        book.id.clone(),
        AddressBookId::new("01"),
        AddressBookId::new("x"),
    ] {
        let err = books.rename_book(&unknown, "N").await.unwrap_err();
        assert!(err.is_not_found(), "{unknown}: {err}");
        let err = books.delete_book(&unknown).await.unwrap_err();
        assert!(err.is_not_found(), "{unknown}: {err}");
    }
    let home = AddressBookId::new("1");
    let err = books.delete_book(&home).await.unwrap_err();
    assert!(
        matches!(err, Error::InvalidInput { .. }),
        "the home book stays: {err}"
    );
}

#[tokio::test]
async fn deleting_a_book_deletes_the_contacts_moved_into_it() {
    let (memory, ada, book) = ada_beside_a_book("Old").await;
    let copy = memory.fork();
    let books = memory.address_books().unwrap();
    books.move_contact(&ada.id, &book.id).await.unwrap();
    books.delete_book(&book.id).await.unwrap();
    let copy_books = copy.address_books().unwrap();
    assert_eq!(
        book_names(copy_books).await,
        ["Contacts", "Old"],
        "the fork kept its books"
    );
    assert_eq!(copy.len(), 1, "and its contact");
}

#[tokio::test]
async fn the_blocklist_takes_international_numbers() {
    let memory = InMemoryProvider::new();
    let list = memory.blocklist().expect("declared by new()");
    list.block_number("+46701234567").await.unwrap();
    list.block_number("+46701234567").await.unwrap();
    assert!(list.check_number("+46701234567").await.unwrap());
    assert!(!list.check_number("+46701234568").await.unwrap());
    assert_eq!(list.list_blocked().await.unwrap(), ["+46701234567"]);
    for bad in ["46701234567", "+4670 123", "+", "+1234567890123456", "+٤٦"] {
        let err = list.block_number(bad).await.unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{bad}: {err}");
    }
    list.unblock_number("+46701234567").await.unwrap();
    let err = list.unblock_number("+46701234567").await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert!(list.list_blocked().await.unwrap().is_empty());
}

#[tokio::test]
async fn an_import_is_done_when_first_polled() {
    let memory = InMemoryProvider::new();
    let import = memory.background_import().expect("declared by new()");
    let docs: Vec<NewContact> = (0..3)
        .map(|n| NewContact::new().property("firstName", format!("P{n}")))
        .collect();
    let job = import.submit_import(&docs).await.unwrap();
    assert_eq!(job.submitted, 3);
    let progress = import.import_progress(&job).await.unwrap();
    assert!(progress.done && progress.stored == 3, "{progress:?}");
    assert_eq!(memory.len(), 3);
    let mut forged = job.clone();
    forged.token = "mem-import-7".into();
    let err = import.import_progress(&forged).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err}");
    let err = import.submit_import(&[]).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err}");
}

/// A sync tells stores apart by their identity: every layer and pointer must pass it on, two
/// stores must differ, and a copy of a store is that store.
#[test]
fn the_store_identity_is_the_stores_through_every_layer() {
    use contacts_core::layer::{CheckedLayer, ReadOnlyLayer, TracingLayer};
    let memory = InMemoryProvider::new();
    let identity = memory
        .store_identity()
        .expect("an in-memory store knows its identity");
    assert_ne!(
        Some(identity.clone()),
        InMemoryProvider::new().store_identity()
    );
    assert_eq!(
        memory.clone().store_identity().as_ref(),
        Some(&identity),
        "a clone"
    );
    assert_eq!(
        memory.fork().store_identity().as_ref(),
        Some(&identity),
        "a fork"
    );
    let layered = memory
        .clone()
        .layer(CheckedLayer)
        .layer(TracingLayer)
        .layer(ReadOnlyLayer);
    assert_eq!(layered.store_identity().as_ref(), Some(&identity));
    let boxed: Box<dyn ContactProvider> = Box::new(layered);
    let shared: std::sync::Arc<dyn ContactProvider> = std::sync::Arc::from(boxed);
    assert_eq!(shared.store_identity(), Some(identity));
}
