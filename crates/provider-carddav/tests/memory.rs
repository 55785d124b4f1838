//! 2,000 contacts listed page by page in flat memory: the provider holds one page of vCards at
//! a time (and the members' names), never the whole book.

mod common;

use common::{Kind, Server};
use contacts_core::{ContactProvider, ContactQuery};

/// Resident memory of this process, from `/proc/self/statm` (pages of 4 KiB).
fn rss_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("/proc/self/statm");
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .expect("resident pages");
    pages * 4096
}

#[tokio::test(flavor = "current_thread")]
async fn two_thousand_contacts_are_listed_in_flat_memory() {
    const CARDS: usize = 2_000;
    const NOTE: usize = 8_000;
    let server = Server::start(Kind::Radicale);
    let books = server.books();
    let book = books.create("Memory").await.unwrap();
    // 2,000 cards of about 8 KB each: 16 MB in all, well above what one page holds.
    server.seed_radicale(book.id.as_str(), CARDS, NOTE);
    let provider = books.open(&book.id).unwrap();
    let query = ContactQuery::new().page_size(100);
    let mut token = None;
    let (mut listed, mut pages) = (0, 0);
    let mut settled = 0;
    let mut peak = 0;
    loop {
        let page = provider.list_page(&query, token).await.unwrap();
        listed += page.items.len();
        pages += 1;
        token = page.next;
        let now = rss_bytes();
        if pages == 3 {
            settled = now;
        }
        peak = peak.max(now);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(listed, CARDS);
    let growth = peak.saturating_sub(settled);
    println!(
        "{pages} pages: resident {} MB after 3 pages, peak {} MB, growth {} KB",
        settled / 1_000_000,
        peak / 1_000_000,
        growth / 1000
    );
    // Holding every card would take 16 MB more; a page of 100 takes under 1 MB.
    assert!(
        growth < 6_000_000,
        "memory grew by {growth} bytes while listing {CARDS} contacts of {NOTE} bytes"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listing_goes_on_when_its_transfer_times_out_between_pages() {
    const CARDS: usize = 1_500;
    let server = Server::start(Kind::Radicale);
    let books = server.books();
    let book = books.create("Slow reader").await.unwrap();
    server.seed_radicale(book.id.as_str(), CARDS, 8_000);
    // Warm the server's cache, so the listing's first answer comes at once.
    let warm = server
        .raw("PROPFIND", &server.url(book.id.as_str()))
        .header("Depth", "1")
        .send()
        .await
        .unwrap();
    assert!(warm.status().is_success());
    let provider = server
        .builder()
        .book(book.id.as_str())
        .client_options(
            contacts_http::ClientOptions::default()
                .request_timeout(std::time::Duration::from_secs(2)),
        )
        .build()
        .unwrap();
    let query = ContactQuery::new().page_size(200);
    let mut token = None;
    let mut ids = std::collections::BTreeSet::new();
    let mut pages = 0;
    loop {
        let page = provider.list_page(&query, token).await.unwrap();
        pages += 1;
        ids.extend(page.items.into_iter().map(|c| c.id));
        token = page.next;
        if token.is_none() {
            break;
        }
        if pages == 2 {
            // The caller takes its time: the streamed answer outlives the request timeout.
            tokio::time::sleep(std::time::Duration::from_secs(3)).await;
        }
    }
    assert_eq!(ids.len(), CARDS, "every contact once, after {pages} pages");
}
