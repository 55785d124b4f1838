//! The change feed (`contacts_core::optional::ChangeFeed`): what a sync relies on to read only
//! what changed. Each check runs only where `change_feed` is declared (skipped, with the
//! reason, otherwise), and fails where it is declared but the accessor offers none.

use super::Ctx;
use super::change_copy::{list_while_writing, same_as_store};
use super::change_scope::{move_away, other_stores_token};
use super::change_set::{
    LABEL, LABEL_AGAIN, List, current, listed_as_now, listed_once_in, not_listed, relabel,
    relabel_by_admin, replace_with, rewrite, shown, since, sweep, times_changed,
};
use super::change_volume::many_writes;
use super::support::{create_all, create_or_fail, declared, ensure, err, list_all, plain};
use crate::{Factory, Outcome};
use contacts_core::optional::{ChangeFeed, ChangeSet, ChangeToken};
use contacts_core::{Contact, ContactId, ContactProvider, Error, GetOptions};

/// Each change-feed check: skipped where the feed is not declared, failed where it is declared
/// but the accessor offers none, otherwise its exercise.
/// Each exercise gets the provider, its feed and the factory (for a second store).
macro_rules! feed_checks {
    ($($name:ident => $exercise:ident;)*) => {$(
        pub(crate) async fn $name(cx: Ctx) -> Outcome {
            let p = cx.provider();
            match declared(cx.caps().change_feed, p.change_feed(), "a change feed") {
                Ok(feed) => Outcome::from_result($exercise(p, feed, cx.factory()).await),
                Err(outcome) => outcome,
            }
        }
    )*};
}

feed_checks! {
    change_feed_lists_writes => lists_writes;
    change_feed_token_continues => token_continues;
    change_feed_during_listing => during_listing;
    change_feed_garbage_token => garbage_token;
    change_feed_created_and_deleted => created_and_deleted;
}

/// The ids of `contacts`.
fn ids(contacts: &[Contact]) -> Vec<ContactId> {
    contacts.iter().map(|c| c.id.clone()).collect()
}

/// Creates `count` plain contacts numbered from `first`.
async fn made(
    p: &dyn ContactProvider,
    first: usize,
    count: usize,
) -> Result<Vec<ContactId>, String> {
    let docs: Vec<_> = (first..first + count).map(|n| plain(p, n)).collect();
    Ok(ids(&create_all(p, &docs).await?))
}

/// After a token: a create, an update, a replace, a delete, a mass delete and label changes
/// (each where declared) are each listed once, the written contacts as they are now, the
/// deleted ones in `deleted`; an untouched contact is not listed. Then a second round from
/// that change set's token ([`relabelled_and_moved`]).
async fn lists_writes(
    p: &dyn ContactProvider,
    feed: &dyn ChangeFeed,
    _: &Factory,
) -> Result<(), String> {
    let docs: Vec<_> = (1..=7).map(|n| plain(p, n)).collect();
    let before = create_all(p, &docs).await?;
    let [
        kept,
        updated,
        replaced,
        deleted,
        swept,
        labelled,
        administered,
    ] = &before[..]
    else {
        return Err(format!("7 contacts created, {} returned", before.len()));
    };
    let token = current(feed).await?;
    let created = create_or_fail(p, plain(p, 8)).await?.id;
    let mut written = vec![(created, "created")];
    let mut untouched = vec![kept];
    let writes = [
        (updated, "updated", rewrite(p, &updated.id, 9).await?),
        (
            replaced,
            "replaced",
            replace_with(p, &replaced.id, 10).await?,
        ),
        (
            labelled,
            "given a label",
            relabel(p, &labelled.id, LABEL).await?,
        ),
        (
            administered,
            "given a label by add_label",
            relabel_by_admin(p, &administered.id, LABEL).await?,
        ),
    ];
    for (contact, what, done) in writes {
        if done {
            written.push((contact.id.clone(), what));
        } else {
            untouched.push(contact);
        }
    }
    p.delete(&deleted.id).await.map_err(err("delete"))?;
    let mut gone = vec![(deleted, "deleted")];
    match sweep(p, swept).await? {
        true => gone.push((swept, "removed by a mass delete")),
        false => untouched.push(swept),
    }
    let set = since(feed, &token, "after writes").await?;
    for (id, what) in &written {
        listed_as_now(p, &set, id, what).await?;
    }
    for (contact, what) in gone {
        listed_once_in(&set, &contact.id, what, List::Deleted)?;
    }
    for contact in untouched {
        not_listed(&set, &contact.id, "not written since the token")?;
    }
    relabelled_and_moved(
        p,
        feed,
        &set.token,
        [&labelled.id, &administered.id],
        &kept.id,
    )
    .await
}

/// From a change set's token that listed `labelled` (given a label by patch, then by label
/// administration): a second label on each, in the same ways, lists them again as they are
/// now, with both labels (an adapter caching what it returned by the properties' hash would
/// give the old labels); and `moving`, moved to another address book (where administered),
/// has left the provider's view: it is in `deleted`, not `changed`.
async fn relabelled_and_moved(
    p: &dyn ContactProvider,
    feed: &dyn ChangeFeed,
    token: &ChangeToken,
    labelled: [&ContactId; 2],
    moving: &ContactId,
) -> Result<(), String> {
    let [patched, administered] = labelled;
    let mut written = Vec::new();
    if relabel(p, patched, LABEL_AGAIN).await? {
        written.push((patched, "given a second label after the feed listed it"));
    }
    if relabel_by_admin(p, administered, LABEL_AGAIN).await? {
        written.push((
            administered,
            "given a second label by add_label after the feed listed it",
        ));
    }
    let moved = move_away(p, moving).await?;
    let set = since(feed, token, "after label changes and a move").await;
    let listed = match &set {
        Ok(set) => listed_again(p, set, &written, moved.as_ref().map(|_| moving)).await,
        Err(e) => Err(e.clone()),
    };
    if let Some(moved) = moved {
        moved.remove_book().await?;
    }
    listed
}

/// Each of `written` is listed as it is now, and `moved`, if any, as deleted.
async fn listed_again(
    p: &dyn ContactProvider,
    set: &ChangeSet,
    written: &[(&ContactId, &str)],
    moved: Option<&ContactId>,
) -> Result<(), String> {
    for (id, what) in written {
        listed_as_now(p, set, id, what).await?;
    }
    match moved {
        Some(id) => listed_once_in(set, id, "moved to another address book", List::Deleted),
        None => Ok(()),
    }
}

/// A change set's token continues: asked again with no write between, it lists nothing (also
/// after reads: a get and a listing are no writes); a write after it is listed, and nothing
/// before it again.
///
/// Then [`many_writes`]: more creates than a vendor's change page holds, after that token, are
/// each listed, following the feed's tokens.
async fn token_continues(
    p: &dyn ContactProvider,
    feed: &dyn ChangeFeed,
    _: &Factory,
) -> Result<(), String> {
    let start = current(feed).await?;
    let first = create_or_fail(p, plain(p, 1)).await?.id;
    let set = since(feed, &start, "after a create").await?;
    ensure(times_changed(&set, &first) == 1, || {
        format!(
            "{first}, created since the token, is not listed once ({})",
            shown(&set)
        )
    })?;
    let again = since(feed, &set.token, "with the token it returned").await?;
    let stuck = if set.token == start {
        ", and the token returned after the create was the one asked with"
    } else {
        ""
    };
    nothing(
        &again,
        "with the token of a change set and no write between",
        stuck,
    )?;
    p.get(&first, &GetOptions::default())
        .await
        .map_err(err("get"))?;
    list_all(p).await?;
    let read = since(feed, &again.token, "after reads").await?;
    nothing(
        &read,
        "after only reads (a get and a full listing) since the token",
        ": a read is not a write",
    )?;
    let second = create_or_fail(p, plain(p, 2)).await?.id;
    let rewritten = rewrite(p, &first, 3).await?;
    let next = since(feed, &read.token, "after two writes").await?;
    ensure(times_changed(&next, &second) == 1, || {
        format!(
            "{second}, created after the change set's token, is not listed once ({})",
            shown(&next)
        )
    })?;
    let first_times = times_changed(&next, &first);
    ensure(first_times == usize::from(rewritten), || {
        let what = if rewritten {
            "updated after"
        } else {
            "created before"
        };
        format!(
            "{first}, {what} the change set's token, is listed {first_times} times ({})",
            shown(&next)
        )
    })?;
    many_writes(p, feed, &next.token, 4).await
}

/// `set`, asked `when`, lists nothing; `hint` ends the message.
fn nothing(set: &ChangeSet, when: &str, hint: &str) -> Result<(), String> {
    ensure(set.changed.is_empty() && set.deleted.is_empty(), || {
        format!("asked {when}, it listed {}{hint}", shown(set))
    })
}

/// A token that is not a token is `InvalidInput`: never a success (which would hand a reader
/// every contact as changed, or none), never another error. So is a token of another store,
/// where the factory's next store tells itself apart ([`other_stores_token`]).
async fn garbage_token(
    p: &dyn ContactProvider,
    feed: &dyn ChangeFeed,
    factory: &Factory,
) -> Result<(), String> {
    create_or_fail(p, plain(p, 1)).await?;
    for garbage in ["not-a-token", ""] {
        match feed.changes_since(&ChangeToken::new(garbage)).await {
            Err(Error::InvalidInput { .. }) => {}
            Ok(set) => {
                return Err(format!(
                    "the token {garbage:?} was taken, expected InvalidInput: it listed {}",
                    shown(&set)
                ));
            }
            Err(e) => {
                return Err(format!(
                    "the token {garbage:?} gave {} ({e}), expected InvalidInput",
                    e.kind()
                ));
            }
        }
    }
    other_stores_token(p, feed, factory).await
}

/// A contact created and deleted between two tokens is not in `changed` (it may be in
/// `deleted`); one created beside it and kept is.
async fn created_and_deleted(
    p: &dyn ContactProvider,
    feed: &dyn ChangeFeed,
    _: &Factory,
) -> Result<(), String> {
    let mut token = current(feed).await?;
    for round in ["after current_token", "after a change set's token"] {
        let both = made(p, 1, 2).await?;
        let [gone, kept] = &both[..] else {
            return Err(format!("2 contacts created, {} returned", both.len()));
        };
        rewrite(p, gone, 3).await?;
        p.delete(gone).await.map_err(err("delete"))?;
        let set = since(feed, &token, "after a create and a delete").await?;
        ensure(times_changed(&set, gone) == 0, || {
            format!(
                "{gone}, created and deleted {round}, is in `changed` ({})",
                shown(&set)
            )
        })?;
        ensure(times_changed(&set, kept) == 1, || {
            format!(
                "{kept}, created {round} and kept, is not listed once ({})",
                shown(&set)
            )
        })?;
        token = set.token;
    }
    Ok(())
}

/// The way the trait's docs recommend: a token taken *before* a full listing, with writes
/// made while it pages, then the changes since that token: the listing with the changes laid
/// over it is the store as it is, nothing missed.
async fn during_listing(
    p: &dyn ContactProvider,
    feed: &dyn ChangeFeed,
    _: &Factory,
) -> Result<(), String> {
    let all = made(p, 1, 6).await?;
    let token = current(feed).await?;
    let mut copy = list_while_writing(p, &all).await?;
    let set = since(feed, &token, "after a full listing with writes during it").await?;
    for contact in &set.changed {
        copy.insert(contact.id.clone(), contact.clone());
    }
    for id in &set.deleted {
        copy.remove(id);
    }
    same_as_store(p, &copy, &set).await
}
