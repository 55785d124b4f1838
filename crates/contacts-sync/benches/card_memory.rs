//! Issue #29 item 8: a first sync of a book of cards with 100 KB inline photos stays in flat
//! memory: the peak for 2,000 cards is at most 1.5x the peak for 200.
//!
//! A counting global allocator records the peak of live heap bytes above the level before the
//! sync starts (the source, an `InMemoryProvider` holding every card, is below that level).
//! The target stores cards (an `InMemoryProvider`) but keeps each photo as a short link
//! instead of its bytes: a store that holds the photos elsewhere (a server, a file), as every
//! real target does, so the figure is the sync's own memory and not the target's contents.
//! The sync lists the source in pages, keeps what it listed in its scratch file, and writes
//! batches bounded in bytes.
//!
//! Run: `cargo bench -p contacts-sync --bench card_memory` (`CONTACTS_BENCH_CARDS` sets the
//! larger book, default 2,000; the smaller is a tenth). Figures go to docs/performance.md.

mod common;

use async_trait::async_trait;
use contacts_core::card::Card;
use contacts_core::{
    Contact, ContactId, ContactProvider, ContactProviderExt, InMemoryProvider, NewContact, Result,
};
use contacts_sync::{State, SyncOptions, execute, plan};
use contacts_testkit::bench;
use peak_alloc::PeakAlloc;
use serde_json::json;

/// Counts live heap bytes and their peak.
#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

/// Base64 of a 100 KB photo: 136,536 characters.
const PHOTO_CHARS: usize = 102_400usize.div_ceil(3) * 4;

/// Card `i`, its photo inline.
fn card(i: usize) -> NewContact {
    let fill = char::from(b'A' + (i % 26) as u8);
    let card: Card = serde_json::from_value(json!({
        "@type": "Card",
        "version": "1.0",
        "uid": format!("urn:uuid:00000000-0000-4000-8000-{i:012}"),
        "name": {"components": [{"kind": "given", "value": format!("Person {i}")}]},
        "phones": {"p1": {"number": format!("+4670{i:07}")}},
        "media": {"m1": {"kind": "photo", "mediaType": "image/jpeg",
            "uri": format!("data:image/jpeg;base64,{}", fill.to_string().repeat(PHOTO_CHARS))}}
    }))
    .unwrap();
    NewContact::from_card(card)
}

/// A store of cards that keeps photos as links (see the module docs).
#[derive(Debug)]
struct PhotosElsewhere {
    inner: InMemoryProvider,
}

fn linked(doc: &NewContact) -> NewContact {
    let mut doc = doc.clone();
    if let Some(card) = &mut doc.card {
        for media in card.media.values_mut() {
            media.uri = "https://photos.invalid/p.jpg".into();
        }
    }
    doc
}

#[async_trait]
impl ContactProvider for PhotosElsewhere {
    contacts_core::provider_identity!(inner inner);
    contacts_core::forward_provider!(inner: get, list_page, update, delete, delete_matching);

    async fn create(&self, contacts: &[NewContact]) -> Result<Vec<Contact>> {
        let docs: Vec<NewContact> = contacts.iter().map(linked).collect();
        self.inner.create(&docs).await
    }
    async fn replace(&self, id: &ContactId, contact: &NewContact) -> Result<Contact> {
        self.inner.replace(id, &linked(contact)).await
    }
}

/// The peak live heap bytes above the level before a first sync of `n` cards, and the time.
fn peak_for(n: usize) -> (usize, f64) {
    let runtime = common::runtime();
    runtime.block_on(async {
        let source = InMemoryProvider::new();
        for chunk in (0..n).collect::<Vec<_>>().chunks(100) {
            let docs: Vec<NewContact> = chunk.iter().map(|i| card(*i)).collect();
            source.create(&docs).await.unwrap();
        }
        let target = PhotosElsewhere {
            inner: InMemoryProvider::new(),
        };
        let dir = tempfile::tempdir().unwrap();
        let state = State::open(&dir.path().join("state.db")).unwrap();
        let options = SyncOptions::default();
        let base = ALLOCATOR.current_usage();
        ALLOCATOR.reset_peak_usage();
        let started = std::time::Instant::now();
        let p = plan(&source, &target, &state, &options).await.unwrap();
        let outcome = execute(&p, &source, &target, &state, &options, &mut |_| {})
            .await
            .unwrap();
        let took = started.elapsed().as_secs_f64();
        assert_eq!((outcome.created, outcome.failed.len()), (n, 0));
        assert_eq!(target.inner.len(), n);
        let one = target
            .inner
            .get_by_phone("+46700000001")
            .await
            .unwrap()
            .unwrap();
        assert!(one.card.is_some_and(|c| c.media.len() == 1), "cards arrive");
        (ALLOCATOR.peak_usage().saturating_sub(base), took)
    })
}

fn main() {
    if !bench::measuring("card_memory") {
        return;
    }
    let large = bench::env_count("CONTACTS_BENCH_CARDS", 2000);
    let small = large / 10;
    let (small_peak, small_took) = peak_for(small);
    let (large_peak, large_took) = peak_for(large);
    let ratio = large_peak as f64 / small_peak as f64;
    let verdict = bench::verdict(ratio <= 1.5);
    let mib = |b: usize| b as f64 / 1_048_576.0;
    println!(
        "card_memory: first sync of cards with 100 KB inline photos between two in-memory \
         stores: peak {:.1} MiB for {small} ({small_took:.2}s), {:.1} MiB for {large} \
         ({large_took:.2}s) = {ratio:.2}x (target <= 1.5x) — {verdict} the target",
        mib(small_peak),
        mib(large_peak)
    );
}
