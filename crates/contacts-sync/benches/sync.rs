//! Sync at scale, each figure against its baseline measured in the same run, interleaved, the
//! median of several rounds (ratios per round, so machine noise cancels):
//!
//! a. the first one-way sync of N contacts (default 100,000) from the iP1 emulator into a fresh
//!    local store, against listing the N contacts from the emulator in its largest pages, as
//!    the sync lists (target ≤ 1.5x; listing in default pages is shown too); with the
//!    breakdown (planning, executing) and the floor: the local store creating the same N
//!    contacts in batches of 500 with nothing else around it;
//! b. a sync with no change (zero writes), against listing both sides one after the other in
//!    their largest pages (target ≤ 1.2x);
//! c. a first sync of 1000 contacts (`CONTACTS_BENCH_RATED`) into an Atom address book whose
//!    emulator allows 50 requests/s (bursts of 10), provider-addressbook's own limiter set to
//!    the same rate (bursts of 5): requests per second after the client's burst, against the
//!    vendor's rate (target ≥ 0.95x), and the answers 429 the emulator counted (target 0);
//! d. the peak resident memory (`VmHWM`) of a child process running a first sync of N from the
//!    iP1 emulator (in this process) into a fresh local store, against the same for N / 10
//!    (target ≤ 1.5x).
//!
//! Run: `cargo bench -p contacts-sync --bench sync` (`CONTACTS_BENCH_N` sets N,
//! `CONTACTS_BENCH_ROUNDS` the rounds of a and b, default 3; `CONTACTS_BENCH_ONLY=abcd`
//! chooses the parts). Figures go to docs/performance.md.
//!
//! For callgrind, `CONTACTS_BENCH_ONCE=seed|sync|floor` runs one step once and exits: `seed`
//! seeds the emulator with N and lists them, `sync` adds a first sync into a fresh local store,
//! `floor` has the local store alone create the N listed contacts in batches of 500; a step's
//! instructions are its run's less those of `seed`.

mod common;

use contacts_core::{Contact, ContactProvider, ContactQuery, NewContact, ProviderConfig};
use contacts_emulator::RateLimit;
use contacts_emulator::addressbook::AddressBookEmulator;
use contacts_emulator::ip1::Ip1Emulator;
use contacts_http::ClientOptions;
use contacts_sync::{State, SyncOptions, execute, plan};
use contacts_testkit::{bench, listed};
use serde_json::json;
use std::time::{Duration, Instant};

/// Every contact of `provider`, listed in its largest pages (as the sync lists).
async fn all_of(provider: &dyn ContactProvider) -> Vec<Contact> {
    let size = provider.capabilities().max_page_size;
    listed(provider, ContactQuery::new().page_size(size)).await
}

/// How many contacts listing `provider` yields, in its largest pages.
async fn count(provider: &dyn ContactProvider) -> usize {
    all_of(provider).await.len()
}

/// The same in the provider's default pages (the baseline before 2026-11-26).
async fn count_default_pages(provider: &dyn ContactProvider) -> usize {
    listed(provider, ContactQuery::new()).await.len()
}

/// Lets work a measured step left behind (a sync frees its listings on a blocking thread after
/// returning) finish before the next step is timed, so neither order favours either side.
async fn quiesce() {
    tokio::time::sleep(Duration::from_millis(500)).await;
}

/// [`timed`], once the previous step's leftovers are done (see [`quiesce`]).
async fn measured<T>(work: impl std::future::Future<Output = T>) -> (T, Duration) {
    quiesce().await;
    timed(work).await
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

/// [`bench::median`] of a run's figures.
fn median(mut values: Vec<f64>) -> f64 {
    bench::median(&mut values)
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

#[derive(Default)]
struct Figures {
    first: Vec<f64>,
    list_source: Vec<f64>,
    list_default: Vec<f64>,
    first_ratio: Vec<f64>,
    default_ratio: Vec<f64>,
    planning: Vec<f64>,
    floor: Vec<f64>,
    again: Vec<f64>,
    list_both: Vec<f64>,
    again_ratio: Vec<f64>,
}

async fn first_and_again(n: usize, rounds: usize) {
    let (_emu, ip1) = seeded_ip1(n).await;
    let as_new: Vec<NewContact> = listed(&ip1, ContactQuery::new())
        .await
        .iter()
        .map(Contact::to_new)
        .collect();

    let mut f = Figures::default();
    for round in 0..rounds {
        let dir = tempfile::tempdir().unwrap();
        let target = local(dir.path(), "local");
        let state = State::open(&dir.path().join("state.db")).unwrap();
        // Baseline first in even rounds, last in odd ones.
        let mut list_source = Duration::ZERO;
        if round % 2 == 0 {
            let c0 = cpu();
            let (listed, took) = measured(count(&ip1)).await;
            assert_eq!(listed, n);
            list_source = took;
            println!("  (cpu: listing the source {:.2}s)", cpu() - c0);
        }
        let ((writes, planning), first) = measured(sync(&ip1, &target, &state)).await;
        assert_eq!(writes, n, "every contact created");
        if round % 2 == 1 {
            let (listed, took) = measured(count(&ip1)).await;
            assert_eq!(listed, n);
            list_source = took;
        }
        let (listed, list_default) = measured(count_default_pages(&ip1)).await;
        assert_eq!(listed, n);
        let floor_store = local(dir.path(), "floor");
        let c0 = cpu();
        let ((), floor) = measured(async {
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
            let c0 = cpu();
            let (counts, took) = measured(list_both_of()).await;
            assert_eq!(counts, (n, n));
            list_both = took;
            println!("  (cpu: listing both sides {:.2}s)", cpu() - c0);
        }
        let ((writes, _), again) = measured(sync(&ip1, &target, &state)).await;
        assert_eq!(writes, 0, "a sync with no change writes nothing");
        if round % 2 == 1 {
            let (counts, took) = measured(list_both_of()).await;
            assert_eq!(counts, (n, n));
            list_both = took;
        }
        println!(
            "round {round}: first sync {:.2}s (planning {:.2}s) / listing the source {:.2}s = {:.2}x \
             (in default pages {:.2}s); local store alone creating {n}: {:.2}s; no-change sync {:.2}s \
             / listing both {:.2}s = {:.2}x",
            secs(first),
            secs(planning),
            secs(list_source),
            secs(first) / secs(list_source),
            secs(list_default),
            secs(floor),
            secs(again),
            secs(list_both),
            secs(again) / secs(list_both),
        );
        f.first.push(secs(first));
        f.list_source.push(secs(list_source));
        f.list_default.push(secs(list_default));
        f.first_ratio.push(secs(first) / secs(list_source));
        f.default_ratio.push(secs(first) / secs(list_default));
        f.planning.push(secs(planning));
        f.floor.push(secs(floor));
        f.again.push(secs(again));
        f.list_both.push(secs(list_both));
        f.again_ratio.push(secs(again) / secs(list_both));
    }
    let first_ratio = median(f.first_ratio);
    println!(
        "a. first one-way sync of {n} (iP1 emulator -> fresh local store): {first_ratio:.2}x listing \
         the source in its largest pages (medians of {rounds}: sync {:.2}s, of which planning {:.2}s; \
         listing {:.2}s, in default pages {:.2}s; the local store alone creating them {:.2}s) — \
         target 1.5x: {} the target",
        median(f.first),
        median(f.planning),
        median(f.list_source),
        median(f.list_default),
        median(f.floor),
        bench::verdict(first_ratio <= 1.5)
    );
    println!(
        "a. the same against listing the source in its default pages (the baseline of the first \
         measurement, 2026-11-25): {:.2}x (median of {rounds})",
        median(f.default_ratio)
    );
    let again_ratio = median(f.again_ratio);
    println!(
        "b. no-change sync of {n}: {again_ratio:.2}x listing both sides (medians of {rounds}: sync \
         {:.2}s, listing both {:.2}s), 0 writes — target 1.2x: {} the target",
        median(f.again),
        median(f.list_both),
        bench::verdict(again_ratio <= 1.2)
    );
}

/// One step, once (see the module's doc): what instruction counts compare across versions.
async fn once(n: usize, step: &str) {
    let (_emu, ip1) = seeded_ip1(n).await;
    let as_new: Vec<NewContact> = all_of(&ip1).await.iter().map(Contact::to_new).collect();
    assert_eq!(as_new.len(), n);
    let dir = tempfile::tempdir().unwrap();
    match step {
        "seed" => {}
        "sync" => {
            let target = local(dir.path(), "local");
            let state = State::open(&dir.path().join("state.db")).unwrap();
            let (writes, _) = sync(&ip1, &target, &state).await;
            assert_eq!(writes, n, "every contact created");
        }
        "floor" => {
            let store = local(dir.path(), "floor");
            for chunk in as_new.chunks(500) {
                store.create(chunk).await.unwrap();
            }
        }
        other => panic!("CONTACTS_BENCH_ONCE is seed, sync or floor, not {other:?}"),
    }
}

/// The iP1 emulator holding `n` contacts, and a provider for it.
async fn seeded_ip1(n: usize) -> (Ip1Emulator, impl ContactProvider + use<>) {
    let emu = contacts_testkit::ip1::emulator("bench").await;
    let docs = (0..n)
        .map(|i| json!({"properties": {"phoneNumber": format!("+4670{:07}", i), "firstName": format!("Person {i}")}}))
        .collect();
    emu.seed(docs);
    let provider = ip1_provider(&emu.base_url());
    (emu, provider)
}

fn ip1_provider(base_url: &str) -> impl ContactProvider + use<> {
    let config = ProviderConfig::new()
        .with("api_key", "bench")
        .with("base_url", base_url)
        .with("rate_limit", "0");
    provider_ip1::from_config(&config).unwrap()
}

/// The vendor's rate in c, and the bursts (the client's smaller, as in
/// provider-addressbook's rate_limited bench, so network jitter never empties the server's).
const RATE: f64 = 50.0;
const SERVER_BURST: u32 = 10;
const CLIENT_BURST: u32 = 5;

async fn rate_limited(n: usize) {
    let (_source_emu, source) = seeded_ip1(n).await;
    let atom = AddressBookEmulator::builder()
        .api_key("atom")
        .rate_limit(RateLimit {
            per_second: RATE,
            burst: SERVER_BURST,
        })
        .start()
        .await
        .unwrap();
    let book = atom.create_book("Main");
    let books = provider_addressbook::AddressBookProvider::builder()
        .base_url(atom.base_url())
        .api_key("atom")
        .client_options(ClientOptions::default().rate_limit_per_second(RATE, CLIENT_BURST))
        .build_books()
        .unwrap();
    let target = books
        .open(&contacts_core::AddressBookId::new(book.to_string()))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let state = State::open(&dir.path().join("state.db")).unwrap();
    let before = atom.stats();
    let ((writes, _), took) = measured(sync(&source, &target, &state)).await;
    assert_eq!(writes, n);
    let after = atom.stats();
    let requests = after.requests - before.requests;
    let too_many = after.count(429) - before.count(429);
    // The client's bucket starts full: its first `burst` requests are free, the rest paced.
    let paced = requests.saturating_sub(u64::from(CLIENT_BURST)) as f64;
    let achieved = paced / secs(took);
    let ratio = achieved / RATE;
    let verdict = bench::verdict(ratio >= 0.95 && too_many == 0);
    println!(
        "c. first sync of {n} from the iP1 emulator into an Atom book limited to {RATE}/s: \
         {requests} requests in {:.2}s = {achieved:.1}/s after the client's burst, {ratio:.3}x \
         the vendor's rate, {too_many} answers 429 (target >= 0.95x and none) — {verdict} the target",
        secs(took)
    );
}

/// In the child: a first sync from the iP1 emulator at `base_url` into a fresh local store in
/// `dir`; prints the peak resident set.
fn memory_child(base_url: &str, dir: &str) {
    let runtime = common::runtime();
    runtime.block_on(async {
        let source = ip1_provider(base_url);
        let dir = std::path::Path::new(dir);
        let target = local(dir, "local");
        let state = State::open(&dir.join("state.db")).unwrap();
        sync(&source, &target, &state).await;
    });
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .map_or("0", |v| v.trim().trim_end_matches("kB").trim());
    println!("peak-kib {peak}");
}

/// The peak resident set (KiB) of a child syncing `n` contacts.
async fn child_peak(n: usize) -> u64 {
    let (emu, _) = seeded_ip1(n).await;
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let out = tokio::process::Command::new(exe)
        .env("CONTACTS_BENCH_CHILD_URL", emu.base_url())
        .env("CONTACTS_BENCH_CHILD_DIR", dir.path())
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("peak-kib "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap()
}

async fn memory(n: usize) {
    let small = child_peak(n / 10).await;
    let large = child_peak(n).await;
    let ratio = large as f64 / small as f64;
    println!(
        "d. peak memory (VmHWM of the syncing process) of a first sync of {n}: {:.1} MiB, of {}: \
         {:.1} MiB = {ratio:.2}x (target 1.5x) — {} the target",
        large as f64 / 1024.0,
        n / 10,
        small as f64 / 1024.0,
        bench::verdict(ratio <= 1.5)
    );
}

fn main() {
    if let (Ok(url), Ok(dir)) = (
        std::env::var("CONTACTS_BENCH_CHILD_URL"),
        std::env::var("CONTACTS_BENCH_CHILD_DIR"),
    ) {
        return memory_child(&url, &dir);
    }
    if !bench::measuring("sync") {
        return;
    }
    let n = bench::env_count("CONTACTS_BENCH_N", 100_000);
    let rounds = bench::env_count("CONTACTS_BENCH_ROUNDS", 3).max(1);
    let only = std::env::var("CONTACTS_BENCH_ONLY").unwrap_or_else(|_| "abcd".into());
    let runtime = common::runtime();
    if let Ok(step) = std::env::var("CONTACTS_BENCH_ONCE") {
        return runtime.block_on(once(n, &step));
    }
    if only.contains('a') || only.contains('b') {
        runtime.block_on(first_and_again(n, rounds));
    }
    if only.contains('c') {
        runtime.block_on(rate_limited(bench::env_count("CONTACTS_BENCH_RATED", 1000)));
    }
    if only.contains('d') {
        runtime.block_on(memory(n));
    }
}
