//! The local store's change feed: the reference semantics of contacts-core's
//! `memory_changes.rs` on a file (every write path listed, each contact once as it is now,
//! deletes and moves out of a book's view), and what only a file has: tokens that outlive the
//! process, copies, other files, a bounded log, and files from before the log.

use contacts_core::optional::{ChangeFeed, ChangeSet, ChangeToken};
use contacts_core::{
    Contact, ContactFilter, ContactId, ContactPatch, ContactProvider, ContactProviderExt,
    DeleteTarget, Error, GetOptions, NewContact, Standard,
};
use contacts_testkit::process;
use contacts_testkit::sqlite::{open, temp_store};
use provider_sqlite::SqliteProvider;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn open_book(path: &Path, book: &str) -> Standard<SqliteProvider> {
    let builder = SqliteProvider::builder().path(path).address_book(book);
    builder.build().unwrap()
}

fn feed(p: &Standard<SqliteProvider>) -> &dyn ChangeFeed {
    p.change_feed()
        .expect("the local store declares a change feed")
}

async fn since(p: &Standard<SqliteProvider>, token: &ChangeToken) -> ChangeSet {
    feed(p).changes_since(token).await.unwrap()
}

fn ids(contacts: &[Contact]) -> Vec<&str> {
    contacts.iter().map(|c| c.id.as_str()).collect()
}

fn named(names: &[&str]) -> Vec<NewContact> {
    names
        .iter()
        .map(|n| NewContact::new().property("firstName", *n))
        .collect()
}

/// A store on `a.db` in a new temporary directory, holding a contact named for each of
/// `names`: the directory (keep it as long as the file), the file's path, the store and the
/// contacts it created.
async fn file_holding(
    names: &[&str],
) -> (TempDir, PathBuf, Standard<SqliteProvider>, Vec<Contact>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let store = open(&path);
    let made = store.create(&named(names)).await.unwrap();
    (dir, path, store, made)
}

#[tokio::test]
async fn lists_every_write_path_once_as_it_is_now_and_nothing_else() {
    let (_dir, store) = temp_store();
    assert!(store.capabilities().change_feed);
    let made = store
        .create(&named(&["Ada", "Bob", "Cy", "Di", "Ed", "Flo"]))
        .await
        .unwrap();
    let token = feed(&store).current_token().await.unwrap();
    let nothing = since(&store, &token).await;
    assert!(nothing.changed.is_empty() && nothing.deleted.is_empty());

    let patch = ContactPatch::new().set("lastName", "Lovelace");
    store.update(&made[0].id, &patch).await.unwrap();
    store.delete(&made[1].id).await.unwrap();
    let labelled = ContactPatch::new().add_label("VIP");
    store.update(&made[2].id, &labelled).await.unwrap();
    let replaced = NewContact::new().property("phoneNumber", "+46701234567");
    store.replace(&made[3].id, &replaced).await.unwrap();
    let eve = store.create_one(named(&["Eve"]).remove(0)).await.unwrap();

    let changes = since(&store, &token).await;
    assert_eq!(
        ids(&changes.changed),
        [&made[0].id, &made[2].id, &made[3].id, &eve.id].map(|id| id.as_str()),
        "in the order of their writes; Ed and Flo, untouched, are not listed"
    );
    for contact in &changes.changed {
        let now = store
            .get(&contact.id, &GetOptions::default())
            .await
            .unwrap();
        assert_eq!(contact, &now, "as it is now");
    }
    assert_eq!(
        changes.changed[0].properties.get("lastName"),
        Some("Lovelace")
    );
    assert!(changes.changed[1].labels.contains("VIP"));
    assert_eq!(
        changes.changed[2].properties.get("firstName"),
        None,
        "replaced"
    );
    assert_eq!(changes.deleted, std::slice::from_ref(&made[1].id));
    let later = since(&store, &changes.token).await;
    assert!(
        later.changed.is_empty() && later.deleted.is_empty(),
        "{later:?}"
    );

    // A label removed, and the returned token continues from the change set.
    let unlabelled = ContactPatch::new().remove_label("VIP");
    store.update(&made[2].id, &unlabelled).await.unwrap();
    let next = since(&store, &changes.token).await;
    assert_eq!(ids(&next.changed), [made[2].id.as_str()]);
    assert!(next.changed[0].labels.is_empty());
}

#[tokio::test]
async fn a_contact_written_twice_is_listed_once_and_one_created_and_deleted_is_not_changed() {
    let (dir, store) = temp_store();
    let token = feed(&store).current_token().await.unwrap();
    let made = store.create(&named(&["Ada", "Tmp"])).await.unwrap();
    for name in ["Ida", "Ada"] {
        let patch = ContactPatch::new().set("firstName", name);
        store.update(&made[0].id, &patch).await.unwrap();
    }
    store.delete(&made[1].id).await.unwrap();
    let changes = since(&store, &token).await;
    assert_eq!(ids(&changes.changed), [made[0].id.as_str()]);
    assert_eq!(changes.deleted, std::slice::from_ref(&made[1].id));
    // The log holds each contact's latest write only: it does not grow with rewrites.
    for i in 0..50 {
        let patch = ContactPatch::new().set("lastName", format!("L{i}"));
        store.update(&made[0].id, &patch).await.unwrap();
    }
    let conn = Connection::open(dir.path().join("contacts.db")).unwrap();
    let entries: i64 = conn
        .query_row("SELECT count(*) FROM changes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(entries, 2, "one entry for each of the two contacts");
}

#[tokio::test]
async fn a_mass_delete_lists_only_the_contacts_it_deleted() {
    let (_dir, store) = temp_store();
    let made = store
        .create(&[
            NewContact::new().property("firstName", "Ada").label("VIP"),
            NewContact::new().property("firstName", "Bob"),
            NewContact::new().property("firstName", "Cy").label("VIP"),
        ])
        .await
        .unwrap();
    let token = feed(&store).current_token().await.unwrap();
    let vip = DeleteTarget::Matching(ContactFilter::new().label("VIP"));
    store.delete_matching(&vip).await.unwrap();
    let changes = since(&store, &token).await;
    assert!(changes.changed.is_empty(), "{changes:?}");
    assert_eq!(changes.deleted, [made[0].id.clone(), made[2].id.clone()]);
}

#[tokio::test]
async fn a_contact_moved_to_another_book_leaves_that_books_view_as_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.db");
    let (friends, work, all) = (
        open_book(&path, "friends"),
        open_book(&path, "work"),
        open(&path),
    );
    let made = friends.create(&named(&["Ada", "Bob"])).await.unwrap();
    let tokens =
        [&friends, &work, &all].map(|p| async move { feed(p).current_token().await.unwrap() });
    let [in_friends, in_work, in_all] = futures::future::join_all(tokens).await.try_into().unwrap();
    let moved = NewContact::new()
        .property("firstName", "Ada")
        .address_book("work");
    all.replace(&made[0].id, &moved).await.unwrap();

    let left = since(&friends, &in_friends).await;
    assert!(left.changed.is_empty(), "{left:?}");
    assert_eq!(left.deleted, std::slice::from_ref(&made[0].id));
    let arrived = since(&work, &in_work).await;
    assert_eq!(ids(&arrived.changed), [made[0].id.as_str()]);
    assert!(arrived.deleted.is_empty());
    let whole = since(&all, &in_all).await;
    assert_eq!(ids(&whole.changed), [made[0].id.as_str()], "listed once");
    assert!(whole.deleted.is_empty(), "the file still has it");
    // Written again in its new book, it is still gone from the old one's view.
    let patch = ContactPatch::new().set("lastName", "Lovelace");
    work.update(&made[0].id, &patch).await.unwrap();
    assert_eq!(
        since(&friends, &in_friends).await.deleted,
        [made[0].id.clone()]
    );
    // A move by a bare statement (another program, a future move path) is seen too.
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE contacts SET address_book = 'work' WHERE seq = 2",
        [],
    )
    .unwrap();
    let left = since(&friends, &in_friends).await;
    assert_eq!(left.deleted, [made[0].id.clone(), made[1].id.clone()]);
    assert_eq!(ids(&since(&work, &in_work).await.changed), ["1", "2"]);
}

#[tokio::test]
async fn refuses_tokens_of_other_files_books_and_garbage_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let (store, work) = (open(&path), open_book(&path, "work"));
    let other = open(&dir.path().join("b.db"));
    let foreign = feed(&other).current_token().await.unwrap();
    let of_work = feed(&work).current_token().await.unwrap();
    let own = feed(&store).current_token().await.unwrap();
    let cases = [
        (&store, foreign.clone(), "another file"),
        (&store, of_work, "another scope"),
        (&work, own, "another scope"),
    ];
    for (provider, token, why) in cases {
        let err = feed(provider).changes_since(&token).await.unwrap_err();
        assert!(
            matches!(&err, Error::InvalidInput { field, reason }
                if field == "change_token" && reason.contains(why) && reason.contains(token.as_str())),
            "{token}: {err}"
        );
    }
    let garbage = [
        "",
        "not-a-token",
        "sqlite-changes:x",
        "mem1-changes:1:2",
        "sq1.a.1",
    ];
    for bad in garbage {
        let err = feed(&store)
            .changes_since(&ChangeToken::new(bad))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{bad:?}: {err}");
    }
    let text = feed(&store)
        .current_token()
        .await
        .unwrap()
        .as_str()
        .to_owned();
    let ahead = ChangeToken::new(text.replacen(":0:", ":7:", 1));
    let err = feed(&store).changes_since(&ahead).await.unwrap_err();
    assert!(err.to_string().contains("ahead of this store"), "{err}");
}

#[tokio::test]
async fn a_copy_of_the_file_is_the_same_store_and_takes_its_tokens() {
    let (dir, path, store, made) = file_holding(&["Ada", "Bob"]).await;
    let token = feed(&store).current_token().await.unwrap();
    drop(store);
    let copy = dir.path().join("copy.db");
    std::fs::copy(&path, &copy).unwrap();
    let copied = open(&copy);
    let patch = ContactPatch::new().set("lastName", "Lovelace");
    copied.update(&made[1].id, &patch).await.unwrap();
    let changes = since(&copied, &token).await;
    assert_eq!(ids(&changes.changed), [made[1].id.as_str()]);
}

/// The store file a child process writes (set only in the child the test below starts).
const CHILD_STORE: &str = "CONTACTS_CHANGES_CHILD_STORE";

/// The child's side of [`tokens_survive_the_process_and_see_another_process_write`]: a no-op
/// unless started by it.
#[test]
fn changes_child() {
    let Ok(path) = std::env::var(CHILD_STORE) else {
        return;
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async {
        let store = open(Path::new(&path));
        let patch = ContactPatch::new().set("lastName", "Lovelace");
        store.update(&ContactId::new("1"), &patch).await.unwrap();
        store.delete(&ContactId::new("2")).await.unwrap();
    });
}

#[tokio::test]
async fn tokens_survive_the_process_and_see_another_process_write() {
    let (_dir, path, store, _) = file_holding(&["Ada", "Bob", "Cy"]).await;
    let token = feed(&store).current_token().await.unwrap();
    drop(store);
    let out = process::rerun_test("changes_child")
        .env(CHILD_STORE, &path)
        .output()
        .unwrap();
    process::assert_succeeded(&out, "the child writing the store");
    let reopened = open(&path);
    let changes = since(&reopened, &token).await;
    assert_eq!(ids(&changes.changed), ["1"]);
    assert_eq!(
        changes.changed[0].properties.get("lastName"),
        Some("Lovelace")
    );
    assert_eq!(changes.deleted, [ContactId::new("2")]);
}

#[tokio::test]
async fn tokens_from_before_the_logs_horizon_expire_and_new_ones_work() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let store = SqliteProvider::builder()
        .path(&path)
        .change_log_revisions(3)
        .build()
        .unwrap();
    let made = store.create(&named(&["Ada", "Bob"])).await.unwrap();
    let old = feed(&store).current_token().await.unwrap();
    let recent_enough = {
        store
            .update(&made[0].id, &ContactPatch::new().set("lastName", "A"))
            .await
            .unwrap();
        feed(&store).current_token().await.unwrap()
    };
    for name in ["B", "C", "D"] {
        let patch = ContactPatch::new().set("lastName", name);
        store.update(&made[1].id, &patch).await.unwrap();
    }
    // Six revisions written, the last three kept: what came after `old` (revision 2) is
    // partly forgotten, what came after `recent_enough` (revision 3) is all there.
    let err = feed(&store).changes_since(&old).await.unwrap_err();
    assert!(err.is_expired_token(), "{err}");
    assert!(err.to_string().contains("read everything again"), "{err}");
    let within = since(&store, &recent_enough).await;
    assert_eq!(ids(&within.changed), [made[1].id.as_str()]);
    let fresh = feed(&store).current_token().await.unwrap();
    assert!(
        since(&store, &fresh).await.changed.is_empty(),
        "a new token works"
    );
}

/// Moves every entry of the change log at `path` `secs` seconds into the past.
fn age_the_log(path: &Path, secs: i64) {
    let conn = Connection::open(path).unwrap();
    conn.execute("UPDATE changes SET at = at - ?1", [secs])
        .unwrap();
}

#[tokio::test]
async fn entries_older_than_the_max_age_expire_their_tokens() {
    let (_dir, path, store, made) = file_holding(&["Ada"]).await;
    let token = feed(&store).current_token().await.unwrap();
    let patch = ContactPatch::new().set("lastName", "Lovelace");
    store.update(&made[0].id, &patch).await.unwrap();
    // Two hours pass: well within the default 90 days.
    age_the_log(&path, 2 * 3600);
    store.create(&named(&["Bob"])).await.unwrap();
    assert_eq!(
        since(&store, &token).await.changed.len(),
        2,
        "within 90 days"
    );
    // A hundred days pass, then the next write prunes what is older than 90 days.
    age_the_log(&path, 100 * 86400);
    let before_the_write = feed(&store).current_token().await.unwrap();
    store.create(&named(&["Cy"])).await.unwrap();
    let err = feed(&store).changes_since(&token).await.unwrap_err();
    assert!(err.is_expired_token(), "{err}");
    let kept = since(&store, &before_the_write).await;
    assert_eq!(
        ids(&kept.changed),
        ["3"],
        "what came after the horizon is kept"
    );

    // A store opened with a shorter age keeps less.
    let short = SqliteProvider::builder()
        .path(&path)
        .change_log_max_age(std::time::Duration::from_secs(3600))
        .build()
        .unwrap();
    let recent = feed(&short).current_token().await.unwrap();
    short.create(&named(&["Di"])).await.unwrap();
    age_the_log(&path, 2 * 3600);
    short.create(&named(&["Eve"])).await.unwrap();
    let err = feed(&short).changes_since(&recent).await.unwrap_err();
    assert!(err.is_expired_token(), "{err}");
}

/// The rest of a file of schema version 4 (cards, the build before the change log), after
/// the tables before cards.
const VERSION_4: &str = "
    INSERT INTO meta (key, value) VALUES ('identity', lower(hex(randomblob(16))));
    ALTER TABLE contacts ADD COLUMN card TEXT;
    INSERT INTO contacts (address_book) VALUES (NULL), (NULL), (NULL);
    INSERT INTO properties VALUES (1, 'firstName', 'Ada'), (2, 'firstName', 'Bob'),
        (3, 'firstName', 'Cy');
    PRAGMA user_version = 4;";

#[tokio::test]
async fn a_file_of_the_previous_schema_gets_a_log_and_tokens_work_from_then_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    contacts_testkit::sqlite::write_schema_before_cards(&path, VERSION_4);
    let store = open(&path);
    let version: i64 = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, provider_sqlite::SCHEMA_VERSION);
    let token = feed(&store).current_token().await.unwrap();
    assert!(
        since(&store, &token).await.changed.is_empty(),
        "old contacts are not news"
    );
    let patch = ContactPatch::new().set("lastName", "Lovelace");
    store.update(&ContactId::new("1"), &patch).await.unwrap();
    store.delete(&ContactId::new("2")).await.unwrap();
    let dan = store.create_one(named(&["Dan"]).remove(0)).await.unwrap();
    assert_eq!(dan.id.as_str(), "4", "the old sequence goes on");
    let changes = since(&store, &token).await;
    assert_eq!(ids(&changes.changed), ["1", "4"]);
    assert_eq!(changes.deleted, [ContactId::new("2")]);
}

#[tokio::test]
async fn the_current_token_and_the_changes_read_no_unchanged_contact() {
    let (_dir, path, store, made) = file_holding(&["Ada", "Bob"]).await;
    // Contact 1's card is made unreadable outside contacts (a write that the log records).
    let conn = Connection::open(&path).unwrap();
    conn.execute("UPDATE contacts SET card = '{not json' WHERE seq = 1", [])
        .unwrap();
    drop(conn);
    let token = feed(&store).current_token().await.unwrap();
    let patch = ContactPatch::new().set("lastName", "Builder");
    store.update(&made[1].id, &patch).await.unwrap();
    let changes = since(&store, &token).await;
    assert_eq!(ids(&changes.changed), [made[1].id.as_str()]);
}
