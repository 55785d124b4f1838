//! `AddressBookProvider`: one Atom address book behind the `ContactProvider` trait.

use crate::client::{AtomClient, Call};
use crate::ids::{parse_contact_id, read_id};
use crate::listing::{self, ListToken};
use crate::mapping::FieldMap;
use crate::reconcile;
use async_trait::async_trait;
use contacts_core::{
    AddressBookId, Capabilities, Contact, ContactId, ContactPatch, ContactProvider, ContactQuery,
    DeleteTarget, Error, FilterSupport, GetOptions, KeySupport, Labels, NewContact, Page,
    PageToken, PartialFailure, RateLimit, Result, keys, validate,
};
use futures::stream::{self, StreamExt};
use serde_json::{Value, json};
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
/// [`AddressBooks::open`](crate::AddressBooks::open).
#[derive(Debug, Clone)]
pub struct AddressBookProvider {
    pub(crate) client: AtomClient,
    pub(crate) book: u64,
    pub(crate) fields: Arc<FieldMap>,
    pub(crate) capabilities: Arc<Capabilities>,
    pub(crate) concurrency: usize,
}

impl AddressBookProvider {
    /// Starts building a provider; see [`AddressBookProviderBuilder`](crate::AddressBookProviderBuilder).
    pub fn builder() -> crate::AddressBookProviderBuilder {
        crate::AddressBookProviderBuilder::default()
    }

    pub(crate) fn new(client: AtomClient, book: u64, fields: FieldMap, concurrency: usize) -> Self {
        let capabilities = capabilities(&fields, client.rate_limit());
        Self {
            client,
            book,
            fields: Arc::new(fields),
            capabilities: Arc::new(capabilities),
            concurrency: concurrency.max(1),
        }
    }

    /// The address book this provider serves.
    pub fn address_book(&self) -> AddressBookId {
        AddressBookId::from(self.book)
    }

    /// Moves a contact to another address book (Atom's `edit` with `group_id`). Afterwards it
    /// is no longer listed by this provider.
    pub async fn move_to(&self, id: &ContactId, book: &AddressBookId) -> Result<()> {
        let contact = parse_contact_id(id)?;
        let book: u64 = book
            .as_str()
            .parse()
            .map_err(|_| Error::invalid("address_book", "Atom address book ids are integers"))?;
        self.client
            .call(
                "contact/edit",
                json!({"id": contact, "group_id": book}),
                Call::Idempotent,
            )
            .await
            .map_err(|e| not_found_as(e, id))?;
        Ok(())
    }

    /// The full record of one contact.
    pub(crate) async fn detail(&self, id: u64) -> Result<Contact> {
        let result = self
            .client
            .call(
                "contact/detail",
                json!({"id": id.to_string()}),
                Call::Idempotent,
            )
            .await?;
        let contact = result
            .get("contact")
            .and_then(Value::as_object)
            .ok_or_else(|| {
                self.client
                    .protocol("contact/detail without a `contact` object", &result)
            })?;
        let id = read_id(contact.get("id"), "contact").unwrap_or(id);
        let book = contact
            .get("group_id")
            .and_then(|v| read_id(Some(v), "address book").ok())
            .unwrap_or(self.book);
        Ok(Contact {
            id: ContactId::from(id),
            owner_id: None,
            properties: self.fields.from_fields(contact),
            labels: Labels::new(),
            metadata: None,
            address_book: Some(AddressBookId::from(book)),
        })
    }

    /// Ids of the book's contacts, from the abbreviated list.
    pub(crate) async fn book_ids(&self) -> Result<Vec<(u64, Value)>> {
        let result = self
            .client
            .call(
                "address-book/detail",
                json!({"id": self.book}),
                Call::Idempotent,
            )
            .await
            .map_err(|e| match e {
                Error::NotFound { .. } => Error::not_found(format!("address book {}", self.book)),
                other => other,
            })?;
        let contacts = match result.get("contacts") {
            Some(Value::Array(items)) => items.clone(),
            Some(Value::Null) | None => Vec::new(),
            Some(_) => {
                return Err(self
                    .client
                    .protocol("`contacts` of address-book/detail is not a list", &result));
            }
        };
        contacts
            .into_iter()
            .map(|c| Ok((read_id(c.get("id"), "contact")?, c)))
            .collect()
    }

    async fn create_each(&self, contacts: &[NewContact]) -> Result<Vec<Contact>> {
        let batch = reconcile::Batch {
            before: self
                .book_ids()
                .await?
                .into_iter()
                .map(|(id, _)| id)
                .collect(),
            ..reconcile::Batch::default()
        };
        let batch = &batch;
        // Owned items keep the future `Send` (borrowed items trip a higher-ranked lifetime
        // limitation of async closures).
        let attempts: Vec<(usize, Result<Contact>)> =
            stream::iter(contacts.iter().cloned().enumerate())
                .map(|(index, doc)| async move {
                    (index, reconcile::create_once(self, &doc, batch).await)
                })
                .buffered(self.concurrency)
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

    /// Deletes one contact. Atom's delete is not idempotent (a second one is an error), so an
    /// ambiguous failure is resolved by looking: a contact that is gone was deleted.
    pub(crate) async fn delete_checked(&self, id: &ContactId) -> Result<()> {
        let numeric = parse_contact_id(id)?;
        let mut rounds = 0;
        loop {
            rounds += 1;
            match self
                .client
                .call(
                    "contact/delete",
                    json!({"id": numeric}),
                    Call::NotIdempotent,
                )
                .await
            {
                Ok(_) => return Ok(()),
                Err(e) if e.is_not_found() => return Err(Error::contact_not_found(id)),
                Err(e)
                    if matches!(e, Error::Unavailable { .. } | Error::Protocol { .. })
                        && rounds < 4 =>
                {
                    match self.detail(numeric).await {
                        Err(gone) if gone.is_not_found() => return Ok(()),
                        Err(other) => return Err(other),
                        Ok(_) => continue,
                    }
                }
                Err(e) => return Err(e),
            }
        }
    }

    pub(crate) fn new_fields(&self, doc: &NewContact) -> Result<serde_json::Map<String, Value>> {
        let mut fields = self.fields.to_fields(doc, false)?;
        fields.insert("group_id".into(), json!(self.book));
        Ok(fields)
    }
}

fn not_found_as(e: Error, id: &ContactId) -> Error {
    if e.is_not_found() {
        Error::contact_not_found(id)
    } else {
        e
    }
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
    caps.max_batch_size = 1000;
    caps.atomic_batches = false;
    caps.default_page_size = 50;
    caps.max_page_size = 1000;
    caps.rate_limit = rate_limit;
    caps
}

#[async_trait]
impl ContactProvider for AddressBookProvider {
    fn name(&self) -> &str {
        ADDRESSBOOK_PROVIDER
    }

    fn capabilities(&self) -> &Capabilities {
        &self.capabilities
    }

    #[tracing::instrument(name = "contact_provider", skip_all, fields(provider = ADDRESSBOOK_PROVIDER, operation = "get"))]
    async fn get(&self, id: &ContactId, options: &GetOptions) -> Result<Contact> {
        if options.include_metadata {
            return Err(Error::unsupported(ADDRESSBOOK_PROVIDER, "metadata"));
        }
        let numeric = parse_contact_id(id)?;
        self.detail(numeric).await.map_err(|e| not_found_as(e, id))
    }

    #[tracing::instrument(name = "contact_provider", skip_all, fields(provider = ADDRESSBOOK_PROVIDER, operation = "list_page"))]
    async fn list_page(&self, query: &ContactQuery, token: Option<PageToken>) -> Result<Page> {
        validate::query(ADDRESSBOOK_PROVIDER, &self.capabilities, query)?;
        let token = token
            .map(|t| ListToken::decode(&t, self.book, query.order))
            .transpose()?;
        listing::page(self, query, token).await
    }

    #[tracing::instrument(name = "contact_provider", skip_all, fields(provider = ADDRESSBOOK_PROVIDER, operation = "create", count = contacts.len()))]
    async fn create(&self, contacts: &[NewContact]) -> Result<Vec<Contact>> {
        validate::batch(ADDRESSBOOK_PROVIDER, &self.capabilities, contacts)?;
        for (index, doc) in contacts.iter().enumerate() {
            if doc
                .address_book
                .as_ref()
                .is_some_and(|b| *b != self.address_book())
            {
                return Err(Error::invalid(
                    format!("contacts[{index}].addressBook"),
                    format!(
                        "this provider writes to address book {}; open a provider for the other book",
                        self.book
                    ),
                ));
            }
        }
        self.create_each(contacts).await
    }

    #[tracing::instrument(name = "contact_provider", skip_all, fields(provider = ADDRESSBOOK_PROVIDER, operation = "update"))]
    async fn update(&self, id: &ContactId, patch: &ContactPatch) -> Result<Contact> {
        validate::patch(ADDRESSBOOK_PROVIDER, &self.capabilities, patch)?;
        let numeric = parse_contact_id(id)?;
        if patch.properties.is_empty() {
            return self.get(id, &GetOptions::default()).await;
        }
        let mut body = serde_json::Map::new();
        for (key, value) in &patch.properties {
            let field = self.fields.field_for(key)?;
            // Removal is sent as "", which the vendor stores as an empty field; an empty field
            // reads back as no value.
            body.insert(field.to_owned(), json!(value.as_deref().unwrap_or("")));
        }
        body.insert("id".into(), json!(numeric));
        self.client
            .call("contact/edit", Value::Object(body), Call::Idempotent)
            .await
            .map_err(|e| not_found_as(e, id))?;
        self.get(id, &GetOptions::default()).await
    }

    #[tracing::instrument(name = "contact_provider", skip_all, fields(provider = ADDRESSBOOK_PROVIDER, operation = "replace"))]
    async fn replace(&self, id: &ContactId, contact: &NewContact) -> Result<Contact> {
        validate::new_contact(ADDRESSBOOK_PROVIDER, &self.capabilities, contact)?;
        let numeric = parse_contact_id(id)?;
        let mut body = self.fields.to_fields(contact, true)?;
        body.insert("id".into(), json!(numeric));
        self.client
            .call("contact/edit", Value::Object(body), Call::Idempotent)
            .await
            .map_err(|e| not_found_as(e, id))?;
        self.get(id, &GetOptions::default()).await
    }

    #[tracing::instrument(name = "contact_provider", skip_all, fields(provider = ADDRESSBOOK_PROVIDER, operation = "delete"))]
    async fn delete(&self, id: &ContactId) -> Result<()> {
        self.delete_checked(id).await
    }

    #[tracing::instrument(name = "contact_provider", skip_all, fields(provider = ADDRESSBOOK_PROVIDER, operation = "delete_matching"))]
    async fn delete_matching(&self, target: &DeleteTarget) -> Result<Vec<Contact>> {
        if let Some(filter) = target.filter() {
            if filter.is_empty() {
                return Err(Error::invalid(
                    "filter",
                    "an empty filter would delete every contact of the book; pass DeleteTarget::EveryContact to mean that",
                ));
            }
            validate::filter(ADDRESSBOOK_PROVIDER, &self.capabilities, filter)?;
        }
        listing::delete_matching(self, target).await
    }
}
