//! `CardDavProvider`: one CardDAV address book behind the `ContactProvider` trait.

use crate::book_limits::BookLimits;
use crate::books::AddressBooks;
use crate::listing::{ListToken, Lister, Listings};
use crate::mapping::Stored;
use async_trait::async_trait;
use contacts_core::card::CardPart;
use contacts_core::optional::{AddressBookAdmin, ChangeFeed};
use contacts_core::{
    AddressBookId, Capabilities, Contact, ContactFilter, ContactId, ContactPatch, ContactProvider,
    ContactQuery, DeleteTarget, Error, FilterSupport, GetOptions, KeySupport, NewContact, Page,
    PageToken, PartialFailure, Result, Standard, layer, validate,
};
use contacts_http::RateLimiter;
use futures::stream::{self, StreamExt};
use std::sync::Arc;
use tokio::sync::OnceCell;
use url::Url;

/// The registry name of the CardDAV provider.
pub const CARDDAV_PROVIDER: &str = "carddav";

/// Contacts per `create` call.
pub const MAX_BATCH_SIZE: usize = 100;
/// The largest page (a streamed page, or one `addressbook-multiget` of this many vCards).
pub const MAX_PAGE_SIZE: u32 = 1000;
/// The page size when the query leaves it open.
pub const DEFAULT_PAGE_SIZE: u32 = 100;

/// One CardDAV address-book collection (RFC 6352) as a [`ContactProvider`].
///
/// Contacts are the vCards of the collection, each read whole into the contact's card
/// ([`Contact::card`]) with its flat view as properties and labels; a contact's id is its
/// resource name in the collection (e.g. `6f1c….vcf`), its `UID` is kept. What is written
/// how, and what is kept as written, is in the crate docs. Writes are guarded by ETags: a
/// create sends `If-None-Match: *`, an update or replace reads the card and writes it back
/// with `If-Match`, so a change made elsewhere in between is a `Conflict`, never a lost
/// update.
///
/// Built with [`CardDavProvider::builder`] or opened from [`AddressBooks::open`], which wrap it
/// in the standard layers.
#[derive(Debug, Clone)]
pub struct CardDavProvider {
    pub(crate) books: AddressBooks,
    book: Arc<OnceCell<(Url, AddressBookId)>>,
    wanted: Option<Url>,
    /// A display name to look the book up by, when no URL was given.
    pub(crate) wanted_name: Option<String>,
    listings: Arc<Listings>,
    capabilities: Arc<Capabilities>,
    /// What the book says it takes, read at the first write.
    limits: Arc<OnceCell<BookLimits>>,
}

/// Every operation of the trait ([`Capabilities::full`]) and every card part, with free-form
/// keys (custom keys are `JSPROP` properties, RFC 9555 §3.2.2), and what a CardDAV server
/// cannot do: no metadata, filters applied here (a server's `addressbook-query` matching is
/// case-insensitive substring matching, not the contract's equality), no atomic batches (one
/// PUT per card). The change feed is declared for every book, since building a provider asks
/// the server nothing: a server without `sync-collection` makes its calls `Unsupported`.
fn capabilities() -> Capabilities {
    let mut caps = Capabilities::full();
    caps.metadata = false;
    caps.keys = KeySupport::FreeForm;
    caps.card_parts = CardPart::ALL.to_vec();
    caps.label_filter = FilterSupport::Client;
    caps.property_filter = FilterSupport::Client;
    caps.metadata_filter = FilterSupport::Unsupported;
    caps.address_books = true;
    caps.address_book_admin = true;
    caps.change_feed = true;
    caps.max_batch_size = MAX_BATCH_SIZE;
    caps.atomic_batches = false;
    caps.default_page_size = DEFAULT_PAGE_SIZE;
    caps.max_page_size = MAX_PAGE_SIZE;
    caps
}

/// The error of a bodiless request (GET, DELETE) for contact `id`: a server that forbids
/// (403) or refuses (400) one item's path in a book it lets us read holds no contact there
/// (Radicale answers 403 for `a%2Fb` and 400 for `1%3Fx%3D1`), and the contract says an
/// unknown id is `NotFound`.
fn no_item(id: &ContactId) -> impl FnOnce(Error) -> Error + '_ {
    move |e| match e {
        Error::PermissionDenied { .. } | Error::InvalidInput { .. } => Error::contact_not_found(id),
        other => other,
    }
}

impl CardDavProvider {
    pub(crate) fn new(books: AddressBooks, wanted: Option<Url>) -> Self {
        let mut caps = capabilities();
        caps.rate_limit = books.dav.http.rate_limiter().map(RateLimiter::limit);
        Self {
            books,
            book: Arc::new(OnceCell::new()),
            wanted,
            wanted_name: None,
            listings: Arc::default(),
            capabilities: Arc::new(caps),
            limits: Arc::default(),
        }
    }

    /// What the book takes (versions, largest card), read once.
    pub(crate) async fn limits(&self) -> Result<&BookLimits> {
        let (book, _) = self.book().await?;
        let dav = &self.books.dav;
        Ok(self
            .limits
            .get_or_init(|| BookLimits::read(dav, &book))
            .await)
    }

    /// The account's address books, through the same client as this book.
    pub fn books(&self) -> &AddressBooks {
        &self.books
    }

    /// The URL and id of the collection this provider serves: the one it was given, the book
    /// with the configured display name, or else the first book of the account.
    pub async fn book(&self) -> Result<(Url, AddressBookId)> {
        self.book
            .get_or_try_init(|| async {
                if let Some(url) = &self.wanted {
                    return Ok((url.clone(), AddressBookId::new(url.path())));
                }
                let books = self.books.list().await?;
                let found = match &self.wanted_name {
                    Some(name) => books.into_iter().find(|b| &b.name == name),
                    None => books.into_iter().next(),
                };
                found.map(|b| (b.url, b.id)).ok_or_else(|| {
                    Error::not_found(match &self.wanted_name {
                        Some(name) => format!("address book named {name:?}"),
                        None => "an address book in the account (create one first)".to_owned(),
                    })
                })
            })
            .await
            .cloned()
    }

    /// The URL of contact `id` in `book`: the id as exactly one segment
    /// ([`path_segment`](contacts_http::path_segment)), so it can only name a member of the
    /// book. An id that cannot be one (empty: the book itself, whose `DELETE` deletes every
    /// card; `.`, `..`: the book or its parent) is `NotFound` without a request; see
    /// [`no_item`] for ids the server forbids. An id holding `/` is `NotFound` too: CardDAV
    /// servers decode `%2F` in a path before they look (Radicale and Xandikos answered
    /// `GET <book>/<name>%2F` with the card `<name>`), so no encoding keeps it one segment,
    /// and no resource name of a collection can hold one.
    pub(crate) fn item_url(book: &Url, id: &ContactId) -> Result<Url> {
        let segment = Some(id.as_str())
            .filter(|name| !name.contains('/'))
            .and_then(contacts_http::path_segment)
            .ok_or_else(|| Error::contact_not_found(id))?;
        book.join(&segment)
            .map_err(|_| Error::contact_not_found(id))
    }

    /// Reads one stored vCard with its ETag.
    pub(crate) async fn read(&self, id: &ContactId) -> Result<(Url, Stored)> {
        let (book, _) = self.book().await?;
        let url = Self::item_url(&book, id)?;
        let fetched = self
            .books
            .dav
            .get(&url, &format!("contact {id}"))
            .await
            .map_err(no_item(id))?;
        let stored = Stored::read(id.as_str().to_owned(), fetched.etag, fetched.text)?;
        Ok((url, stored))
    }

    /// The contact `id` with its ETag, for a later [`update_if_match`](Self::update_if_match)
    /// or [`delete_if_match`](Self::delete_if_match).
    pub async fn get_with_etag(&self, id: &ContactId) -> Result<(Contact, Option<String>)> {
        let (_, stored) = self.read(id).await?;
        let (_, book) = self.book().await?;
        Ok((stored.contact(&book), stored.etag))
    }

    /// Applies `patch` only if the contact's ETag is still `etag` (what
    /// [`get_with_etag`](Self::get_with_etag) returned): `Conflict` when it changed since.
    pub async fn update_if_match(
        &self,
        id: &ContactId,
        patch: &ContactPatch,
        etag: &str,
    ) -> Result<Contact> {
        let (url, stored) = self.read(id).await?;
        if stored.etag.as_deref() != Some(etag) {
            return Err(Error::Conflict {
                message: format!("contact {id} was changed by someone else since it was read"),
            });
        }
        self.write_patch(url, stored, patch).await
    }

    /// Deletes the contact only if its ETag is still `etag`: `Conflict` when it changed since.
    pub async fn delete_if_match(&self, id: &ContactId, etag: &str) -> Result<()> {
        let (book, _) = self.book().await?;
        let url = Self::item_url(&book, id)?;
        self.books
            .dav
            .delete(&url, Some(etag), &format!("contact {id}"))
            .await
    }

    /// Refuses a document addressed to another book.
    fn check_book(own: &AddressBookId, contacts: &[NewContact]) -> Result<()> {
        validate::scoped_books(Some(own), contacts, "open a provider for the other book").map(drop)
    }

    /// Every contact matching `filter`, with the ETags it was read with.
    pub(crate) async fn all_matching(
        &self,
        filter: &ContactFilter,
    ) -> Result<Vec<(Contact, Option<String>)>> {
        let (book, book_id) = self.book().await?;
        let snapshot = crate::listing::snapshot(&self.books.dav, &book).await?;
        let mut out = Vec::new();
        for chunk in snapshot.members.chunks(MAX_PAGE_SIZE as usize) {
            for stored in crate::listing::fetch(&self.books.dav, &book, chunk).await? {
                let contact = stored.contact(&book_id);
                if filter.matches(&contact) {
                    out.push((contact, stored.etag));
                }
            }
        }
        Ok(out)
    }
}

impl AddressBooks {
    /// The provider of the book `id` (not checked until first used), in the standard layers.
    pub fn open(&self, id: &AddressBookId) -> Result<Standard<CardDavProvider>> {
        self.open_bare(id).map(layer::standard)
    }

    /// The provider of the book `id` without any layer.
    pub fn open_bare(&self, id: &AddressBookId) -> Result<CardDavProvider> {
        let url = self.url(id)?;
        Ok(CardDavProvider::new(self.clone(), Some(url)))
    }
}

#[async_trait]
impl ContactProvider for CardDavProvider {
    contacts_core::provider_identity!(CARDDAV_PROVIDER, capabilities);

    /// The address book: the server and user, and the book's URL (or the name it is looked up
    /// by). A collection is the store, whoever reaches it.
    fn store_identity(&self) -> Option<String> {
        let book = match (&self.wanted, &self.wanted_name) {
            (Some(url), _) => url.to_string(),
            (None, Some(name)) => format!("named:{name}"),
            (None, None) => "default".to_owned(),
        };
        Some(format!(
            "carddav:{}|{book}",
            self.books.dav.http.account_identity()
        ))
    }

    async fn get(&self, id: &ContactId, _options: &GetOptions) -> Result<Contact> {
        let (_, stored) = self.read(id).await?;
        let (_, book) = self.book().await?;
        Ok(stored.contact(&book))
    }

    async fn list_page(&self, query: &ContactQuery, token: Option<PageToken>) -> Result<Page> {
        let order = query.order;
        let token = token.map(|t| ListToken::decode(&t, order)).transpose()?;
        let (book, book_id) = self.book().await?;
        let size = query
            .page_size
            .unwrap_or(DEFAULT_PAGE_SIZE)
            .clamp(1, MAX_PAGE_SIZE) as usize;
        Lister {
            dav: &self.books.dav,
            book: &book,
            book_id: &book_id,
            listings: &self.listings,
        }
        .page(query, size, token)
        .await
    }

    async fn create(&self, contacts: &[NewContact]) -> Result<Vec<Contact>> {
        let (book, book_id) = self.book().await?;
        Self::check_book(&book_id, contacts)?;
        // The whole batch is checked before anything is written.
        for (index, doc) in contacts.iter().enumerate() {
            crate::card_text::check_values(&doc.properties, &doc.labels).map_err(|e| match e {
                Error::InvalidInput { field, reason } => {
                    Error::invalid(format!("contacts[{index}].{field}"), reason)
                }
                other => other,
            })?;
        }
        let (book, book_id) = (&book, &book_id);
        // Owned items keep the future `Send` (borrowed items trip a higher-ranked lifetime
        // limitation of async closures).
        let outcomes: Vec<Result<Contact>> = stream::iter(contacts.iter().cloned())
            .map(|doc| async move { self.put_new_card(book, book_id, &doc).await })
            .buffered(self.books.concurrency)
            .collect()
            .await;
        let mut created = Vec::new();
        let mut failed = Vec::new();
        for (index, outcome) in outcomes.into_iter().enumerate() {
            match outcome {
                Ok(contact) => created.push((index, contact)),
                Err(e) => failed.push((index, e)),
            }
        }
        match (created.is_empty(), failed.len()) {
            (_, 0) => Ok(created.into_iter().map(|(_, c)| c).collect()),
            (true, 1) => Err(failed.remove(0).1),
            _ => Err(Error::PartialFailure(Box::new(PartialFailure {
                created,
                failed,
            }))),
        }
    }

    async fn update(&self, id: &ContactId, patch: &ContactPatch) -> Result<Contact> {
        let (url, stored) = self.read(id).await?;
        self.write_patch(url, stored, patch).await
    }

    async fn replace(&self, id: &ContactId, contact: &NewContact) -> Result<Contact> {
        let (_, book_id) = self.book().await?;
        Self::check_book(&book_id, std::slice::from_ref(contact))?;
        crate::card_text::check_values(&contact.properties, &contact.labels)?;
        let (url, stored) = self.read(id).await?;
        self.write_replace(url, stored, contact).await
    }

    async fn delete(&self, id: &ContactId) -> Result<()> {
        let (book, _) = self.book().await?;
        let url = Self::item_url(&book, id)?;
        self.books
            .dav
            .delete(&url, None, &format!("contact {id}"))
            .await
            .map_err(no_item(id))
    }

    async fn delete_matching(&self, target: &DeleteTarget) -> Result<Vec<Contact>> {
        let everything = ContactFilter::new();
        let filter = target.filter().unwrap_or(&everything);
        let doomed = self.all_matching(filter).await?;
        let (book, _) = self.book().await?;
        let book = &book;
        let outcomes: Vec<Result<()>> = stream::iter(doomed.clone())
            .map(|(contact, etag)| async move {
                let url = Self::item_url(book, &contact.id)?;
                let what = format!("contact {}", contact.id);
                match self.books.dav.delete(&url, etag.as_deref(), &what).await {
                    Err(e) if e.is_not_found() => Ok(()),
                    other => other,
                }
            })
            .buffered(self.books.concurrency)
            .collect()
            .await;
        Error::from_items("deletes", outcomes)?;
        Ok(doomed.into_iter().map(|(c, _)| c).collect())
    }

    fn address_books(&self) -> Option<&dyn AddressBookAdmin> {
        Some(self)
    }

    /// `sync-collection` (RFC 6578): see the `changes` module. Declared whatever the server,
    /// since a provider is built without asking it anything; a server without it makes the
    /// feed's calls `Unsupported`.
    fn change_feed(&self) -> Option<&dyn ChangeFeed> {
        Some(self)
    }
}
