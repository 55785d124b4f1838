//! The provider against both real servers: what the model does not know survives an update,
//! ETags turn a concurrent change into `Conflict`, discovery (`sync-collection` is in
//! `tests/changes.rs`).

use provider_carddav::testing as common;

use common::{Kind, Server};
use contacts_core::card::Card;
use contacts_core::{
    ContactId, ContactPatch, ContactProvider, ContactProviderExt, ContactQuery, Error, GetOptions,
    NewContact,
};
use contacts_formats::semantic_diff;
use contacts_formats::vcard::read_one;
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
    get_exact(server, provider, name)
        .await
        .replace("\r\n", "\n")
}

/// The stored text as the server gives it out.
async fn get_exact(server: &Server, provider: &CardDavProvider, name: &str) -> String {
    let (url, _) = provider.book().await.unwrap();
    let response = server
        .raw("GET", url.join(name).unwrap().as_str())
        .send()
        .await
        .unwrap();
    response.text().await.unwrap()
}

/// The cards of a real-world-shaped export in `contacts-formats`' fixtures, each as its text.
fn fixture(file: &str) -> Vec<String> {
    let path = format!(
        "{}/../contacts-formats/tests/data/vcf/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.split_inclusive("END:VCARD\r\n")
        .map(str::to_owned)
        .collect()
}

/// The media of a card (photos, logos): their URIs, inline bytes included as `data:` URIs,
/// sorted (Radicale sorts a card's properties when it stores it).
fn media(card: &Card) -> Vec<String> {
    let mut uris: Vec<String> = card.media.values().map(|m| m.uri.clone()).collect();
    uris.sort_unstable();
    uris
}

/// What `contacts_formats::semantic_diff` reports for a card written by the workspace's writer
/// that is not a change made here: calcard 0.3 reads DAVx5's `ROLE` beside an `ORG` as a title
/// of that organisation and writes the link back as a `JSPROP` the original did not have
/// (reported for contacts-formats; the link is data the reader made, not lost data).
const WRITER_ADDS: [&str; 1] = ["only in the second: JSPROP;JSPTR=titles/k2/organizationId:\"k1\""];

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
    let (_, id) = by_name.get_ref().get_ref().book().await.unwrap();
    assert_eq!(id, made.id);
    books.delete(&made.id).await.unwrap();
    assert!(books.delete(&made.id).await.unwrap_err().is_not_found());
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
    let all = contacts_testkit::listed(&p, ContactQuery::new().page_size(7)).await;
    assert_eq!(all.len(), 25);
    let even = contacts_testkit::listed(
        &p,
        ContactQuery::new()
            .page_size(4)
            .filter(contacts_core::ContactFilter::new().label("Even")),
    )
    .await;
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
    // A number reads back exactly as written.
    let mut numbers: Vec<&str> = all
        .iter()
        .filter_map(|c| c.properties.phone_number())
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers.len(), 25);
    assert_eq!(numbers[0], "+46701230000");
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
    let all = contacts_testkit::listed(&p, ContactQuery::new()).await;
    assert!(all.is_empty(), "nothing is written: {all:?}");
}

/// Rich cards as Apple Contacts (3.0) and DAVx5/Nextcloud (4.0) write them, created through
/// the provider: every property reads back (compared property by property, parameters and
/// groups included), the UID is kept, a 3.0 card stays 3.0 on the server, photos come back
/// byte for byte. Radicale (vobject 0.9) lists only vCard 3.0 in `supported-address-data`, so
/// a 4.0 card goes there as 3.0 (its flat view, UID and photo still equal); the 4.0 form,
/// `PHOTO:data:` URI included, is proven on Xandikos.
async fn rich_cards_read_back_whole(kind: Kind) {
    let server = Server::start(kind);
    let (_, p) = fresh(&server).await;
    for file in ["apple_contacts_3.0.vcf", "vcard_4.0_rich.vcf"] {
        for original in fixture(file) {
            let (card, _) = read_one(&original).unwrap();
            let created = p
                .create_one(NewContact::from_card(card.clone()))
                .await
                .unwrap();
            let uid = created.card.as_ref().and_then(|c| c.uid.clone());
            assert!(uid.is_some(), "a card gets a UID");
            if card.uid.is_some() {
                assert_eq!(uid, card.uid, "{file}: the UID is kept");
            }
            let read = p.get(&created.id, &GetOptions::default()).await.unwrap();
            let got = read
                .card
                .as_deref()
                .expect("a contact is read with its card");
            assert_eq!(got.uid, uid, "{file}");
            assert_eq!(read.properties, card.flat_properties(), "{file}");
            assert_eq!(read.labels, card.flat_labels(), "{file}");
            assert_eq!(media(got), media(&card), "{file}: photos byte for byte");
            assert_eq!(read.properties, created.properties, "{file}");
            if kind == Kind::Xandikos {
                // Xandikos stores the text as sent; Radicale sorts the properties, so the ids
                // of its entries (`k1`, `k2`) come back in another order.
                assert_eq!(read.card, created.card, "what create returned is stored");
            }
            let stored = get_exact(&server, &p, created.id.as_str()).await;
            let v3 = original.contains("\r\nVERSION:3.0\r\n");
            {
                // A card without a UID was given one.
                let with_uid = match card.uid {
                    Some(_) => original.clone(),
                    None => original.replacen(
                        "END:VCARD",
                        &format!("UID:{}\r\nEND:VCARD", uid.as_deref().unwrap_or("")),
                        1,
                    ),
                };
                let mut diff = semantic_diff(&with_uid, &stored);
                diff.retain(|d| !WRITER_ADDS.contains(&d.as_str()));
                assert!(diff.is_empty(), "{kind:?} {file}: {diff:#?}\n{stored}");
            }
            // Each card in its own version, on both servers: Radicale lists only 3.0 as
            // supported but stores 4.0 (a 4.0 inline photo goes with its comma escaped, which
            // Radicale keeps).
            let version = if v3 { "3.0" } else { "4.0" };
            assert!(
                stored.contains(&format!("VERSION:{version}\r\n")),
                "{kind:?} {file}: {stored}"
            );
        }
    }
}

/// A flat patch of `email` on a rich card another client wrote changes that line and no
/// other: the line editor keeps every other line as the server stored it.
async fn a_flat_patch_changes_only_its_line(kind: Kind) {
    let server = Server::start(kind);
    let (_, p) = fresh(&server).await;
    // Radicale takes no card without a UID.
    let original = fixture("apple_contacts_3.0.vcf")[0].replacen(
        "VERSION:3.0\r\n",
        "VERSION:3.0\r\nUID:apple-1\r\n",
        1,
    );
    put_raw(&server, &p, "apple.vcf", &original).await;
    let id = ContactId::new("apple.vcf");
    let before = get_exact(&server, &p, "apple.vcf").await;
    let patch = ContactPatch::new().set("email", "linnea@example.net");
    let updated = p.update(&id, &patch).await.unwrap();
    assert_eq!(updated.properties.email(), Some("linnea@example.net"));
    let after = get_exact(&server, &p, "apple.vcf").await;
    let lines = |text: &str| -> Vec<String> {
        unfolded(&text.replace("\r\n", "\n"))
            .lines()
            .map(str::to_owned)
            .collect()
    };
    let (was, now) = (lines(&before), lines(&after));
    let gone: Vec<&String> = was.iter().filter(|l| !now.contains(l)).collect();
    let came: Vec<&String> = now.iter().filter(|l| !was.contains(l)).collect();
    // One line changed: the preferred e-mail's, its parameters as the server stored them.
    assert_eq!(gone.len(), 1, "{kind:?}:\n{after}");
    assert!(
        gone[0].starts_with("EMAIL;") && gone[0].ends_with(":linnea.bergstrom@example.com"),
        "{gone:?}"
    );
    let want = gone[0].replace("linnea.bergstrom@example.com", "linnea@example.net");
    assert_eq!(came, [&want], "{kind:?}:\n{after}");
    // The contact returned is the whole card as stored: photo, second address and all.
    let card = updated.card.as_deref().expect("the card is returned whole");
    let (wanted, _) = read_one(&original).unwrap();
    assert_eq!(media(card), media(&wanted));
    assert_eq!(card.emails.len(), 2);
    assert_eq!(card.uid.as_deref(), Some("apple-1"));
    let again = p.get(&id, &GetOptions::default()).await.unwrap();
    assert_eq!(again.properties, updated.properties);
    assert_eq!(again.card, updated.card);
}

/// A custom flat key is a `JSPROP` of the card (RFC 9555 §3.2.2): it is stored, changed and
/// removed like any property.
async fn custom_keys_round_trip(kind: Kind) {
    let server = Server::start(kind);
    let (_, p) = fresh(&server).await;
    let doc = NewContact::new()
        .property("firstName", "Ada")
        .property("shoeSize", " 38, EU; \"narrow\" ")
        .property("Custom Key", "x-ref\\1");
    let created = p.create_one(doc.clone()).await.unwrap();
    assert_eq!(created.properties, doc.properties);
    let stored = unfolded(&get_raw(&server, &p, created.id.as_str()).await);
    assert!(
        stored.contains("JSPROP;JSPTR=\"contacts-rs.github.io:shoeSize\":"),
        "{stored}"
    );
    let read = p.get(&created.id, &GetOptions::default()).await.unwrap();
    assert_eq!(read.properties, doc.properties);
    let patch = ContactPatch::new()
        .set("shoeSize", "39")
        .remove("Custom Key");
    let updated = p.update(&created.id, &patch).await.unwrap();
    let again = p.get(&created.id, &GetOptions::default()).await.unwrap();
    assert_eq!(again.properties, updated.properties);
    assert_eq!(again.properties.get("shoeSize"), Some("39"));
    assert_eq!(again.properties.get("Custom Key"), None);
    assert_eq!(again.properties.first_name(), Some("Ada"));
}

contacts_testkit::on_both! {
    unknown_properties_survive_an_update => unknown_properties_survive;
    a_change_elsewhere_between_read_and_write_is_a_conflict => concurrent_change_is_a_conflict;
    discovery_finds_the_home_and_its_books => discovery_and_books;
    pages_filters_and_tel_uris => listing_and_labels;
    a_batch_with_one_bad_value_writes_nothing => a_batch_is_checked_whole;
    rich_cards_read_back_with_every_property => rich_cards_read_back_whole;
    a_flat_patch_of_email_changes_only_that_line => a_flat_patch_changes_only_its_line;
    custom_keys_round_trip_as_jsprop => custom_keys_round_trip;
}

/// A card over the book's `max-resource-size` (Radicale's `max_resource_size`, which it
/// advertises and answers with `412` when exceeded) is refused for that contact, naming its
/// size and the limit, before anything is sent; the others of the batch are created.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn radicale_a_card_over_the_books_size_limit_is_refused_naming_both() {
    let server = Server::start_with(Kind::Radicale, &["--server-max-resource-size", "4000"]);
    let (_, p) = fresh(&server).await;
    let photo = "A".repeat(6000);
    let mut big = Card::new();
    big.set_property("firstName", Some("Big"));
    big.media.insert(
        "p1",
        contacts_core::card::Media {
            kind: "photo".into(),
            uri: format!("data:image/jpeg;base64,{photo}"),
            ..Default::default()
        },
    );
    let err = p
        .create(&[
            NewContact::new().property("firstName", "Small"),
            NewContact::from_card(big),
        ])
        .await
        .unwrap_err();
    let Error::PartialFailure(report) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(report.created.len(), 1);
    let (index, refused) = &report.failed[0];
    assert_eq!(*index, 1);
    let Error::InvalidInput { field, reason } = refused else {
        panic!("{refused:?}")
    };
    assert_eq!(field, "card");
    assert!(
        reason.contains("over the address book's limit of 4000 bytes"),
        "{reason}"
    );
    let all = contacts_testkit::listed(&p, ContactQuery::new()).await;
    assert_eq!(all.len(), 1, "only the small card is stored");
}
