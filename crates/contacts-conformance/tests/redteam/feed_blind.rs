//! Bugs of the change feed (`ChangeFeed`), written blind: from the contract and the trait's
//! docs alone, without reading the suite's checks or the other change-feed bugs. Each is a
//! mistake an author makes when mapping a vendor's "what changed" API onto the trait.

use super::Bug;
use super::adapter::{Wrote, hook};
use super::support::{Store, books, feed, full, with_admin};
use contacts_core::optional::{ChangeSet, ChangeToken};
use contacts_core::{
    AddressBookId, Contact, ContactId, ContactPatch, ContactProvider, Error, GetOptions, Labels,
    Properties, Result,
};
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

/// The wall clock in whole seconds, as the vendor stamps `modifiedAt`.
fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// A token this adapter did not issue.
fn not_ours(token: &ChangeToken) -> Error {
    Error::invalid(
        "change_token",
        format!("{token} is not a change token of this adapter"),
    )
}

/// The contract words of `ChangeSet::changed`, which several of these bugs break.
const CHANGED: &str = "optional/changes.rs, ChangeSet::changed: \"Contacts created or written \
                      since the token, as they are now (each once).\"";
/// The contract words of `ChangeSet::deleted`, which several of these bugs break.
const DELETED: &str = "optional/changes.rs, ChangeSet::deleted: \"Ids of contacts deleted since \
                      the token, or gone from the provider's view (moved to another address \
                      book).\"";
/// The contract words of what a change token covers, which several of these bugs break.
const COVERS: &str = "optional/changes.rs, ChangeSet::token: \"The token to ask from next time: it \
                     covers everything in this change set.\" and ChangeFeed: \"a contact may then \
                     be seen twice, never missed\"";
/// The contract words of which tokens `changes_since` takes, which several of these bugs break.
const TOKENS: &str = "optional/changes.rs, ChangeFeed::changes_since: \"ExpiredToken when the \
                     store no longer knows what changed since that token (…) A token another store \
                     or scope issued, or one that is not a token at all, is `InvalidInput` naming \
                     it.\"";

hook! {
    /// Meant to use the vendor's `GET /contacts?modifiedSince=<unix seconds>` (and its tombstones'
    /// `deletedAt`): the token is the time it was taken, in whole seconds, and the vendor answers
    /// what was stamped strictly after it. A write in the same second as the token, after it, is
    /// stamped with that second and never listed.
    struct SecondResolution {
        /// Contact → the second of its latest write, as the vendor stamps it.
        stamped: Mutex<HashMap<ContactId, u64>>,
    }
    bug blind_feed_same_second_missed over full();
    breaks COVERS;
    when "a write in the same wall-clock second as the token, after it";

    fn wrote(&self, write: Wrote<'_>) {
        match write {
            Wrote::Created(all) | Wrote::MassDeleted(all) => self.stamp(all.iter().map(|c| &c.id)),
            Wrote::Updated(id) | Wrote::Replaced(id) | Wrote::Deleted(id) => self.stamp([id]),
            Wrote::Labelled(_) => {}
        }
    }
    async fn current_token(&self, p: &Store) -> Result<ChangeToken> {
        Ok(Self::token(&feed(p)?.current_token().await?))
    }
    async fn changes_since(&self, p: &Store, token: &ChangeToken) -> Result<ChangeSet> {
        let (second, inner) = token
            .as_str()
            .split_once('~')
            .ok_or_else(|| not_ours(token))?;
        let second: u64 = second.parse().map_err(|_| not_ours(token))?;
        let mut set = feed(p)?.changes_since(&ChangeToken::new(inner)).await?;
        set.changed.retain(|c| !self.stamped_in(&c.id, second));
        set.deleted.retain(|id| !self.stamped_in(id, second));
        set.token = Self::token(&set.token);
        Ok(set)
    }
}

impl SecondResolution {
    fn stamp<'a>(&self, ids: impl IntoIterator<Item = &'a ContactId>) {
        let now = now_secs();
        let mut stamped = self.stamped.lock().unwrap_or_else(|e| e.into_inner());
        for id in ids {
            stamped.insert(id.clone(), now);
        }
    }

    fn stamped_in(&self, id: &ContactId, second: u64) -> bool {
        let stamped = self.stamped.lock().unwrap_or_else(|e| e.into_inner());
        stamped.get(id) == Some(&second)
    }

    fn token(inner: &ChangeToken) -> ChangeToken {
        ChangeToken::new(format!("{}~{inner}", now_secs()))
    }
}

hook! {
    /// Meant to pass the vendor's change log through. The vendor writes a tombstone for
    /// `DELETE /contacts/{id}` but not for its bulk `DELETE /contacts?filter=…`, and the author
    /// did not make up for it: contacts deleted by a mass delete never show up as deleted.
    struct MassDeleteNoTombstones {
        /// Ids removed by the bulk endpoint, which left no tombstone.
        untracked: Mutex<HashSet<ContactId>>,
    }
    bug blind_feed_mass_delete_untracked over full();
    breaks DELETED;
    when "contacts deleted with delete_matching (a filter or EveryContact) after the token";

    fn wrote(&self, write: Wrote<'_>) {
        if let Wrote::MassDeleted(deleted) = write {
            let mut untracked = self.untracked.lock().unwrap_or_else(|e| e.into_inner());
            untracked.extend(deleted.iter().map(|c| c.id.clone()));
        }
    }
    async fn changes_since(&self, p: &Store, token: &ChangeToken) -> Result<ChangeSet> {
        let mut set = feed(p)?.changes_since(token).await?;
        let untracked = self.untracked.lock().unwrap_or_else(|e| e.into_inner());
        set.deleted.retain(|id| !untracked.contains(id));
        Ok(set)
    }
}

hook! {
    /// Meant to pass the vendor's change log through; the vendor logs a move to another book as
    /// a modification (the contact with its new `addressBook`), and the author listed it under
    /// `changed`, so a reader of this book keeps a contact that left it.
    struct MovedAsChanged {
        /// Contacts moved out of this book, as they are in their new book.
        moved: Mutex<HashMap<ContactId, Contact>>,
    }
    bug blind_feed_moved_listed_as_changed over with_admin();
    breaks DELETED;
    when "a contact moved to another address book after the token";

    async fn move_contact(&self, p: &Store, id: &ContactId, to: &AddressBookId) -> Result<()> {
        let mut contact = p.get(id, &GetOptions::default()).await?;
        books(p)?.move_contact(id, to).await?;
        contact.address_book = Some(to.clone());
        let mut moved = self.moved.lock().unwrap_or_else(|e| e.into_inner());
        moved.insert(id.clone(), contact);
        Ok(())
    }
    async fn changes_since(&self, p: &Store, token: &ChangeToken) -> Result<ChangeSet> {
        let mut set = feed(p)?.changes_since(token).await?;
        let moved = self.moved.lock().unwrap_or_else(|e| e.into_inner());
        let (elsewhere, gone): (Vec<ContactId>, Vec<ContactId>) = set
            .deleted
            .into_iter()
            .partition(|id| moved.contains_key(id));
        set.deleted = gone;
        set.changed
            .extend(elsewhere.iter().filter_map(|id| moved.get(id).cloned()));
        Ok(set)
    }
}

/// How many entries the vendor's change endpoint answers at most.
const VENDOR_CHANGE_PAGE: usize = 50;

hook! {
    /// Meant to read the vendor's change endpoint, which answers at most 50 entries and a
    /// `nextPageToken`; the author read the first page only but returned the sync token of the
    /// end of the log, so whatever was beyond the first 50 is skipped for good.
    struct FirstPageOnly;
    bug blind_feed_first_page_only over full();
    breaks COVERS;
    when "more than 50 contacts written or deleted since the token";

    async fn changes_since(&self, p: &Store, token: &ChangeToken) -> Result<ChangeSet> {
        let mut set = feed(p)?.changes_since(token).await?;
        set.changed.truncate(VENDOR_CHANGE_PAGE);
        set.deleted
            .truncate(VENDOR_CHANGE_PAGE.saturating_sub(set.changed.len()));
        Ok(set)
    }
}

hook! {
    /// Meant to save requests: contacts the feed returned are cached, keyed by a hash of their
    /// properties (the vendor's `etag` covers properties only, since labels live in a separate
    /// endpoint). A contact whose labels alone changed comes back with its cached, stale labels.
    struct StaleLabels {
        /// Contact → the properties and labels it was last returned with.
        cache: Mutex<HashMap<ContactId, (Properties, Labels)>>,
    }
    bug blind_feed_stale_labels over full();
    breaks CHANGED;
    when "a contact whose labels alone changed after the feed had returned it";

    async fn changes_since(&self, p: &Store, token: &ChangeToken) -> Result<ChangeSet> {
        let mut set = feed(p)?.changes_since(token).await?;
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        for contact in &mut set.changed {
            match cache.get(&contact.id) {
                Some((props, labels)) if *props == contact.properties => {
                    contact.labels = labels.clone();
                }
                _ => {
                    let entry = (contact.properties.clone(), contact.labels.clone());
                    cache.insert(contact.id.clone(), entry);
                }
            }
        }
        Ok(set)
    }
}

/// How many writes the vendor's change journal keeps: a token older than that has expired.
const VENDOR_JOURNAL: u64 = 100;

/// The revision a reference token stands for (its last `:`-separated part).
fn revision_of(token: &ChangeToken) -> Option<u64> {
    token.as_str().rsplit_once(':')?.1.parse().ok()
}

hook! {
    /// Meant to map the vendor's answers to errors. The vendor keeps the last 100 writes in its
    /// change journal and answers an older sync token with `400 Bad Request`
    /// (`EXPIRED_SYNC_TOKEN`); the author mapped every 400 to `InvalidInput`, so a reader takes
    /// its own token for a broken one and never learns to read everything again.
    struct ExpiredAsInvalid;
    bug blind_feed_expired_as_invalid_input over full();
    breaks TOKENS;
    when "a token older than the vendor's journal of 100 writes (expired history)";

    async fn changes_since(&self, p: &Store, token: &ChangeToken) -> Result<ChangeSet> {
        let now = revision_of(&feed(p)?.current_token().await?);
        if let (Some(since), Some(now)) = (revision_of(token), now)
            && now.saturating_sub(since) > VENDOR_JOURNAL
        {
            return Err(Error::invalid(
                "change_token",
                format!("400 Bad Request: EXPIRED_SYNC_TOKEN {token}"),
            ));
        }
        feed(p)?.changes_since(token).await.map_err(|e| match e {
            Error::ExpiredToken { message } => Error::invalid("change_token", message),
            other => other,
        })
    }
}

/// The prefix of the reference store's change tokens, up to the revision.
fn revision_prefix(p: &Store) -> Result<String> {
    let identity = p
        .store_identity()
        .ok_or_else(|| Error::unsupported("redteam", "a store identity"))?;
    Ok(format!("mem1-changes:{identity}:"))
}

hook! {
    /// Meant to keep tokens short: the vendor's sync token is a bare revision number of the
    /// account's log, and the author used it as is. A token of another store (another account, a
    /// copy) is just a number too, and is answered with this store's changes since that revision.
    struct BareRevision;
    bug blind_feed_token_of_other_store_accepted over full();
    breaks TOKENS;
    when "a token issued by another store at a revision this store has reached";

    async fn current_token(&self, p: &Store) -> Result<ChangeToken> {
        Self::short(p, &feed(p)?.current_token().await?)
    }
    async fn changes_since(&self, p: &Store, token: &ChangeToken) -> Result<ChangeSet> {
        let revision: u64 = token.as_str().parse().map_err(|_| not_ours(token))?;
        let inner = ChangeToken::new(format!("{}{revision}", revision_prefix(p)?));
        let mut set = feed(p)?.changes_since(&inner).await?;
        set.token = Self::short(p, &set.token)?;
        Ok(set)
    }
}

impl BareRevision {
    fn short(p: &Store, token: &ChangeToken) -> Result<ChangeToken> {
        let prefix = revision_prefix(p)?;
        let revision = token
            .as_str()
            .strip_prefix(&prefix)
            .ok_or_else(|| not_ours(token))?;
        Ok(ChangeToken::new(revision))
    }
}

hook! {
    /// Meant to read one contact with the vendor's `GET /contacts/{id}`, which records a "last
    /// viewed" time and bumps the contact's `updatedAt`; the feed is built on `updatedAt`, so
    /// every contact read since the token comes back as changed, and a sync never settles.
    struct ReadsAreWrites;
    bug blind_feed_reads_count_as_writes over full();
    breaks CHANGED;
    when "a contact read with get (and not written) after the token";

    async fn get(&self, p: &Store, id: &ContactId, o: &GetOptions) -> Result<Contact> {
        let contact = p.get(id, o).await?;
        p.update(id, &ContactPatch::default()).await?;
        Ok(contact)
    }
}

/// The change-feed bugs written blind.
pub fn bugs() -> Vec<Bug> {
    vec![
        SecondResolution::bug(),
        MassDeleteNoTombstones::bug(),
        MovedAsChanged::bug(),
        FirstPageOnly::bug(),
        StaleLabels::bug(),
        ExpiredAsInvalid::bug(),
        BareRevision::bug(),
        ReadsAreWrites::bug(),
    ]
}
