//! The provider against both real servers: what the model does not know survives an update,
//! ETags turn a concurrent change into `Conflict`, discovery, `sync-collection`.

use provider_carddav::testing as common;

use common::{Kind, Server};
use contacts_core::{
    ContactId, ContactPatch, ContactProvider, ContactProviderExt, ContactQuery, Error, GetOptions,
    NewContact,
};
use futures::TryStreamExt;
use provider_carddav::{AddressBooks, CardDavProvider};

/// A vCard 3.0 another client wrote: photo, birthday, address, two numbers, an X- property,
/// a grouped property, a folded line.
const FOREIGN: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:foreign-1\r\nFN:Jo Doe\r\nN:Doe;Jo;Q.;Dr.;\r\nTEL;TYPE=CELL:+46701234567\r\nTEL;TYPE=HOME:+46 8 123 456\r\nEMAIL;TYPE=INTERNET:jo@example.com\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHR\r\n oeHx4dGhwcICQuJyAiLCMcHCg3KSwwMTQ0NB8nOT04MjwuMzQy\r\nBDAY:1980-01-02\r\nADR;TYPE=HOME:;;Street 1;Town;;123 45;Sweden\r\nitem1.X-ABLABEL:custom\r\nitem2.TEL;TYPE=WORK:+46 31 000\r\nX-FOO;X-P=\"a:b\":bar\r\nCATEGORIES:Friends\r\nEND:VCARD\r\n";

async fn fresh(server: &Server) -> (AddressBooks, CardDavProvider) {
    let books = server.books();
    let book = books.create("Tests").await.unwrap();
    let provider = books.open_bare(&book.id).unwrap();
    (books, provider)
}

async fn put_raw(server: &Server, provider: &CardDavProvider, name: &str, card: &str) {
    let (url, _) = provider.book().await.unwrap();
    let response = server
        .raw("PUT", url.join(name).unwrap().as_str())
        .header("Content-Type", "text/vcard")
        .body(card.to_owned())
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{:?}", response.status());
}

async fn get_raw(server: &Server, provider: &CardDavProvider, name: &str) -> String {
    let (url, _) = provider.book().await.unwrap();
    let response = server
        .raw("GET", url.join(name).unwrap().as_str())
        .send()
        .await
        .unwrap();
    response.text().await.unwrap().replace("\r\n", "\n")
}

fn unfolded(text: &str) -> String {
    text.replace("\n ", "").replace("\n\t", "")
}

async fn unknown_properties_survive(kind: Kind) {
    let server = Server::start(kind);
    let (_, p) = fresh(&server).await;
    put_raw(&server, &p, "foreign.vcf", FOREIGN).await;
    let id = ContactId::new("foreign.vcf");
    let read = p.get(&id, &GetOptions::default()).await.unwrap();
    assert_eq!(read.properties.phone_number(), Some("+46701234567"));
    assert_eq!(read.properties.first_name(), Some("Jo"));
    assert_eq!(read.properties.last_name(), Some("Doe"));
    assert_eq!(read.properties.email(), Some("jo@example.com"));
    assert!(read.labels.contains("Friends"));
    let patch = ContactPatch::new()
        .set("phoneNumber", "+46709999999")
        .set("firstName", "Joanna")
        .set("company", "ACME")
        .remove("email")
        .add_label("VIP");
    let updated = p.update(&id, &patch).await.unwrap();
    assert_eq!(updated.properties.phone_number(), Some("+46709999999"));
    let stored = unfolded(&get_raw(&server, &p, "foreign.vcf").await);
    for kept in [
        "VERSION:3.0",
        "UID:foreign-1",
        "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRoeHx4dGhwcICQuJyAiLCMcHCg3KSwwMTQ0NB8nOT04MjwuMzQy",
        "BDAY:1980-01-02",
        "ADR;TYPE=HOME:;;Street 1;Town;;123 45;Sweden",
        "TEL;TYPE=HOME:+46 8 123 456",
        "TEL;TYPE=CELL:+46709999999",
        "item1.X-ABLABEL:custom",
        "item2.TEL;TYPE=WORK:+46 31 000",
        "X-FOO;X-P=\"a:b\":bar",
        "N:Doe;Joanna;Q.;Dr.;",
        "ORG:ACME",
    ] {
        assert!(
            stored
                .lines()
                .any(|l| l.eq_ignore_ascii_case(kept) || l == kept),
            "{kind:?} lost {kept:?}:\n{stored}"
        );
    }
    assert!(!stored.contains("jo@example.com"), "{stored}");
    let again = p.get(&id, &GetOptions::default()).await.unwrap();
    assert_eq!(again.properties, updated.properties);
    assert_eq!(again.labels, updated.labels);
    assert!(again.labels.contains("Friends") && again.labels.contains("VIP"));
}

async fn concurrent_change_is_a_conflict(kind: Kind) {
    let server = Server::start(kind);
    let (_, p) = fresh(&server).await;
    let created = p
        .create_one(NewContact::new().property("firstName", "Ada"))
        .await
        .unwrap();
    let (_, etag) = p.get_with_etag(&created.id).await.unwrap();
    let etag = etag.expect("servers give ETags");
    // Another client changes the card between our read and our write.
    let theirs = get_raw(&server, &p, created.id.as_str())
        .await
        .replace("FN:Ada", "FN:Ada L.");
    put_raw(&server, &p, created.id.as_str(), &theirs).await;
    let err = p
        .update_if_match(
            &created.id,
            &ContactPatch::new().set("lastName", "Lovelace"),
            &etag,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Conflict { .. }), "{err:?}");
    let err = p.delete_if_match(&created.id, &etag).await.unwrap_err();
    assert!(matches!(err, Error::Conflict { .. }), "{err:?}");
    assert!(
        get_raw(&server, &p, created.id.as_str())
            .await
            .contains("FN:Ada L.")
    );
}

async fn discovery_and_books(kind: Kind) {
    let server = Server::start(kind);
    let books = server.books();
    let home = books.home().await.unwrap();
    let expected_home = match kind {
        Kind::Radicale => "/alice/",
        Kind::Xandikos => "/user/contacts/",
    };
    assert_eq!(home.path(), expected_home);
    let made = books.create("Friends & Family").await.unwrap();
    let listed = books.list().await.unwrap();
    assert!(
        listed
            .iter()
            .any(|b| b.id == made.id && b.name == "Friends & Family"),
        "{listed:?}"
    );
    // Without a book configured, the provider serves the first one; by display name, that one.
    let by_name = server.builder().book("Friends & Family").build().unwrap();
    let (_, id) = by_name.book().await.unwrap();
    assert_eq!(id, made.id);
    books.delete(&made.id).await.unwrap();
    assert!(books.delete(&made.id).await.unwrap_err().is_not_found());
}

async fn sync_collection(kind: Kind) {
    let server = Server::start(kind);
    let (_, p) = fresh(&server).await;
    let first = p
        .create(&[
            NewContact::new().property("firstName", "A"),
            NewContact::new().property("firstName", "B"),
        ])
        .await
        .unwrap();
    assert!(
        p.supports_sync().await.unwrap(),
        "{kind:?} offers sync-collection"
    );
    let initial = p.changes_since(None).await.unwrap();
    assert_eq!(initial.changed.len(), 2);
    assert!(initial.deleted.is_empty());
    p.update(
        &first[0].id,
        &ContactPatch::new().set("lastName", "Changed"),
    )
    .await
    .unwrap();
    p.delete(&first[1].id).await.unwrap();
    let c = p
        .create_one(NewContact::new().property("firstName", "C"))
        .await
        .unwrap();
    let delta = p.changes_since(Some(&initial.token)).await.unwrap();
    let mut changed: Vec<&str> = delta.changed.iter().map(|c| c.id.as_str()).collect();
    changed.sort_unstable();
    let mut want = vec![first[0].id.as_str(), c.id.as_str()];
    want.sort_unstable();
    assert_eq!(changed, want, "only what changed is fetched");
    assert_eq!(delta.deleted, vec![first[1].id.clone()]);
    let quiet = p.changes_since(Some(&delta.token)).await.unwrap();
    assert!(
        quiet.changed.is_empty() && quiet.deleted.is_empty(),
        "{quiet:?}"
    );
    // A token the server does not know: start again without one.
    let bogus = provider_carddav::SyncToken("http://radicale.org/ns/sync/bogus".into());
    let err = p.changes_since(Some(&bogus)).await.unwrap_err();
    assert!(
        matches!(err, Error::InvalidInput { ref field, .. } if field == "sync_token"),
        "{err:?}"
    );
}

async fn listing_and_labels(kind: Kind) {
    let server = Server::start(kind);
    let (_, p) = fresh(&server).await;
    let docs: Vec<NewContact> = (0..25)
        .map(|i| {
            NewContact::new()
                .property("phoneNumber", format!("+4670123{i:04}"))
                .label(if i % 2 == 0 { "Even" } else { "odd" })
        })
        .collect();
    p.create(&docs).await.unwrap();
    let all: Vec<_> = p
        .list(ContactQuery::new().page_size(7))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 25);
    let even: Vec<_> = p
        .list(
            ContactQuery::new()
                .page_size(4)
                .filter(contacts_core::ContactFilter::new().label("Even")),
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(even.len(), 13);
    // A token taken to another instance (no cursor there: a snapshot and multigets) goes on
    // where the first left off: every contact once.
    let query = ContactQuery::new().page_size(10);
    let first = p.list_page(&query, None).await.unwrap();
    let (book, _) = p.book().await.unwrap();
    let other = server.builder().book(book.path()).build().unwrap();
    let mut ids: Vec<String> = first.items.iter().map(|c| c.id.to_string()).collect();
    let mut token = first.next;
    while let Some(t) = token {
        let page = other.list_page(&query, Some(t)).await.unwrap();
        ids.extend(page.items.iter().map(|c| c.id.to_string()));
        token = page.next;
    }
    let all_ids: std::collections::BTreeSet<String> =
        all.iter().map(|c| c.id.to_string()).collect();
    assert_eq!(ids.len(), 25, "{ids:?}");
    assert_eq!(
        ids.iter()
            .cloned()
            .collect::<std::collections::BTreeSet<_>>(),
        all_ids
    );
    // A valid E.164 number goes as a tel: URI and reads back exactly.
    let raw = get_raw(&server, &p, all[0].id.as_str()).await;
    assert!(raw.to_ascii_lowercase().contains("tel:+4670123"), "{raw}");
}

async fn a_batch_is_checked_whole(kind: Kind) {
    let server = Server::start(kind);
    let (_, p) = fresh(&server).await;
    let err = p
        .create(&[
            NewContact::new().property("firstName", "fine"),
            NewContact::new().property("firstName", "carriage\rreturn"),
        ])
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidInput { ref field, .. } if field == "contacts[1].properties.firstName"),
        "{err:?}"
    );
    let all: Vec<_> = p.list(ContactQuery::new()).try_collect().await.unwrap();
    assert!(all.is_empty(), "nothing is written: {all:?}");
}

macro_rules! on_both {
    ($($name:ident => $body:ident;)*) => {
        mod radicale {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$body(super::Kind::Radicale).await;
                }
            )*
        }
        mod xandikos {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$body(super::Kind::Xandikos).await;
                }
            )*
        }
    };
}

on_both! {
    unknown_properties_survive_an_update => unknown_properties_survive;
    a_change_elsewhere_between_read_and_write_is_a_conflict => concurrent_change_is_a_conflict;
    discovery_finds_the_home_and_its_books => discovery_and_books;
    sync_collection_gives_only_what_changed => sync_collection;
    pages_filters_and_tel_uris => listing_and_labels;
    a_batch_with_one_bad_value_writes_nothing => a_batch_is_checked_whole;
}
