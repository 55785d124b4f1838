//! Sync at scale, each figure against its baseline in the same run:
//!
//! 1. the first one-way sync of N contacts (default 100,000) from the iP1 emulator into a fresh
//!    local store, against listing the N contacts from the emulator;
//! 2. a sync with no change (zero writes), against listing both sides.
//!
//! Run: `cargo bench -p contacts-sync --bench sync` (`CONTACTS_BENCH_N` sets N). Figures go to
//! docs/performance.md.

use contacts_core::{ContactProvider, ContactProviderExt, ContactQuery, ProviderConfig};
use contacts_emulator::ip1::Ip1Emulator;
use contacts_sync::{State, SyncOptions, execute, plan};
use futures::TryStreamExt;
use serde_json::json;
use std::time::{Duration, Instant};

async fn count(provider: &dyn ContactProvider) -> usize {
    let all: Vec<_> = provider
        .list(ContactQuery::new())
        .try_collect()
        .await
        .unwrap();
    all.len()
}

async fn timed<T>(work: impl std::future::Future<Output = T>) -> (T, Duration) {
    let started = Instant::now();
    let out = work.await;
    (out, started.elapsed())
}

async fn sync(source: &dyn ContactProvider, target: &dyn ContactProvider, state: &State) -> usize {
    let options = SyncOptions::default();
    let p = plan(source, target, state, &options).await.unwrap();
    execute(&p, source, target, state, &options, &mut |_| {})
        .await
        .unwrap();
    p.writes()
}

async fn run(n: usize) {
    let emu = Ip1Emulator::builder()
        .api_key("bench")
        .start()
        .await
        .unwrap();
    let docs = (0..n)
        .map(|i| json!({"properties": {"phoneNumber": format!("+4670{:07}", i), "firstName": format!("Person {i}")}}))
        .collect();
    emu.seed(docs);
    let config = ProviderConfig::new()
        .with("api_key", "bench")
        .with("base_url", emu.base_url())
        .with("rate_limit", "0");
    let ip1 = provider_ip1::from_config(&config).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let local = provider_sqlite::SqliteProvider::builder()
        .path(dir.path().join("local.db"))
        .build()
        .unwrap();
    let state = State::open(&dir.path().join("state.db")).unwrap();

    let (listed, list_one) = timed(count(&ip1)).await;
    assert_eq!(listed, n);
    let (writes, first) = timed(sync(&ip1, &local, &state)).await;
    assert_eq!(writes, n, "every contact created");
    assert_eq!(count(&local).await, n);
    println!(
        "first sync of {n}: {:.2?} vs listing the source {:.2?} ({:.1}x)",
        first,
        list_one,
        first.as_secs_f64() / list_one.as_secs_f64()
    );

    let ((a, b), list_both) = timed(async { (count(&ip1).await, count(&local).await) }).await;
    assert_eq!((a, b), (n, n));
    let (writes, again) = timed(sync(&ip1, &local, &state)).await;
    assert_eq!(writes, 0, "a sync with no change writes nothing");
    println!(
        "no-change sync of {n}: {:.2?} vs listing both sides {:.2?} ({:.1}x), 0 writes",
        again,
        list_both,
        again.as_secs_f64() / list_both.as_secs_f64()
    );
}

fn main() {
    let n = std::env::var("CONTACTS_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(run(n));
}
