//! `InMemoryProvider`: the reference semantics of the contract.

mod blocklist;
mod books;
mod changes;
mod import;
mod labels;
mod state;
mod store;
mod store_identity;

pub(crate) use store::MemoryStore;

use crate::layer::{self, Standard};
use crate::{Capabilities, Contact, ContactId, Metadata, Result};

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
/// - Refusals come from [`CheckedLayer`](crate::layer::CheckedLayer), like every provider's,
///   and each operation gets a span from [`TracingLayer`](crate::layer::TracingLayer).
/// - Metadata is whatever a test attached with [`InMemoryProvider::set_metadata`] (an empty map
///   otherwise): the provider has no phone-number logic of its own.
/// - Every optional capability is implemented, and offered where
///   [`with_capabilities`](InMemoryProvider::with_capabilities) declares it, so the
///   conformance suite has an answer for each:
///   - address-book administration: the store is then scoped to its home book `1`
///     (`Contacts`), as an adapter opened on one book is: it lists and writes that book only,
///     a write naming another book is `InvalidInput`, a moved contact leaves its view, and the
///     home book cannot be deleted from inside it;
///   - label administration and the account summary count the contacts it sees;
///   - the blocklist accepts international numbers only (`+` and 1 to 15 digits, else
///     `InvalidInput`), kept as given;
///   - background import stores at once: a job is done when first polled, and a token the
///     store did not issue is `InvalidInput`;
///   - the change feed lists every contact written since a token (each once, as it is now)
///     and every id deleted or moved out of its view since; a token of another store is
///     `InvalidInput`, and [`expire_change_tokens`](InMemoryProvider::expire_change_tokens)
///     expires every token issued so far, as servers do after a while.
/// - Its [`store_identity`](crate::ContactProvider::store_identity) is drawn at random when
///   the store is made (`memory-` and 32 hex digits): clones share it (they share the store),
///   and so does a [`fork`](InMemoryProvider::fork), a copy of the store as a copied database
///   file is a copy of its store; two stores made apart never share it.
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
    store: MemoryStore,
    layered: Standard<MemoryStore>,
}

impl Default for InMemoryProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl InMemoryProvider {
    /// An empty store with [`Capabilities::full`] plus the optional capabilities that leave
    /// its view of the account whole: label administration, the account summary, the
    /// blocklist, background import and the change feed. Address-book administration scopes the store to one
    /// book, so it is declared only by [`with_capabilities`](Self::with_capabilities).
    pub fn new() -> Self {
        Self::with_capabilities(whole_view_capabilities())
    }

    /// An empty store declaring everything [`new`](Self::new) declares plus address books and
    /// their administration: the whole reference model, as the conformance suite, the served
    /// protocol and tests of book-aware code need it. The store is then scoped to its home book
    /// `1` (`Contacts`), as an adapter opened on one book is (see the type's documentation).
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use contacts_core::{ContactProvider, ContactProviderExt, InMemoryProvider, NewContact};
    /// let memory = InMemoryProvider::with_books();
    /// assert!(memory.capabilities().address_books && memory.capabilities().address_book_admin);
    /// let books = memory.address_books().expect("declared");
    /// let friends = books.create_book("Friends").await?;
    /// let ada = memory.create_one(NewContact::new().property("firstName", "Ada")).await?;
    /// books.move_contact(&ada.id, &friends.id).await?;
    /// assert!(memory.is_empty(), "a moved contact leaves the home book's view");
    /// assert_eq!(books.list_books().await?.len(), 2);
    /// # Ok::<_, contacts_core::Error>(()) }).unwrap();
    /// ```
    pub fn with_books() -> Self {
        Self::with_capabilities(Capabilities {
            address_books: true,
            address_book_admin: true,
            ..whole_view_capabilities()
        })
    }

    /// An empty store declaring `capabilities`. Operations the capabilities leave out fail with
    /// `Unsupported`, so this also models a less capable provider.
    pub fn with_capabilities(capabilities: Capabilities) -> Self {
        let store = MemoryStore::with_capabilities(capabilities);
        Self {
            layered: layer::standard(store.clone()),
            store,
        }
    }

    /// An independent copy of the store as it is now (contacts, metadata, books, blocked
    /// numbers, the id sequence), declaring the same capabilities and keeping the same
    /// [`store_identity`](crate::ContactProvider::store_identity) (a copy of a store, as a
    /// copied database file is; a sync refuses to pair it with its original): a what-if for tests, e.g.
    /// the conformance suite asking what two orders of the same writes would each leave.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use contacts_core::{ContactProvider, InMemoryProvider, NewContact};
    /// let memory = InMemoryProvider::new();
    /// memory.create(&[NewContact::new().property("firstName", "Ada")]).await?;
    /// let copy = memory.fork();
    /// copy.create(&[NewContact::new().property("firstName", "Bob")]).await?;
    /// assert_eq!((memory.len(), copy.len()), (1, 2));
    /// # Ok::<_, contacts_core::Error>(()) }).unwrap();
    /// ```
    pub fn fork(&self) -> Self {
        let store = self.store.fork();
        Self {
            layered: layer::standard(store.clone()),
            store,
        }
    }

    /// Forgets the store's change history: every change token issued so far is answered with
    /// [`Error::ExpiredToken`](crate::Error::ExpiredToken), as a server answers a token it no
    /// longer keeps (RFC 6578's `valid-sync-token`; Google's tokens last seven days). For
    /// testing a reader's fallback to reading everything.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use contacts_core::{ContactProvider, InMemoryProvider};
    /// let memory = InMemoryProvider::new();
    /// let feed = memory.change_feed().unwrap();
    /// let token = feed.current_token().await?;
    /// memory.expire_change_tokens();
    /// assert!(feed.changes_since(&token).await.unwrap_err().is_expired_token());
    /// # Ok::<_, contacts_core::Error>(()) }).unwrap();
    /// ```
    pub fn expire_change_tokens(&self) {
        self.store.expire_change_tokens();
    }

    /// Attaches metadata to a contact, as a server would compute it; returned when asked for.
    pub fn set_metadata(&self, id: &ContactId, metadata: Metadata) -> Result<()> {
        self.store.set_metadata(id, metadata)
    }

    /// Number of contacts the provider sees (with address-book administration, its home
    /// book's).
    pub fn len(&self) -> usize {
        self.store.len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.store.is_empty()
    }

    /// Every contact the provider sees, in creation order, with metadata, for assertions in tests.
    pub fn snapshot(&self) -> Vec<Contact> {
        self.store.snapshot()
    }
}

/// What [`InMemoryProvider::new`] declares: [`Capabilities::full`] plus every optional
/// capability that leaves the store's view of the account whole (not address-book
/// administration, which scopes it to one book).
pub(crate) fn whole_view_capabilities() -> Capabilities {
    Capabilities {
        label_admin: true,
        account_summary: true,
        blocklist: true,
        background_import: true,
        change_feed: true,
        ..Capabilities::full()
    }
}

crate::provider::forward!([] InMemoryProvider, |this| this.layered);
