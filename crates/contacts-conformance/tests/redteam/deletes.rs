//! Bugs of deletes: mass deletes, deleted ids and what is read after a delete.

use super::Bug;
use super::adapter::{Wrote, hook};
use super::support::{GET_AFTER_DELETE, Store, fetch_all, full, labels};
use contacts_core::{
    Contact, ContactFilter, ContactId, ContactProvider, DeleteTarget, GetOptions, Order, Result,
};
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

/// The contract words of `delete_matching`, which both mass-delete bugs break.
const DELETES_AND_RETURNS: &str = "provider.rs, delete_matching: \"Deletes every contact matching \
                                  the target and returns them.\"";

hook! {
    /// Meant to delete by filter the way the vendor allows, page by page of 25 with `offset`; the
    /// author advanced the offset after deleting a page, so every other page of matches survives
    /// (and is not returned).
    struct OffsetPagedMassDelete;
    bug mass_delete_offset_skips_pages over full();
    breaks DELETES_AND_RETURNS;
    when "a mass delete matching more than 25 contacts";

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

hook! {
    /// Meant to return what `DELETE /contacts?all=true` deleted; that answer lists ids only, and
    /// the author returned contacts built from the ids, so the documents are empty.
    struct WipeReturnsIdsOnly;
    bug wipe_returns_empty_documents over full();
    breaks DELETES_AND_RETURNS;
    when "DeleteTarget::EveryContact on contacts with properties or labels";

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

hook! {
    /// Meant to make delete idempotent: the vendor answers `410 Gone` for an id deleted before
    /// (and 404 for one it never issued), and the author mapped 410 to success.
    struct GoneIsSuccess {
        deleted: Mutex<HashSet<ContactId>>,
    }
    bug second_delete_succeeds over full();
    breaks "DESIGN.md, The contract: \"**delete** of an unknown id is `NotFound`.\"";
    when "deleting an id that this adapter deleted before";

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

hook! {
    /// Meant to save requests with a read cache of `get`; writes invalidate it, deletes do not,
    /// so a contact read before it was deleted is still returned afterwards.
    struct ReadCacheSurvivesDelete {
        cache: Mutex<HashMap<ContactId, Contact>>,
    }
    bug read_cache_survives_delete over full();
    breaks GET_AFTER_DELETE;
    when "get of a contact that was read with get before it was deleted";

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

    /// Writes through the default methods invalidate the cache; the author forgot deletes.
    fn wrote(&self, write: Wrote<'_>) {
        let mut cache = self.cache.lock().unwrap();
        match write {
            Wrote::Updated(id) | Wrote::Replaced(id) => {
                cache.remove(id);
            }
            Wrote::Labelled(_) => cache.clear(),
            Wrote::Created(_) | Wrote::Deleted(_) | Wrote::MassDeleted(_) => {}
        }
    }

    async fn delete_label(&self, p: &Store, label: &str) -> Result<()> {
        self.cache.lock().unwrap().clear();
        labels(p)?.delete_label(label).await
    }
}

/// The delete bugs.
pub fn bugs() -> Vec<Bug> {
    vec![
        OffsetPagedMassDelete::bug(),
        WipeReturnsIdsOnly::bug(),
        GoneIsSuccess::bug(),
        ReadCacheSurvivesDelete::bug(),
    ]
}
