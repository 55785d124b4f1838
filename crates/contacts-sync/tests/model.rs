//! A state machine over two in-memory providers: random creates, edits, renumbers and deletes
//! on both sides between two-way syncs, into a free-form target or one with fixed keys and no
//! labels. After every sync both sides hold the same people by number with the same values for
//! the keys both can store, no number twice, and a second sync plans nothing.

mod common;

use common::sync;
use contacts_core::{
    Capabilities, ContactPatch, ContactProvider, ContactProviderExt, InMemoryProvider, KeySupport,
    Labels, NewContact,
};
use contacts_sync::{ConflictPolicy, Mode, State, SyncOptions, plan};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy)]
enum Op {
    Create(bool),
    Edit(bool, usize, u8),
    Renumber(bool, usize),
    Delete(bool, usize),
    Sync,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => any::<bool>().prop_map(Op::Create),
        3 => (any::<bool>(), any::<usize>(), 0u8..7).prop_map(|(s, i, e)| Op::Edit(s, i, e)),
        1 => (any::<bool>(), any::<usize>()).prop_map(|(s, i)| Op::Renumber(s, i)),
        1 => (any::<bool>(), any::<usize>()).prop_map(|(s, i)| Op::Delete(s, i)),
        2 => Just(Op::Sync),
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

fn edit(e: u8) -> ContactPatch {
    match e {
        0 => ContactPatch::new().set("firstName", "Ada"),
        1 => ContactPatch::new().set("firstName", "Bob"),
        2 => ContactPatch::new().set("company", "ACME"),
        3 => ContactPatch::new().remove("company"),
        4 => ContactPatch::new().set("email", "a@example.com"),
        5 => ContactPatch::new().add_label("VIP"),
        _ => ContactPatch::new().remove_label("VIP"),
    }
}

type Person = (BTreeMap<String, String>, Labels);

/// The keys of the fixed-key target (no labels there).
const FIXED: [&str; 3] = ["phoneNumber", "firstName", "company"];

fn target(fixed: bool) -> InMemoryProvider {
    if !fixed {
        return InMemoryProvider::new();
    }
    let mut caps = Capabilities::full();
    caps.labels = false;
    caps.keys = KeySupport::Fixed {
        keys: FIXED.map(String::from).to_vec(),
    };
    InMemoryProvider::with_capabilities(caps)
}

/// Each side's people by E.164 number, with the values of the keys both sides can store
/// (`fixed`: the target's fixed keys, no labels); panics on a number held twice.
fn by_number(store: &InMemoryProvider, fixed: bool) -> BTreeMap<String, Person> {
    let normalizer = contacts_phone::Normalizer::new(Some("SE".parse().unwrap()));
    let mut out = BTreeMap::new();
    for c in store.snapshot() {
        let raw = c.properties.phone_number().unwrap_or_default();
        let e164 = normalizer.normalize(raw).unwrap().e164().to_owned();
        let mut props = c.properties.as_map().clone();
        props.remove("phoneNumber");
        props.retain(|k, _| !fixed || FIXED.contains(&k.as_str()));
        let labels = if fixed { Labels::new() } else { c.labels };
        assert!(
            out.insert(e164.clone(), (props, labels)).is_none(),
            "{e164} twice"
        );
    }
    out
}

async fn apply(op: Op, s: &InMemoryProvider, t: &InMemoryProvider, next: &mut u32) {
    let side = |on_source: bool| if on_source { s } else { t };
    let pick = |p: &InMemoryProvider, i: usize| {
        let all = p.snapshot();
        (!all.is_empty()).then(|| all[i % all.len()].id.clone())
    };
    match op {
        Op::Create(on) => {
            *next += 1;
            let c = NewContact::new()
                .property("phoneNumber", number(*next))
                .property("firstName", "New");
            side(on).create_one(c).await.unwrap();
        }
        Op::Edit(on, i, e) => {
            if let Some(id) = pick(side(on), i) {
                // The fixed-key side refuses labels and keys it cannot store, as Atom does.
                match side(on).update(&id, &edit(e)).await {
                    Ok(_) => {}
                    Err(e) if e.is_unsupported() || e.kind() == "invalid_input" => {}
                    Err(e) => panic!("{e}"),
                }
            }
        }
        Op::Renumber(on, i) => {
            if let Some(id) = pick(side(on), i) {
                *next += 1;
                side(on)
                    .update(&id, &ContactPatch::new().set("phoneNumber", number(*next)))
                    .await
                    .unwrap();
            }
        }
        Op::Delete(on, i) => {
            if let Some(id) = pick(side(on), i) {
                side(on).delete(&id).await.unwrap();
            }
        }
        Op::Sync => {}
    }
}

async fn run(ops: Vec<Op>, delete: bool, fixed: bool) {
    let (s, t, state) = (
        InMemoryProvider::new(),
        target(fixed),
        State::in_memory().unwrap(),
    );
    let opts = SyncOptions {
        mode: Mode::TwoWay,
        delete,
        conflict: ConflictPolicy::SourceWins,
        allow_empty: true,
        delete_threshold: usize::MAX,
        source_region: Some("SE".parse().unwrap()),
        target_region: Some("SE".parse().unwrap()),
        ..SyncOptions::default()
    };
    let mut next = 0;
    for op in ops.into_iter().chain([Op::Sync]) {
        apply(op, &s, &t, &mut next).await;
        if matches!(op, Op::Sync) {
            sync(&s, &t, &state, &opts).await;
            assert_eq!(by_number(&s, fixed), by_number(&t, fixed));
            let again = plan(&s, &t, &state, &opts).await.unwrap();
            assert!(again.is_empty(), "a second sync plans: {again}");
        }
    }
    let _: &dyn ContactProvider = &s;
}

proptest! {
    #![proptest_config(Config {
        cases: 256,
        rng_seed: RngSeed::Fixed(0x5EED_C0A7),
        failure_persistence: None,
        ..Config::default()
    })]

    #[test]
    fn two_way_syncs_converge(
        ops in prop::collection::vec(op(), 1..40),
        delete in any::<bool>(),
        fixed in any::<bool>(),
    ) {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(run(ops, delete, fixed));
    }
}
