//! `MemoryStore`: contacts in a map, listed in creation order with keyset page tokens.

use super::MEMORY_PROVIDER;
use crate::optional::{AccountSummary, LabelAdmin, LabelCount, PropertyCount, Summarize};
use crate::{
    Capabilities, Contact, ContactId, ContactPatch, ContactProvider, ContactQuery, DeleteTarget,
    Error, GetOptions, Metadata, NewContact, Order, Page, PageToken, Result,
};
use async_trait::async_trait;
use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::sync::{Arc, Mutex, MutexGuard};

/// The store behind [`InMemoryProvider`](super::InMemoryProvider): the contract's semantics
/// for everything only a store can know (ids, order, tokens, not-found), without the refusals,
/// which [`CheckedLayer`](crate::layer::CheckedLayer) adds. Clones share the same data.
#[derive(Debug, Clone)]
pub(crate) struct MemoryStore {
    state: Arc<Mutex<State>>,
    capabilities: Arc<Capabilities>,
}

/// Tells the in-memory store's page tokens from other providers'.
const TOKEN_SCHEME: &str = "mem1";

#[derive(Debug, Default)]
struct State {
    next_seq: u64,
    /// Creation sequence → contact: the listing order.
    contacts: BTreeMap<u64, Contact>,
    /// Id → creation sequence.
    index: HashMap<ContactId, u64>,
}

impl State {
    fn contact_mut(&mut self, id: &ContactId) -> Result<&mut Contact> {
        self.index
            .get(id)
            .and_then(|seq| self.contacts.get_mut(seq))
            .ok_or_else(|| Error::contact_not_found(id))
    }
}

impl MemoryStore {
    /// An empty store declaring `capabilities`.
    pub(crate) fn with_capabilities(capabilities: Capabilities) -> Self {
        Self {
            state: Arc::new(Mutex::new(State {
                next_seq: 1,
                ..State::default()
            })),
            capabilities: Arc::new(capabilities),
        }
    }

    /// Attaches metadata to a contact, as a server would compute it; returned when asked for.
    pub(crate) fn set_metadata(&self, id: &ContactId, metadata: Metadata) -> Result<()> {
        let mut state = self.lock();
        let contact = state.contact_mut(id)?;
        contact.metadata = Some(metadata);
        Ok(())
    }

    /// Number of stored contacts.
    pub(crate) fn len(&self) -> usize {
        self.lock().contacts.len()
    }

    /// Whether the store is empty.
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every stored contact in creation order, with metadata, for assertions in tests.
    pub(crate) fn snapshot(&self) -> Vec<Contact> {
        self.lock().contacts.values().cloned().collect()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the maps inconsistent (every mutation is a
        // single insert/remove pair done after validation), so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn present(contact: &Contact, include_metadata: bool) -> Contact {
    let mut out = contact.clone();
    out.metadata = if include_metadata {
        Some(contact.metadata.clone().unwrap_or_default())
    } else {
        None
    };
    out
}

#[async_trait]
impl ContactProvider for MemoryStore {
    crate::provider_identity!(MEMORY_PROVIDER, capabilities);

    async fn get(&self, id: &ContactId, options: &GetOptions) -> Result<Contact> {
        let mut state = self.lock();
        let contact = state.contact_mut(id)?;
        Ok(present(contact, options.include_metadata))
    }

    async fn list_page(&self, query: &ContactQuery, token: Option<PageToken>) -> Result<Page> {
        let size = query
            .page_size
            .unwrap_or(self.capabilities.default_page_size) as usize;
        let after = token
            .map(|t| t.keyset_position(TOKEN_SCHEME, query.order))
            .transpose()?;
        let state = self.lock();
        let range = match (query.order, after) {
            (_, None) => (Bound::Unbounded, Bound::Unbounded),
            (Order::Ascending, Some(seq)) => (Bound::Excluded(seq), Bound::Unbounded),
            (Order::Descending, Some(seq)) => (Bound::Unbounded, Bound::Excluded(seq)),
        };
        let candidates = state.contacts.range(range);
        let matching: Box<dyn Iterator<Item = (&u64, &Contact)>> = match query.order {
            Order::Ascending => Box::new(candidates),
            Order::Descending => Box::new(candidates.rev()),
        };
        let mut items = Vec::with_capacity(size);
        let mut last_seq = None;
        let mut more = false;
        for (seq, contact) in matching.filter(|(_, c)| query.filter.matches(c)) {
            if items.len() == size {
                more = true;
                break;
            }
            items.push(present(contact, query.include_metadata));
            last_seq = Some(*seq);
        }
        let next = match (more, last_seq) {
            (true, Some(seq)) => Some(PageToken::keyset(TOKEN_SCHEME, query.order, seq)),
            _ => None,
        };
        Ok(Page { items, next })
    }

    async fn create(&self, contacts: &[NewContact]) -> Result<Vec<Contact>> {
        let mut state = self.lock();
        let mut created = Vec::with_capacity(contacts.len());
        for new in contacts {
            let seq = state.next_seq;
            state.next_seq += 1;
            let contact = Contact {
                id: ContactId::from(seq),
                owner_id: None,
                properties: new.properties.clone(),
                labels: new.labels.clone(),
                metadata: None,
                address_book: new.address_book.clone(),
            };
            state.index.insert(contact.id.clone(), seq);
            state.contacts.insert(seq, contact.clone());
            created.push(contact);
        }
        Ok(created)
    }

    async fn update(&self, id: &ContactId, patch: &ContactPatch) -> Result<Contact> {
        let mut state = self.lock();
        let contact = state.contact_mut(id)?;
        patch.apply_to(contact);
        Ok(present(contact, false))
    }

    async fn replace(&self, id: &ContactId, new: &NewContact) -> Result<Contact> {
        let mut state = self.lock();
        let contact = state.contact_mut(id)?;
        contact.properties = new.properties.clone();
        contact.labels = new.labels.clone();
        contact.address_book = new.address_book.clone();
        Ok(present(contact, false))
    }

    async fn delete(&self, id: &ContactId) -> Result<()> {
        let mut state = self.lock();
        let seq = state
            .index
            .remove(id)
            .ok_or_else(|| Error::contact_not_found(id))?;
        state.contacts.remove(&seq);
        Ok(())
    }

    async fn delete_matching(&self, target: &DeleteTarget) -> Result<Vec<Contact>> {
        let mut state = self.lock();
        let doomed: Vec<u64> = state
            .contacts
            .iter()
            .filter(|(_, c)| target.filter().is_none_or(|f| f.matches(c)))
            .map(|(seq, _)| *seq)
            .collect();
        let mut deleted = Vec::with_capacity(doomed.len());
        for seq in doomed {
            if let Some(contact) = state.contacts.remove(&seq) {
                state.index.remove(&contact.id);
                deleted.push(present(&contact, false));
            }
        }
        Ok(deleted)
    }

    fn label_admin(&self) -> Option<&dyn LabelAdmin> {
        self.capabilities
            .label_admin
            .then_some(self as &dyn LabelAdmin)
    }

    fn account_summary(&self) -> Option<&dyn Summarize> {
        self.capabilities
            .account_summary
            .then_some(self as &dyn Summarize)
    }
}

impl MemoryStore {
    /// Applies `change` to each contact in `ids`, after checking every id exists, so an
    /// unknown id changes nothing.
    fn relabel(&self, ids: &[ContactId], change: impl Fn(&mut Contact)) -> Result<()> {
        let mut state = self.lock();
        for id in ids {
            state.contact_mut(id)?;
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

#[async_trait]
impl LabelAdmin for MemoryStore {
    async fn label_counts(&self) -> Result<Vec<LabelCount>> {
        let state = self.lock();
        let counts = counted(state.contacts.values().flat_map(|c| c.labels.iter()));
        Ok(counts
            .into_iter()
            .map(|(label, count)| LabelCount { label, count })
            .collect())
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
        for contact in state.contacts.values_mut() {
            contact.labels.remove(label);
        }
        Ok(())
    }
}

#[async_trait]
impl Summarize for MemoryStore {
    async fn summarize(&self) -> Result<AccountSummary> {
        let state = self.lock();
        let labels = counted(state.contacts.values().flat_map(|c| c.labels.iter()));
        let properties = counted(state.contacts.values().flat_map(|c| c.properties.keys()));
        Ok(AccountSummary {
            total_count: state.contacts.len() as u64,
            labels: labels
                .into_iter()
                .map(|(label, count)| LabelCount { label, count })
                .collect(),
            properties: properties
                .into_iter()
                .map(|(key, count)| PropertyCount { key, count })
                .collect(),
        })
    }
}
