//! The in-memory store's label administration and account summary: counts over the contacts
//! it sees.

use super::store::MemoryStore;
use crate::optional::{AccountSummary, LabelAdmin, LabelCount, PropertyCount, Summarize};
use crate::{Contact, ContactId, Error, Result};
use async_trait::async_trait;
use std::collections::BTreeMap;

impl MemoryStore {
    /// Applies `change` to each contact in `ids`, after checking every id exists, so an
    /// unknown id changes nothing.
    fn relabel(&self, ids: &[ContactId], change: impl Fn(&mut Contact)) -> Result<()> {
        let mut state = self.lock();
        if let Some(unknown) = ids.iter().find(|id| !state.visible_id(id)) {
            return Err(Error::contact_not_found(unknown));
        }
        for id in ids {
            change(state.contact_mut(id)?);
        }
        Ok(())
    }
}

/// Counts per name, sorted by name.
fn counted<'a>(names: impl Iterator<Item = &'a str>) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for name in names {
        *counts.entry(name.to_owned()).or_insert(0) += 1;
    }
    counts
}

fn label_counts(counts: BTreeMap<String, u64>) -> Vec<LabelCount> {
    counts
        .into_iter()
        .map(|(label, count)| LabelCount { label, count })
        .collect()
}

#[async_trait]
impl LabelAdmin for MemoryStore {
    async fn label_counts(&self) -> Result<Vec<LabelCount>> {
        let state = self.lock();
        let labels = state.visible_contacts().flat_map(|(_, c)| c.labels.iter());
        Ok(label_counts(counted(labels)))
    }

    async fn add_label(&self, label: &str, ids: &[ContactId]) -> Result<()> {
        self.relabel(ids, |c| {
            c.labels.insert(label);
        })
    }

    async fn remove_label(&self, label: &str, ids: &[ContactId]) -> Result<()> {
        self.relabel(ids, |c| {
            c.labels.remove(label);
        })
    }

    async fn delete_label(&self, label: &str) -> Result<()> {
        let mut state = self.lock();
        let seen: Vec<u64> = state.visible_contacts().map(|(seq, _)| *seq).collect();
        for seq in seen {
            let Some(contact) = state.contacts.get_mut(&seq) else {
                continue;
            };
            if contact.labels.remove(label) {
                let id = contact.id.clone();
                state.log.touch(&id);
            }
        }
        Ok(())
    }
}

#[async_trait]
impl Summarize for MemoryStore {
    async fn summarize(&self) -> Result<AccountSummary> {
        let state = self.lock();
        let contacts = || state.visible_contacts().map(|(_, c)| c);
        let labels = counted(contacts().flat_map(|c| c.labels.iter()));
        let properties = counted(contacts().flat_map(|c| c.properties.keys()));
        Ok(AccountSummary {
            total_count: contacts().count() as u64,
            labels: label_counts(labels),
            properties: properties
                .into_iter()
                .map(|(key, count)| PropertyCount { key, count })
                .collect(),
        })
    }
}
