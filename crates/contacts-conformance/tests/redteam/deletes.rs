//! Bugs of deletes: mass deletes, deleted ids and what is read after a delete.

use super::Bug;
use super::adapter::{Adapter, Hook};
use super::support::{Store, fetch_all, full, labels};
use async_trait::async_trait;
use contacts_core::{
    Contact, ContactFilter, ContactId, ContactProvider, DeleteTarget, GetOptions, Order, Result,
};
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

/// Meant to delete by filter the way the vendor allows, page by page of 25 with `offset`; the
/// author advanced the offset after deleting a page, so every other page of matches survives
/// (and is not returned).
#[derive(Debug, Default)]
struct OffsetPagedMassDelete;

#[async_trait]
impl Hook for OffsetPagedMassDelete {
    async fn delete_matching(&self, p: &Store, t: &DeleteTarget) -> Result<Vec<Contact>> {
        let filter = t.filter().cloned().unwrap_or_else(ContactFilter::new);
        let mut deleted = Vec::new();
        let mut offset = 0;
        loop {
            let all = fetch_all(p, filter.clone(), Order::Ascending, false).await?;
            let page: Vec<Contact> = all.into_iter().skip(offset).take(25).collect();
            if page.is_empty() {
                return Ok(deleted);
            }
            for contact in page {
                p.delete(&contact.id).await?;
                deleted.push(contact);
            }
            offset += 25;
        }
    }
}

/// Meant to return what `DELETE /contacts?all=true` deleted; that answer lists ids only, and
/// the author returned contacts built from the ids, so the documents are empty.
#[derive(Debug, Default)]
struct WipeReturnsIdsOnly;

#[async_trait]
impl Hook for WipeReturnsIdsOnly {
    async fn delete_matching(&self, p: &Store, t: &DeleteTarget) -> Result<Vec<Contact>> {
        let deleted = p.delete_matching(t).await?;
        if t.filter().is_some() {
            return Ok(deleted);
        }
        Ok(deleted
            .into_iter()
            .map(|c| Contact {
                id: c.id,
                owner_id: c.owner_id,
                properties: Default::default(),
                labels: Default::default(),
                metadata: None,
                address_book: c.address_book,
                card: None,
            })
            .collect())
    }
}

/// Meant to make delete idempotent: the vendor answers `410 Gone` for an id deleted before
/// (and 404 for one it never issued), and the author mapped 410 to success.
#[derive(Debug, Default)]
struct GoneIsSuccess {
    deleted: Mutex<HashSet<ContactId>>,
}

#[async_trait]
impl Hook for GoneIsSuccess {
    async fn delete(&self, p: &Store, id: &ContactId) -> Result<()> {
        match p.delete(id).await {
            Ok(()) => {
                self.deleted.lock().unwrap().insert(id.clone());
                Ok(())
            }
            Err(e) if e.is_not_found() && self.deleted.lock().unwrap().contains(id) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

/// Meant to save requests with a read cache of `get`; writes invalidate it, deletes do not,
/// so a contact read before it was deleted is still returned afterwards.
#[derive(Debug, Default)]
struct ReadCacheSurvivesDelete {
    cache: Mutex<HashMap<ContactId, Contact>>,
}

#[async_trait]
impl Hook for ReadCacheSurvivesDelete {
    async fn get(&self, p: &Store, id: &ContactId, o: &GetOptions) -> Result<Contact> {
        if o.include_metadata {
            return p.get(id, o).await;
        }
        if let Some(hit) = self.cache.lock().unwrap().get(id).cloned() {
            return Ok(hit);
        }
        let contact = p.get(id, o).await?;
        self.cache
            .lock()
            .unwrap()
            .insert(id.clone(), contact.clone());
        Ok(contact)
    }

    async fn update(
        &self,
        p: &Store,
        id: &ContactId,
        x: &contacts_core::ContactPatch,
    ) -> Result<Contact> {
        self.cache.lock().unwrap().remove(id);
        p.update(id, x).await
    }

    async fn replace(
        &self,
        p: &Store,
        id: &ContactId,
        c: &contacts_core::NewContact,
    ) -> Result<Contact> {
        self.cache.lock().unwrap().remove(id);
        p.replace(id, c).await
    }

    async fn add_label(&self, p: &Store, label: &str, ids: &[ContactId]) -> Result<()> {
        self.cache.lock().unwrap().clear();
        labels(p)?.add_label(label, ids).await
    }

    async fn remove_label(&self, p: &Store, label: &str, ids: &[ContactId]) -> Result<()> {
        self.cache.lock().unwrap().clear();
        labels(p)?.remove_label(label, ids).await
    }

    async fn delete_label(&self, p: &Store, label: &str) -> Result<()> {
        self.cache.lock().unwrap().clear();
        labels(p)?.delete_label(label).await
    }
}

/// The delete bugs.
pub fn bugs() -> Vec<Bug> {
    vec![
        Bug {
            name: "mass_delete_offset_skips_pages",
            rule: "provider.rs, delete_matching: \"Deletes every contact matching the target and \
                   returns them.\"",
            trigger: "a mass delete matching more than 25 contacts",
            make: |armed| Adapter::boxed(full(), armed, OffsetPagedMassDelete),
        },
        Bug {
            name: "wipe_returns_empty_documents",
            rule: "provider.rs, delete_matching: \"Deletes every contact matching the target and \
                   returns them.\"",
            trigger: "DeleteTarget::EveryContact on contacts with properties or labels",
            make: |armed| Adapter::boxed(full(), armed, WipeReturnsIdsOnly),
        },
        Bug {
            name: "second_delete_succeeds",
            rule: "DESIGN.md, The contract: \"**delete** of an unknown id is `NotFound`.\"",
            trigger: "deleting an id that this adapter deleted before",
            make: |armed| Adapter::boxed(full(), armed, GoneIsSuccess::default()),
        },
        Bug {
            name: "read_cache_survives_delete",
            rule: "DESIGN.md, The contract: \"**get** after delete is `NotFound`.\"",
            trigger: "get of a contact that was read with get before it was deleted",
            make: |armed| Adapter::boxed(full(), armed, ReadCacheSurvivesDelete::default()),
        },
    ]
}
