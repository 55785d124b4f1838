//! A dedupe recorded in the sync state (`State::record_merges`) so that a later sync does not
//! bring the merged-away contact back from the other side: the pair is re-linked to the kept
//! contact when no pair holds it, otherwise the other side's contact is a duplicate there
//! (deleted with delete mode, else left and listed).

mod common;

use common::sync;
use contacts_core::{ContactProvider, InMemoryProvider, NewContact};
use contacts_sync::dedupe::{self, ApplyOptions, DedupeOptions};
use contacts_sync::{Mode, State, SyncOptions};

const ADA: &str = "+46701111111";
const BEE: &str = "+46702222222";

fn doc(pairs: &[(&str, &str)]) -> NewContact {
    pairs
        .iter()
        .fold(NewContact::new(), |doc, (k, v)| doc.property(*k, *v))
}

/// The kept contact: more values than [`merged_away`], one e-mail address with it.
fn kept() -> NewContact {
    doc(&[
        ("phoneNumber", ADA),
        ("email", "ada@x.se"),
        ("firstName", "Ada"),
        ("company", "Analytical"),
    ])
}

/// The same person under another number (found by the e-mail address).
fn merged_away() -> NewContact {
    doc(&[("phoneNumber", BEE), ("email", "ada@x.se")])
}

fn two_way(delete: bool) -> SyncOptions {
    SyncOptions {
        mode: Mode::TwoWay,
        delete,
        ..SyncOptions::default()
    }
}

/// Merges the duplicates of `store` and records the merges in `state`; how many recorded.
async fn dedupe_and_record(store: &InMemoryProvider, state: &State) -> usize {
    let plan = dedupe::plan(store, &DedupeOptions::default())
        .await
        .unwrap();
    assert_eq!(plan.groups.len(), 1, "{plan}");
    let applied = dedupe::apply(store, &plan, &ApplyOptions::default()).await;
    assert_eq!(applied.merges.len(), 1, "{applied}");
    let identity = store.store_identity().unwrap();
    state.record_merges(&identity, &applied.merges).unwrap()
}

/// The source with both contacts synced two-way to the target (both paired), then deduped.
async fn synced_then_deduped() -> (InMemoryProvider, InMemoryProvider, State) {
    let (source, target) = (InMemoryProvider::new(), InMemoryProvider::new());
    source.create(&[kept(), merged_away()]).await.unwrap();
    let state = State::in_memory().unwrap();
    sync(&source, &target, &state, &two_way(false)).await;
    assert_eq!(
        (source.len(), target.len(), state.pairs().unwrap().len()),
        (2, 2, 2)
    );
    assert_eq!(dedupe_and_record(&source, &state).await, 1);
    assert_eq!(source.len(), 1);
    (source, target, state)
}

#[tokio::test]
async fn a_merged_away_contact_is_not_recreated_from_the_other_side() {
    let (source, target, state) = synced_then_deduped().await;
    let plan = sync(&source, &target, &state, &two_way(false)).await;
    assert_eq!(source.len(), 1, "the merged-away contact came back: {plan}");
    assert_eq!(plan.creates(), 0, "{plan}");
    assert!(
        plan.skips.iter().any(|s| s
            .reason
            .starts_with("merged into 1 on the source by contacts dedupe")),
        "{plan}"
    );
    // Without delete mode the other side's duplicate stays, and is still not carried back.
    assert_eq!(target.len(), 2);
    let again = sync(&source, &target, &state, &two_way(false)).await;
    assert_eq!(source.len(), 1, "brought back by the next run: {again}");
    assert_eq!(again.creates(), 0, "{again}");
}

#[tokio::test]
async fn with_delete_mode_the_other_sides_duplicate_is_deleted() {
    let (source, target, state) = synced_then_deduped().await;
    let plan = sync(&source, &target, &state, &two_way(true)).await;
    assert_eq!(plan.deletes(), 1, "{plan}");
    assert!(
        plan.to_string()
            .contains("merged into 1 on the source by contacts dedupe"),
        "{plan}"
    );
    assert_eq!((source.len(), target.len()), (1, 1));
    // The kept contact's merged fields reached the target's contact of its pair.
    let left = &target.snapshot()[0];
    assert_eq!(left.properties.first_name(), Some("Ada"));
    assert_eq!(state.pairs().unwrap().len(), 1);
    let again = sync(&source, &target, &state, &two_way(true)).await;
    assert!(again.is_empty(), "{again}");
}

#[tokio::test]
async fn a_pair_is_re_linked_to_a_kept_contact_no_pair_holds() {
    let (source, target) = (InMemoryProvider::new(), InMemoryProvider::new());
    source.create(&[merged_away()]).await.unwrap();
    let state = State::in_memory().unwrap();
    sync(&source, &target, &state, &two_way(false)).await;
    // Created after the sync (unpaired), it holds more values: it is kept.
    source.create(&[kept()]).await.unwrap();
    assert_eq!(dedupe_and_record(&source, &state).await, 1);
    let plan = sync(&source, &target, &state, &two_way(false)).await;
    assert!(
        plan.to_string()
            .contains("was merged into 2 by contacts dedupe"),
        "{plan}"
    );
    assert_eq!((source.len(), target.len()), (1, 1), "{plan}");
    // The kept contact's content flowed onto the target's contact as a change.
    let on_target = &target.snapshot()[0];
    assert_eq!(on_target.properties.first_name(), Some("Ada"));
    assert_eq!(on_target.properties.phone_number(), Some(ADA));
    let pairs = state.pairs().unwrap();
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0].source_id.as_str(), "2");
    let again = sync(&source, &target, &state, &two_way(false)).await;
    assert!(again.is_empty(), "{again}");
}

#[tokio::test]
async fn a_state_file_not_involving_the_store_records_nothing() {
    let (source, target, state) = synced_then_deduped().await;
    let other = InMemoryProvider::new();
    other.create(&[kept(), merged_away()]).await.unwrap();
    assert_eq!(dedupe_and_record(&other, &state).await, 0);
    // A fresh state (no run wrote: no store recorded) records nothing either.
    let fresh = State::in_memory().unwrap();
    let merge = contacts_sync::dedupe::Merge {
        kept: contacts_core::ContactId::new("1"),
        merged_away: contacts_core::ContactId::new("2"),
        store_identity: source.store_identity(),
    };
    let identity = source.store_identity().unwrap();
    assert_eq!(fresh.record_merges(&identity, &[merge]).unwrap(), 0);
    drop(target);
}
