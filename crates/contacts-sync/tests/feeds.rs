//! A sync reads only what changed where a side has a change feed: the in-memory store behind a
//! wrapper that counts full listings and reads by id.

mod common;

use common::{rows, settled};
use contacts_core::{Contact, ContactPatch, ContactProvider, ContactQuery, NewContact};
use contacts_sync::{ConflictPolicy, Mode, State, SyncOptions, execute, plan};
use contacts_testkit::{Watched, listed};
use std::sync::atomic::Ordering;

/// An in-memory store counting its page reads and reads by id (its feed passed through).
type Counted = Watched;

fn person(i: usize) -> NewContact {
    NewContact::new()
        .property("phoneNumber", format!("+4670{i:07}"))
        .property("firstName", format!("P{i}"))
}

async fn all(p: &dyn ContactProvider) -> Vec<Contact> {
    let mut all = listed(p, ContactQuery::new()).await;
    all.sort_by(|a, b| {
        a.properties
            .phone_number()
            .cmp(&b.properties.phone_number())
    });
    all
}

/// What each side holds, by number: first name and e-mail.
async fn people(p: &dyn ContactProvider) -> Vec<[Option<String>; 3]> {
    rows(p, ["phoneNumber", "firstName", "email"]).await
}

async fn sync(s: &Counted, t: &Counted, state: &State, options: &SyncOptions) {
    let plan = plan(s, t, state, options).await.unwrap();
    execute(&plan, s, t, state, options, &mut |_| {})
        .await
        .unwrap();
}

/// Two stores synced once with `n` people made on the source, counters reset.
async fn synced(n: usize, options: &SyncOptions) -> (Counted, Counted, State) {
    let (s, t) = (Counted::default(), Counted::default());
    let people: Vec<NewContact> = (0..n).map(person).collect();
    s.inner.create(&people).await.unwrap();
    let state = State::in_memory().unwrap();
    sync(&s, &t, &state, options).await;
    assert_eq!(t.inner.len(), n);
    s.taken();
    t.taken();
    (s, t, state)
}

/// Sets `key` to `value` on each of `contacts` of `p`, past its counters.
async fn edit(p: &Counted, contacts: &[Contact], key: &str, value: &str) {
    for c in contacts {
        p.inner
            .update(&c.id, &ContactPatch::new().set(key, value))
            .await
            .unwrap();
    }
}

/// Adds to `p` (past its counters) a contact named `name` with the number of person `i`: a
/// second contact with a number a pair already holds.
async fn add_with_number_of(p: &Counted, i: usize, name: &str) {
    let twin = person(i).property("firstName", name);
    p.inner.create(&[twin]).await.unwrap();
}

/// Renames each of `contacts` of `p`.
async fn rename(p: &Counted, contacts: &[Contact], name: &str) {
    edit(p, contacts, "firstName", name).await;
}

/// Renames the first `n` contacts of `p` (in the order of their numbers) to `name`, past its
/// counters, and answers them: the change a test then expects a sync to carry.
async fn renamed_first(p: &Counted, n: usize, name: &str) -> Vec<Contact> {
    let first: Vec<Contact> = all(&p.inner).await.into_iter().take(n).collect();
    rename(p, &first, name).await;
    first
}

/// A two-way sync in which the source wins a field changed on both sides.
fn two_way() -> SyncOptions {
    SyncOptions {
        mode: Mode::TwoWay,
        conflict: ConflictPolicy::SourceWins,
        ..SyncOptions::default()
    }
}

#[tokio::test]
async fn a_second_sync_reads_only_the_three_changed_contacts() {
    let options = SyncOptions::default();
    let (s, t, state) = synced(1000, &options).await;
    // The first sync's 1,000 creates come back once in the target's change set (read
    // through the feed, planning nothing); from then on only changes are read.
    sync(&s, &t, &state, &options).await;
    assert_eq!((s.taken().0, t.taken().0), (0, 0));
    let changed: Vec<Contact> = all(&s.inner).await.into_iter().step_by(300).collect();
    assert_eq!(changed.len(), 4);
    rename(&s, &changed[..3], "Changed").await;
    s.taken();
    sync(&s, &t, &state, &options).await;
    assert_eq!(s.taken().0, 0, "the source is not listed in full");
    assert_eq!(
        t.taken(),
        (0, 3),
        "the target: 3 read by id (to patch), no listing"
    );
    let named: Vec<_> = people(&t.inner)
        .await
        .into_iter()
        .filter(|p| p[1].as_deref() == Some("Changed"))
        .collect();
    assert_eq!(named.len(), 3, "the 3 changes are carried");
    assert_eq!(people(&s.inner).await, people(&t.inner).await);
    // And a sync with nothing changed reads nothing, plans nothing, and keeps its tokens:
    // a change after it is read from there.
    let quiet = plan(&s, &t, &state, &options).await.unwrap();
    assert!(quiet.is_empty(), "{quiet}");
    execute(&quiet, &s, &t, &state, &options, &mut |_| {})
        .await
        .unwrap();
    assert_eq!((s.taken(), t.taken()), ((0, 0), (0, 0)));
    rename(&s, &changed[3..], "Later").await;
    sync(&s, &t, &state, &options).await;
    assert_eq!(
        (s.taken(), t.taken()),
        ((0, 0), (0, 1)),
        "one read by id, no listing"
    );
    assert_eq!(people(&s.inner).await, people(&t.inner).await);
}

#[tokio::test]
async fn deletes_seen_through_the_feed_are_applied() {
    let options = SyncOptions {
        delete: true,
        ..SyncOptions::default()
    };
    let (s, t, state) = synced(50, &options).await;
    let gone: Vec<Contact> = all(&s.inner).await.into_iter().take(2).collect();
    for c in &gone {
        s.inner.delete(&c.id).await.unwrap();
    }
    sync(&s, &t, &state, &options).await;
    assert_eq!(s.taken().0, 0, "the source is not listed in full");
    assert_eq!(t.taken().0, 0, "nor the target");
    assert_eq!(t.inner.len(), 48);
    assert_eq!(people(&s.inner).await, people(&t.inner).await);
}

#[tokio::test]
async fn an_expired_token_falls_back_to_a_full_listing_and_converges() {
    let options = SyncOptions::default();
    let (s, t, state) = synced(40, &options).await;
    let changed = renamed_first(&s, 2, "Later").await;
    s.inner.expire_change_tokens();
    sync(&s, &t, &state, &options).await;
    assert!(s.taken().0 > 0, "listed in full");
    assert_eq!(people(&s.inner).await, people(&t.inner).await);
    // A fresh token was recorded: the next sync reads through the feed again.
    rename(&s, &changed[..1], "Again").await;
    sync(&s, &t, &state, &options).await;
    assert_eq!(s.taken().0, 0, "incremental again");
    assert_eq!(people(&s.inner).await, people(&t.inner).await);
}

#[tokio::test]
async fn a_two_way_sync_reads_both_sides_through_their_feeds() {
    let options = two_way();
    let (s, t, state) = synced(100, &options).await;
    renamed_first(&s, 2, "FromSource").await;
    let on_target: Vec<Contact> = all(&t.inner).await.into_iter().skip(50).take(2).collect();
    edit(&t, &on_target, "email", "t@x.se").await;
    // Both sides edit different fields of one pair: both edits survive.
    let both_s = &all(&s.inner).await[80];
    let both_t = &all(&t.inner).await[80];
    rename(&s, std::slice::from_ref(both_s), "Both").await;
    edit(&t, std::slice::from_ref(both_t), "email", "both@x.se").await;
    sync(&s, &t, &state, &options).await;
    assert_eq!(
        (s.taken().0, t.taken().0),
        (0, 0),
        "neither side listed in full"
    );
    assert_eq!(people(&s.inner).await, people(&t.inner).await);
    let row = &people(&s.inner).await[80];
    assert_eq!(
        (row[1].as_deref(), row[2].as_deref()),
        (Some("Both"), Some("both@x.se"))
    );
    // The sync's own writes come back in the change sets, and plan nothing.
    let again = plan(&s, &t, &state, &options).await.unwrap();
    assert!(again.is_empty(), "{again}");
}

#[tokio::test]
async fn a_run_killed_before_its_tokens_are_recorded_converges() {
    let options = SyncOptions::default();
    let (s, t, state) = synced(30, &options).await;
    let changed = renamed_first(&s, 3, "Crashed").await;
    // Planned and written, but the run never completed: no token recorded.
    let first = plan(&s, &t, &state, &options).await.unwrap();
    let stopped = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let killed = SyncOptions {
        stop: Some(stopped.clone()),
        ..options.clone()
    };
    let mut n = 0;
    let outcome = execute(&first, &s, &t, &state, &killed, &mut |_| {
        n += 1;
        if n == 2 {
            stopped.store(true, Ordering::SeqCst);
        }
    })
    .await
    .unwrap();
    assert!(outcome.stopped);
    rename(&s, &changed[2..], "After").await;
    sync(&s, &t, &state, &options).await;
    assert_eq!(people(&s.inner).await, people(&t.inner).await);
    settled(&s, &t, &state, &options).await;
    // All of it through the feeds, from the tokens of the last completed run.
    assert_eq!((s.taken().0, t.taken().0), (0, 0));
}

#[tokio::test]
async fn a_new_contact_is_matched_against_a_full_listing_of_the_other_side() {
    let options = SyncOptions::default();
    let (s, t, state) = synced(20, &options).await;
    // A new source contact with the number of a paired target contact: not created twice.
    add_with_number_of(&s, 5, "Twin").await;
    let plan = plan(&s, &t, &state, &options).await.unwrap();
    assert_eq!(plan.creates(), 0, "{plan}");
    assert!(t.taken().0 > 0, "the target listed in full for its numbers");
    assert_eq!(s.taken().0, 0, "the source read through its feed");
}

#[tokio::test]
async fn a_contact_recreated_on_a_side_read_through_its_feed_is_matched_by_number_there() {
    let options = SyncOptions::default();
    let (s, t, state) = synced(10, &options).await;
    // A contact of the target only (a one-way sync leaves it), with the number of the
    // target's contact 3, made before the last run: untouched since, it is not in the
    // target's next change set.
    add_with_number_of(&t, 3, "Own").await;
    sync(&s, &t, &state, &options).await;
    // Then the target's copy of person 3 is deleted: the pair is re-linked by number to the
    // target's own contact, as a full listing would (never a second contact with it).
    let copy = all(&t)
        .await
        .into_iter()
        .find(|c| c.properties.first_name() == Some("P3"))
        .unwrap();
    t.inner.delete(&copy.id).await.unwrap();
    s.taken();
    t.taken();
    let planned = plan(&s, &t, &state, &options).await.unwrap();
    assert_eq!(planned.creates(), 0, "{planned}");
    assert!(planned.to_string().contains("re-linked"), "{planned}");
    sync(&s, &t, &state, &options).await;
    let with_number: Vec<Contact> = all(&t)
        .await
        .into_iter()
        .filter(|c| c.properties.phone_number() == Some("+46700000003"))
        .collect();
    assert_eq!(
        with_number.len(),
        1,
        "no second contact with the number: {with_number:?}"
    );
    assert!(t.taken().0 > 0, "the target listed in full for its numbers");
}

#[tokio::test]
async fn the_same_field_changed_on_both_sides_goes_to_the_policy() {
    let options = two_way();
    let (s, t, state) = synced(10, &options).await;
    sync(&s, &t, &state, &options).await;
    let (cs, ct) = (
        all(&s.inner).await[3].clone(),
        all(&t.inner).await[3].clone(),
    );
    edit(&s, std::slice::from_ref(&cs), "email", "s@x.se").await;
    edit(&t, std::slice::from_ref(&ct), "email", "t@x.se").await;
    sync(&s, &t, &state, &options).await;
    assert_eq!(
        (s.taken().0, t.taken().0),
        (0, 0),
        "read through both feeds"
    );
    assert_eq!(people(&s.inner).await[3][2].as_deref(), Some("s@x.se"));
    assert_eq!(people(&s.inner).await, people(&t.inner).await);
}
