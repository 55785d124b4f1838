//! Listing 10,000 vCards through the provider against a hand-written `REPORT` for the same
//! cards on the same server (Radicale), which the provider must match at 0.8x or better.
//!
//! The baseline is one `addressbook-query` `REPORT` asking for every card's ETag and address
//! data, its body read whole: the least a client can do to get every card. The provider lists
//! with pages of its maximum size (a name snapshot, then one `addressbook-multiget` per page),
//! maps every card to the model, and holds one page at a time.
//!
//! `cargo bench -p provider-carddav --bench listing` (needs `bash .ci/dav-servers`);
//! `CARDDAV_BENCH_CARDS` changes the count. Exits non-zero below 0.8x.

use provider_carddav::testing as common;

use common::{Kind, Server};
use contacts_core::{ContactProviderExt, ContactQuery};
use futures::TryStreamExt;
use provider_carddav::MAX_PAGE_SIZE;
use std::time::{Duration, Instant};

const QUERY: &str = r#"<?xml version="1.0" encoding="utf-8"?><c:addressbook-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/><c:address-data/></d:prop></c:addressbook-query>"#;

async fn by_hand(client: &reqwest::Client, url: &str) -> (usize, Duration) {
    let started = Instant::now();
    let body = client
        .request(
            reqwest::Method::from_bytes(b"REPORT").expect("a method"),
            url,
        )
        .basic_auth(common::USER, Some(common::PASSWORD))
        .header("Depth", "1")
        .header("Content-Type", "application/xml; charset=utf-8")
        .body(QUERY)
        .send()
        .await
        .expect("the REPORT")
        .bytes()
        .await
        .expect("its body");
    let elapsed = started.elapsed();
    let text = String::from_utf8_lossy(&body);
    (text.matches("BEGIN:VCARD").count(), elapsed)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let cards: usize = std::env::var("CARDDAV_BENCH_CARDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let rounds = 5;
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let ratio = runtime.block_on(async {
        let server = Server::start(Kind::Radicale);
        let books = server.books();
        let book = books.create("Bench").await.expect("a book");
        server.seed_radicale(book.id.as_str(), cards, 40);
        let provider = books.open(&book.id).expect("a provider");
        let url = server.url(book.id.as_str());
        // One client, its connection reused, as the provider's is.
        let client = reqwest::Client::new();
        // Warm the server's item cache once, so both sides read the same cached items.
        assert_eq!(by_hand(&client, &url).await.0, cards);
        let (mut hand, mut ours) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            let (n, t) = by_hand(&client, &url).await;
            assert_eq!(n, cards);
            hand.push(t);
            let started = Instant::now();
            let listed: usize = provider
                .list(ContactQuery::new().page_size(MAX_PAGE_SIZE))
                .try_fold(0, |n, _| async move { Ok(n + 1) })
                .await
                .expect("the listing");
            ours.push(started.elapsed());
            assert_eq!(listed, cards);
        }
        let (hand, ours) = (median(hand), median(ours));
        let ratio = hand.as_secs_f64() / ours.as_secs_f64();
        println!(
            "listing {cards} vCards on Radicale: hand-written REPORT {:.0} ms, provider {:.0} ms \
             (median of {rounds}); provider speed {ratio:.2}x the REPORT's",
            hand.as_secs_f64() * 1e3,
            ours.as_secs_f64() * 1e3
        );
        ratio
        // The server is killed here, before any exit.
    });
    if ratio < 0.8 {
        eprintln!("below the 0.8x the provider must keep");
        std::process::exit(1);
    }
}
