//! `AddressBookProvider`: one Atom address book behind the `ContactProvider` trait.

use crate::book_client::BookClient;
use crate::ids::{parse_book_id, parse_contact_id};
use crate::listing::{self, ListToken};
use crate::mapping::FieldMap;
use crate::reconcile::Batch;
use async_trait::async_trait;
use contacts_core::optional::AddressBookAdmin;
use contacts_core::{
    AddressBookId, Capabilities, Contact, ContactId, ContactPatch, ContactProvider, ContactQuery,
    DeleteTarget, Error, FilterSupport, GetOptions, KeySupport, NewContact, Page, PageToken,
    PartialFailure, RateLimit, Result, keys, validate,
};
use contacts_http::WriteLocks;
use futures::stream::{self, StreamExt};
use serde_json::json;
use std::sync::Arc;

/// The registry name of the Atom address-book provider.
pub const ADDRESSBOOK_PROVIDER: &str = "addressbook";

/// The Atom address-book API as a [`ContactProvider`]: one instance serves one address book.
///
/// Atom stores fixed fields only (see [`FieldMap`]), has no labels and no metadata, no bulk
/// calls and no filtering, and lists a book only as an abbreviated, unpaginated list. The
/// provider fills the gaps client-side so the contract holds: it fetches each contact's full
/// record for listing (bounded concurrency, under the rate limiter), cuts pages itself, and
/// filters by property itself; its [`Capabilities`] say so.
///
/// Built with [`AddressBookProvider::builder`] or opened from
/// [`AddressBooks::open`](crate::AddressBooks::open), which wrap it in the standard layers
/// ([`Standard`](contacts_core::Standard)): the contract's refusals and a span per operation
/// come from there, and this type holds only what is Atom's.
#[derive(Debug, Clone)]
pub struct AddressBookProvider {
    book: BookClient,
    capabilities: Arc<Capabilities>,
    /// One write at a time per contact: a replace is an edit and a read, a patch a read and
    /// an edit, and Atom has no conditional requests ([`WriteLocks`]). Shared by clones.
    writes: WriteLocks,
}

impl AddressBookProvider {
    /// Contact `id` as stored, without looking first that it is this book's: for a read
    /// right after a write that looked (under the contact's write lock), so the book is not
    /// listed twice.
    async fn read_back(&self, id: &ContactId) -> Result<Contact> {
        let numeric = parse_contact_id(id)?;
        self.book
            .detail(numeric)
            .await
            .map_err(|e| crate::book_client::not_found_as(e, id))
    }

    /// The provider of one book.
    pub(crate) fn new(book: BookClient) -> Self {
        let capabilities = capabilities(&book.fields, book.client.rate_limit());
        Self {
            book,
            capabilities: Arc::new(capabilities),
            writes: WriteLocks::new(),
        }
    }

    /// The client of the book this provider serves.
    pub(crate) fn book_client(&self) -> &BookClient {
        &self.book
    }

    /// The address book this provider serves.
    pub fn address_book(&self) -> AddressBookId {
        self.book.book_id()
    }

    /// Moves a contact to another address book (Atom's `edit` with `group_id`). Afterwards it
    /// is no longer listed by this provider.
    pub async fn move_to(&self, id: &ContactId, book: &AddressBookId) -> Result<()> {
        let book = parse_book_id(book)
            .ok_or_else(|| Error::invalid("address_book", "Atom address book ids are integers"))?;
        parse_contact_id(id)?;
        let mut fields = serde_json::Map::new();
        fields.insert("group_id".into(), json!(book));
        let _one_at_a_time = self.writes.lock(id).await;
        self.book.edit(id, fields).await
    }

    /// Creates each contact exactly once (see the `reconcile` module), `concurrency` at a time;
    /// a failure part-way is `PartialFailure` with every input index accounted for.
    async fn create_each(&self, contacts: &[NewContact]) -> Result<Vec<Contact>> {
        let batch = Batch {
            before: self
                .book
                .ids()
                .await?
                .into_iter()
                .map(|(id, _)| id)
                .collect(),
            ..Batch::default()
        };
        let batch = &batch;
        // Owned items keep the future `Send` (borrowed items trip a higher-ranked lifetime
        // limitation of async closures).
        let attempts: Vec<(usize, Result<Contact>)> =
            stream::iter(contacts.iter().cloned().enumerate())
                .map(
                    |(index, doc)| async move { (index, self.book.create_once(&doc, batch).await) },
                )
                .buffered(self.book.concurrency)
                .collect()
                .await;
        let mut created = Vec::new();
        let mut failed = Vec::new();
        for (index, outcome) in attempts {
            match outcome {
                Ok(contact) => created.push((index, contact)),
                Err(e) => failed.push((index, e)),
            }
        }
        if failed.is_empty() {
            Ok(created.into_iter().map(|(_, c)| c).collect())
        } else if created.is_empty() && failed.len() == 1 {
            Err(failed.remove(0).1)
        } else {
            Err(Error::PartialFailure(Box::new(PartialFailure {
                created,
                failed,
            })))
        }
    }

    /// Refuses a document addressed to another book: this provider writes to its own only
    /// (a document for another book would otherwise land here silently).
    fn check_book(&self, contacts: &[NewContact]) -> Result<()> {
        validate::scoped_books(Some(&self.address_book()), contacts, OTHER_BOOK).map(drop)
    }
}

/// What a refused document for another book is told to do instead.
const OTHER_BOOK: &str = "open a provider for the other book";

/// Fails when a field sent as `""` to clear it still has a value after the edit: the vendor
/// does not document that `""` clears a field, so success is only reported once the contact
/// read back shows it.
fn check_cleared<'a>(contact: &Contact, cleared: impl IntoIterator<Item = &'a str>) -> Result<()> {
    let kept: Vec<&str> = cleared
        .into_iter()
        .filter(|key| contact.properties.get(key).is_some())
        .collect();
    if kept.is_empty() {
        return Ok(());
    }
    let keys = kept
        .iter()
        .map(|k| format!("{k:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    Err(Error::Conflict {
        message: format!(
            "Atom kept the value of {keys} of contact {} although it was sent \"\" to clear it; \
             the contact is otherwise updated. This Atom account cannot clear that field: set \
             another value instead, or delete and re-create the contact",
            contact.id
        ),
    })
}

fn capabilities(fields: &FieldMap, rate_limit: Option<RateLimit>) -> Capabilities {
    let mut caps = Capabilities::default();
    caps.keys = KeySupport::Fixed {
        keys: fields.keys().map(str::to_owned).collect(),
    };
    caps.required_keys = vec![keys::PHONE_NUMBER.to_owned()];
    caps.property_filter = FilterSupport::Client;
    caps.descending_order = true;
    caps.patch = true;
    caps.replace = true;
    caps.mass_delete = true;
    caps.address_books = true;
    caps.address_book_admin = true;
    caps.max_batch_size = 1000;
    caps.atomic_batches = false;
    caps.default_page_size = 50;
    caps.max_page_size = 1000;
    caps.rate_limit = rate_limit;
    caps
}

#[async_trait]
impl ContactProvider for AddressBookProvider {
    contacts_core::provider_identity!(ADDRESSBOOK_PROVIDER, capabilities);

    async fn get(&self, id: &ContactId, _options: &GetOptions) -> Result<Contact> {
        let numeric = parse_contact_id(id)?;
        self.book.ensure_here(numeric, id).await?;
        self.read_back(id).await
    }

    async fn list_page(&self, query: &ContactQuery, token: Option<PageToken>) -> Result<Page> {
        let token = token
            .map(|t| ListToken::decode(&t, self.book.id, query.order))
            .transpose()?;
        let size = query
            .page_size
            .unwrap_or(self.capabilities.default_page_size) as usize;
        listing::page(&self.book, query, size, token).await
    }

    async fn create(&self, contacts: &[NewContact]) -> Result<Vec<Contact>> {
        self.check_book(contacts)?;
        self.create_each(contacts).await
    }

    async fn update(&self, id: &ContactId, patch: &ContactPatch) -> Result<Contact> {
        let _one_at_a_time = self.writes.lock(id).await;
        let mut cleared = Vec::new();
        if !patch.properties.is_empty() {
            let mut fields = serde_json::Map::new();
            for (key, value) in patch.changes() {
                // Removal is sent as "" (the vendor documents no way to clear a field); the
                // read-back below checks that it took.
                let field = self.book.fields.field_for(key)?;
                fields.insert(field.to_owned(), json!(value.unwrap_or("")));
                if value.is_none() {
                    cleared.push(key);
                }
            }
            self.book.edit(id, fields).await?;
        } else {
            // Nothing to edit: the edit's look into the book is not made, so `get` makes it.
            return self.get(id, &GetOptions::default()).await;
        }
        let contact = self.read_back(id).await?;
        check_cleared(&contact, cleared)?;
        Ok(contact)
    }

    async fn replace(&self, id: &ContactId, contact: &NewContact) -> Result<Contact> {
        validate::scoped_book(Some(&self.address_book()), contact, OTHER_BOOK)?;
        let _one_at_a_time = self.writes.lock(id).await;
        let fields = self.book.fields.to_fields(contact, true)?;
        self.book.edit(id, fields).await?;
        let stored = self.read_back(id).await?;
        let cleared = self
            .book
            .fields
            .keys()
            .filter(|key| contact.properties.get(key).is_none());
        check_cleared(&stored, cleared)?;
        Ok(stored)
    }

    async fn delete(&self, id: &ContactId) -> Result<()> {
        let _one_at_a_time = self.writes.lock(id).await;
        self.book.delete_confirmed(id).await
    }

    async fn delete_matching(&self, target: &DeleteTarget) -> Result<Vec<Contact>> {
        listing::delete_matching(&self.book, target).await
    }

    fn address_books(&self) -> Option<&dyn AddressBookAdmin> {
        Some(self)
    }

    /// The book of the account: the API's URL, a fingerprint of the key (never the key) and
    /// the book's id, so two books of one account are two stores.
    fn store_identity(&self) -> Option<String> {
        Some(format!(
            "addressbook:{}/book/{}",
            self.book.client.account_identity(),
            self.book.id
        ))
    }
}
