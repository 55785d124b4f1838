//! `MemoryStore`: contacts in a map, listed in creation order with keyset page tokens.

use super::MEMORY_PROVIDER;
use super::state::{State, home_book};
use crate::{
    AddressBookId, Capabilities, Contact, ContactId, ContactPatch, ContactProvider, ContactQuery,
    DeleteTarget, GetOptions, Metadata, NewContact, Order, Page, PageToken, Result, validate,
};
use async_trait::async_trait;
use std::ops::Bound;
use std::sync::{Arc, Mutex, MutexGuard};

/// The store behind [`InMemoryProvider`](super::InMemoryProvider): the contract's semantics
/// for everything only a store can know (ids, order, tokens, not-found), without the refusals,
/// which [`CheckedLayer`](crate::layer::CheckedLayer) adds. Clones share the same data.
#[derive(Debug, Clone)]
pub(crate) struct MemoryStore {
    state: Arc<Mutex<State>>,
    pub(super) capabilities: Arc<Capabilities>,
    /// Its [`store_identity`](ContactProvider::store_identity), drawn when it was made.
    identity: Arc<str>,
}

/// Tells the in-memory store's page tokens from other providers'.
const TOKEN_SCHEME: &str = "mem1";

impl MemoryStore {
    /// An empty store declaring `capabilities`.
    pub(crate) fn with_capabilities(capabilities: Capabilities) -> Self {
        let state = State::new(capabilities.address_book_admin);
        Self {
            state: Arc::new(Mutex::new(state)),
            capabilities: Arc::new(capabilities),
            identity: super::store_identity::fresh().into(),
        }
    }

    /// A store of its own holding a copy of this one's data, with the same capabilities and
    /// the same identity (a copy of a store is that store, as a copied database file is).
    pub(crate) fn fork(&self) -> Self {
        let state = self.lock().clone();
        Self {
            state: Arc::new(Mutex::new(state)),
            capabilities: Arc::clone(&self.capabilities),
            identity: Arc::clone(&self.identity),
        }
    }

    /// Attaches metadata to a contact, as a server would compute it; returned when asked for.
    pub(crate) fn set_metadata(&self, id: &ContactId, metadata: Metadata) -> Result<()> {
        let mut state = self.lock();
        let contact = state.contact_mut(id)?;
        contact.metadata = Some(metadata);
        Ok(())
    }

    /// Number of contacts this store sees.
    pub(crate) fn len(&self) -> usize {
        self.lock().visible_contacts().count()
    }

    /// Whether the store sees no contact.
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every contact this store sees, in creation order, with metadata, for assertions in
    /// tests.
    pub(crate) fn snapshot(&self) -> Vec<Contact> {
        let state = self.lock();
        state.visible_contacts().map(|(_, c)| c.clone()).collect()
    }

    /// Its store identity.
    pub(super) fn identity(&self) -> &str {
        &self.identity
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the maps inconsistent (every mutation is a
        // single insert/remove pair done after validation), so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A contact as the caller sees it: metadata only when asked, the book only where
    /// contacts have books.
    pub(super) fn present(&self, contact: &Contact, include_metadata: bool) -> Contact {
        let mut out = contact.clone();
        out.metadata = if include_metadata {
            Some(contact.metadata.clone().unwrap_or_default())
        } else {
            None
        };
        if !self.capabilities.address_books {
            out.address_book = None;
        }
        out
    }

    /// The book a store scoped to its home book writes to: that book (a document for another
    /// is refused: contacts reach other books by `move_contact`); `None` when not scoped.
    fn scope(state: &State) -> Option<AddressBookId> {
        state.scoped.then(home_book)
    }
}

/// How a caller of a store scoped to its home book puts a contact in another book.
const ELSEWHERE: &str = "create it here and move it there with move_contact";

#[async_trait]
impl ContactProvider for MemoryStore {
    crate::provider_identity!(MEMORY_PROVIDER, capabilities);

    fn store_identity(&self) -> Option<String> {
        Some(self.identity.to_string())
    }

    async fn get(&self, id: &ContactId, options: &GetOptions) -> Result<Contact> {
        let state = self.lock();
        let contact = state.contact(id)?;
        Ok(self.present(contact, options.include_metadata))
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
        let wanted = |c: &Contact| state.visible(c) && query.filter.matches(c);
        for (seq, contact) in matching.filter(|(_, c)| wanted(c)) {
            if items.len() == size {
                more = true;
                break;
            }
            items.push(self.present(contact, query.include_metadata));
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
        let books = validate::scoped_books(Self::scope(&state).as_ref(), contacts, ELSEWHERE)?;
        let mut created = Vec::with_capacity(contacts.len());
        for (new, address_book) in contacts.iter().zip(books) {
            let seq = state.next_seq;
            state.next_seq += 1;
            let contact = Contact {
                id: ContactId::from(seq),
                owner_id: None,
                properties: new.properties.clone(),
                labels: new.labels.clone(),
                metadata: None,
                address_book,
                card: new.card.clone().map(|mut card| {
                    card.ensure_uid();
                    card
                }),
            };
            created.push(self.present(&contact, false));
            state.insert(seq, contact);
        }
        Ok(created)
    }

    async fn update(&self, id: &ContactId, patch: &ContactPatch) -> Result<Contact> {
        let mut state = self.lock();
        let contact = state.contact_mut(id)?;
        patch.apply_to(contact);
        Ok(self.present(contact, false))
    }

    async fn replace(&self, id: &ContactId, new: &NewContact) -> Result<Contact> {
        let mut state = self.lock();
        let address_book = validate::scoped_book(Self::scope(&state).as_ref(), new, ELSEWHERE)?;
        let contact = state.contact_mut(id)?;
        contact.properties = new.properties.clone();
        contact.labels = new.labels.clone();
        contact.address_book = address_book;
        contact.card = new.card.clone().map(|mut card| {
            card.ensure_uid();
            card
        });
        Ok(self.present(contact, false))
    }

    async fn delete(&self, id: &ContactId) -> Result<()> {
        let mut state = self.lock();
        state.contact_mut(id)?;
        if let Some(seq) = state.index.get(id).copied() {
            state.remove(seq);
        }
        Ok(())
    }

    async fn delete_matching(&self, target: &DeleteTarget) -> Result<Vec<Contact>> {
        let mut state = self.lock();
        let doomed: Vec<u64> = state
            .visible_contacts()
            .filter(|(_, c)| target.filter().is_none_or(|f| f.matches(c)))
            .map(|(seq, _)| *seq)
            .collect();
        Ok(doomed
            .into_iter()
            .filter_map(|seq| state.remove(seq))
            .map(|contact| self.present(&contact, false))
            .collect())
    }

    crate::optional_accessors!(declared);
}
