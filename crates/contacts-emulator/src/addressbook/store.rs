//! The Atom emulator's data: address books and the contacts in them.

use serde::Serialize;
use std::collections::BTreeMap;

/// The fields of a contact besides its id and book.
pub const FIELDS: [&str; 8] = [
    "first_name",
    "last_name",
    "company",
    "phone_number",
    "custom_1",
    "custom_2",
    "custom_3",
    "custom_4",
];

/// One contact: its book and its set fields.
#[derive(Debug, Clone, PartialEq)]
pub struct AtomContact {
    /// The address book (`group_id`).
    pub group_id: u64,
    /// Field → value; unset fields are absent.
    pub fields: BTreeMap<String, String>,
}

/// The account's data.
#[derive(Debug, Default)]
pub struct Store {
    next_book: u64,
    next_contact: u64,
    /// Book id → name.
    pub books: BTreeMap<u64, String>,
    /// Contact id → contact.
    pub contacts: BTreeMap<u64, AtomContact>,
}

impl Store {
    /// Creates a book.
    pub fn new_book(&mut self, name: &str) -> u64 {
        self.next_book += 1;
        self.books.insert(self.next_book, name.to_owned());
        self.next_book
    }

    /// Creates a contact.
    pub fn new_contact(&mut self, contact: AtomContact) -> u64 {
        self.next_contact += 1;
        self.contacts.insert(self.next_contact, contact);
        self.next_contact
    }

    /// The full record, as `contact/detail` renders it: every field, `null` when unset, and no
    /// `group_id` (as the vendor documents). A view borrowing from the store.
    pub fn detail(&self, id: u64) -> Option<Detail<'_>> {
        let contact = self.contacts.get(&id)?;
        let field = |name: &str| contact.fields.get(name).map(String::as_str);
        Some(Detail {
            company: field("company"),
            custom_1: field("custom_1"),
            custom_2: field("custom_2"),
            custom_3: field("custom_3"),
            custom_4: field("custom_4"),
            first_name: field("first_name"),
            id,
            last_name: field("last_name"),
            phone_number: field("phone_number"),
        })
    }

    /// The abbreviated record embedded in `address-book/detail`.
    pub fn abbreviated<'a>(&self, id: u64, contact: &'a AtomContact) -> Abbreviated<'a> {
        let field = |name: &str| contact.fields.get(name).map(String::as_str);
        Abbreviated {
            first_name: field("first_name"),
            id,
            last_name: field("last_name"),
            phone_number: field("phone_number"),
        }
    }
}

// Fields are declared in the order `serde_json` writes object keys (sorted), so the bytes match
// what a rendered `Value` gave; `None` is written as `null`.

/// A full contact record (`contact/detail`), borrowing from the store.
#[derive(Debug, Serialize)]
pub struct Detail<'a> {
    company: Option<&'a str>,
    custom_1: Option<&'a str>,
    custom_2: Option<&'a str>,
    custom_3: Option<&'a str>,
    custom_4: Option<&'a str>,
    first_name: Option<&'a str>,
    id: u64,
    last_name: Option<&'a str>,
    phone_number: Option<&'a str>,
}

/// An abbreviated contact record (`address-book/detail`), borrowing from the store.
#[derive(Debug, Serialize)]
pub struct Abbreviated<'a> {
    first_name: Option<&'a str>,
    id: u64,
    last_name: Option<&'a str>,
    phone_number: Option<&'a str>,
}
