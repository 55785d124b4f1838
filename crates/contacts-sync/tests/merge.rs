//! Field-level merge in two-way sync: a pair changed on both sides merges field by field
//! against what it looked like at the last sync; a pair of cards merges member by member and
//! entry by entry (`phones/k2`).

mod common;

use common::{Failing, person, settled, sync, two_stores};
use contacts_core::card::Card;
use contacts_core::{
    Contact, ContactPatch, ContactProvider, ContactProviderExt, InMemoryProvider, NewContact,
};
use contacts_sync::{Action, ConflictPolicy, Mode, Plan, Resolution, Side, State, SyncOptions};
use serde_json::{Value, json};

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
    let (s, t, state) = two_stores();
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

/// [`edited`], then the sync that merges the edits: the stores, the state and its plan.
async fn merged(
    opts: &SyncOptions,
    source: ContactPatch,
    target: ContactPatch,
) -> (InMemoryProvider, InMemoryProvider, State, Plan) {
    let (s, t, state) = edited(opts, source, target).await;
    let plan = sync(&s, &t, &state, opts).await;
    (s, t, state, plan)
}

fn only(store: &InMemoryProvider) -> Contact {
    let mut all = store.snapshot();
    assert_eq!(all.len(), 1);
    all.remove(0)
}

/// The policies a conflict is tried under, each with the value that wins under it: none
/// under `skip`, the source's or the target's otherwise.
fn policies(
    source: &'static str,
    target: &'static str,
) -> [(ConflictPolicy, Option<&'static str>); 3] {
    [
        (ConflictPolicy::Skip, None),
        (ConflictPolicy::SourceWins, Some(source)),
        (ConflictPolicy::TargetWins, Some(target)),
    ]
}

/// The plan holds one conflict, over `field`, left open and named in its reason.
fn assert_open_conflict(plan: &Plan, field: &str) {
    assert_eq!(plan.conflicts.len(), 1, "{plan}");
    let fields = &plan.conflicts[0].fields;
    assert!(
        fields
            .iter()
            .any(|f| f.field == field && f.result.is_none()),
        "{fields:?}"
    );
    assert!(plan.conflicts[0].reason.contains(field), "{plan}");
}

/// `opts` with one resolution: `field` of the only contact of `source` taken from `take`.
fn resolving(
    opts: &SyncOptions,
    source: &InMemoryProvider,
    field: &str,
    take: Side,
) -> SyncOptions {
    SyncOptions {
        resolutions: vec![Resolution {
            source_id: only(source).id,
            field: field.into(),
            take,
        }],
        ..opts.clone()
    }
}

/// Both sides' only contact has this first name and company.
fn assert_both_hold(s: &InMemoryProvider, t: &InMemoryProvider, name: &str, company: &str) {
    for side in [only(s), only(t)] {
        assert_eq!(side.properties.first_name(), Some(name), "{side:?}");
        assert_eq!(side.properties.company(), Some(company), "{side:?}");
    }
}

#[tokio::test]
async fn edits_to_different_fields_on_both_sides_both_survive_on_both_sides() {
    let opts = two_way(ConflictPolicy::Skip);
    let (s, t, state, plan) = merged(
        &opts,
        ContactPatch::new().set("firstName", "Ada L"),
        ContactPatch::new().set("company", "Analytical"),
    )
    .await;
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
    assert_both_hold(&s, &t, "Ada L", "Analytical");
    settled(&s, &t, &state, &opts).await;
}

#[tokio::test]
async fn the_same_field_changed_to_the_same_value_is_no_conflict() {
    let opts = two_way(ConflictPolicy::Skip);
    let same = || ContactPatch::new().set("firstName", "Ada L");
    let (s, _, _, plan) = merged(&opts, same(), same().set("company", "B")).await;
    assert!(plan.conflicts.is_empty(), "{plan}");
    assert_eq!(only(&s).properties.company(), Some("B"));
    assert_eq!(only(&s).properties.first_name(), Some("Ada L"));
}

#[tokio::test]
async fn the_same_field_changed_differently_goes_to_the_policy_field_by_field() {
    for (policy, winner) in policies("Ada S", "Ada T") {
        let opts = two_way(policy);
        let (s, t, state, plan) = merged(
            &opts,
            ContactPatch::new().set("firstName", "Ada S"),
            ContactPatch::new()
                .set("firstName", "Ada T")
                .set("company", "T Inc"),
        )
        .await;
        match winner {
            None => {
                assert_open_conflict(&plan, "firstName");
                assert_eq!(only(&s).properties.first_name(), Some("Ada S"));
                assert_eq!(only(&t).properties.first_name(), Some("Ada T"));
                // A resolution for the field settles it, before the policy.
                let resolved = resolving(&opts, &s, "firstName", Side::Target);
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
    let (s, t, _, plan) = merged(
        &opts,
        ContactPatch::new()
            .add_label("from-source")
            .remove_label("a"),
        ContactPatch::new()
            .add_label("from-target")
            .set("company", "B"),
    )
    .await;
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
    let failing = Failing::new(s.clone(), 0, false);
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
    assert_both_hold(&s, &t, "Ada L", "Analytical");
    settled(&s, &t, &state, &opts).await;
}

/// Ada's card: one phone, two e-mails, a note.
fn ada_card() -> Card {
    serde_json::from_value(json!({
        "@type": "Card",
        "version": "1.0",
        "uid": "urn:uuid:ada",
        "name": {"components": [{"kind": "given", "value": "Ada"}]},
        "phones": {"k1": {"number": "+46701234567"}},
        "emails": {"e1": {"address": "ada@home.se"}, "e2": {"address": "ada@work.se"}},
        "notes": {"n1": {"note": "met at the fair"}}
    }))
    .unwrap()
}

/// The card of the only contact of `store`.
fn card_of(store: &InMemoryProvider) -> Card {
    *only(store).card.expect("a card")
}

/// The only contact of `store` replaced by one holding `card`, as another client edits it.
async fn replace_card(store: &InMemoryProvider, card: Card) {
    let id = only(store).id;
    store
        .replace(&id, &NewContact::from_card(card))
        .await
        .unwrap();
}

/// Ada's card synced once to both sides (as `first` plans and writes it); then `source`
/// and `target` edit their copy of the card.
async fn cards_edited(
    first: impl AsyncFnOnce(&InMemoryProvider, &InMemoryProvider, &State),
    source: impl FnOnce(&mut Card),
    target: impl FnOnce(&mut Card),
) -> (InMemoryProvider, InMemoryProvider, State) {
    let (s, t) = (InMemoryProvider::new(), InMemoryProvider::new());
    let state = State::in_memory().unwrap();
    s.create(&[NewContact::from_card(ada_card())])
        .await
        .unwrap();
    first(&s, &t, &state).await;
    assert_eq!(card_of(&t), card_of(&s), "synced whole");
    for (store, edit) in [
        (&s, Box::new(source) as Box<dyn FnOnce(&mut Card)>),
        (&t, Box::new(target)),
    ] {
        let mut card = card_of(store);
        edit(&mut card);
        replace_card(store, card).await;
    }
    (s, t, state)
}

/// The first sync of [`cards_edited`], as it runs.
async fn synced(
    opts: SyncOptions,
) -> impl AsyncFnOnce(&InMemoryProvider, &InMemoryProvider, &State) {
    async move |s: &InMemoryProvider, t: &InMemoryProvider, state: &State| {
        sync(s, t, state, &opts).await;
    }
}

/// [`cards_edited`] after a first sync with `opts`, then the sync with `opts` that merges
/// the edits: the stores, the state and that sync's plan.
async fn cards_merged(
    opts: &SyncOptions,
    source: impl FnOnce(&mut Card),
    target: impl FnOnce(&mut Card),
) -> (InMemoryProvider, InMemoryProvider, State, Plan) {
    let (s, t, state) = cards_edited(synced(opts.clone()).await, source, target).await;
    let plan = sync(&s, &t, &state, opts).await;
    (s, t, state, plan)
}

fn phone(number: &str) -> contacts_core::card::Phone {
    contacts_core::card::Phone {
        number: number.into(),
        ..Default::default()
    }
}

fn note_of(card: &Card) -> Option<&str> {
    card.notes.get("n1").map(|n| n.note.as_str())
}

/// What a card holds: its phones, e-mails and notes as `member/id=value`, in that order.
fn entries(card: &Card) -> Vec<String> {
    let phones = card
        .phones
        .iter()
        .map(|(id, p)| format!("phones/{id}={}", p.number));
    let emails = card
        .emails
        .iter()
        .map(|(id, e)| format!("emails/{id}={}", e.address));
    let notes = card
        .notes
        .iter()
        .map(|(id, n)| format!("notes/{id}={}", n.note));
    phones.chain(emails).chain(notes).collect()
}

/// An edit of Ada's card made on one side (see [`cards_edited`]).
type Edit = fn(&mut Card);

/// A case of edits that merge: what it is, the source's and the target's edit, the entries
/// the plan names, and what both cards hold afterwards (as [`entries`] lists it).
type Merging = (
    &'static str,
    Edit,
    Edit,
    &'static [&'static str],
    &'static [&'static str],
);

/// Edits of different entries on each side, or entries added under one id on both: the
/// merge leaves no conflict, both sides hold the same card (`want`, as [`entries`] lists
/// it, its flat view following it), the plan names the entries it merged, and a sync after
/// it plans nothing.
#[tokio::test]
async fn edits_of_different_entries_on_both_sides_all_survive_on_both_sides() {
    let cases: [Merging; 3] = [
        (
            "a phone added on one side, the note changed on the other",
            |card| _ = card.phones.insert("k2", phone("+46709876543")),
            |card| card.notes.get_mut("n1").unwrap().note = "met at the fair, 1843".into(),
            &["phones/k2", "notes/n1"],
            &[
                "phones/k1=+46701234567",
                "phones/k2=+46709876543",
                "emails/e1=ada@home.se",
                "emails/e2=ada@work.se",
                "notes/n1=met at the fair, 1843",
            ],
        ),
        (
            "an e-mail changed on one side, another removed on the other",
            |card| card.emails.get_mut("e1").unwrap().address = "ada@lovelace.se".into(),
            |card| _ = card.emails.remove("e2"),
            &["emails/e1", "emails/e2"],
            &[
                "phones/k1=+46701234567",
                "emails/e1=ada@lovelace.se",
                "notes/n1=met at the fair",
            ],
        ),
        (
            "entries added on both sides under one id: both kept, the source's renumbered",
            |card| _ = card.phones.insert("k2", phone("+46700000001")),
            |card| _ = card.phones.insert("k2", phone("+46700000002")),
            &["phones/k2"],
            &[
                "phones/k1=+46701234567",
                "phones/k2=+46700000002",
                "phones/k3=+46700000001",
                "emails/e1=ada@home.se",
                "emails/e2=ada@work.se",
                "notes/n1=met at the fair",
            ],
        ),
    ];
    let opts = two_way(ConflictPolicy::Skip);
    for (case, source, target, shown, want) in cases {
        let (s, t, state, plan) = cards_merged(&opts, source, target).await;
        assert!(plan.conflicts.is_empty(), "{case}: {plan}");
        let plan_text = plan.to_string();
        for field in shown {
            assert!(
                plan_text.contains(field),
                "{case}: {field} not in {plan_text}"
            );
        }
        for side in [only(&s), only(&t)] {
            let card = side.card.as_deref().unwrap();
            assert_eq!(entries(card), want, "{case}");
            // The flat view follows the merged card.
            let first_email = card.emails.values().next().map(|e| e.address.as_str());
            assert_eq!(side.properties.get("email"), first_email, "{case}");
        }
        assert_eq!(card_of(&s), card_of(&t), "{case}");
        settled(&s, &t, &state, &opts).await;
    }
}

#[tokio::test]
async fn the_same_entry_changed_differently_goes_to_the_policy_entry_by_entry() {
    for (policy, winner) in policies("by the source", "by the target") {
        let opts = two_way(policy);
        let (s, t, state, plan) = cards_merged(
            &opts,
            |card| card.notes.get_mut("n1").unwrap().note = "by the source".into(),
            |card| {
                card.notes.get_mut("n1").unwrap().note = "by the target".into();
                card.phones.insert("k2", phone("+46709876543"));
            },
        )
        .await;
        let Some(winner) = winner else {
            assert_open_conflict(&plan, "notes/n1");
            assert_eq!(note_of(&card_of(&s)), Some("by the source"));
            assert_eq!(note_of(&card_of(&t)), Some("by the target"));
            // A resolution for the entry settles it; the phone added on the target comes too.
            let resolved = resolving(&opts, &s, "notes/n1", Side::Source);
            let plan = sync(&s, &t, &state, &resolved).await;
            assert!(plan.conflicts.is_empty(), "{plan}");
            for card in [card_of(&s), card_of(&t)] {
                assert_eq!(note_of(&card), Some("by the source"));
                assert_eq!(card.phones.len(), 2);
            }
            continue;
        };
        assert!(plan.conflicts.is_empty(), "{policy}: {plan}");
        for card in [card_of(&s), card_of(&t)] {
            assert_eq!(note_of(&card), Some(winner), "{policy}");
            // The phone, added on the target only, survives either way.
            assert_eq!(card.phones.len(), 2, "{policy}");
        }
    }
}

#[tokio::test]
async fn an_entry_changed_on_one_side_and_removed_on_the_other_is_a_conflict() {
    let opts = two_way(ConflictPolicy::Skip);
    let (_, _, _, plan) = cards_merged(
        &opts,
        |card| card.notes.get_mut("n1").unwrap().note = "changed".into(),
        |card| _ = card.notes.remove("n1"),
    )
    .await;
    assert_eq!(plan.conflicts.len(), 1, "{plan}");
    let fields = &plan.conflicts[0].fields;
    assert!(
        fields.iter().any(|f| f.field == "notes/n1"
            && f.result.is_none()
            && f.target.is_none()
            && f.source.as_deref() == Some("changed")),
        "{fields:?}"
    );
}

/// `base` as a build before card merges recorded it: the flat view only.
fn flat_base(base: &mut Option<String>) {
    if let Some(text) = base {
        let mut value: Value = serde_json::from_str(text).unwrap();
        assert!(
            value.as_object_mut().unwrap().remove("c").is_some(),
            "{text}"
        );
        *text = value.to_string();
    }
}

#[tokio::test]
async fn a_base_recorded_in_the_flat_format_still_merges_and_then_cards_merge_by_entry() {
    let opts = two_way(ConflictPolicy::Skip);
    // The first sync records the base as an older build did: no card part.
    let first = {
        let opts = opts.clone();
        async move |s: &InMemoryProvider, t: &InMemoryProvider, state: &State| {
            let planned = contacts_sync::plan(s, t, state, &opts).await.unwrap();
            let mut actions = planned.to_actions().unwrap();
            for action in &mut actions {
                if let Action::Create { base, .. } = action {
                    flat_base(base);
                }
            }
            let old = Plan::new(actions, Vec::new(), Vec::new());
            contacts_sync::execute(&old, s, t, state, &opts, &mut |_| {})
                .await
                .unwrap();
        }
    };
    let (s, t, state) = cards_edited(
        first,
        |card| card.set_property("firstName", Some("Ada L")),
        |card| card.set_property("company", Some("Analytical")),
    )
    .await;
    // Merged in the flat view, as before.
    let plan = sync(&s, &t, &state, &opts).await;
    assert!(plan.conflicts.is_empty(), "{plan}");
    assert!(plan.to_string().contains("firstName"), "{plan}");
    assert_both_hold(&s, &t, "Ada L", "Analytical");
    // That merge recorded a card base: the next pair of edits merges entry by entry.
    for (store, number) in [(&s, "+46700000001"), (&t, "+46700000002")] {
        let mut card = card_of(store);
        card.phones
            .insert(format!("x{}", &number[10..]), phone(number));
        replace_card(store, card).await;
    }
    let plan = sync(&s, &t, &state, &opts).await;
    assert!(plan.conflicts.is_empty(), "{plan}");
    for card in [card_of(&s), card_of(&t)] {
        assert_eq!(card.phones.len(), 3, "{card:?}");
    }
}
