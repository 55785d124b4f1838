//! `SqliteProvider`: the local store behind the `ContactProvider` trait.

use crate::changelog::{self, Retention};
use crate::document::Document;
use crate::listing::{self, Selection};
use crate::mapping::{self, seq_of};
use crate::schema::sql_error;
use crate::store::Store;
use async_trait::async_trait;
use contacts_core::{
    AddressBookId, Capabilities, Contact, ContactFilter, ContactId, ContactPatch, ContactProvider,
    ContactQuery, DeleteTarget, Error, GetOptions, NewContact, Order, Page, PageToken, Result,
    card::CardPart, optional::ChangeFeed, validate,
};
use std::path::Path;
use std::sync::Arc;

/// The registry name of the SQLite provider.
pub const SQLITE_PROVIDER: &str = "sqlite";

/// Contacts in a SQLite file, with every capability of the contract: whole cards (RFC 9553,
/// every part, stored as JSON beside the flat rows), labels, metadata
/// computed from the phone number, label/property/metadata filters evaluated in SQL over
/// indexes, both orders with keyset pages, patch, replace, mass delete, atomic batches (one
/// transaction per `create`), address books (several in one file; a provider can be scoped
/// to one), and a change feed read from the store's own change log (tokens expire beyond what
/// the log keeps: see [`SqliteProviderBuilder::change_log_revisions`](crate::SqliteProviderBuilder::change_log_revisions)).
///
/// Built with [`SqliteProvider::builder`], whose `build()` wraps it in the standard layers
/// ([`Standard`](contacts_core::Standard)): the contract's refusals and a span per operation
/// come from there, and this type holds only what the store knows.
#[derive(Debug, Clone)]
pub struct SqliteProvider {
    store: Store,
    book: Option<Arc<str>>,
    capabilities: Arc<Capabilities>,
    /// How much history the change log keeps; pruned at every write.
    retention: Retention,
}

impl SqliteProvider {
    pub(crate) fn new(store: Store, book: Option<String>, retention: Retention) -> Self {
        Self {
            store,
            book: book.map(Arc::from),
            capabilities: Arc::new(capabilities()),
            retention,
        }
    }

    /// The connection (for the change feed).
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    /// The file behind the store.
    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// The address book this provider is scoped to, if any.
    pub fn address_book(&self) -> Option<AddressBookId> {
        self.book.as_deref().map(AddressBookId::new)
    }

    /// The address book this provider is scoped to, as the rows hold it.
    pub(crate) fn scope(&self) -> Option<String> {
        self.book.as_deref().map(str::to_owned)
    }
}

/// How the user of a provider scoped to one address book writes to another.
const ELSEWHERE: &str = "open a provider scoped to that book";

#[async_trait]
impl ContactProvider for SqliteProvider {
    contacts_core::provider_identity!(SQLITE_PROVIDER, capabilities);

    /// The file's identity (`sqlite-` and 32 hex digits drawn when the file was made), not
    /// its path: a copied file is the same store, a new file at the same path is not. A
    /// provider scoped to one address book adds `/book/` and the book's id: it reads and
    /// writes that book only, so two books of one file are two stores (one can be synced
    /// into the other), and the whole file is a third.
    fn store_identity(&self) -> Option<String> {
        let file = self.store.identity();
        Some(match &self.book {
            Some(book) => format!("sqlite-{file}/book/{book}"),
            None => format!("sqlite-{file}"),
        })
    }

    async fn get(&self, id: &ContactId, options: &GetOptions) -> Result<Contact> {
        let seq = seq_of(id)?;
        let (book, meta, id) = (self.scope(), options.include_metadata, id.clone());
        // One read transaction for the contact's row, properties, labels and metadata: one
        // snapshot (a write committed between two of them cannot mix two versions of the
        // contact), and one read lock where each statement took its own.
        self.store
            .read("read", move |conn| {
                mapping::load(conn, seq, book.as_deref(), meta)?
                    .ok_or_else(|| Error::contact_not_found(&id))
            })
            .await
    }

    /// The store's change feed: every write is logged by triggers in the file (schema
    /// version 5), so the feed lists whatever wrote the file, in this process or another.
    fn change_feed(&self) -> Option<&dyn ChangeFeed> {
        Some(self)
    }

    async fn list_page(&self, query: &ContactQuery, token: Option<PageToken>) -> Result<Page> {
        let after = token
            .map(|t| t.keyset_position(listing::TOKEN_SCHEME, query.order))
            .transpose()?
            .map(|position| {
                i64::try_from(position)
                    .map_err(|_| Error::invalid("page_token", "not a token this store issued"))
            })
            .transpose()?;
        let size = query
            .page_size
            .unwrap_or(self.capabilities.default_page_size) as usize;
        let (book, query) = (self.scope(), query.clone());
        self.store
            .read("list", move |conn| {
                let selection = Selection {
                    filter: &query.filter,
                    book: book.as_deref(),
                    order: query.order,
                    after,
                    limit: None,
                };
                listing::page(conn, selection, size, query.include_metadata)
            })
            .await
    }

    async fn create(&self, contacts: &[NewContact]) -> Result<Vec<Contact>> {
        let books = validate::scoped_books(self.address_book().as_ref(), contacts, ELSEWHERE)?;
        let mut docs = Vec::with_capacity(contacts.len());
        for (doc, book) in contacts.iter().zip(books) {
            docs.push((
                Document::created(doc.clone())?,
                book.map(AddressBookId::into_inner),
            ));
        }
        let retention = self.retention;
        self.store
            .run(move |conn| {
                // One transaction per batch: all of it is stored, or none.
                let tx = conn.transaction().map_err(|e| sql_error("create", &e))?;
                let mut created = Vec::with_capacity(docs.len());
                let mut writer = mapping::Writer::new(&tx)?;
                for (doc, book) in docs {
                    let seq = writer.insert(book.as_deref(), doc.json.as_deref())?;
                    writer.write_new(seq, &doc.properties, &doc.labels)?;
                    created.push(Contact {
                        id: ContactId::from(seq as u64),
                        owner_id: None,
                        properties: doc.properties,
                        labels: doc.labels,
                        metadata: None,
                        address_book: book.map(AddressBookId::new),
                        card: doc.card,
                    });
                }
                drop(writer);
                changelog::prune(&tx, &retention)?;
                tx.commit().map_err(|e| sql_error("create", &e))?;
                Ok(created)
            })
            .await
    }

    async fn update(&self, id: &ContactId, patch: &ContactPatch) -> Result<Contact> {
        let seq = seq_of(id)?;
        let (book, patch, id) = (self.scope(), patch.clone(), id.clone());
        let retention = self.retention;
        self.store
            .run(move |conn| {
                let tx = conn.transaction().map_err(|e| sql_error("update", &e))?;
                let mut contact = mapping::load(&tx, seq, book.as_deref(), false)?
                    .ok_or_else(|| Error::contact_not_found(&id))?;
                // The reference semantics of a patch, applied to the stored contact: edits land
                // in its card, if it has one, and the rows are the card's flat view after.
                patch.apply_to(&mut contact);
                let doc = Document::new(contact.properties, contact.labels, contact.card)?;
                mapping::write(&tx, seq, &doc)?;
                changelog::prune(&tx, &retention)?;
                tx.commit().map_err(|e| sql_error("update", &e))?;
                Ok(Contact {
                    properties: doc.properties,
                    labels: doc.labels,
                    card: doc.card,
                    ..contact
                })
            })
            .await
    }

    async fn replace(&self, id: &ContactId, contact: &NewContact) -> Result<Contact> {
        let seq = seq_of(id)?;
        let book = validate::scoped_book(self.address_book().as_ref(), contact, ELSEWHERE)?
            .map(AddressBookId::into_inner);
        let (scope, doc, id) = (
            self.scope(),
            Document::created(contact.clone())?,
            id.clone(),
        );
        let retention = self.retention;
        self.store
            .run(move |conn| {
                let tx = conn.transaction().map_err(|e| sql_error("replace", &e))?;
                if !mapping::exists(&tx, seq, scope.as_deref())? {
                    return Err(Error::contact_not_found(&id));
                }
                mapping::write(&tx, seq, &doc)?;
                mapping::set_book(&tx, seq, book.as_deref())?;
                let stored = mapping::load(&tx, seq, book.as_deref(), false)?
                    .ok_or_else(|| Error::contact_not_found(&id))?;
                changelog::prune(&tx, &retention)?;
                tx.commit().map_err(|e| sql_error("replace", &e))?;
                Ok(stored)
            })
            .await
    }

    async fn delete(&self, id: &ContactId) -> Result<()> {
        let seq = seq_of(id)?;
        let (book, id, retention) = (self.scope(), id.clone(), self.retention);
        self.store
            .run(move |conn| {
                let tx = conn.transaction().map_err(|e| sql_error("delete", &e))?;
                let in_scope = mapping::exists(&tx, seq, book.as_deref())?;
                if !(in_scope && mapping::delete(&tx, seq)?) {
                    return Err(Error::contact_not_found(&id));
                }
                changelog::prune(&tx, &retention)?;
                tx.commit().map_err(|e| sql_error("delete", &e))
            })
            .await
    }

    async fn delete_matching(&self, target: &DeleteTarget) -> Result<Vec<Contact>> {
        let filter = target.filter().cloned().unwrap_or_else(ContactFilter::new);
        let (book, retention) = (self.scope(), self.retention);
        self.store
            .run(move |conn| {
                let tx = conn.transaction().map_err(|e| sql_error("delete", &e))?;
                let selection = Selection {
                    filter: &filter,
                    book: book.as_deref(),
                    order: Order::Ascending,
                    after: None,
                    limit: None,
                };
                let seqs = listing::sequence(&tx, &selection)?;
                let doomed = listing::load_all(&tx, &seqs, book.as_deref(), false)?;
                for seq in &seqs {
                    mapping::delete(&tx, *seq)?;
                }
                changelog::prune(&tx, &retention)?;
                tx.commit().map_err(|e| sql_error("delete", &e))?;
                Ok(doomed)
            })
            .await
    }
}

/// Everything [`Capabilities::full`] has (server-side filters, atomic batches, pages of up to
/// 1000), with address books and larger batches: one transaction holds 10,000 rows easily.
/// Every card part is stored: the card column holds the whole card as JSON, whatever it has.
/// The change log makes a change feed.
fn capabilities() -> Capabilities {
    let mut caps = Capabilities::full();
    caps.card_parts = CardPart::ALL.to_vec();
    caps.address_books = true;
    caps.change_feed = true;
    caps.max_batch_size = 10_000;
    caps
}
