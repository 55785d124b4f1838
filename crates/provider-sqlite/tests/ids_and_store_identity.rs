//! What names a contact and what names the store: ids are the exact strings the store wrote,
//! and the store's identity belongs to the file's contents, not to its path.

use contacts_core::{
    ContactId, ContactPatch, ContactProvider, ContactProviderExt, Error, GetOptions, NewContact,
};
use provider_sqlite::SqliteProvider;
use std::path::Path;

fn open(path: &Path) -> contacts_core::Standard<SqliteProvider> {
    SqliteProvider::builder().path(path).build().unwrap()
}

#[tokio::test]
async fn ids_are_compared_as_the_exact_strings_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir.path().join("ids.db"));
    let ada = store
        .create_one(NewContact::new().property("firstName", "Ada"))
        .await
        .unwrap();
    assert_eq!(ada.id.as_str(), "1");
    let options = GetOptions::default();
    for other in [
        "01", "+1", " 1", "1 ", "1.0", "1e0", "0x1", "001", "-0", "0",
    ] {
        let id = ContactId::new(other);
        let err = store.get(&id, &options).await.unwrap_err();
        assert!(
            matches!(err, Error::NotFound { .. }),
            "get {other:?}: {err}"
        );
        let patch = ContactPatch::new().set("lastName", "Lovelace");
        let err = store.update(&id, &patch).await.unwrap_err();
        assert!(
            matches!(err, Error::NotFound { .. }),
            "update {other:?}: {err}"
        );
        let err = store.delete(&id).await.unwrap_err();
        assert!(
            matches!(err, Error::NotFound { .. }),
            "delete {other:?}: {err}"
        );
    }
    let kept = store.get(&ada.id, &options).await.unwrap();
    assert_eq!(kept.properties, ada.properties, "contact 1 untouched");
}

#[test]
fn the_store_identity_belongs_to_the_file_not_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let first = open(&path)
        .store_identity()
        .expect("the store knows its identity");
    assert_eq!(
        open(&path).store_identity().as_ref(),
        Some(&first),
        "reopened"
    );
    // Every opener above is closed: the file holds everything (WAL checkpointed on close).
    let copy = dir.path().join("copy.db");
    std::fs::copy(&path, &copy).unwrap();
    assert_eq!(
        open(&copy).store_identity().as_ref(),
        Some(&first),
        "a copy"
    );
    std::fs::remove_file(&path).unwrap();
    let again = open(&path).store_identity().unwrap();
    assert_ne!(again, first, "a new file at the same path is another store");
    let other = open(&dir.path().join("b.db")).store_identity().unwrap();
    assert_ne!(other, first);
    let book = |name: &str| {
        let p = SqliteProvider::builder()
            .path(&copy)
            .address_book(name)
            .build();
        p.unwrap().store_identity().unwrap()
    };
    assert_ne!(book("work"), first, "one book is not the whole file");
    assert_ne!(book("work"), book("home"));
    assert_eq!(book("work"), book("work"));
}
