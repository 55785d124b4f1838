//! One test per rule of the sync, on in-memory providers.

mod common;

use common::{create_people, people, person, settled, sync, two_stores};
use contacts_core::layer::ReadOnlyLayer;
use contacts_core::{
    Capabilities, ContactPatch, ContactProvider, ContactProviderExt, InMemoryProvider, KeySupport,
    NewContact,
};
use contacts_sync::{
    Action, ConflictPolicy, KeyMap, Mode, Plan, State, SyncError, SyncOptions, execute, plan,
};

fn se() -> SyncOptions {
    SyncOptions {
        source_region: Some("SE".parse().unwrap()),
        target_region: Some("SE".parse().unwrap()),
        ..SyncOptions::default()
    }
}

fn two_way(conflict: ConflictPolicy) -> SyncOptions {
    SyncOptions {
        mode: Mode::TwoWay,
        conflict,
        ..se()
    }
}

/// Asserts that some contact of `store` holds `key` = `value`; a failure shows every value
/// of `key` the store holds.
#[track_caller]
fn assert_holds(store: &InMemoryProvider, key: &str, value: &str) {
    let contacts = store.snapshot();
    let held: Vec<Option<&str>> = contacts.iter().map(|c| c.properties.get(key)).collect();
    assert!(
        held.contains(&Some(value)),
        "no contact holds {key} = {value:?}; the values of {key}: {held:?}"
    );
}

#[tokio::test]
async fn one_way_creates_then_plans_nothing() {
    let (s, t, state) = two_stores();
    create_people(&s, &[("070-123 45 67", "Ada"), ("+46 70 765 43 21", "Bob")]).await;
    let first = sync(&s, &t, &state, &se()).await;
    assert_eq!(first.creates(), 2, "{first}");
    assert_eq!(people(&s), people(&t));
    let second = plan(&s, &t, &state, &se()).await.unwrap();
    assert!(second.is_empty(), "{second}");
}

#[tokio::test]
async fn existing_contacts_pair_by_number_without_duplicates() {
    let (s, t, state) = two_stores();
    create_people(&s, &[("0701234567", "Ada"), ("0707654321", "Bob")]).await;
    create_people(&t, &[("+46701234567", "Ada"), ("0046707654321", "Robert")]).await;
    let first = sync(&s, &t, &state, &se()).await;
    assert_eq!((first.creates(), first.updates()), (0, 1), "{first}");
    assert_eq!(t.len(), 2);
    assert_eq!(people(&s), people(&t));
    // The target keeps its own spelling of the same number.
    assert_holds(&t, "phoneNumber", "0046707654321");
}

#[tokio::test]
async fn a_new_number_after_the_first_sync_is_an_update() {
    let (s, t, state) = two_stores();
    let ada = s.create_one(person("0701234567", "Ada")).await.unwrap();
    sync(&s, &t, &state, &se()).await;
    s.update(
        &ada.id,
        &ContactPatch::new().set("phoneNumber", "0709999999"),
    )
    .await
    .unwrap();
    let second = sync(&s, &t, &state, &se()).await;
    assert_eq!((second.creates(), second.updates()), (0, 1), "{second}");
    assert_eq!(
        people(&t),
        vec![("+46709999999".into(), Some("Ada".into()))]
    );
}

#[tokio::test]
async fn several_contacts_with_one_number_are_reported_never_merged() {
    let (s, t, state) = two_stores();
    let twins = [
        ("0701234567", "Ada"),
        ("+46701234567", "Ada twin"),
        ("0705555555", "Cy"),
    ];
    create_people(&s, &twins).await;
    let p = sync(&s, &t, &state, &se()).await;
    assert_eq!(p.creates(), 1, "{p}");
    assert_eq!(p.skips.len(), 2, "{p}");
    assert!(
        p.skips.iter().all(|s| s.reason.contains("not merged")),
        "{p}"
    );
}

#[tokio::test]
async fn a_contact_without_a_usable_number_is_skipped_unless_paired() {
    let (s, t, state) = two_stores();
    let ada = s.create_one(person("0701234567", "Ada")).await.unwrap();
    s.create(&[
        NewContact::new().property("firstName", "Nobody"),
        person("hello", "Letters"),
    ])
    .await
    .unwrap();
    let p = sync(&s, &t, &state, &se()).await;
    assert_eq!((p.creates(), p.skips.len()), (1, 2), "{p}");
    // A paired contact that loses its number still syncs.
    s.update(
        &ada.id,
        &ContactPatch::new()
            .remove("phoneNumber")
            .set("firstName", "Ada L"),
    )
    .await
    .unwrap();
    let p = sync(&s, &t, &state, &se()).await;
    assert_eq!(p.updates(), 1, "{p}");
    assert_holds(&t, "firstName", "Ada L");
}

#[tokio::test]
async fn deletes_only_in_delete_mode_and_never_target_only_contacts() {
    let (s, t, state) = two_stores();
    let ada = s.create_one(person("0701234567", "Ada")).await.unwrap();
    s.create_one(person("0702222222", "Bea")).await.unwrap();
    t.create_one(person("0703333333", "Target only"))
        .await
        .unwrap();
    sync(&s, &t, &state, &se()).await;
    s.delete(&ada.id).await.unwrap();
    let kept = sync(&s, &t, &state, &se()).await;
    assert_eq!(kept.deletes(), 0, "{kept}");
    assert_eq!(t.len(), 3);
    let delete = SyncOptions {
        delete: true,
        ..se()
    };
    let p = sync(&s, &t, &state, &delete).await;
    assert_eq!(p.deletes(), 1, "{p}");
    let names: Vec<_> = people(&t).into_iter().filter_map(|p| p.1).collect();
    assert_eq!(names, vec!["Bea".to_owned(), "Target only".to_owned()]);
}

#[tokio::test]
async fn two_way_carries_changes_both_ways() {
    let (s, t, state) = two_stores();
    let ada = s.create_one(person("0701234567", "Ada")).await.unwrap();
    t.create_one(person("0702222222", "Bea")).await.unwrap();
    let opts = two_way(ConflictPolicy::Skip);
    let p = sync(&s, &t, &state, &opts).await;
    assert_eq!(p.creates(), 2, "{p}");
    let on_target = t.get_by_phone("+46701234567").await.unwrap().unwrap();
    t.update(&on_target.id, &ContactPatch::new().set("company", "ACME"))
        .await
        .unwrap();
    let p = sync(&s, &t, &state, &opts).await;
    assert_eq!(p.updates(), 1, "{p}");
    assert_eq!(
        s.get(&ada.id, &Default::default())
            .await
            .unwrap()
            .properties
            .company(),
        Some("ACME")
    );
    settled(&s, &t, &state, &opts).await;
}

/// Both sides edit Ada differently; returns the providers and state after the edits.
async fn conflicted(opts: &SyncOptions) -> (InMemoryProvider, InMemoryProvider, State) {
    let (s, t, state) = two_stores();
    let ada = s.create_one(person("0701234567", "Ada")).await.unwrap();
    sync(&s, &t, &state, opts).await;
    let on_target = t.snapshot().remove(0);
    s.update(&ada.id, &ContactPatch::new().set("firstName", "Ada S"))
        .await
        .unwrap();
    t.update(
        &on_target.id,
        &ContactPatch::new().set("firstName", "Ada T"),
    )
    .await
    .unwrap();
    (s, t, state)
}

#[tokio::test]
async fn conflicts_are_listed_and_resolved_by_the_policy() {
    let cases = [
        (ConflictPolicy::Skip, ("Ada S", "Ada T")),
        (ConflictPolicy::SourceWins, ("Ada S", "Ada S")),
        (ConflictPolicy::TargetWins, ("Ada T", "Ada T")),
    ];
    for (policy, (want_s, want_t)) in cases {
        let opts = two_way(policy);
        let (s, t, state) = conflicted(&opts).await;
        let p = sync(&s, &t, &state, &opts).await;
        assert_eq!(
            p.conflicts.len(),
            usize::from(policy == ConflictPolicy::Skip),
            "{policy}: {p}"
        );
        assert_eq!(
            s.snapshot()[0].properties.first_name(),
            Some(want_s),
            "{policy}"
        );
        assert_eq!(
            t.snapshot()[0].properties.first_name(),
            Some(want_t),
            "{policy}"
        );
    }
}

fn fixed_target(labels: bool) -> InMemoryProvider {
    let mut caps = Capabilities::full();
    caps.labels = labels;
    caps.keys = KeySupport::Fixed {
        keys: ["phoneNumber", "firstName", "custom1"]
            .map(String::from)
            .to_vec(),
    };
    InMemoryProvider::with_capabilities(caps)
}

#[tokio::test]
async fn keys_the_target_cannot_store_are_mapped_or_reported() {
    let s = InMemoryProvider::new();
    s.create_one(person("0701234567", "Ada").property("email", "ada@example.com"))
        .await
        .unwrap();
    let (t, state) = (fixed_target(true), State::in_memory().unwrap());
    let p = plan(&s, &t, &state, &se()).await.unwrap();
    let Action::Create { notes, contact, .. } = &p.to_actions().unwrap()[0] else {
        panic!("{p}")
    };
    assert!(notes[0].contains("\"email\""), "{notes:?}");
    assert!(!contact.properties.contains_key("email"));
    let mapped = SyncOptions {
        key_map: "email=custom1".parse::<KeyMap>().unwrap(),
        ..se()
    };
    sync(&s, &t, &state, &mapped).await;
    assert_eq!(
        t.snapshot()[0].properties.get("custom1"),
        Some("ada@example.com")
    );
    settled(&s, &t, &state, &mapped).await;
}

/// `--map email=custom1` with a source contact that has a `custom1` of its own: both values
/// would be written to the target's `custom1` (one lost), and the source's `custom1` would come
/// back as `email`. It is not carried, and the plan notes it, as for a label
/// (`--label-map`) that stands for another on the other side.
#[tokio::test]
async fn a_key_named_as_the_other_side_names_a_mapped_key_is_not_carried() {
    let s = InMemoryProvider::new();
    s.create_one(
        person("0701234567", "Ada")
            .property("email", "ada@example.com")
            .property("custom1", "met at the fair"),
    )
    .await
    .unwrap();
    let (t, state) = (fixed_target(true), State::in_memory().unwrap());
    let mapped = SyncOptions {
        key_map: "email=custom1".parse::<KeyMap>().unwrap(),
        ..se()
    };
    let p = plan(&s, &t, &state, &mapped).await.unwrap();
    let Action::Create { notes, contact, .. } = &p.to_actions().unwrap()[0] else {
        panic!("{p}")
    };
    assert_eq!(contact.properties.get("custom1"), Some("ada@example.com"));
    assert!(
        notes
            .iter()
            .any(|n| n.contains("\"custom1\" not carried") && n.contains("--map")),
        "the source's own custom1 is reported, not lost silently: {notes:?}"
    );
    sync(&s, &t, &state, &mapped).await;
    assert_holds(&t, "custom1", "ada@example.com");
    // The source keeps it.
    assert_holds(&s, "custom1", "met at the fair");
    settled(&s, &t, &state, &mapped).await;
}

/// The same the other way round, between two flat sides: the target's own `email` (its
/// `custom1` being the source's `email`) would come back to the source as `email` and
/// overwrite it; it is not carried, and stays on the target.
#[tokio::test]
async fn a_key_of_the_target_named_as_the_source_names_a_mapped_key_is_not_carried() {
    let flat = || {
        let mut caps = Capabilities::full();
        caps.card_parts.clear();
        InMemoryProvider::with_capabilities(caps)
    };
    let (s, t, state) = (flat(), flat(), State::in_memory().unwrap());
    let options = SyncOptions {
        key_map: "email=custom1".parse::<KeyMap>().unwrap(),
        ..two_way(ConflictPolicy::Skip)
    };
    s.create_one(person("0701234567", "Ada").property("email", "ada@example.com"))
        .await
        .unwrap();
    sync(&s, &t, &state, &options).await;
    assert_holds(&t, "custom1", "ada@example.com");
    let id = t.snapshot()[0].id.clone();
    let patch = ContactPatch::new().set("email", "ada@work.example");
    t.update(&id, &patch.set("firstName", "Augusta"))
        .await
        .unwrap();
    let p = plan(&s, &t, &state, &options).await.unwrap();
    assert!(
        p.to_string().contains("\"email\" not carried"),
        "the target's own email is reported: {p}"
    );
    sync(&s, &t, &state, &options).await;
    // The source's email stays.
    assert_holds(&s, "email", "ada@example.com");
    assert_holds(&t, "custom1", "ada@example.com");
    // The rest is carried.
    assert_holds(&s, "firstName", "Augusta");
    // The target keeps its own.
    assert_holds(&t, "email", "ada@work.example");
    settled(&s, &t, &state, &options).await;
}

#[tokio::test]
async fn labels_to_a_provider_without_labels_are_reported() {
    let s = InMemoryProvider::new();
    s.create_one(person("0701234567", "Ada").label("VIP"))
        .await
        .unwrap();
    let (t, state) = (fixed_target(false), State::in_memory().unwrap());
    let p = plan(&s, &t, &state, &se()).await.unwrap();
    let Action::Create { notes, .. } = &p.to_actions().unwrap()[0] else {
        panic!("{p}")
    };
    assert!(
        notes
            .iter()
            .any(|n| n.contains("no labels") && n.contains("VIP")),
        "{notes:?}"
    );
}

#[tokio::test]
async fn an_empty_side_the_state_remembers_stops_the_run() {
    let (s, t, state) = two_stores();
    let ada = s.create_one(person("0701234567", "Ada")).await.unwrap();
    sync(&s, &t, &state, &se()).await;
    s.delete(&ada.id).await.unwrap();
    let delete = SyncOptions {
        delete: true,
        ..se()
    };
    let err = plan(&s, &t, &state, &delete).await.unwrap_err();
    assert!(
        matches!(err, SyncError::EmptySide { remembered: 1, .. }),
        "{err}"
    );
    let allowed = SyncOptions {
        allow_empty: true,
        ..delete
    };
    assert_eq!(sync(&s, &t, &state, &allowed).await.deletes(), 1);
}

/// Executes `p` with `options`, which must refuse the run before any write to `t`: the error.
async fn refused(
    p: &Plan,
    (s, t): (&InMemoryProvider, &InMemoryProvider),
    state: &State,
    options: &SyncOptions,
) -> SyncError {
    let before = t.len();
    let err = execute(p, s, t, state, options, &mut |_| {})
        .await
        .unwrap_err();
    assert_eq!(t.len(), before, "nothing was written: {err}");
    err
}

/// The deletes planned, the threshold and the deletes consented to, of a refusal for too
/// many deletes.
fn too_many(err: &SyncError) -> Option<(usize, usize, Option<usize>)> {
    match err {
        SyncError::TooManyDeletes {
            deletes,
            threshold,
            allowed,
        } => Some((*deletes, *threshold, *allowed)),
        _ => None,
    }
}

#[tokio::test]
async fn many_deletes_need_confirmation() {
    let (s, t, state) = two_stores();
    let batch: Vec<_> = (0..4)
        .map(|i| person(&format!("070000000{i}"), "P"))
        .collect();
    let created = s.create(&batch).await.unwrap();
    s.create_one(person("0709999999", "Stays")).await.unwrap();
    sync(&s, &t, &state, &se()).await;
    for c in &created {
        s.delete(&c.id).await.unwrap();
    }
    let opts = SyncOptions {
        delete: true,
        delete_threshold: 3,
        ..se()
    };
    let p = plan(&s, &t, &state, &opts).await.unwrap();
    let err = refused(&p, (&s, &t), &state, &opts).await;
    assert_eq!(too_many(&err), Some((4, 3, None)), "{err}");
    assert_eq!(
        err.consent(),
        Some(contacts_sync::Consent::AllowDeletes(4)),
        "{err}"
    );
    assert_eq!(t.len(), 5, "nothing was written");
    // Consent names a number: consent to fewer deletes than planned is no consent.
    let too_few = SyncOptions {
        allow_deletes: Some(3),
        ..opts.clone()
    };
    let err = refused(&p, (&s, &t), &state, &too_few).await;
    let allowed = too_many(&err).map(|(.., allowed)| allowed);
    assert_eq!(allowed, Some(Some(3)), "{err}");
    assert_eq!(t.len(), 5, "nothing was written");
    let consented = SyncOptions {
        allow_deletes: Some(4),
        ..opts
    };
    execute(&p, &s, &t, &state, &consented, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(t.len(), 1);
}

#[tokio::test]
async fn a_dry_run_plans_through_read_only_providers_and_writes_nothing() {
    let (s, t, state) = two_stores();
    s.create_one(person("0701234567", "Ada")).await.unwrap();
    let (ro_s, ro_t) = (
        s.clone().layer(ReadOnlyLayer),
        t.clone().layer(ReadOnlyLayer),
    );
    let p = plan(&ro_s, &ro_t, &state, &se()).await.unwrap();
    assert_eq!(p.creates(), 1);
    assert!(t.is_empty() && state.pairs().unwrap().is_empty());
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(json["actions"][0]["action"], "create");
    assert!(p.to_string().starts_with("1 creates"), "{p}");
}

#[tokio::test]
async fn progress_is_reported_for_every_step() {
    let (s, t, state) = two_stores();
    create_people(&s, &[("0701234567", "Ada"), ("0702222222", "Bea")]).await;
    let p = plan(&s, &t, &state, &se()).await.unwrap();
    let mut seen = Vec::new();
    let outcome = execute(&p, &s, &t, &state, &se(), &mut |e| {
        seen.push((e.done, e.total))
    })
    .await
    .unwrap();
    assert_eq!(seen, vec![(1, 2), (2, 2)]);
    assert_eq!(outcome.created, 2);
    let _: &dyn ContactProvider = &s;
}

#[tokio::test]
async fn a_write_refused_for_one_contact_is_listed_and_the_run_goes_on() {
    use contacts_core::layer::CheckedLayer;
    let mut caps = Capabilities::full();
    caps.max_value_chars = Some(12);
    let t = InMemoryProvider::with_capabilities(caps);
    let checked = t.clone().layer(CheckedLayer);
    let (s, state) = (InMemoryProvider::new(), State::in_memory().unwrap());
    let people_in = [
        ("0701111111", "Ada"),
        ("0702222222", "A name far too long"),
        ("0703333333", "Cy"),
    ];
    create_people(&s, &people_in).await;
    let p = plan(&s, &checked, &state, &se()).await.unwrap();
    let outcome = execute(&p, &s, &checked, &state, &se(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(outcome.created, 2, "{outcome:?}");
    assert_eq!(outcome.failed.len(), 1, "{outcome:?}");
    assert!(outcome.failed[0].error.contains("invalid"), "{outcome:?}");
    assert_eq!(t.len(), 2);
    let again = plan(&s, &checked, &state, &se()).await.unwrap();
    assert_eq!(
        again.creates(),
        1,
        "the refused one comes up again: {again}"
    );
}

#[tokio::test]
async fn a_number_held_by_a_paired_contact_on_the_target_is_not_created_twice() {
    let (s, t, state) = two_stores();
    s.create_one(person("0701111111", "Ada")).await.unwrap();
    sync(&s, &t, &state, &se()).await;
    // Renumbered on the target only (a one-way sync leaves that), then the number reappears
    // on the source for someone else.
    let ada_t = t.snapshot().remove(0);
    t.update(
        &ada_t.id,
        &ContactPatch::new().set("phoneNumber", "+46702222222"),
    )
    .await
    .unwrap();
    s.create_one(person("0702222222", "Bea")).await.unwrap();
    let p = sync(&s, &t, &state, &se()).await;
    assert_eq!(p.creates(), 0, "{p}");
    assert!(
        p.skips
            .iter()
            .any(|s| s.reason.contains("not created twice")),
        "{p}"
    );
    assert_eq!(t.len(), 1);
}

/// A plan large enough that planning spills the listing to its scratch file (in the state
/// file's directory): its creates read back as the documents listed, in JSON and back, and
/// the run creates every one of them exactly.
#[tokio::test]
async fn a_large_plan_reads_its_creates_back_from_the_scratch_file() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = (InMemoryProvider::new(), InMemoryProvider::new());
    let state = State::open(&dir.path().join("state.db")).unwrap();
    let people_in: Vec<_> = (0..3000)
        .map(|i| {
            person(&format!("070{i:07}"), &format!("Person {i}"))
                .property("note", "ä;ö:\"x\"\n".repeat(i % 3))
                .label(format!("L{}", i % 7))
        })
        .collect();
    for batch in people_in.chunks(1000) {
        s.create(batch).await.unwrap();
    }
    let p = plan(&s, &t, &state, &se()).await.unwrap();
    assert_eq!(p.creates(), 3000);
    let actions = p.to_actions().unwrap();
    let mut planned: Vec<_> = actions
        .iter()
        .map(|a| match a {
            Action::Create { contact, .. } => contact.clone(),
            other => panic!("{other}"),
        })
        .collect();
    planned.sort_by(|a, b| a.properties.first_name().cmp(&b.properties.first_name()));
    let mut expected: Vec<NewContact> = s
        .snapshot()
        .into_iter()
        .map(|c| {
            let mut n = c.to_new();
            let e164 = format!("+46{}", &n.properties.phone_number().unwrap()[1..]);
            n.properties.set("phoneNumber", e164);
            // The target stores cards: a flat contact arrives as a card of its flat view.
            NewContact::from_card(contacts_core::Card::from_flat(&n.properties, &n.labels))
        })
        .collect();
    expected.sort_by(|a, b| a.properties.first_name().cmp(&b.properties.first_name()));
    assert_eq!(planned, expected);
    // The same plan after a round trip through JSON.
    let json = serde_json::to_string(&p).unwrap();
    let back: Plan = serde_json::from_str(&json).unwrap();
    assert_eq!(back, p);
    assert_eq!(back.to_actions().unwrap(), actions);
    execute(&p, &s, &t, &state, &se(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(people(&s), people(&t));
    assert!(plan(&s, &t, &state, &se()).await.unwrap().is_empty());
}
