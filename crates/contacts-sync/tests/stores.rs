//! A sync knows which stores it pairs: a state file made with one store refuses another, a
//! store is never synced with itself, and a side that lost most of its synced contacts stops
//! the run.

mod common;

use common::{all, exported, person, refill, settled, sync};
use contacts_core::{ContactProvider, ContactProviderExt, InMemoryProvider, NewContact, Standard};
use contacts_sync::{Side, State, SyncError, SyncOptions, execute, plan};
use provider_sqlite::SqliteProvider;
use std::path::Path;

fn se() -> SyncOptions {
    SyncOptions {
        source_region: Some("SE".parse().unwrap()),
        target_region: Some("SE".parse().unwrap()),
        ..SyncOptions::default()
    }
}

fn local(path: &Path) -> Standard<SqliteProvider> {
    SqliteProvider::builder().path(path).build().unwrap()
}

fn fifty() -> Vec<NewContact> {
    (0..50)
        .map(|i| person(&format!("07012340{i:02}"), &format!("P{i}")))
        .collect()
}

/// [`fifty`] created on `source`, synced with `options` into a new, empty in-memory target:
/// the target.
async fn fifty_synced_from(
    source: &dyn ContactProvider,
    state: &State,
    options: &SyncOptions,
) -> InMemoryProvider {
    let target = InMemoryProvider::new();
    source.create(&fifty()).await.unwrap();
    sync(source, &target, state, options).await;
    target
}

/// [`fifty`] on an in-memory source, synced once into an empty in-memory target.
async fn fifty_synced() -> (InMemoryProvider, InMemoryProvider, State) {
    let (source, state) = (InMemoryProvider::new(), State::in_memory().unwrap());
    let target = fifty_synced_from(&source, &state, &se()).await;
    (source, target, state)
}

/// The error says that the store on `side` is not the one the state recorded.
fn assert_other_store(err: &SyncError, side: Side) {
    assert!(
        matches!(err, SyncError::OtherStore { side: found, .. } if *found == side),
        "{err}"
    );
}

/// The user's report: `sync src tgt --delete` with the source profile pointed, by a typo,
/// at another local store holding 1 unrelated contact deleted all 50 target contacts.
#[tokio::test]
async fn a_state_made_with_one_store_refuses_another() {
    let dir = tempfile::tempdir().unwrap();
    let source = local(&dir.path().join("a.db"));
    let state = State::open(&dir.path().join("state.db")).unwrap();
    let target = fifty_synced_from(&source, &state, &se()).await;
    assert_eq!(target.len(), 50);

    let typo = local(&dir.path().join("b.db"));
    typo.create_one(person("0709999999", "Stranger"))
        .await
        .unwrap();
    let options = SyncOptions {
        delete: true,
        delete_threshold: 500,
        allow_deletes: Some(500),
        allow_mass_loss: true,
        ..se()
    };
    let err = plan(&typo, &target, &state, &options).await.unwrap_err();
    let SyncError::OtherStore {
        side,
        ref recorded,
        ref found,
    } = err
    else {
        panic!("expected OtherStore, got {err}");
    };
    assert_eq!(side, Side::Source);
    assert_eq!(Some(recorded), source.store_identity().as_ref());
    assert_eq!(Some(found), typo.store_identity().as_ref());
    let message = err.to_string();
    assert!(message.contains("the source is not the store"), "{message}");
    assert!(message.contains("new state file"), "{message}");
    assert_eq!(err.consent(), Some(contacts_sync::Consent::RebindStores));
    assert_eq!(target.len(), 50, "nothing was deleted");

    // The same store reopened (another provider value, same file) is accepted.
    let again = local(&dir.path().join("a.db"));
    settled(&again, &target, &state, &options).await;
    // A copy of the file is the same store too.
    drop((source, again));
    std::fs::copy(dir.path().join("a.db"), dir.path().join("copy.db")).unwrap();
    let copy = local(&dir.path().join("copy.db"));
    settled(&copy, &target, &state, &options).await;
}

#[tokio::test]
async fn the_target_is_checked_too_and_a_plan_cannot_run_against_another_store() {
    let (source, target, state) = fifty_synced().await;
    let other = InMemoryProvider::new();
    let err = plan(&source, &other, &state, &se()).await.unwrap_err();
    assert_other_store(&err, Side::Target);
    // A plan made against the right stores, executed against another: refused before writing.
    source
        .create_one(person("0708888888", "New"))
        .await
        .unwrap();
    let p = plan(&source, &target, &state, &se()).await.unwrap();
    let err = execute(&p, &source, &other, &state, &se(), &mut |_| {})
        .await
        .unwrap_err();
    assert!(matches!(err, SyncError::OtherStore { .. }), "{err}");
    assert!(other.is_empty());
}

#[tokio::test]
async fn a_store_is_never_synced_with_itself() {
    let memory = InMemoryProvider::new();
    memory.create(&fifty()).await.unwrap();
    let state = State::in_memory().unwrap();
    let err = plan(&memory, &memory.clone(), &state, &se())
        .await
        .unwrap_err();
    assert!(matches!(err, SyncError::SameStore { .. }), "{err}");
    assert!(err.to_string().contains("same store"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one.db");
    let (a, b) = (local(&path), local(&path));
    a.create_one(person("0701234567", "Ada")).await.unwrap();
    let err = plan(&a, &b, &state, &se()).await.unwrap_err();
    assert!(matches!(err, SyncError::SameStore { .. }), "{err}");
    assert_eq!(all(&a).await.len(), 1);
}

/// Stores that cannot tell their identity are not checked; the first store seen is kept.
#[test]
fn identities_are_recorded_once_and_unknown_ones_are_not_checked() {
    let state = State::in_memory().unwrap();
    state.check_stores(Some("a"), Some("b")).unwrap();
    state.bind_stores(None, Some("b")).unwrap();
    state.check_stores(Some("x"), Some("b")).unwrap();
    state.check_stores(None, None).unwrap();
    let err = state.check_stores(None, Some("c")).unwrap_err();
    assert_other_store(&err, Side::Target);
    state.bind_stores(Some("a"), Some("b")).unwrap();
    let err = state.bind_stores(Some("x"), Some("b")).unwrap_err();
    assert_other_store(&err, Side::Source);
    let err = state.check_stores(Some("s"), Some("s")).unwrap_err();
    assert!(matches!(err, SyncError::SameStore { .. }), "{err}");
}

/// "The store was wiped and filled again": same store, not empty, most synced ids gone.
#[tokio::test]
async fn a_side_that_lost_most_of_its_synced_contacts_stops_the_run() {
    let (source, target, state) = fifty_synced().await;
    let others: Vec<NewContact> = (0..20)
        .map(|i| person(&format!("07055500{i:02}"), &format!("Q{i}")))
        .collect();
    refill(&source, &others).await;
    let options = SyncOptions {
        delete: true,
        allow_deletes: Some(50),
        ..se()
    };
    let err = plan(&source, &target, &state, &options).await.unwrap_err();
    assert!(
        matches!(
            err,
            SyncError::MassLoss {
                side: Side::Source,
                lost: 50,
                paired: 50,
                listed: 20
            }
        ),
        "{err}"
    );
    assert_eq!(
        err.consent(),
        Some(contacts_sync::Consent::AllowMassLoss),
        "{err}"
    );
    assert_eq!(target.len(), 50);
    // Told so, it goes on: the loss is real.
    let allowed = SyncOptions {
        allow_mass_loss: true,
        ..options
    };
    sync(&source, &target, &state, &allowed).await;
    assert_eq!(target.len(), 20);
}

#[tokio::test]
async fn a_few_deletes_are_no_mass_loss() {
    let (source, target) = (InMemoryProvider::new(), InMemoryProvider::new());
    let made = source.create(&fifty()[..8]).await.unwrap();
    let state = State::in_memory().unwrap();
    sync(&source, &target, &state, &se()).await;
    for c in &made[..4] {
        source.delete(&c.id).await.unwrap();
    }
    let options = SyncOptions {
        delete: true,
        ..se()
    };
    let p = sync(&source, &target, &state, &options).await;
    assert_eq!(p.deletes(), 4, "4 of 8 is not more than half");
    assert_eq!(target.len(), 4);
}

/// A store that moved on purpose (its contacts carried into a new file, a key rotated): told
/// so, the run records the new store, re-links the contacts and deletes nothing.
#[tokio::test]
async fn a_store_that_moved_on_purpose_is_rebound_when_told() {
    let dir = tempfile::tempdir().unwrap();
    let old = local(&dir.path().join("old.db"));
    let state = State::open(&dir.path().join("state.db")).unwrap();
    let options = SyncOptions {
        delete: true,
        ..se()
    };
    let target = fifty_synced_from(&old, &state, &options).await;
    let moved = local(&dir.path().join("new.db"));
    moved.create(&exported(&old).await).await.unwrap();
    assert!(matches!(
        plan(&moved, &target, &state, &options).await,
        Err(SyncError::OtherStore { .. })
    ));
    let rebind = SyncOptions {
        rebind_stores: true,
        ..options.clone()
    };
    let first = sync(&moved, &target, &state, &rebind).await;
    assert_eq!(
        (first.deletes(), first.creates()),
        (0, 0),
        "re-linked, nothing deleted"
    );
    assert_eq!(target.len(), 50);
    let after = plan(&moved, &target, &state, &options).await.unwrap();
    assert!(after.is_empty(), "the new store is the one recorded now");
}
