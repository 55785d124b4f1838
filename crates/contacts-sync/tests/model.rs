//! A state machine over pairs of providers: random creates, edits, renumbers and deletes on
//! both sides between two-way syncs. After every sync both sides hold the same people by number
//! with the same values for the keys both can store, no number twice, and a second sync plans
//! nothing. The pairs: two in-memory providers (into a free-form target or one with fixed keys
//! and no labels), memory and the local store, the local store and the iP1 emulator, the iP1
//! emulator and an Atom emulator book (fixed keys, no labels, `email=custom1`).
//!
//! The two emulator pairs run once more with the emulators injecting 5xx (before and after the
//! work) and 429s while syncing; each sync is then rerun until it plans nothing. And syncs are
//! killed part-way (after k writes, the last lost or landed) between the ops, in memory and
//! over iP1 and Atom: the next sync converges all the same.
//!
//! Between syncs both sides also edit the same person at once (`Concurrent`): a synced pair,
//! then an edit on each side, then a sync. Edits to different fields (or labels added on both
//! sides) must both be on both sides after it; the same field edited on both sides takes the
//! policy's outcome (these runs use `source-wins`: the source's value on both sides).
//!
//! Case counts (fixed seed), chosen so each test takes a few seconds on a debug build: 256 in
//! memory (40 ops at most); 64 over memory and SQLite (30 ops); 64 per emulator pair (24 ops,
//! a fresh emulator per case); 32 per emulator pair under faults (each sync several runs);
//! with kills, 128 in memory and 32 over iP1 and Atom.

mod common;

use common::stores::{Kind, Pair, all, converge};
use common::{Failing, sync};
use contacts_core::{Contact, ContactPatch, ContactProvider, ContactProviderExt, NewContact};
use contacts_emulator::{FaultConfig, FaultPhase};
use contacts_phone::Normalizer;
use contacts_sync::{ConflictPolicy, Mode, Side, State, SyncOptions, execute, plan};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

/// Cases over memory and the local store: a SQLite file per case, fast.
const CASES_SQLITE: u32 = 64;
/// Cases over an emulator: HTTP on loopback, a fresh emulator per case.
const CASES_EMULATED: u32 = 64;
/// Cases over emulators injecting faults (each sync is several runs), or with killed syncs.
const CASES_FAULTS: u32 = 32;
/// Cases with syncs killed part-way.
const CASES_KILLED: u32 = 128;

#[derive(Debug, Clone, Copy)]
enum Op {
    Create(bool),
    Edit(bool, usize, u8),
    Renumber(bool, usize),
    Delete(bool, usize),
    Sync,
    /// A sync, then person `i` of the source edited on both sides at once (field `a` on the
    /// source, `b` on the target, see [`FIELDS`]), then a sync that must keep both edits.
    Concurrent(usize, u8, u8),
    /// A sync killed after `k` writes, the last one lost or (`true`) landed.
    Killed(usize, bool),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => any::<bool>().prop_map(Op::Create),
        3 => (any::<bool>(), any::<usize>(), 0u8..7).prop_map(|(s, i, e)| Op::Edit(s, i, e)),
        1 => (any::<bool>(), any::<usize>()).prop_map(|(s, i)| Op::Renumber(s, i)),
        1 => (any::<bool>(), any::<usize>()).prop_map(|(s, i)| Op::Delete(s, i)),
        2 => Just(Op::Sync),
        1 => (any::<usize>(), 0u8..5, 0u8..5).prop_map(|(i, a, b)| Op::Concurrent(i, a, b)),
    ]
}

/// The fields a concurrent edit sets (`labels`: a label added, named for the side; `note`:
/// the note `n1` of a card, which no flat view shows, on a contact that is a card on both
/// sides).
const FIELDS: [&str; 5] = ["firstName", "company", "email", "labels", "note"];

/// What a concurrent edit changed: on each side, the field and the value it set.
struct Edits {
    /// The person's E.164 number.
    e164: String,
    /// The field the source set and its value.
    source: (&'static str, String),
    /// The field the target set and its value.
    target: (&'static str, String),
}

/// The E.164 form of a contact's number (the tests' numbers are all Swedish).
fn e164(contact: &Contact) -> Option<String> {
    let number = contact.properties.phone_number()?;
    let normalizer = Normalizer::new(Some("SE".parse().unwrap()));
    Some(normalizer.normalize(number).ok()?.e164().to_owned())
}

/// Person `i` of the source and its partner on the target, both edited: field `a` on the
/// source, `b` on the target, to values never set before (`next` counts them). `None`: no
/// such person, or a side refused its edit (a key it cannot store).
async fn concurrent(pair: &Pair, i: usize, (a, b): (u8, u8), next: &mut u32) -> Option<Edits> {
    let sources = all(pair.source()).await;
    let origin = sources.get(i % sources.len().max(1))?;
    let number = e164(origin)?;
    let targets = all(pair.target()).await;
    let partner = targets
        .iter()
        .find(|c| e164(c).as_deref() == Some(&number))?;
    let notes = [a, b].iter().any(|f| FIELDS[usize::from(*f)] == "note");
    if notes && !(cards_go_whole(pair) && origin.card.is_some() && partner.card.is_some()) {
        return None;
    }
    *next += 1;
    let mut edits = Edits {
        e164: number,
        source: (FIELDS[usize::from(a)], format!("S{next}")),
        target: (FIELDS[usize::from(b)], format!("T{next}")),
    };
    for (side, contact) in [(Side::Source, origin), (Side::Target, partner)] {
        let id = &contact.id;
        let (field, value) = match side {
            Side::Source => &mut edits.source,
            Side::Target => &mut edits.target,
        };
        let caps = pair.side(side).capabilities();
        if *field == "note" {
            let mut card = contact.card.as_deref()?.clone();
            let note = contacts_core::card::Note {
                note: value.clone(),
                ..Default::default()
            };
            card.notes.insert("n1", note);
            let new = NewContact::from_card(card);
            pair.side(side).replace(id, &new).await.ok()?;
            continue;
        }
        let patch = match *field {
            "labels" if !caps.labels => return None,
            "labels" => ContactPatch::new().add_label(value.as_str()),
            key => ContactPatch::new().set(pair.key(key, side), value.as_str()),
        };
        pair.side(side).update(id, &patch).await.ok()?;
    }
    Some(edits)
}

/// Whether cards go whole between the sides (both store cards and name keys freely): only
/// then is a card's note carried by a merge.
fn cards_go_whole(pair: &Pair) -> bool {
    [Side::Source, Side::Target].into_iter().all(|side| {
        let caps = pair.side(side).capabilities();
        caps.stores_cards() && matches!(caps.keys, contacts_core::KeySupport::FreeForm)
    })
}

/// Both edits are on both sides after a sync: a field edited on one side holds that side's
/// value, one edited on both the policy's (`source-wins`), labels both. A field one side
/// cannot store is not compared.
async fn assert_both_kept(pair: &Pair, edits: &Edits) {
    let same = edits.source.0 == edits.target.0;
    for side in [Side::Source, Side::Target] {
        let people = pair.people(side).await;
        let (props, labels) = &people[&edits.e164];
        let contacts = all(pair.side(side)).await;
        let contact = contacts
            .iter()
            .find(|c| e164(c).as_deref() == Some(&edits.e164));
        let note = contact
            .and_then(|c| c.card.as_deref())
            .and_then(|card| card.notes.get("n1"))
            .map(|n| n.note.clone());
        for (on, (field, value)) in [(Side::Source, &edits.source), (Side::Target, &edits.target)] {
            let both_store = [Side::Source, Side::Target].into_iter().all(|s| {
                let caps = pair.side(s).capabilities();
                match *field {
                    "labels" => caps.labels,
                    "note" => cards_go_whole(pair),
                    key => caps.keys.allows(pair.key(key, s)),
                }
            });
            if !both_store || (same && *field != "labels" && on == Side::Target) {
                continue;
            }
            let held = match *field {
                "labels" => labels.contains(value.as_str()),
                "note" => note.as_ref() == Some(value),
                key => props.get(key) == Some(value),
            };
            assert!(
                held,
                "{field} {value:?} edited on the {on} is lost on the {side}"
            );
        }
    }
}

/// The ops, and now and then a sync killed part-way.
fn op_or_kill() -> impl Strategy<Value = Op> {
    prop_oneof![
        10 => op(),
        2 => (0usize..8, any::<bool>()).prop_map(|(k, land)| Op::Killed(k, land)),
    ]
}

/// A fresh number in one of the formats people write, never used before in the run.
fn number(n: u32) -> String {
    let digits = format!("70{:07}", 1_000_000 + n);
    match n % 3 {
        0 => format!("0{digits}"),
        1 => format!("+46 {digits}"),
        _ => format!("0046{digits}"),
    }
}

fn edit(e: u8, pair: &Pair, on: Side) -> ContactPatch {
    let key = |k| pair.key(k, on);
    match e {
        0 => ContactPatch::new().set(key("firstName"), "Ada"),
        1 => ContactPatch::new().set(key("firstName"), "Bob"),
        2 => ContactPatch::new().set(key("company"), "ACME"),
        3 => ContactPatch::new().remove(key("company")),
        4 => ContactPatch::new().set(key("email"), "a@example.com"),
        5 => ContactPatch::new().add_label("VIP"),
        _ => ContactPatch::new().remove_label("VIP"),
    }
}

async fn apply(op: Op, pair: &Pair, next: &mut u32) {
    let side = |on_source: bool| {
        if on_source {
            Side::Source
        } else {
            Side::Target
        }
    };
    let pick =
        |all: Vec<Contact>, i: usize| (!all.is_empty()).then(|| all[i % all.len()].id.clone());
    match op {
        Op::Create(on) => {
            *next += 1;
            let c = NewContact::new()
                .property("phoneNumber", number(*next))
                .property("firstName", "New");
            pair.side(side(on)).create_one(c).await.unwrap();
        }
        Op::Edit(on, i, e) => {
            let p = pair.side(side(on));
            if let Some(id) = pick(all(p).await, i) {
                // A fixed-key side refuses labels and keys it cannot store, as Atom does.
                match p.update(&id, &edit(e, pair, side(on))).await {
                    Ok(_) => {}
                    Err(e) if e.is_unsupported() || e.kind() == "invalid_input" => {}
                    Err(e) => panic!("{e}"),
                }
            }
        }
        Op::Renumber(on, i) => {
            let p = pair.side(side(on));
            if let Some(id) = pick(all(p).await, i) {
                *next += 1;
                p.update(&id, &ContactPatch::new().set("phoneNumber", number(*next)))
                    .await
                    .unwrap();
            }
        }
        Op::Delete(on, i) => {
            let p = pair.side(side(on));
            if let Some(id) = pick(all(p).await, i) {
                p.delete(&id).await.unwrap();
            }
        }
        Op::Sync | Op::Killed(..) | Op::Concurrent(..) => {}
    }
}

/// A sync of `pair` killed after `k` writes (both sides counted together), the last write
/// lost or landed; whatever it did is left as it is.
async fn killed(pair: &Pair, state: &State, opts: &SyncOptions, k: usize, land: bool) {
    let writes = Arc::new(AtomicUsize::new(0));
    let wrap = |inner: &Arc<dyn ContactProvider>| Failing {
        inner: Arc::clone(inner),
        writes: Arc::clone(&writes),
        allowed: k,
        land,
    };
    let (s, t) = (wrap(&pair.source.provider), wrap(&pair.target.provider));
    if let Ok(p) = plan(&s, &t, state, opts).await {
        let _ = execute(&p, &s, &t, state, opts, &mut |_| {}).await;
    }
}

/// Runs `ops` on a fresh pair of `source` and `target`, syncing two-way at every `Sync` and
/// at the end: after each sync both sides hold the same people, and a second sync plans
/// nothing. With `faults`, the emulators inject them while syncing, and each sync is rerun
/// until it plans nothing (the ops and the checks run without faults).
async fn run(source: Kind, target: Kind, ops: Vec<Op>, delete: bool, faults: Option<FaultConfig>) {
    let pair = Pair::open(source, target).await;
    let state = State::in_memory().unwrap();
    let opts = pair.options(SyncOptions {
        mode: Mode::TwoWay,
        delete,
        conflict: ConflictPolicy::SourceWins,
        allow_empty: true,
        delete_threshold: usize::MAX,
        ..SyncOptions::default()
    });
    let (mut next, mut syncs) = (0, 0);
    for op in ops.into_iter().chain([Op::Sync]) {
        apply(op, &pair, &mut next).await;
        match op {
            Op::Killed(k, land) => killed(&pair, &state, &opts, k, land).await,
            Op::Sync => synced(&pair, &state, &opts, faults.as_ref(), &mut syncs).await,
            Op::Concurrent(i, a, b) => {
                synced(&pair, &state, &opts, faults.as_ref(), &mut syncs).await;
                let edits = concurrent(&pair, i, (a, b), &mut next).await;
                synced(&pair, &state, &opts, faults.as_ref(), &mut syncs).await;
                if let Some(edits) = edits {
                    assert_both_kept(&pair, &edits).await;
                }
            }
            _ => {}
        }
    }
}

/// A two-way sync of `pair` (with `faults`, rerun until it plans nothing), after which both
/// sides hold the same people and a second sync plans nothing.
async fn synced(
    pair: &Pair,
    state: &State,
    opts: &SyncOptions,
    faults: Option<&FaultConfig>,
    syncs: &mut u64,
) {
    match faults {
        None => _ = sync(pair.source(), pair.target(), state, opts).await,
        Some(faults) => {
            // Another seed for each sync, so each meets other faults.
            *syncs += 1;
            pair.set_faults(&FaultConfig {
                seed: faults.seed.wrapping_add(*syncs),
                ..faults.clone()
            });
            converge(pair, state, opts, 20).await;
            pair.set_faults(&FaultConfig::none());
        }
    }
    pair.assert_same_people().await;
    let again = plan(pair.source(), pair.target(), state, opts)
        .await
        .unwrap();
    assert!(again.is_empty(), "a second sync plans: {again}");
}

fn block_on(test: impl std::future::Future<Output = ()>) {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(test);
}

/// The fixed seed, and `cases` cases.
fn config(cases: u32) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(0x5EED_C0A7),
        failure_persistence: None,
        ..Config::default()
    }
}

/// The property every test checks, over `cases` cases (fixed seed): fewer than `max` ops
/// drawn from `ops`, deletes on or off, and a value drawn from `extra` that `stores` turns
/// into the pair of stores and the faults they inject; each case is one [`run`]. The
/// strategies are drawn in that order, as `proptest!` would draw its arguments, so each test
/// meets the cases it met as a `proptest!` block. A failing case panics with the smallest
/// case found.
fn converges<X: std::fmt::Debug>(
    cases: u32,
    (ops, max): (impl Strategy<Value = Op>, usize),
    extra: impl Strategy<Value = X>,
    stores: impl Fn(X) -> (Kind, Kind, Option<FaultConfig>),
) {
    let mut runner = TestRunner::new(config(cases));
    let strategy = (prop::collection::vec(ops, 1..max), any::<bool>(), extra);
    let outcome = runner.run(&strategy, |(ops, delete, extra)| {
        let (source, target, faults) = stores(extra);
        block_on(run(source, target, ops, delete, faults));
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}\n{runner}");
    }
}

/// The in-memory target of the in-memory runs: free-form, or (`fixed`) fixed keys and no labels.
fn memory(fixed: bool) -> Kind {
    if fixed {
        Kind::MemoryFixed
    } else {
        Kind::Memory
    }
}

/// A quarter of the requests answered 5xx, before or after the work; no 429s.
fn five_hundreds(seed: u64) -> FaultConfig {
    FaultConfig {
        error_rate: 0.25,
        error_phase: FaultPhase::Either,
        rate_limit_rate: 0.0,
        ..FaultConfig::seeded(seed)
    }
}

/// Writes each case of the property as its own `#[test]` (run, listed and failed on its own),
/// its doc comment kept: `name: cases, (ops, most ops), extra, |x| stores;` is
/// `converges(cases, (ops, most ops), extra, |x| stores)` (see [`converges`]).
macro_rules! convergence_tests {
    ($($(#[$meta:meta])* $name:ident: $cases:expr, ($ops:expr, $max:expr), $extra:expr,
        |$x:pat_param| $stores:expr;)+) => {
        $(
            $(#[$meta])*
            #[test]
            fn $name() {
                converges($cases, ($ops, $max), $extra, |$x| $stores);
            }
        )+
    };
}

convergence_tests! {
    /// In memory, into a free-form target or one with fixed keys and no labels.
    two_way_syncs_converge: 256, (op(), 40), any::<bool>(),
        |fixed| (Kind::Memory, memory(fixed), None);
    /// In memory and the local store (a SQLite file).
    two_way_syncs_converge_memory_and_sqlite: CASES_SQLITE, (op(), 30), Just(()),
        |()| (Kind::Memory, Kind::Sqlite, None);
    /// The local store and the iP1 emulator.
    two_way_syncs_converge_sqlite_and_ip1: CASES_EMULATED, (op(), 24), Just(()),
        |()| (Kind::Sqlite, Kind::Ip1, None);
    /// The iP1 emulator and a fresh book of the Atom emulator (fixed keys, no labels,
    /// `email=custom1`).
    two_way_syncs_converge_ip1_and_atom: CASES_EMULATED, (op(), 24), Just(()),
        |()| (Kind::Ip1, Kind::Atom, None);
    /// The iP1 emulator and an Atom book, both injecting 5xx before and after the work (and
    /// iP1 429s) while syncing: each sync is rerun until it plans nothing, and the sides agree.
    two_way_syncs_converge_ip1_and_atom_under_faults: CASES_FAULTS, (op(), 24), any::<u64>(),
        |seed| (Kind::Ip1, Kind::Atom, Some(five_hundreds(seed)));
    /// The local store and the iP1 emulator, iP1 injecting 5xx before and after the work and
    /// 429s while syncing.
    two_way_syncs_converge_sqlite_and_ip1_under_faults: CASES_FAULTS, (op(), 24), any::<u64>(),
        |seed| {
            let faults = FaultConfig {
                rate_limit_rate: 0.1,
                retry_after_secs: 0,
                ..five_hundreds(seed)
            };
            (Kind::Sqlite, Kind::Ip1, Some(faults))
        };
    /// Syncs killed part-way between the ops, in memory: the next sync converges.
    two_way_syncs_converge_after_kills: CASES_KILLED, (op_or_kill(), 40), any::<bool>(),
        |fixed| (Kind::Memory, memory(fixed), None);
    /// Syncs killed part-way between the ops, over the iP1 emulator and an Atom book.
    two_way_syncs_converge_after_kills_ip1_and_atom: CASES_FAULTS, (op_or_kill(), 24), Just(()),
        |()| (Kind::Ip1, Kind::Atom, None);
}
