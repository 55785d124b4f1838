//! What the in-memory store holds: contacts in creation order, and the account around them
//! (address books, blocked numbers, submitted imports).

use crate::{AddressBookId, Contact, ContactId, Error, Result};
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
        }
    }

    /// Whether `contact` is in this store's view: every contact, or with address-book
    /// administration the home book's.
    pub(super) fn visible(&self, contact: &Contact) -> bool {
        !self.scoped || contact.address_book.as_ref() == Some(&home_book())
    }

    /// The visible contact with this id.
    pub(super) fn contact_mut(&mut self, id: &ContactId) -> Result<&mut Contact> {
        let scoped = self.scoped;
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
        id.as_str()
            .parse::<u64>()
            .ok()
            .filter(|n| self.books.contains_key(n) && id.as_str() == n.to_string())
            .ok_or_else(|| Error::not_found(format!("address book {id}")))
    }

    /// Removes the contact at `seq` everywhere.
    pub(super) fn remove(&mut self, seq: u64) -> Option<Contact> {
        let contact = self.contacts.remove(&seq)?;
        self.index.remove(&contact.id);
        Some(contact)
    }
}

/// The home book's id.
pub(super) fn home_book() -> AddressBookId {
    AddressBookId::from(HOME_BOOK)
}
