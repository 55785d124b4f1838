//! Syncs into and out of the iP1 and Atom emulators while they inject server errors (before the
//! work and after it: the contact is stored, the answer is a 5xx) and 429s. A run may fail or
//! stop part-way; rerunning until the plan is empty converges within a bounded number of runs,
//! and then both sides hold each person exactly once by number, with the same values.

mod common;

use common::stores::{Emulator, Kind, Pair, all};
use contacts_core::{Contact, ContactPatch, NewContact};
use contacts_emulator::{FaultConfig, FaultPhase};
use contacts_sync::{ConflictPolicy, KeyMap, Mode, Side, State, SyncOptions};

/// Contacts in each run.
const PEOPLE: usize = 300;
/// Most runs a sync may take to converge under faults.
const MAX_RUNS: usize = 30;

/// Person `i`: a number in one of the formats people write, a name, an e-mail, every third a
/// company.
fn person(i: usize) -> NewContact {
    let digits = format!("70{:07}", 2_000_000 + i);
    let phone = match i % 3 {
        0 => format!("0{digits}"),
        1 => format!("+46 {digits}"),
        _ => format!("0046 {digits}"),
    };
    let c = NewContact::new()
        .property("phoneNumber", phone)
        .property("firstName", format!("Person {i}"))
        .property("email", format!("p{i}@example.com"));
    if i.is_multiple_of(3) {
        c.property("company", "ACME")
    } else {
        c
    }
}

fn emulator(store: &common::stores::Store) -> &Emulator {
    store.emulator.as_ref().expect("an emulated store")
}

async fn under_faults(vendor: Kind, faults: FaultConfig) {
    // Into the vendor: a one-way sync of PEOPLE contacts.
    let pair = Pair::open(Kind::Memory, vendor).await;
    let emu = emulator(&pair.target);
    let docs: Vec<NewContact> = (0..PEOPLE).map(person).collect();
    pair.source().create(&docs).await.unwrap();
    emu.set_faults(faults.clone());
    let state = State::in_memory().unwrap();
    let one_way = pair.options(SyncOptions::default());
    let runs = converge(&pair, &state, &one_way).await;
    // What is checked, and the test's own edits, are read and written without faults.
    emu.set_faults(FaultConfig::none());
    pair.assert_same_people().await;
    assert_eq!(
        emu.len(),
        PEOPLE,
        "each person once on the {vendor:?} emulator"
    );
    eprintln!("{vendor:?}: into it in {runs} runs");

    // Changes on both sides, then two-way with deletes: updates and deletes into the vendor,
    // updates and creates out of it. Disjoint sets of people, so that no change meets another: persons 0..40 renamed and
    // 40..55 deleted on the source, persons 260..300 given a company on the target.
    let index = |c: &Contact| -> usize {
        let name = c.properties.first_name().unwrap_or_default();
        name.trim_start_matches("Person ").parse().unwrap()
    };
    for c in all(pair.source()).await {
        match index(&c) {
            i if i < 40 => {
                let patch = ContactPatch::new().set("firstName", format!("Person {i} (renamed)"));
                pair.source().update(&c.id, &patch).await.unwrap();
            }
            i if i < 55 => pair.source().delete(&c.id).await.unwrap(),
            _ => {}
        }
    }
    let target = pair.target();
    for c in all(target).await {
        let i = index(&c);
        if i >= PEOPLE - 40 {
            let patch = ContactPatch::new().set("company", format!("Firm {i}"));
            target.update(&c.id, &patch).await.unwrap();
        }
    }
    // New people, with their keys as the target names them (`custom1` on Atom).
    let new: Vec<NewContact> = (PEOPLE..PEOPLE + 15)
        .map(|i| {
            let doc = person(i);
            doc.properties.iter().fold(NewContact::new(), |c, (k, v)| {
                c.property(pair.key(k, Side::Target), v)
            })
        })
        .collect();
    target.create(&new).await.unwrap();
    emu.set_faults(faults.clone());
    let two_way = pair.options(SyncOptions {
        mode: Mode::TwoWay,
        delete: true,
        conflict: ConflictPolicy::SourceWins,
        delete_threshold: usize::MAX,
        ..SyncOptions::default()
    });
    let runs = converge(&pair, &state, &two_way).await;
    emu.set_faults(FaultConfig::none());
    pair.assert_same_people().await;
    assert_eq!(emu.len(), PEOPLE, "15 deleted, 15 created");
    let people = pair.people(Side::Source).await;
    let renamed = people
        .values()
        .filter(|p| {
            p.0.get("firstName")
                .is_some_and(|n| n.ends_with("(renamed)"))
        })
        .count();
    let firms = people
        .values()
        .filter(|p| p.0.get("company").is_some_and(|n| n.starts_with("Firm ")))
        .count();
    assert_eq!(
        (renamed, firms),
        (40, 40),
        "no update lost either way (unless deleted)"
    );
    eprintln!("{vendor:?}: two-way in {runs} runs");

    // Out of the vendor: a one-way sync into a fresh store, the vendor still faulty.
    let Pair {
        source: memory,
        target: vendor_store,
        key_map,
    } = pair;
    drop(memory);
    let fresh = common::stores::open(Kind::Memory, FaultConfig::none()).await;
    let out = Pair {
        source: vendor_store,
        target: fresh,
        key_map: KeyMap::new()
            .with(key_map.to_target("email"), "email")
            .unwrap(),
    };
    let state = State::in_memory().unwrap();
    emulator(&out.source).set_faults(faults);
    let runs = converge(&out, &state, &out.options(SyncOptions::default())).await;
    emulator(&out.source).set_faults(FaultConfig::none());
    out.assert_same_people().await;
    assert_eq!(all(out.target()).await.len(), PEOPLE);
    eprintln!("{vendor:?}: out of it in {runs} runs");

    let stats = emulator(&out.source).stats();
    let errors: u64 = [500, 502, 503, 504].iter().map(|s| stats.count(*s)).sum();
    assert!(
        errors >= 10 && stats.count(429) >= 1,
        "faults were injected: {stats:?}"
    );
    eprintln!("{vendor:?}: {stats:?}");
}

async fn converge(pair: &Pair, state: &State, options: &SyncOptions) -> usize {
    common::stores::converge(pair, state, options, MAX_RUNS).await
}

/// 5xx answers at `error_rate`, before or after the work, and 429s at `rate_limit_rate` that
/// ask to wait `retry_after_secs`: the mix both vendors' runs must converge under.
fn five_xx_and_429s(error_rate: f64, rate_limit_rate: f64, retry_after_secs: u64) -> FaultConfig {
    FaultConfig {
        error_rate,
        error_phase: FaultPhase::Either,
        rate_limit_rate,
        retry_after_secs,
        ..FaultConfig::seeded(0x15)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ip1_converges_under_5xx_before_and_after_the_work_and_429s() {
    // So many 429s that the client's retries of one request now and then run out (four 429s
    // in a row), which stops a run with `RateLimited`.
    under_faults(Kind::Ip1, five_xx_and_429s(0.1, 0.3, 0)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn atom_converges_under_5xx_before_and_after_the_work_and_429s() {
    // Atom's Retry-After is at least a second: a few 429s, many 5xx.
    under_faults(Kind::Atom, five_xx_and_429s(0.08, 0.002, 1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fixed_500_after_every_fifth_write_still_converges_without_duplicates() {
    // The hardest answer for a create: the contact is stored and the answer is 500, which
    // a client must not blindly repeat.
    for vendor in [Kind::Ip1, Kind::Atom] {
        let faults = FaultConfig {
            error_rate: 0.2,
            error_phase: FaultPhase::After,
            error_status: Some(500),
            ..FaultConfig::seeded(0x500)
        };
        let pair = Pair::open(Kind::Memory, vendor).await;
        let docs: Vec<NewContact> = (0..PEOPLE / 3).map(person).collect();
        pair.source().create(&docs).await.unwrap();
        emulator(&pair.target).set_faults(faults);
        let state = State::in_memory().unwrap();
        let runs = converge(&pair, &state, &pair.options(SyncOptions::default())).await;
        emulator(&pair.target).set_faults(FaultConfig::none());
        pair.assert_same_people().await;
        assert_eq!(emulator(&pair.target).len(), PEOPLE / 3, "{vendor:?}");
        assert!(emulator(&pair.target).stats().count(500) > 0);
        eprintln!("{vendor:?}: fixed 500 after the work: {runs} runs");
    }
}
