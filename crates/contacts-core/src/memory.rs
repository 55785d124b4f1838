//! `InMemoryProvider`: the reference semantics of the contract.

use crate::{
    AddressBookId, Capabilities, Contact, ContactId, ContactPatch, ContactProvider, ContactQuery,
    DeleteTarget, Error, GetOptions, Metadata, NewContact, Order, Page, PageToken, Result,
    validate,
};
use async_trait::async_trait;
use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::sync::{Arc, Mutex, MutexGuard};

/// The registry name of [`InMemoryProvider`].
pub const MEMORY_PROVIDER: &str = "memory";

/// A provider that keeps contacts in memory and implements every capability exactly as the
/// contract says.
///
/// It is the reference model of the conformance suite (every other provider is compared with
/// it), a backend for tests and demos, and a cheap fake. Clones share the same store, and it is
/// safe to use from many tasks at once.
///
/// - Ids are decimal sequence numbers (`"1"`, `"2"`, …), never reused.
/// - Listing is in creation order; pages are keyset-based, so every contact appears exactly
///   once across pages even when others are created or deleted meanwhile.
/// - Metadata is whatever a test attached with [`InMemoryProvider::set_metadata`] (an empty map
///   otherwise): the provider has no phone-number logic of its own.
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use contacts_core::{ContactProvider, ContactProviderExt, ContactQuery, ContactFilter,
///     InMemoryProvider, NewContact};
/// use futures::TryStreamExt;
/// let memory = InMemoryProvider::new();
/// memory.create(&[
///     NewContact::new().property("firstName", "Ada").label("VIP"),
///     NewContact::new().property("firstName", "Bob"),
/// ]).await?;
/// let vips: Vec<_> = memory
///     .list(ContactQuery::new().filter(ContactFilter::new().label("VIP")))
///     .try_collect().await?;
/// assert_eq!(vips.len(), 1);
/// assert_eq!(vips[0].properties.first_name(), Some("Ada"));
/// # Ok::<_, contacts_core::Error>(()) }).unwrap();
/// ```
#[derive(Debug, Clone)]
pub struct InMemoryProvider {
    state: Arc<Mutex<State>>,
    capabilities: Arc<Capabilities>,
}

#[derive(Debug, Default)]
struct State {
    next_seq: u64,
    /// Creation sequence → contact: the listing order.
    contacts: BTreeMap<u64, Contact>,
    /// Id → creation sequence.
    index: HashMap<ContactId, u64>,
}

impl Default for InMemoryProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl InMemoryProvider {
    /// An empty store with [`Capabilities::full`].
    pub fn new() -> Self {
        Self::with_capabilities(Capabilities::full())
    }

    /// An empty store declaring `capabilities`. Operations the capabilities leave out fail with
    /// `Unsupported`, so this also models a less capable provider.
    pub fn with_capabilities(capabilities: Capabilities) -> Self {
        Self {
            state: Arc::new(Mutex::new(State {
                next_seq: 1,
                ..State::default()
            })),
            capabilities: Arc::new(capabilities),
        }
    }

    /// Attaches metadata to a contact, as a server would compute it; returned when asked for.
    pub fn set_metadata(&self, id: &ContactId, metadata: Metadata) -> Result<()> {
        let mut state = self.lock();
        let seq = *state
            .index
            .get(id)
            .ok_or_else(|| Error::contact_not_found(id))?;
        let contact = state.contacts.get_mut(&seq).expect("index and store agree");
        contact.metadata = Some(metadata);
        Ok(())
    }

    /// Number of stored contacts.
    pub fn len(&self) -> usize {
        self.lock().contacts.len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every stored contact in creation order, with metadata, for assertions in tests.
    pub fn snapshot(&self) -> Vec<Contact> {
        self.lock().contacts.values().cloned().collect()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the maps inconsistent (every mutation is a
        // single insert/remove pair done after validation), so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn check_address_book(&self, book: &Option<AddressBookId>) -> Result<()> {
        if book.is_some() && !self.capabilities.address_books {
            return Err(Error::unsupported(MEMORY_PROVIDER, "address books"));
        }
        Ok(())
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

fn encode_token(order: Order, seq: u64) -> PageToken {
    let dir = match order {
        Order::Ascending => 'a',
        Order::Descending => 'd',
    };
    PageToken::new(format!("mem1.{dir}.{seq}"))
}

fn decode_token(token: &PageToken, order: Order) -> Result<u64> {
    let bad = || {
        Error::invalid(
            "page_token",
            "not a token this provider issued for this query; start again without a token",
        )
    };
    let rest = token.as_str().strip_prefix("mem1.").ok_or_else(bad)?;
    let (dir, seq) = rest.split_once('.').ok_or_else(bad)?;
    let expected = match order {
        Order::Ascending => "a",
        Order::Descending => "d",
    };
    if dir != expected {
        return Err(bad());
    }
    seq.parse().map_err(|_| bad())
}

#[async_trait]
impl ContactProvider for InMemoryProvider {
    fn name(&self) -> &str {
        MEMORY_PROVIDER
    }

    fn capabilities(&self) -> &Capabilities {
        &self.capabilities
    }

    #[tracing::instrument(name = "contact_provider", skip_all, fields(provider = MEMORY_PROVIDER, operation = "get"))]
    async fn get(&self, id: &ContactId, options: &GetOptions) -> Result<Contact> {
        if options.include_metadata && !self.capabilities.metadata {
            return Err(Error::unsupported(MEMORY_PROVIDER, "metadata"));
        }
        let state = self.lock();
        let seq = state
            .index
            .get(id)
            .ok_or_else(|| Error::contact_not_found(id))?;
        Ok(present(&state.contacts[seq], options.include_metadata))
    }

    #[tracing::instrument(name = "contact_provider", skip_all, fields(provider = MEMORY_PROVIDER, operation = "list_page"))]
    async fn list_page(&self, query: &ContactQuery, token: Option<PageToken>) -> Result<Page> {
        validate::query(MEMORY_PROVIDER, &self.capabilities, query)?;
        let size = query
            .page_size
            .unwrap_or(self.capabilities.default_page_size) as usize;
        let after = token.map(|t| decode_token(&t, query.order)).transpose()?;
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
            (true, Some(seq)) => Some(encode_token(query.order, seq)),
            _ => None,
        };
        Ok(Page { items, next })
    }

    #[tracing::instrument(name = "contact_provider", skip_all, fields(provider = MEMORY_PROVIDER, operation = "create", count = contacts.len()))]
    async fn create(&self, contacts: &[NewContact]) -> Result<Vec<Contact>> {
        validate::batch(MEMORY_PROVIDER, &self.capabilities, contacts)?;
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

    #[tracing::instrument(name = "contact_provider", skip_all, fields(provider = MEMORY_PROVIDER, operation = "update"))]
    async fn update(&self, id: &ContactId, patch: &ContactPatch) -> Result<Contact> {
        validate::patch(MEMORY_PROVIDER, &self.capabilities, patch)?;
        let mut state = self.lock();
        let seq = *state
            .index
            .get(id)
            .ok_or_else(|| Error::contact_not_found(id))?;
        let contact = state.contacts.get_mut(&seq).expect("index and store agree");
        patch.apply_to(contact);
        Ok(present(contact, false))
    }

    #[tracing::instrument(name = "contact_provider", skip_all, fields(provider = MEMORY_PROVIDER, operation = "replace"))]
    async fn replace(&self, id: &ContactId, new: &NewContact) -> Result<Contact> {
        if !self.capabilities.replace {
            return Err(Error::unsupported(MEMORY_PROVIDER, "replace"));
        }
        validate::new_contact(MEMORY_PROVIDER, &self.capabilities, new)?;
        self.check_address_book(&new.address_book)?;
        let mut state = self.lock();
        let seq = *state
            .index
            .get(id)
            .ok_or_else(|| Error::contact_not_found(id))?;
        let contact = state.contacts.get_mut(&seq).expect("index and store agree");
        contact.properties = new.properties.clone();
        contact.labels = new.labels.clone();
        contact.address_book = new.address_book.clone();
        Ok(present(contact, false))
    }

    #[tracing::instrument(name = "contact_provider", skip_all, fields(provider = MEMORY_PROVIDER, operation = "delete"))]
    async fn delete(&self, id: &ContactId) -> Result<()> {
        let mut state = self.lock();
        let seq = state
            .index
            .remove(id)
            .ok_or_else(|| Error::contact_not_found(id))?;
        state.contacts.remove(&seq);
        Ok(())
    }

    #[tracing::instrument(name = "contact_provider", skip_all, fields(provider = MEMORY_PROVIDER, operation = "delete_matching"))]
    async fn delete_matching(&self, target: &DeleteTarget) -> Result<Vec<Contact>> {
        if !self.capabilities.mass_delete {
            return Err(Error::unsupported(MEMORY_PROVIDER, "delete_matching"));
        }
        if let Some(filter) = target.filter() {
            if filter.is_empty() {
                return Err(Error::invalid(
                    "filter",
                    "an empty filter would delete every contact; pass DeleteTarget::EveryContact to mean that",
                ));
            }
            validate::filter(MEMORY_PROVIDER, &self.capabilities, filter)?;
        }
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
}
