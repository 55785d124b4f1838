//! `testing::Server::seed_xandikos`: cards committed straight into a Xandikos book's git
//! repository are served as if they had been `PUT` (listed through the provider, in the
//! change feed since an earlier token), with the same text `seed_radicale` writes, so that
//! benches on the two servers measure the same cards.

use provider_carddav::testing as common;

use common::{Kind, Server};
use contacts_core::optional::ChangeFeed;
use contacts_core::{Contact, ContactProvider, ContactQuery};

fn phones(contacts: &[Contact]) -> Vec<String> {
    let mut phones: Vec<String> = contacts
        .iter()
        .map(|c| {
            c.properties
                .get("phoneNumber")
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    phones.sort_unstable();
    phones
}

/// The book is open on the server (its token asked for) before the seeding, as in the
/// bench: the running server must see the commit without a restart.
#[tokio::test]
async fn xandikos_serves_the_cards_committed_into_its_git_store() {
    let server = Server::start(Kind::Xandikos);
    let books = server.books();
    let book = books.create("Seeded").await.unwrap();
    let provider = books.open(&book.id).unwrap();
    let feed: &dyn ChangeFeed = provider.change_feed().expect("CardDAV has a change feed");
    let before = feed.current_token().await.unwrap();

    server.seed_xandikos(book.id.as_str(), 50, 40);

    let listed = contacts_testkit::listed(&provider, ContactQuery::new()).await;
    let expected: Vec<String> = (0..50).map(|i| format!("+4670{i:07}")).collect();
    assert_eq!(phones(&listed), expected, "every seeded card, listed once");
    let seventh = listed
        .iter()
        .find(|c| c.properties.get("phoneNumber") == Some("+46700000007"))
        .unwrap();
    assert_eq!(seventh.properties.get("email"), Some("p7@example.com"));
    assert_eq!(seventh.properties.get("company"), Some("ACME"));
    assert!(seventh.labels.contains("Seeded"), "{seventh:?}");

    let after = feed.current_token().await.unwrap();
    assert_ne!(before, after, "the seeding moved the book's sync token");
    let changes = feed.changes_since(&before).await.unwrap();
    assert_eq!(
        phones(&changes.changed),
        expected,
        "the seeded cards are changes"
    );
    assert!(changes.deleted.is_empty(), "{:?}", changes.deleted);
    let quiet = feed.changes_since(&after).await.unwrap();
    assert!(
        quiet.changed.is_empty() && quiet.deleted.is_empty(),
        "nothing since the token after the seeding: {quiet:?}"
    );
}

/// What `seed_radicale` writes (the file in Radicale's storage; Radicale gives out its own
/// serialisation) is what Xandikos, seeded alike, gives out (it keeps a card as written).
#[tokio::test]
async fn both_servers_are_seeded_with_the_same_cards() {
    let radicale = Server::start(Kind::Radicale);
    let book = radicale.books().create("Seeded").await.unwrap();
    radicale.seed_radicale(book.id.as_str(), 3, 12);
    let file = radicale
        .storage()
        .join("collection-root")
        .join(book.id.as_str().trim_matches('/'))
        .join("card-00002.vcf");
    let written = std::fs::read_to_string(file).unwrap();

    let xandikos = Server::start(Kind::Xandikos);
    let book = xandikos.books().create("Seeded").await.unwrap();
    xandikos.seed_xandikos(book.id.as_str(), 3, 12);
    let url = xandikos.url(&format!("{}card-00002.vcf", book.id.as_str()));
    let answer = xandikos.raw("GET", &url).send().await.unwrap();
    assert!(answer.status().is_success(), "{answer:?}");
    let served = answer.text().await.unwrap();
    assert!(served.contains("UID:seed-2\r\n"), "{served}");
    assert_eq!(served, written);
}
