//! Field-level merge in two-way sync: a pair changed on both sides merges field by field
//! against what it looked like at the last sync.

mod common;

use common::{Failing, person, sync};
use contacts_core::{Contact, ContactPatch, ContactProvider, ContactProviderExt, InMemoryProvider};
use contacts_sync::{Action, ConflictPolicy, Mode, Resolution, Side, State, SyncOptions};
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

fn two_way(conflict: ConflictPolicy) -> SyncOptions {
    SyncOptions {
        mode: Mode::TwoWay,
        conflict,
        source_region: Some("SE".parse().unwrap()),
        target_region: Some("SE".parse().unwrap()),
        ..SyncOptions::default()
    }
}

/// Ada synced once to both sides; then `source` and `target` edit her.
async fn edited(
    opts: &SyncOptions,
    source: ContactPatch,
    target: ContactPatch,
) -> (InMemoryProvider, InMemoryProvider, State) {
    let (s, t, state) = (
        InMemoryProvider::new(),
        InMemoryProvider::new(),
        State::in_memory().unwrap(),
    );
    let ada = person("0701234567", "Ada")
        .property("company", "ACME")
        .label("a");
    let ada = s.create_one(ada.label("b")).await.unwrap();
    sync(&s, &t, &state, opts).await;
    let on_target = t.snapshot().remove(0);
    s.update(&ada.id, &source).await.unwrap();
    t.update(&on_target.id, &target).await.unwrap();
    (s, t, state)
}

fn only(store: &InMemoryProvider) -> Contact {
    let mut all = store.snapshot();
    assert_eq!(all.len(), 1);
    all.remove(0)
}

#[tokio::test]
async fn edits_to_different_fields_on_both_sides_both_survive_on_both_sides() {
    let opts = two_way(ConflictPolicy::Skip);
    let (s, t, state) = edited(
        &opts,
        ContactPatch::new().set("firstName", "Ada L"),
        ContactPatch::new().set("company", "Analytical"),
    )
    .await;
    let plan = sync(&s, &t, &state, &opts).await;
    assert!(plan.conflicts.is_empty(), "{plan}");
    let actions = plan.to_actions().unwrap();
    assert!(matches!(&actions[..], [Action::Merge { .. }]), "{plan}");
    let shown = plan.to_string();
    assert!(
        shown.contains(
            "firstName: source \"Ada L\", target \"Ada\" -> \"Ada L\" (changed on the source only"
        ),
        "{shown}"
    );
    let json = serde_json::to_string(&plan).unwrap();
    assert!(json.contains("\"changedOn\":\"target\""), "{json}");
    for side in [only(&s), only(&t)] {
        assert_eq!(side.properties.first_name(), Some("Ada L"));
        assert_eq!(side.properties.company(), Some("Analytical"));
    }
    let again = contacts_sync::plan(&s, &t, &state, &opts).await.unwrap();
    assert!(again.is_empty(), "{again}");
}

#[tokio::test]
async fn the_same_field_changed_to_the_same_value_is_no_conflict() {
    let opts = two_way(ConflictPolicy::Skip);
    let same = || ContactPatch::new().set("firstName", "Ada L");
    let (s, t, state) = edited(&opts, same(), same().set("company", "B")).await;
    let plan = sync(&s, &t, &state, &opts).await;
    assert!(plan.conflicts.is_empty(), "{plan}");
    assert_eq!(only(&s).properties.company(), Some("B"));
    assert_eq!(only(&s).properties.first_name(), Some("Ada L"));
}

#[tokio::test]
async fn the_same_field_changed_differently_goes_to_the_policy_field_by_field() {
    let cases = [
        (ConflictPolicy::Skip, None),
        (ConflictPolicy::SourceWins, Some("Ada S")),
        (ConflictPolicy::TargetWins, Some("Ada T")),
    ];
    for (policy, winner) in cases {
        let opts = two_way(policy);
        let (s, t, state) = edited(
            &opts,
            ContactPatch::new().set("firstName", "Ada S"),
            ContactPatch::new()
                .set("firstName", "Ada T")
                .set("company", "T Inc"),
        )
        .await;
        let plan = sync(&s, &t, &state, &opts).await;
        match winner {
            None => {
                assert_eq!(plan.conflicts.len(), 1, "{plan}");
                let fields = &plan.conflicts[0].fields;
                assert!(
                    fields
                        .iter()
                        .any(|f| f.field == "firstName" && f.result.is_none()),
                    "{fields:?}"
                );
                assert!(plan.conflicts[0].reason.contains("firstName"), "{plan}");
                assert_eq!(only(&s).properties.first_name(), Some("Ada S"));
                assert_eq!(only(&t).properties.first_name(), Some("Ada T"));
                // A resolution for the field settles it, before the policy.
                let resolved = SyncOptions {
                    resolutions: vec![Resolution {
                        source_id: only(&s).id,
                        field: "firstName".into(),
                        take: Side::Target,
                    }],
                    ..opts.clone()
                };
                let plan = sync(&s, &t, &state, &resolved).await;
                assert!(plan.conflicts.is_empty(), "{plan}");
                assert_eq!(only(&s).properties.first_name(), Some("Ada T"));
                assert_eq!(only(&s).properties.company(), Some("T Inc"));
            }
            Some(name) => {
                assert!(plan.conflicts.is_empty(), "{policy}: {plan}");
                for side in [only(&s), only(&t)] {
                    assert_eq!(side.properties.first_name(), Some(name), "{policy}");
                    // The other field, changed on the target only, survives either way.
                    assert_eq!(side.properties.company(), Some("T Inc"), "{policy}");
                }
            }
        }
    }
}

#[tokio::test]
async fn labels_added_and_removed_on_both_sides_merge_as_sets() {
    let opts = two_way(ConflictPolicy::Skip);
    let (s, t, state) = edited(
        &opts,
        ContactPatch::new()
            .add_label("from-source")
            .remove_label("a"),
        ContactPatch::new()
            .add_label("from-target")
            .set("company", "B"),
    )
    .await;
    let plan = sync(&s, &t, &state, &opts).await;
    assert!(plan.conflicts.is_empty(), "{plan}");
    for side in [only(&s), only(&t)] {
        let labels: Vec<&str> = side.labels.iter().collect();
        assert_eq!(labels, vec!["b", "from-source", "from-target"]);
    }
}

#[tokio::test]
async fn a_merge_killed_between_its_two_writes_converges_on_the_next_run() {
    let opts = two_way(ConflictPolicy::Skip);
    let (s, t, state) = edited(
        &opts,
        ContactPatch::new().set("firstName", "Ada L"),
        ContactPatch::new().set("company", "Analytical"),
    )
    .await;
    // The target is written first; the source's write is lost (killed before it lands).
    let failing = Failing {
        inner: s.clone(),
        writes: Arc::new(AtomicUsize::new(0)),
        allowed: 0,
        land: false,
    };
    let plan = contacts_sync::plan(&failing, &t, &state, &opts)
        .await
        .unwrap();
    let run = contacts_sync::execute(&plan, &failing, &t, &state, &opts, &mut |_| {}).await;
    assert!(run.is_err());
    assert_eq!(
        only(&t).properties.first_name(),
        Some("Ada L"),
        "the target was written"
    );
    assert_eq!(
        only(&s).properties.company(),
        Some("ACME"),
        "the source was not"
    );
    let plan = sync(&s, &t, &state, &opts).await;
    assert!(plan.conflicts.is_empty(), "{plan}");
    for side in [only(&s), only(&t)] {
        assert_eq!(side.properties.first_name(), Some("Ada L"));
        assert_eq!(side.properties.company(), Some("Analytical"));
    }
    assert!(
        contacts_sync::plan(&s, &t, &state, &opts)
            .await
            .unwrap()
            .is_empty()
    );
}
