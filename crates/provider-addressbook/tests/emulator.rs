//! provider-addressbook against the Atom emulator: every operation, bulk imports under the
//! vendor's rate limit, and under injected faults.

use contacts_core::{
    ContactFilter, ContactId, ContactPatch, ContactProvider, ContactProviderExt, ContactQuery,
    DeleteTarget, Error, GetOptions, NewContact, Order,
};
use contacts_emulator::addressbook::AddressBookEmulator;
use contacts_emulator::{FaultConfig, FaultPhase, RateLimit};
use contacts_http::{ClientOptions, RetryPolicy};
use contacts_testkit::contract;
use futures::TryStreamExt;
use provider_addressbook::{AddressBookProvider, AddressBooks};
use std::collections::BTreeSet;
use std::time::Duration;

fn retry() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(6)
        .backoff(Duration::from_millis(5), Duration::from_millis(50))
}

async fn setup(
    limit: RateLimit,
    client_rate: Option<(f64, u32)>,
) -> (AddressBookEmulator, AddressBooks) {
    let emu = contacts_testkit::atom::limited_emulator("tok", limit).await;
    let books = AddressBookProvider::builder()
        .base_url(emu.base_url())
        .api_key("tok")
        .client_options(
            ClientOptions::default()
                .rate_limit(client_rate.map(|(requests_per_second, burst)| {
                    contacts_core::RateLimit {
                        requests_per_second,
                        burst,
                    }
                }))
                .retry(retry()),
        )
        .concurrency(8)
        .build_books()
        .unwrap();
    (emu, books)
}

/// [`setup`] with the server limited to `server` and the client kept under `client`, each
/// as (requests a second, burst).
async fn limited(server: (f64, u32), client: (f64, u32)) -> (AddressBookEmulator, AddressBooks) {
    let (per_second, burst) = server;
    setup(RateLimit { per_second, burst }, Some(client)).await
}

fn person(phone: &str) -> NewContact {
    NewContact::new().property("phoneNumber", phone)
}

#[tokio::test]
async fn books_are_listed_created_renamed_and_deleted() {
    let (emu, books) = setup(RateLimit::unlimited(), None).await;
    let a = books.create("Friends").await.unwrap();
    let b = books.create("Work").await.unwrap();
    let renamed = books.rename(&b.id, "Office").await.unwrap();
    assert_eq!(
        renamed.id, b.id,
        "an id answered as a string is the same id"
    );
    assert_eq!(renamed.name, "Office");
    let names = contacts_testkit::books::names(books.list().await.unwrap());
    assert_eq!(names, vec!["Friends", "Office"]);
    books.delete(&a.id).await.unwrap();
    assert!(books.delete(&a.id).await.unwrap_err().is_not_found());
    assert_eq!(emu.books().len(), 1);
}

#[tokio::test]
async fn every_contact_operation_round_trips() {
    let (emu, books) = setup(RateLimit::unlimited(), None).await;
    let book = books.create("B").await.unwrap();
    let p = books.open(&book.id).unwrap();
    let created = p
        .create(&[
            person("0412345678")
                .property("firstName", " Jo ")
                .property("company", "ACME")
                .property("custom2", "x"),
            person("61444444444"),
        ])
        .await
        .unwrap();
    assert_eq!(created.len(), 2);
    let got = p.get(&created[0].id, &GetOptions::default()).await.unwrap();
    assert_eq!(
        got.properties, created[0].properties,
        "stored exactly as given"
    );
    assert_eq!(got.address_book.as_ref(), Some(&book.id));

    let listed = contacts_testkit::listed(&p, ContactQuery::new().page_size(1)).await;
    assert_eq!(listed.len(), 2);
    assert_eq!(
        listed[0].properties.company(),
        Some("ACME"),
        "listing has every field, not the abbreviated list"
    );

    let updated = p
        .update(
            &created[0].id,
            &ContactPatch::new().remove("company").set("lastName", "Doe"),
        )
        .await
        .unwrap();
    assert_eq!(updated.properties.company(), None);
    assert_eq!(updated.properties.last_name(), Some("Doe"));
    assert_eq!(updated.properties.first_name(), Some(" Jo "), "untouched");

    let replaced = p
        .replace(&created[0].id, &person("0400000000"))
        .await
        .unwrap();
    assert_eq!(
        replaced.properties.len(),
        1,
        "replace clears every absent field"
    );
    let err = p
        .update(&created[0].id, &ContactPatch::new().remove("phoneNumber"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }));

    p.delete(&created[0].id).await.unwrap();
    contract::assert_gone(&p, &created[0].id).await;
    assert!(
        p.delete(&ContactId::new("999999"))
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert_eq!(emu.contacts_in(book.id.as_str().parse().unwrap()).len(), 1);
}

#[tokio::test]
async fn filters_order_pages_and_mass_delete_are_client_side_and_exact() {
    let (_emu, books) = setup(RateLimit::unlimited(), None).await;
    let book = books.create("B").await.unwrap();
    let p = books.open(&book.id).unwrap();
    let batch: Vec<_> = (0..9)
        .map(|i| {
            person(&format!("04000000{i:02}"))
                .property("company", if i % 3 == 0 { "ACME" } else { "Other" })
        })
        .collect();
    let created = p.create(&batch).await.unwrap();
    let acme = ContactQuery::new()
        .filter(ContactFilter::new().property("company", "ACME"))
        .page_size(2);
    let first = p.list_page(&acme, None).await.unwrap();
    assert_eq!(first.items.len(), 2);
    let second = p.list_page(&acme, first.next.clone()).await.unwrap();
    assert_eq!(second.items.len(), 1);
    assert!(
        second.next.is_none(),
        "the end is detected exactly, no empty trailing page"
    );
    let desc: Vec<ContactId> = p
        .list(ContactQuery::new().order(Order::Descending).page_size(4))
        .map_ok(|c| c.id)
        .try_collect()
        .await
        .unwrap();
    let mut asc: Vec<ContactId> = created.iter().map(|c| c.id.clone()).collect();
    asc.reverse();
    assert_eq!(desc, asc);
    let gone = p
        .delete_matching(&DeleteTarget::Matching(
            ContactFilter::new().property("company", "ACME"),
        ))
        .await
        .unwrap();
    assert_eq!(gone.len(), 3);
    contract::assert_empty_filter_refused(&p).await;
    let rest = p
        .delete_matching(&DeleteTarget::EveryContact)
        .await
        .unwrap();
    assert_eq!(rest.len(), 6);
}

#[tokio::test]
async fn moving_a_contact_to_another_book() {
    let (emu, books) = setup(RateLimit::unlimited(), None).await;
    let a = books.create("A").await.unwrap();
    let b = books.create("B").await.unwrap();
    let pa = books.open(&a.id).unwrap();
    let c = pa.create_one(person("0411")).await.unwrap();
    let admin = pa.address_books().expect("Atom administers address books");
    admin.move_contact(&c.id, &b.id).await.unwrap();
    assert!(
        pa.list_page(&ContactQuery::new(), None)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert_eq!(emu.contacts_in(b.id.as_str().parse().unwrap()).len(), 1);
}

async fn import_300(emu: &AddressBookEmulator, books: &AddressBooks, faults: Option<FaultConfig>) {
    let book = books.create("Import").await.unwrap();
    if let Some(faults) = faults {
        emu.set_faults(faults);
    }
    let p = books.open(&book.id).unwrap();
    let batch: Vec<_> = (0..300)
        .map(|i| person(&format!("0400{i:06}")).property("firstName", format!("n{i}")))
        .collect();
    let created = p.create(&batch).await.expect("every contact created");
    assert_eq!(created.len(), 300);
    for (input, stored) in batch.iter().zip(&created) {
        assert_eq!(input.properties, stored.properties, "input order");
    }
    let stored = emu.contacts_in(book.id.as_str().parse().unwrap());
    let phones: BTreeSet<String> = stored
        .iter()
        .map(|c| c["phone_number"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(stored.len(), 300, "no duplicate");
    assert_eq!(phones.len(), 300, "each exactly once");
}

#[tokio::test]
async fn a_300_contact_import_keeps_under_the_rate_limit() {
    // The server at 200/s (burst 20) and the client at the same budget: no 429 at all.
    let (emu, books) = limited((200.0, 20), (190.0, 10)).await;
    import_300(&emu, &books, None).await;
    assert_eq!(
        emu.stats().count(429),
        0,
        "the client-side bucket kept under the limit"
    );
}

#[tokio::test]
async fn a_300_contact_import_survives_injected_faults_exactly_once() {
    let (emu, books) = limited((400.0, 40), (380.0, 20)).await;
    let faults = FaultConfig {
        error_rate: 0.1,
        error_phase: FaultPhase::Either,
        rate_limit_rate: 0.01,
        retry_after_secs: 0,
        drop_rate: 0.03,
        ..FaultConfig::seeded(7)
    };
    import_300(&emu, &books, Some(faults)).await;
    assert!(
        emu.stats().faults > 10,
        "faults were injected: {:?}",
        emu.stats()
    );
}
