//! 2,000 contacts listed page by page in flat memory: the provider holds one page of vCards at
//! a time (and a bounded read-ahead), never the whole book. The only test of this binary, so
//! nothing else moves the process's resident memory while it measures.

use provider_carddav::testing as common;

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
