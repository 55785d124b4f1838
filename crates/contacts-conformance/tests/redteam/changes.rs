//! Bugs of the change feed (`ChangeFeed`): the author logs changes where the common writes
//! happen (create, update, delete), and a write taking another path leaves no trace in the
//! feed. Written from optional/changes.rs, not from the suite's checks.

use super::Bug;
use super::adapter::{Adapter, Hook};
use super::support::{fetch_all, full};
use async_trait::async_trait;
use contacts_core::optional::{ChangeFeed, ChangeSet, ChangeToken, LabelAdmin};
use contacts_core::{
    Contact, ContactFilter, ContactId, ContactPatch, ContactProvider, DeleteTarget, Error,
    InMemoryProvider, NewContact, Order, Result,
};
use std::collections::BTreeSet;
use std::sync::Mutex;

fn feed(p: &InMemoryProvider) -> Result<&dyn ChangeFeed> {
    p.change_feed()
        .ok_or_else(|| Error::unsupported("redteam", "a change feed"))
}

fn labels(p: &InMemoryProvider) -> Result<&dyn LabelAdmin> {
    p.label_admin()
        .ok_or_else(|| Error::unsupported("redteam", "label administration"))
}

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
    fn wrote(&self, path: Option<Unlogged>, ids: impl IntoIterator<Item = ContactId>) {
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
    async fn update(
        &self,
        p: &InMemoryProvider,
        id: &ContactId,
        x: &ContactPatch,
    ) -> Result<Contact> {
        let updated = p.update(id, x).await?;
        self.wrote(None, [id.clone()]);
        Ok(updated)
    }

    async fn replace(
        &self,
        p: &InMemoryProvider,
        id: &ContactId,
        c: &NewContact,
    ) -> Result<Contact> {
        let replaced = p.replace(id, c).await?;
        self.wrote(Some(Unlogged::Replace), [id.clone()]);
        Ok(replaced)
    }

    async fn delete(&self, p: &InMemoryProvider, id: &ContactId) -> Result<()> {
        p.delete(id).await?;
        self.wrote(None, [id.clone()]);
        Ok(())
    }

    async fn delete_matching(
        &self,
        p: &InMemoryProvider,
        t: &DeleteTarget,
    ) -> Result<Vec<Contact>> {
        let gone = p.delete_matching(t).await?;
        self.wrote(
            Some(Unlogged::MassDelete),
            gone.iter().map(|c| c.id.clone()),
        );
        Ok(gone)
    }

    async fn add_label(&self, p: &InMemoryProvider, label: &str, ids: &[ContactId]) -> Result<()> {
        labels(p)?.add_label(label, ids).await?;
        self.wrote(Some(Unlogged::LabelAdmin), ids.iter().cloned());
        Ok(())
    }

    async fn remove_label(
        &self,
        p: &InMemoryProvider,
        label: &str,
        ids: &[ContactId],
    ) -> Result<()> {
        labels(p)?.remove_label(label, ids).await?;
        self.wrote(Some(Unlogged::LabelAdmin), ids.iter().cloned());
        Ok(())
    }

    async fn delete_label(&self, p: &InMemoryProvider, label: &str) -> Result<()> {
        let filter = ContactFilter::new().label(label);
        let carrying = fetch_all(p, filter, Order::Ascending, false).await?;
        labels(p)?.delete_label(label).await?;
        self.wrote(
            Some(Unlogged::LabelAdmin),
            carrying.into_iter().map(|c| c.id),
        );
        Ok(())
    }

    /// The change set as the adapter's log has it: missed contacts are in neither list.
    async fn changes_since(&self, p: &InMemoryProvider, t: &ChangeToken) -> Result<ChangeSet> {
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
