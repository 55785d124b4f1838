//! Bugs of the change feed (`ChangeFeed`): the author logs changes where the common writes
//! happen (create, update, delete), and a write taking another path leaves no trace in the
//! feed. Written from optional/changes.rs, not from the suite's checks.

use super::Bug;
use super::adapter::{Adapter, Hook, Wrote};
use super::support::{Store, feed, fetch_all, full, labels};
use async_trait::async_trait;
use contacts_core::optional::{ChangeSet, ChangeToken};
use contacts_core::{ContactFilter, ContactId, Order, Result};
use std::collections::BTreeSet;
use std::sync::Mutex;

/// The write path the author's change log does not see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unlogged {
    /// `replace` rewrites the contact's rows with a statement of its own that logs nothing.
    Replace,
    /// A mass delete removes its matches with one statement the log never hears of.
    MassDelete,
    /// Label administration updates the label table in bulk, bypassing the contacts' log.
    LabelAdmin,
}

/// Meant to log every write beside its statement; the writes of one path (`Unlogged`) are
/// missed, so those contacts never reach the feed until a logged write touches them again.
#[derive(Debug)]
struct MissedPath {
    path: Unlogged,
    /// Contacts whose latest write was missed.
    missed: Mutex<BTreeSet<ContactId>>,
}

impl MissedPath {
    fn new(path: Unlogged) -> Self {
        Self {
            path,
            missed: Mutex::default(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeSet<ContactId>> {
        self.missed.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A write of `ids` through `path`: missed where that is the unlogged path, else logged.
    fn through(&self, path: Option<Unlogged>, ids: impl IntoIterator<Item = ContactId>) {
        let mut missed = self.lock();
        for id in ids {
            if path == Some(self.path) {
                missed.insert(id);
            } else {
                missed.remove(&id);
            }
        }
    }
}

#[async_trait]
impl Hook for MissedPath {
    fn wrote(&self, write: Wrote<'_>) {
        match write {
            Wrote::Created(_) => {}
            Wrote::Updated(id) | Wrote::Deleted(id) => self.through(None, [id.clone()]),
            Wrote::Replaced(id) => self.through(Some(Unlogged::Replace), [id.clone()]),
            Wrote::MassDeleted(gone) => {
                self.through(
                    Some(Unlogged::MassDelete),
                    gone.iter().map(|c| c.id.clone()),
                );
            }
            Wrote::Labelled(ids) => self.through(Some(Unlogged::LabelAdmin), ids.iter().cloned()),
        }
    }

    async fn delete_label(&self, p: &Store, label: &str) -> Result<()> {
        let filter = ContactFilter::new().label(label);
        let carrying = fetch_all(p, filter, Order::Ascending, false).await?;
        labels(p)?.delete_label(label).await?;
        self.through(
            Some(Unlogged::LabelAdmin),
            carrying.into_iter().map(|c| c.id),
        );
        Ok(())
    }

    /// The change set as the adapter's log has it: missed contacts are in neither list.
    async fn changes_since(&self, p: &Store, t: &ChangeToken) -> Result<ChangeSet> {
        let mut set = feed(p)?.changes_since(t).await?;
        let missed = self.lock();
        set.changed.retain(|c| !missed.contains(&c.id));
        set.deleted.retain(|id| !missed.contains(id));
        Ok(set)
    }
}

/// The change-feed bugs.
pub fn bugs() -> Vec<Bug> {
    const CHANGED: &str = "optional/changes.rs, ChangeSet::changed: \"Contacts created or \
                           written since the token, as they are now (each once).\"";
    vec![
        Bug {
            name: "feed_misses_replace",
            rule: CHANGED,
            trigger: "a replace after a change token",
            make: |armed| Adapter::boxed(full(), armed, MissedPath::new(Unlogged::Replace)),
        },
        Bug {
            name: "feed_misses_mass_delete",
            rule: "optional/changes.rs, ChangeSet::deleted: \"Ids of contacts deleted since the \
                   token\"",
            trigger: "a mass delete after a change token",
            make: |armed| Adapter::boxed(full(), armed, MissedPath::new(Unlogged::MassDelete)),
        },
        Bug {
            name: "feed_misses_label_admin",
            rule: CHANGED,
            trigger: "add_label, remove_label or delete_label after a change token",
            make: |armed| Adapter::boxed(full(), armed, MissedPath::new(Unlogged::LabelAdmin)),
        },
    ]
}
