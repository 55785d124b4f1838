//! A store restored from its own export (same contacts, new ids) keeps syncing: its contacts
//! are re-linked to their pairs by content or number, nothing is deleted as "gone", and later
//! edits travel.

mod common;

use common::{all, exported, person, refill, sync, two_stores};
use contacts_core::{
    Contact, ContactPatch, ContactProvider, ContactProviderExt, InMemoryProvider, NewContact,
};
use contacts_sync::{Action, Mode, State, SyncOptions, plan};
use provider_sqlite::SqliteProvider;

fn options(mode: Mode) -> SyncOptions {
    SyncOptions {
        mode,
        delete: true,
        source_region: Some("SE".parse().unwrap()),
        target_region: Some("SE".parse().unwrap()),
        ..SyncOptions::default()
    }
}

/// `export --out backup.jsonl; delete --all --yes; import backup.jsonl`: the same documents,
/// new ids.
async fn restore_from_export(store: &dyn ContactProvider) {
    refill(store, &exported(store).await).await;
}

/// `count` people: numbers 0701234000, 0701234001, …, first names P00, P01, …
fn numbered(count: usize) -> Vec<NewContact> {
    (0..count)
        .map(|i| person(&format!("07012340{i:02}"), &format!("P{i:02}")))
        .collect()
}

/// `count` numbered people on an in-memory source, synced one way (with deletes) to an
/// in-memory target: the source, the target, the state and the people.
async fn synced_one_way(
    count: usize,
) -> (InMemoryProvider, InMemoryProvider, State, Vec<NewContact>) {
    let (source, target, state) = two_stores();
    let people = numbered(count);
    source.create(&people).await.unwrap();
    sync(&source, &target, &state, &options(Mode::OneWay)).await;
    (source, target, state, people)
}

fn sorted_names(contacts: &[Contact]) -> Vec<String> {
    let mut names: Vec<String> = contacts
        .iter()
        .map(|c| c.properties.first_name().unwrap_or_default().to_owned())
        .collect();
    names.sort();
    names
}

/// The user's report, both ways: `sync local sms --delete` (and `--two-way --delete`) after
/// the local store was restored from its export.
#[tokio::test]
async fn a_store_restored_from_its_export_is_relinked_and_nothing_is_deleted() {
    for mode in [Mode::OneWay, Mode::TwoWay] {
        let dir = tempfile::tempdir().unwrap();
        let local = SqliteProvider::builder()
            .path(dir.path().join("local.db"))
            .build()
            .unwrap();
        let sms = InMemoryProvider::new();
        let people: Vec<NewContact> = numbered(30).into_iter().map(|p| p.label("VIP")).collect();
        local.create(&people).await.unwrap();
        let state = State::open(&dir.path().join("state.db")).unwrap();
        let options = options(mode);
        sync(&local, &sms, &state, &options).await;
        assert_eq!(sms.len(), 30);
        let before = all(&local).await;

        restore_from_export(&local).await;
        let restored = all(&local).await;
        assert!(
            restored
                .iter()
                .all(|c| !before.iter().any(|b| b.id == c.id)),
            "new ids"
        );

        let p = plan(&local, &sms, &state, &options).await.unwrap();
        assert_eq!((p.deletes(), p.creates()), (0, 0), "{mode:?}: {p}");
        let links = p.to_actions().unwrap();
        assert_eq!(links.len(), 30, "{mode:?}: one re-link per pair: {p}");
        assert!(
            links
                .iter()
                .all(|a| matches!(a, Action::Link { reason, .. } if reason.contains("re-linked"))),
            "{p}"
        );
        sync(&local, &sms, &state, &options).await;
        assert_eq!(sms.len(), 30, "{mode:?}: nothing deleted on the other side");
        assert_eq!(
            all(&local).await.len(),
            30,
            "{mode:?}: nor on the restored one"
        );
        assert!(
            plan(&local, &sms, &state, &options)
                .await
                .unwrap()
                .is_empty()
        );

        // A later edit of a restored contact travels.
        let ada = &restored[0];
        let patch = ContactPatch::new().set("lastName", "Lovelace");
        local.update(&ada.id, &patch).await.unwrap();
        let p = sync(&local, &sms, &state, &options).await;
        assert_eq!(p.updates(), 1, "{mode:?}: {p}");
        let carried = sms
            .snapshot()
            .into_iter()
            .filter(|c| c.properties.get("lastName") == Some("Lovelace"))
            .count();
        assert_eq!(carried, 1, "{mode:?}");
        if mode == Mode::TwoWay {
            // And back: an edit on the other side reaches the restored contact.
            let other = sms.snapshot()[1].clone();
            let patch = ContactPatch::new().set("company", "Atom");
            sms.update(&other.id, &patch).await.unwrap();
            sync(&local, &sms, &state, &options).await;
            let back = all(&local).await;
            assert_eq!(
                back.iter()
                    .filter(|c| c.properties.get("company") == Some("Atom"))
                    .count(),
                1
            );
        }
    }
}

/// A re-import that changed the contacts a little (a name fixed in the file): no content
/// match, so the number decides; the change then travels as an edit.
#[tokio::test]
async fn a_reimport_with_edits_is_relinked_by_number_and_the_edits_travel() {
    let (source, target, state, _) = synced_one_way(10).await;
    let options = options(Mode::OneWay);
    // Re-imported in another spelling of the number, names spelled out.
    let edited: Vec<NewContact> = (0..10)
        .map(|i| person(&format!("+46 70 123 40 {i:02}"), &format!("Person {i:02}")))
        .collect();
    refill(&source, &edited).await;
    let p = sync(&source, &target, &state, &options).await;
    assert_eq!((p.deletes(), p.creates(), p.updates()), (0, 0, 10), "{p}");
    assert_eq!(target.len(), 10);
    assert_eq!(
        sorted_names(&target.snapshot()),
        (0..10)
            .map(|i| format!("Person {i:02}"))
            .collect::<Vec<_>>()
    );
    assert!(
        plan(&source, &target, &state, &options)
            .await
            .unwrap()
            .is_empty()
    );
}

/// Two restored contacts with one content (and one number) cannot tell which pair is theirs:
/// nothing is guessed, and the pair's other contact is not deleted either.
#[tokio::test]
async fn an_ambiguous_restore_is_not_guessed() {
    let (source, target, state, people) = synced_one_way(6).await;
    let options = options(Mode::OneWay);
    restore_from_export(&source).await;
    // One restored contact is there twice: its pair is ambiguous, the others are not.
    source.create_one(people[0].clone()).await.unwrap();
    let p = plan(&source, &target, &state, &options).await.unwrap();
    let links = p
        .to_actions()
        .unwrap()
        .into_iter()
        .filter(|a| matches!(a, Action::Link { .. }));
    assert_eq!(links.count(), 5, "the others are re-linked: {p}");
    assert_eq!((p.deletes(), p.creates()), (0, 0), "{p}");
    let skipped: Vec<_> = p.skips.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(
        skipped.len(),
        3,
        "both copies and the pair's contact: {skipped:?}"
    );
    assert!(
        skipped.iter().any(|r| r.contains("not deleted")),
        "{skipped:?}"
    );
    sync(&source, &target, &state, &options).await;
    assert_eq!(target.len(), 6);
}
