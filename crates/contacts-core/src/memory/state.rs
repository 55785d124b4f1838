//! What the in-memory store holds: contacts in creation order, and the account around them
//! (address books, blocked numbers, submitted imports).

use crate::{AddressBookId, Contact, ContactId, Error, Result, decimal_id};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The id of the book a store with address-book administration is scoped to: the account's
/// first book.
pub(super) const HOME_BOOK: u64 = 1;

/// The name the home book starts with.
pub(super) const HOME_BOOK_NAME: &str = "Contacts";

/// Everything one store (and its clones) shares. `Clone` is a deep copy: what
/// [`InMemoryProvider::fork`](super::InMemoryProvider::fork) hands out.
#[derive(Debug, Clone)]
pub(super) struct State {
    pub(super) next_seq: u64,
    /// Creation sequence → contact: the listing order. Contacts moved to another book stay
    /// here with that book, out of this provider's view.
    pub(super) contacts: BTreeMap<u64, Contact>,
    /// Id → creation sequence.
    pub(super) index: HashMap<ContactId, u64>,
    /// Address books by id (only with address-book administration); the home book is 1.
    pub(super) books: BTreeMap<u64, String>,
    pub(super) next_book: u64,
    /// Blocked numbers, as given (`+` and digits).
    pub(super) blocked: BTreeSet<String>,
    /// Imports submitted so far: their tokens are `mem-import-N` for N below this.
    pub(super) imports: u64,
    /// The store sees only its home book's contacts (address-book administration declared).
    pub(super) scoped: bool,
    /// The change log behind the change feed.
    pub(super) log: ChangeLog,
}

/// Which contacts were written when: every write takes the next revision, and each contact
/// keeps only its latest (so the log holds one entry per contact ever written, deleted ones
/// included, which is what tells a reader of the feed about deletions).
#[derive(Debug, Clone, Default)]
pub(super) struct ChangeLog {
    /// The latest revision.
    pub(super) revision: u64,
    /// Revision → the contact written then (its latest write only).
    pub(super) written: BTreeMap<u64, ContactId>,
    /// Contact → its latest revision in `written`.
    pub(super) latest: HashMap<ContactId, u64>,
    /// Tokens before this revision are expired: the log before it was forgotten.
    pub(super) forgotten_before: u64,
}

impl ChangeLog {
    /// Records a write of `id`.
    pub(super) fn touch(&mut self, id: &ContactId) {
        self.revision += 1;
        if let Some(old) = self.latest.insert(id.clone(), self.revision) {
            self.written.remove(&old);
        }
        self.written.insert(self.revision, id.clone());
    }

    /// Forgets every write so far: tokens issued until now are expired.
    pub(super) fn forget(&mut self) {
        self.written.clear();
        self.latest.clear();
        // A revision of its own, so that even a token of an unwritten store expires.
        self.revision += 1;
        self.forgotten_before = self.revision;
    }
}

impl State {
    /// An empty account; with `scoped`, one address book (the home book) this store sees.
    pub(super) fn new(scoped: bool) -> Self {
        let mut books = BTreeMap::new();
        if scoped {
            books.insert(HOME_BOOK, HOME_BOOK_NAME.to_owned());
        }
        Self {
            next_seq: 1,
            contacts: BTreeMap::new(),
            index: HashMap::new(),
            next_book: HOME_BOOK + 1,
            books,
            blocked: BTreeSet::new(),
            imports: 0,
            scoped,
            log: ChangeLog::default(),
        }
    }

    /// Whether `contact` is in this store's view: every contact, or with address-book
    /// administration the home book's.
    pub(super) fn visible(&self, contact: &Contact) -> bool {
        !self.scoped || contact.address_book.as_ref() == Some(&home_book())
    }

    /// The visible contact with this id.
    /// Taking it counts as a write in the change log: a read takes [`State::contact`].
    pub(super) fn contact_mut(&mut self, id: &ContactId) -> Result<&mut Contact> {
        let scoped = self.scoped;
        if self.visible_id(id) {
            self.log.touch(id);
        }
        self.index
            .get(id)
            .and_then(|seq| self.contacts.get_mut(seq))
            .filter(|c| !scoped || c.address_book.as_ref() == Some(&home_book()))
            .ok_or_else(|| Error::contact_not_found(id))
    }

    /// The visible contacts, in creation order.
    pub(super) fn visible_contacts(&self) -> impl Iterator<Item = (&u64, &Contact)> {
        self.contacts.iter().filter(|(_, c)| self.visible(c))
    }

    /// The sequence number of book `id`, if it exists.
    pub(super) fn book(&self, id: &AddressBookId) -> Result<u64> {
        decimal_id(id.as_str())
            .filter(|n| self.books.contains_key(n))
            .ok_or_else(|| Error::not_found(format!("address book {id}")))
    }

    /// The visible contact with this id, to read.
    pub(super) fn contact(&self, id: &ContactId) -> Result<&Contact> {
        self.index
            .get(id)
            .and_then(|seq| self.contacts.get(seq))
            .filter(|c| self.visible(c))
            .ok_or_else(|| Error::contact_not_found(id))
    }

    /// Whether a contact with this id is in this store's view.
    pub(super) fn visible_id(&self, id: &ContactId) -> bool {
        self.index
            .get(id)
            .and_then(|seq| self.contacts.get(seq))
            .is_some_and(|c| self.visible(c))
    }

    /// Stores a new contact at `seq` (a write in the change log).
    pub(super) fn insert(&mut self, seq: u64, contact: Contact) {
        self.log.touch(&contact.id);
        self.index.insert(contact.id.clone(), seq);
        self.contacts.insert(seq, contact);
    }

    /// Removes the contact at `seq` everywhere (a write in the change log).
    pub(super) fn remove(&mut self, seq: u64) -> Option<Contact> {
        let contact = self.contacts.remove(&seq)?;
        self.index.remove(&contact.id);
        self.log.touch(&contact.id);
        Some(contact)
    }
}

/// The home book's id.
pub(super) fn home_book() -> AddressBookId {
    AddressBookId::from(HOME_BOOK)
}
