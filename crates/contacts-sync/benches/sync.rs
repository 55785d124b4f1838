//! Sync at scale, each figure against its baseline measured in the same run, interleaved, the
//! median of several rounds (ratios per round, so machine noise cancels):
//!
//! a. the first one-way sync of N contacts (default 100,000) from the iP1 emulator into a fresh
//!    local store, against listing the N contacts from the emulator (target ≤ 1.5x); with the
//!    breakdown (planning, executing) and the floor: the local store creating the same N
//!    contacts in batches of 500 with nothing else around it;
//! b. a sync with no change (zero writes), against listing both sides (target ≤ 1.2x).
//!
//! Run: `cargo bench -p contacts-sync --bench sync` (`CONTACTS_BENCH_N` sets N,
//! `CONTACTS_BENCH_ROUNDS` the rounds, default 3). Figures go to docs/performance.md.

use contacts_core::{
    ContactProvider, ContactProviderExt, ContactQuery, NewContact, ProviderConfig,
};
use contacts_emulator::ip1::Ip1Emulator;
use contacts_sync::{State, SyncOptions, execute, plan};
use futures::TryStreamExt;
use serde_json::json;
use std::time::{Duration, Instant};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

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

/// CPU seconds this process has used (user and system, all threads; Linux), to tell where
/// the work goes when the machine is shared.
fn cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command.
    (ticks(11) + ticks(12)) / 100.0
}

/// Plans and executes; the number of writes, and the time spent planning.
async fn sync(
    source: &dyn ContactProvider,
    target: &dyn ContactProvider,
    state: &State,
) -> (usize, Duration) {
    let options = SyncOptions::default();
    let c0 = cpu();
    let (p, planning) = timed(plan(source, target, state, &options)).await;
    let p = p.unwrap();
    let c1 = cpu();
    execute(&p, source, target, state, &options, &mut |_| {})
        .await
        .unwrap();
    let c2 = cpu();
    println!(
        "  (cpu: planning {:.2}s, executing {:.2}s)",
        c1 - c0,
        c2 - c1
    );
    (p.writes(), planning)
}

fn local(dir: &std::path::Path, name: &str) -> impl ContactProvider + use<> {
    provider_sqlite::SqliteProvider::builder()
        .path(dir.join(format!("{name}.db")))
        .build()
        .unwrap()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn verdict(ratio: f64, limit: f64) -> &'static str {
    if ratio <= limit {
        "meets the target"
    } else {
        "MISSES the target"
    }
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

#[derive(Default)]
struct Figures {
    first: Vec<f64>,
    list_source: Vec<f64>,
    first_ratio: Vec<f64>,
    planning: Vec<f64>,
    floor: Vec<f64>,
    again: Vec<f64>,
    list_both: Vec<f64>,
    again_ratio: Vec<f64>,
}

async fn first_and_again(n: usize, rounds: usize) {
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
    let as_new: Vec<NewContact> = ip1
        .list(ContactQuery::new())
        .map_ok(|c| c.to_new())
        .try_collect()
        .await
        .unwrap();

    let mut f = Figures::default();
    for round in 0..rounds {
        let dir = tempfile::tempdir().unwrap();
        let target = local(dir.path(), "local");
        let state = State::open(&dir.path().join("state.db")).unwrap();
        // Baseline first in even rounds, last in odd ones.
        let mut list_source = Duration::ZERO;
        if round % 2 == 0 {
            let c0 = cpu();
            let (listed, took) = timed(count(&ip1)).await;
            assert_eq!(listed, n);
            list_source = took;
            println!("  (cpu: listing the source {:.2}s)", cpu() - c0);
        }
        let ((writes, planning), first) = timed(sync(&ip1, &target, &state)).await;
        assert_eq!(writes, n, "every contact created");
        if round % 2 == 1 {
            let (listed, took) = timed(count(&ip1)).await;
            assert_eq!(listed, n);
            list_source = took;
        }
        let floor_store = local(dir.path(), "floor");
        let c0 = cpu();
        let ((), floor) = timed(async {
            for chunk in as_new.chunks(500) {
                floor_store.create(chunk).await.unwrap();
            }
        })
        .await;
        drop(floor_store);
        println!(
            "  (cpu: the local store alone creating {n}: {:.2}s)",
            cpu() - c0
        );

        let list_both_of = || async { (count(&ip1).await, count(&target).await) };
        let mut list_both = Duration::ZERO;
        if round % 2 == 0 {
            let (counts, took) = timed(list_both_of()).await;
            assert_eq!(counts, (n, n));
            list_both = took;
        }
        let ((writes, _), again) = timed(sync(&ip1, &target, &state)).await;
        assert_eq!(writes, 0, "a sync with no change writes nothing");
        if round % 2 == 1 {
            let (counts, took) = timed(list_both_of()).await;
            assert_eq!(counts, (n, n));
            list_both = took;
        }
        println!(
            "round {round}: first sync {:.2}s (planning {:.2}s) / listing the source {:.2}s = {:.2}x; \
             local store alone creating {n}: {:.2}s; no-change sync {:.2}s / listing both {:.2}s = {:.2}x",
            secs(first),
            secs(planning),
            secs(list_source),
            secs(first) / secs(list_source),
            secs(floor),
            secs(again),
            secs(list_both),
            secs(again) / secs(list_both),
        );
        f.first.push(secs(first));
        f.list_source.push(secs(list_source));
        f.first_ratio.push(secs(first) / secs(list_source));
        f.planning.push(secs(planning));
        f.floor.push(secs(floor));
        f.again.push(secs(again));
        f.list_both.push(secs(list_both));
        f.again_ratio.push(secs(again) / secs(list_both));
    }
    let first_ratio = median(f.first_ratio);
    println!(
        "a. first one-way sync of {n} (iP1 emulator -> fresh local store): {first_ratio:.2}x listing \
         the source (medians of {rounds}: sync {:.2}s, of which planning {:.2}s; listing {:.2}s; \
         the local store alone creating them {:.2}s) — target 1.5x: {}",
        median(f.first),
        median(f.planning),
        median(f.list_source),
        median(f.floor),
        verdict(first_ratio, 1.5)
    );
    let again_ratio = median(f.again_ratio);
    println!(
        "b. no-change sync of {n}: {again_ratio:.2}x listing both sides (medians of {rounds}: sync \
         {:.2}s, listing both {:.2}s), 0 writes — target 1.2x: {}",
        median(f.again),
        median(f.list_both),
        verdict(again_ratio, 1.2)
    );
}

fn main() {
    let n = env("CONTACTS_BENCH_N", 100_000);
    let rounds = env("CONTACTS_BENCH_ROUNDS", 3).max(1);
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(first_and_again(n, rounds));
}
