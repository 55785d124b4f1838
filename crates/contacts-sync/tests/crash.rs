//! A run killed after k writes, for every k, with the last write lost or landed: the next run
//! converges with no duplicate and no lost update.

mod common;

use common::{Failing, create_people, killed_sync, people, person, settled, sync, two_stores};
use contacts_core::{Contact, ContactPatch, ContactProvider, ContactProviderExt, InMemoryProvider};
use contacts_sync::{ConflictPolicy, Mode, State, SyncOptions, execute, plan};
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

fn options(mode: Mode) -> SyncOptions {
    SyncOptions {
        mode,
        delete: true,
        conflict: ConflictPolicy::SourceWins,
        source_region: Some("SE".parse().unwrap()),
        target_region: Some("SE".parse().unwrap()),
        ..SyncOptions::default()
    }
}

/// Synced once, then changed on both sides: an update, a delete and a create on the source;
/// an update and a create on the target.
async fn case(opts: &SyncOptions) -> (InMemoryProvider, InMemoryProvider, State) {
    let (s, t, state) = two_stores();
    let abc = [
        ("0701111111", "A"),
        ("0702222222", "B"),
        ("0703333333", "C"),
    ];
    let created = create_people(&s, &abc).await;
    sync(&s, &t, &state, opts).await;
    s.update(&created[0].id, &ContactPatch::new().set("firstName", "A2"))
        .await
        .unwrap();
    s.delete(&created[1].id).await.unwrap();
    s.create_one(person("0704444444", "D")).await.unwrap();
    let c_on_target = t.get_by_phone("+46703333333").await.unwrap().unwrap();
    t.update(&c_on_target.id, &ContactPatch::new().set("company", "ACME"))
        .await
        .unwrap();
    t.create_one(person("0705555555", "E")).await.unwrap();
    (s, t, state)
}

fn no_number_twice(store: &InMemoryProvider) {
    let mut numbers: Vec<_> = people(store).into_iter().map(|p| p.0).collect();
    let before = numbers.len();
    numbers.dedup();
    assert_eq!(numbers.len(), before, "a number twice: {:?}", people(store));
}

async fn killed_after(k: usize, land: bool, mode: Mode) -> usize {
    let opts = options(mode);
    let (s, t, state) = case(&opts).await;
    let writes = Arc::new(AtomicUsize::new(0));
    let wrap = |inner: &InMemoryProvider| Failing {
        inner: inner.clone(),
        writes: Arc::clone(&writes),
        allowed: k,
        land,
    };
    let (fs, ft) = (wrap(&s), wrap(&t));
    let p = plan(&fs, &ft, &state, &opts).await.unwrap();
    let killed = execute(&p, &fs, &ft, &state, &opts, &mut |_| {})
        .await
        .is_err();
    assert_eq!(killed, k < p.writes(), "k={k}: {p}");
    sync(&s, &t, &state, &opts).await;
    let again = plan(&s, &t, &state, &opts).await.unwrap();
    assert!(
        again.is_empty(),
        "k={k} land={land}: not converged: {again}"
    );
    no_number_twice(&s);
    no_number_twice(&t);
    assert!(
        people(&t).contains(&("+46701111111".into(), Some("A2".into()))),
        "k={k} lost update"
    );
    assert!(
        !people(&t).iter().any(|p| p.0 == "+46702222222"),
        "k={k}: delete lost"
    );
    let c = t.get_by_phone("+46703333333").await.unwrap().unwrap();
    if mode == Mode::TwoWay {
        assert_eq!(people(&s), people(&t), "k={k} land={land}");
        let c = s
            .snapshot()
            .into_iter()
            .find(|c| c.properties.phone_number() == Some("0703333333"));
        assert_eq!(
            c.unwrap().properties.company(),
            Some("ACME"),
            "k={k} land={land}"
        );
    }
    assert_eq!(c.properties.company(), Some("ACME"));
    p.writes()
}

/// [`killed_after`] for k = 0, 1, … until the run has no write left to kill, each with
/// the last write lost and landed; returns the last k (the plan's number of writes).
async fn killed_at_every_write(mode: Mode) -> usize {
    let mut k = 0;
    loop {
        let writes = killed_after(k, false, mode).await;
        killed_after(k, true, mode).await;
        if k >= writes {
            return k;
        }
        k += 1;
    }
}

#[tokio::test]
async fn one_way_with_deletes_converges_after_a_kill_at_any_write() {
    let k = killed_at_every_write(Mode::OneWay).await;
    assert_eq!(k, 3, "update A, delete B, create D");
}

#[tokio::test]
async fn two_way_converges_after_a_kill_at_any_write() {
    let k = killed_at_every_write(Mode::TwoWay).await;
    assert_eq!(
        k, 5,
        "update A, delete B, create D, update C back, create E back"
    );
}

#[tokio::test]
async fn an_interrupted_create_is_found_by_number_not_made_twice() {
    let opts = options(Mode::OneWay);
    let (s, t, state) = two_stores();
    s.create_one(person("0701111111", "A")).await.unwrap();
    let ft = Failing::new(t.clone(), 0, true);
    killed_sync(&s, &ft, &state, &opts).await;
    assert_eq!(t.len(), 1, "the create landed");
    let again = sync(&s, &t, &state, &opts).await;
    assert_eq!(again.writes(), 0, "{again}");
    assert_eq!(t.len(), 1);
    let _: &dyn ContactProvider = &ft;
}

#[tokio::test]
async fn a_batch_of_creates_that_landed_unrecorded_is_paired_not_repeated() {
    let opts = options(Mode::OneWay);
    let (s, t, state) = two_stores();
    let batch: Vec<_> = (0..5)
        .map(|i| person(&format!("070111111{i}"), "P"))
        .collect();
    s.create(&batch).await.unwrap();
    let ft = Failing::new(t.clone(), 0, true);
    killed_sync(&s, &ft, &state, &opts).await;
    assert_eq!(t.len(), 5, "the whole batch landed in one call");
    let again = sync(&s, &t, &state, &opts).await;
    assert_eq!((again.writes(), again.action_count()), (0, 5), "{again}");
    assert_eq!(t.len(), 5);
    settled(&s, &t, &state, &opts).await;
}

/// A (0701111111) given the company ACME on the target only, then a two-way sync that
/// settles: A as the source and the target then hold it.
async fn acme_on_target_synced(
    s: &InMemoryProvider,
    t: &InMemoryProvider,
    state: &State,
    opts: &SyncOptions,
) -> [Contact; 2] {
    let a = t.get_by_phone("+46701111111").await.unwrap().unwrap();
    t.update(&a.id, &ContactPatch::new().set("company", "ACME"))
        .await
        .unwrap();
    sync(s, t, state, opts).await;
    settled(s, t, state, opts).await;
    let on_source = s.get_by_phone("0701111111").await.unwrap().unwrap();
    let on_target = t.get_by_phone("+46701111111").await.unwrap().unwrap();
    [on_source, on_target]
}

#[tokio::test]
async fn an_interrupted_write_settled_by_a_later_run_does_not_override_a_later_change() {
    // Run 1 is killed once the update of A has landed; run 2 finds it landed and records the
    // pair, then stops at B. Later A changes on the target only: that change must flow to the
    // source, not be overwritten by the source's older version because of run 1's intent.
    let opts = options(Mode::TwoWay);
    let (s, t, state) = two_stores();
    let made = create_people(&s, &[("0701111111", "A"), ("0702222222", "B")]).await;
    sync(&s, &t, &state, &opts).await;
    for (c, name) in made.iter().zip(["A2", "B2"]) {
        s.update(&c.id, &ContactPatch::new().set("firstName", name))
            .await
            .unwrap();
    }
    let failing = |land| Failing::new(t.clone(), 0, land);
    for land in [true, false] {
        let ft = failing(land);
        killed_sync(&s, &ft, &state, &opts).await;
    }
    assert_eq!(
        people(&t),
        [
            ("+46701111111".into(), Some("A2".into())),
            ("+46702222222".into(), Some("B".into()))
        ]
    );
    for a in acme_on_target_synced(&s, &t, &state, &opts).await {
        assert_eq!(
            (a.properties.first_name(), a.properties.company()),
            (Some("A2"), Some("ACME")),
            "the target's change kept and carried"
        );
    }
}

#[tokio::test]
async fn an_interrupted_batch_of_creates_redone_later_does_not_override_a_later_change() {
    // Run 1 fails before its batch of creates lands; run 2 creates the batch and stops at the
    // create going back to the source. Later a created contact changes on the target only:
    // that change must flow to the source, not be overwritten because of run 1's intents.
    let opts = options(Mode::TwoWay);
    let (s, t, state) = two_stores();
    create_people(&s, &[("0701111111", "A"), ("0702222222", "B")]).await;
    t.create_one(person("0703333333", "C")).await.unwrap();
    let failing = |inner: &InMemoryProvider, allowed| Failing::new(inner.clone(), allowed, false);
    for (fs, ft) in [
        (failing(&s, usize::MAX), failing(&t, 0)),
        (failing(&s, 0), failing(&t, usize::MAX)),
    ] {
        killed_sync(&fs, &ft, &state, &opts).await;
    }
    assert_eq!(
        (s.len(), t.len()),
        (2, 3),
        "the batch landed on the second run"
    );
    for a in acme_on_target_synced(&s, &t, &state, &opts).await {
        assert_eq!(
            a.properties.company(),
            Some("ACME"),
            "the target's change kept and carried"
        );
    }
}

#[tokio::test]
async fn an_edit_on_the_other_side_after_an_interrupted_update_is_never_overwritten() {
    // Run 1 is killed before (or after) its update of A lands on the target. Before the rerun
    // someone edits A on the target. The rerun must not overwrite that edit because of run 1's
    // intent: it is a change on both sides, to different fields, merged field by field (before
    // field-level merge: a conflict the default policy listed and skipped).
    for land in [false, true] {
        let opts = SyncOptions {
            conflict: ConflictPolicy::Skip,
            ..options(Mode::TwoWay)
        };
        let (s, t, state) = two_stores();
        let a = s.create_one(person("0701111111", "A")).await.unwrap();
        sync(&s, &t, &state, &opts).await;
        s.update(&a.id, &ContactPatch::new().set("firstName", "A2"))
            .await
            .unwrap();
        let ft = Failing::new(t.clone(), 0, land);
        killed_sync(&s, &ft, &state, &opts).await;
        let on_target = t.get_by_phone("+46701111111").await.unwrap().unwrap();
        t.update(&on_target.id, &ContactPatch::new().set("company", "Edited"))
            .await
            .unwrap();
        let rerun = plan(&s, &t, &state, &opts).await.unwrap();
        assert!(rerun.conflicts.is_empty(), "landed={land}: {rerun}");
        execute(&rerun, &s, &t, &state, &opts, &mut |_| {})
            .await
            .unwrap();
        let kept = t.get_by_phone("+46701111111").await.unwrap().unwrap();
        assert_eq!(
            kept.properties.company(),
            Some("Edited"),
            "landed={land}: the edit made on the target survives"
        );
        let merged = s.get(&a.id, &Default::default()).await.unwrap();
        assert_eq!(merged.properties.company(), Some("Edited"), "landed={land}");
        assert_eq!(kept.properties.first_name(), Some("A2"), "landed={land}");
    }
}
