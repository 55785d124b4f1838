//! Atom's address-book administration through the neutral trait, against the emulator.

use contacts_core::{ContactProvider, ContactQuery, NewContact};

#[tokio::test]
async fn books_round_trip_and_a_contact_moves() {
    let emu = contacts_testkit::atom::emulator("tok").await;
    let books = contacts_testkit::atom::books(&emu);
    let first = books.create("First").await.unwrap();
    let p: Box<dyn ContactProvider> = Box::new(books.open(&first.id).unwrap());
    let admin = p.address_books().expect("Atom declares address books");
    assert!(p.label_admin().is_none() && p.blocklist().is_none());
    let second = admin.create_book("Second").await.unwrap();
    assert_eq!(second.name, "Second");
    let renamed = admin.rename_book(&second.id, "Customers").await.unwrap();
    assert_eq!(renamed.name, "Customers");
    let listed = admin.list_books().await.unwrap();
    assert!(
        listed
            .iter()
            .any(|b| b.id == second.id && b.name == "Customers")
    );
    let created = p
        .create(&[NewContact::new().property("phoneNumber", "+46701234567")])
        .await
        .unwrap();
    admin
        .move_contact(&created[0].id, &second.id)
        .await
        .unwrap();
    let there = books.open(&second.id).unwrap();
    let moved = contacts_testkit::listed(&there, ContactQuery::new()).await;
    assert_eq!(moved.len(), 1);
    let here = contacts_testkit::listed(&p, ContactQuery::new()).await;
    assert!(here.is_empty());
    assert!(admin.create_book("").await.is_err());
    admin.delete_book(&second.id).await.unwrap();
    assert!(
        admin
            .list_books()
            .await
            .unwrap()
            .iter()
            .all(|b| b.id != second.id)
    );
}
