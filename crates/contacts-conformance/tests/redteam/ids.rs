//! An id-lifecycle bug: ids handed out again after a delete.

use super::Bug;
use super::adapter::hook;
use super::support::{GET_AFTER_DELETE, Store, full, labels, seq};
use contacts_core::{
    Contact, ContactId, ContactPatch, ContactProvider, ContactQuery, DeleteTarget, Error,
    GetOptions, NewContact, Page, PageToken, Result,
};
use std::collections::BTreeMap;
use std::sync::Mutex;

hook! {
    /// Meant to number contacts the way the vendor's table does, `MAX(id) + 1` (SQLite without
    /// `AUTOINCREMENT`): after the newest contact is deleted, the next one created gets its id,
    /// so the deleted id reads as the new contact.
    struct MaxPlusOneIds {
        /// The adapter's id → the store's id, for live contacts.
        ids: Mutex<BTreeMap<u64, ContactId>>,
    }
    bug ids_reused_after_deleting_newest over full();
    breaks GET_AFTER_DELETE;
    when "deleting the most recently created contact, then creating another";

    async fn get(&self, p: &Store, id: &ContactId, o: &GetOptions) -> Result<Contact> {
        let store_id = self.to_store(id)?;
        Ok(self.to_adapter(p.get(&store_id, o).await?))
    }

    async fn list_page(&self, p: &Store, q: &ContactQuery, t: Option<PageToken>) -> Result<Page> {
        let mut page = p.list_page(q, t).await?;
        page.items = page.items.into_iter().map(|c| self.to_adapter(c)).collect();
        Ok(page)
    }

    async fn create(&self, p: &Store, c: &[NewContact]) -> Result<Vec<Contact>> {
        let created = p.create(c).await?;
        let mut ids = self.ids.lock().unwrap();
        let mut out = Vec::with_capacity(created.len());
        for mut contact in created {
            let ours = ids
                .keys()
                .next_back()
                .map_or(seq(&contact.id), |max| max + 1);
            ids.insert(ours, contact.id.clone());
            contact.id = ContactId::from(ours);
            out.push(contact);
        }
        Ok(out)
    }

    async fn update(&self, p: &Store, id: &ContactId, x: &ContactPatch) -> Result<Contact> {
        let store_id = self.to_store(id)?;
        Ok(self.to_adapter(p.update(&store_id, x).await?))
    }

    async fn replace(&self, p: &Store, id: &ContactId, c: &NewContact) -> Result<Contact> {
        let store_id = self.to_store(id)?;
        Ok(self.to_adapter(p.replace(&store_id, c).await?))
    }

    async fn delete(&self, p: &Store, id: &ContactId) -> Result<()> {
        let store_id = self.to_store(id)?;
        p.delete(&store_id).await?;
        self.forget(&store_id);
        Ok(())
    }

    async fn delete_matching(&self, p: &Store, t: &DeleteTarget) -> Result<Vec<Contact>> {
        let deleted = p.delete_matching(t).await?;
        let out = deleted.into_iter().map(|c| self.to_adapter(c)).collect();
        for c in &out {
            let c: &Contact = c;
            if let Ok(store_id) = self.to_store(&c.id) {
                self.forget(&store_id);
            }
        }
        Ok(out)
    }

    async fn add_label(&self, p: &Store, label: &str, ids: &[ContactId]) -> Result<()> {
        labels(p)?.add_label(label, &self.all_to_store(ids)?).await
    }

    async fn remove_label(&self, p: &Store, label: &str, ids: &[ContactId]) -> Result<()> {
        labels(p)?
            .remove_label(label, &self.all_to_store(ids)?)
            .await
    }
}

impl MaxPlusOneIds {
    fn to_store(&self, id: &ContactId) -> Result<ContactId> {
        let ids = self.ids.lock().unwrap();
        let mapped = id.as_str().parse::<u64>().ok().and_then(|n| ids.get(&n));
        mapped.cloned().ok_or_else(|| Error::contact_not_found(id))
    }

    /// The store's ids of `ids`, or `NotFound` for the first the adapter never issued.
    fn all_to_store(&self, ids: &[ContactId]) -> Result<Vec<ContactId>> {
        ids.iter().map(|id| self.to_store(id)).collect()
    }

    fn to_adapter(&self, mut c: Contact) -> Contact {
        let ids = self.ids.lock().unwrap();
        if let Some((ours, _)) = ids.iter().find(|(_, theirs)| **theirs == c.id) {
            c.id = ContactId::from(*ours);
        }
        c
    }

    fn forget(&self, store_id: &ContactId) {
        self.ids
            .lock()
            .unwrap()
            .retain(|_, theirs| theirs != store_id);
    }
}

/// The id-lifecycle bugs.
pub fn bugs() -> Vec<Bug> {
    vec![MaxPlusOneIds::bug()]
}
