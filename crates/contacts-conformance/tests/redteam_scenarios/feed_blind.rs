//! Scenarios of the change-feed bugs written blind (`redteam/feed_blind.rs`), and an ignored
//! measure of which conformance checks catch each of them.

use crate::common::{create_all, create_n, named};
use contacts_conformance::{Config, Factory, run};
use contacts_core::optional::{ChangeFeed, ChangeSet, ChangeToken};
use contacts_core::{
    ContactFilter, ContactId, ContactPatch, ContactProvider, DeleteTarget, GetOptions,
};
use std::collections::BTreeSet;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn feed(p: &dyn ContactProvider) -> &dyn ChangeFeed {
    p.change_feed().expect("the change feed is declared")
}

async fn since(p: &dyn ContactProvider, token: &ChangeToken) -> ChangeSet {
    feed(p).changes_since(token).await.expect("changes since")
}

fn changed_ids(set: &ChangeSet) -> BTreeSet<ContactId> {
    set.changed.iter().map(|c| c.id.clone()).collect()
}

/// Waits until the wall clock is in the first half of a second, so that the calls that follow
/// (a few milliseconds) happen within the same second.
async fn start_of_a_second() {
    loop {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("the clock is after 1970");
        if now.subsec_millis() < 500 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(1000 - u64::from(now.subsec_millis()))).await;
    }
}

/// A contact created right after the token (in the same second) is listed as changed.
async fn write_in_the_tokens_second_is_listed(p: &dyn ContactProvider) -> bool {
    start_of_a_second().await;
    let token = feed(p).current_token().await.unwrap();
    let ada = create_all(p, &[named("Ada")]).await;
    changed_ids(&since(p, &token).await).contains(&ada[0].id)
}
scenario!(
    blind_feed_same_second_missed,
    write_in_the_tokens_second_is_listed
);

/// Contacts removed by a mass delete after the token are listed as deleted.
async fn mass_deleted_are_listed(p: &dyn ContactProvider) -> bool {
    let made = create_all(p, &[named("a").label("old"), named("b")]).await;
    let token = feed(p).current_token().await.unwrap();
    let target = DeleteTarget::Matching(ContactFilter::new().label("old"));
    p.delete_matching(&target).await.unwrap();
    let set = since(p, &token).await;
    set.deleted.contains(&made[0].id) && !set.deleted.contains(&made[1].id)
}
scenario!(blind_feed_mass_delete_untracked, mass_deleted_are_listed);

/// A contact moved to another book has left this store's view: it is listed as deleted, not
/// as changed.
async fn moved_is_listed_as_deleted(p: &dyn ContactProvider) -> bool {
    let books = p.address_books().expect("address books are declared");
    let ada = create_all(p, &[named("Ada")]).await;
    let token = feed(p).current_token().await.unwrap();
    let other = books.create_book("Elsewhere").await.unwrap();
    books.move_contact(&ada[0].id, &other.id).await.unwrap();
    let set = since(p, &token).await;
    set.deleted.contains(&ada[0].id) && !changed_ids(&set).contains(&ada[0].id)
}
scenario!(
    blind_feed_moved_listed_as_changed,
    moved_is_listed_as_deleted
);

/// Sixty contacts created after the token are all listed, following the feed's tokens.
async fn every_write_is_listed_across_rounds(p: &dyn ContactProvider) -> bool {
    let token = feed(p).current_token().await.unwrap();
    let made = create_n(p, 60).await;
    let first = since(p, &token).await;
    let second = since(p, &first.token).await;
    let mut seen = changed_ids(&first);
    seen.extend(changed_ids(&second));
    made.iter().all(|c| seen.contains(&c.id))
}
scenario!(
    blind_feed_first_page_only,
    every_write_is_listed_across_rounds
);

/// A contact whose labels alone changed is listed with its labels as they are now.
async fn relabelled_is_listed_as_it_is_now(p: &dyn ContactProvider) -> bool {
    let token = feed(p).current_token().await.unwrap();
    let ada = create_all(p, &[named("Ada")]).await;
    let first = since(p, &token).await;
    p.update(&ada[0].id, &ContactPatch::new().add_label("VIP"))
        .await
        .unwrap();
    let second = since(p, &first.token).await;
    second
        .changed
        .iter()
        .any(|c| c.id == ada[0].id && c.labels.contains("VIP"))
}
scenario!(blind_feed_stale_labels, relabelled_is_listed_as_it_is_now);

/// A token of this store, however many writes old, gives changes or `ExpiredToken` (read
/// everything again), never `InvalidInput` as if the reader had broken it.
async fn old_token_is_answered_or_expired(p: &dyn ContactProvider) -> bool {
    let token = feed(p).current_token().await.unwrap();
    create_n(p, 101).await;
    match feed(p).changes_since(&token).await {
        Ok(set) => set.changed.len() == 101,
        Err(e) => e.is_expired_token(),
    }
}
scenario!(
    blind_feed_expired_as_invalid_input,
    old_token_is_answered_or_expired
);

/// A read is not a write: after only a `get`, the feed lists nothing.
async fn reads_are_not_listed(p: &dyn ContactProvider) -> bool {
    let ada = create_all(p, &[named("Ada")]).await;
    let token = feed(p).current_token().await.unwrap();
    p.get(&ada[0].id, &GetOptions::default()).await.unwrap();
    let set = since(p, &token).await;
    set.changed.is_empty() && set.deleted.is_empty()
}
scenario!(blind_feed_reads_count_as_writes, reads_are_not_listed);

/// A token of one store given to another (two accounts of the same adapter) is
/// `InvalidInput`, never answered with the second store's changes.
async fn other_stores_token_is_refused(
    mine: &dyn ContactProvider,
    other: &dyn ContactProvider,
) -> bool {
    let token = feed(other).current_token().await.unwrap();
    mine.create(&[named("Ada")]).await.unwrap();
    match feed(mine).changes_since(&token).await {
        Ok(_) => false,
        Err(e) => e.kind() == "invalid_input",
    }
}

#[tokio::test]
async fn blind_feed_token_of_other_store_accepted() {
    let bug = crate::redteam::named("blind_feed_token_of_other_store_accepted");
    let (mine, other) = ((bug.make)(true), (bug.make)(true));
    assert!(
        !other_stores_token_is_refused(&*mine, &*other).await,
        "the armed bug kept the contract"
    );
    let layered = contacts_core::layer::standard((bug.make)(true));
    let layered_other = contacts_core::layer::standard((bug.make)(true));
    assert!(
        !other_stores_token_is_refused(&layered, &layered_other).await,
        "the layers hid the bug"
    );
    let (mine, other) = ((bug.make)(false), (bug.make)(false));
    assert!(
        other_stores_token_is_refused(&*mine, &*other).await,
        "the disarmed twin broke the contract"
    );
}

/// The suite's verdict on `bug` (armed or not) under `config`: the failed checks, or `None`
/// when it passed.
async fn verdict(bug: &crate::redteam::Bug, armed: bool, config: &Config) -> Option<String> {
    let make = bug.make;
    let factory = Factory::bare(bug.name, move || async move {
        Ok(make(armed) as Box<dyn ContactProvider>)
    });
    let report = run(&factory, config).await;
    (!report.passed()).then(|| format!("{:?}", report.failures()))
}

/// Runs the conformance suite on each blind change-feed bug, in the default mode (armed and
/// disarmed) and in certification mode (armed; `CONTACTS_REDTEAM_BUDGET` seconds a bug, 20 by
/// default), and prints which checks failed: the measure this red team exists for.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "suite runs per bug, minutes in certification mode; run with --ignored --nocapture"]
async fn which_checks_catch_the_blind_feed_bugs() {
    let (thorough, _) = crate::redteam::thorough_config();
    let bugs = crate::redteam::starting_with(&["blind_feed_"]);
    let mut twins = Vec::new();
    for bug in &bugs {
        if let Some(failed) = verdict(bug, false, &Config::default()).await {
            twins.push(format!("{}: {failed}", bug.name));
        }
        for (mode, config) in [("default", &Config::default()), ("thorough", &thorough)] {
            let found = verdict(bug, true, config).await;
            let found = found.map_or("MISSED".to_owned(), |f| format!("caught by {f}"));
            eprintln!("{} ({mode}): {found}", bug.name);
        }
    }
    assert!(twins.is_empty(), "disarmed twins failed: {twins:#?}");
}
