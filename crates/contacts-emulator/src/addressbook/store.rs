//! The Atom emulator's data: address books and the contacts in them.

use serde_json::{Map, Value, json};
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
    /// `group_id` (as the vendor documents).
    pub fn detail(&self, id: u64) -> Option<Value> {
        let contact = self.contacts.get(&id)?;
        let mut obj = Map::new();
        obj.insert("id".into(), json!(id));
        for field in FIELDS {
            obj.insert(
                field.into(),
                contact.fields.get(field).map_or(Value::Null, |v| json!(v)),
            );
        }
        Some(Value::Object(obj))
    }

    /// The abbreviated record embedded in `address-book/detail`.
    pub fn abbreviated(&self, id: u64, contact: &AtomContact) -> Value {
        let field = |name: &str| contact.fields.get(name).map_or(Value::Null, |v| json!(v));
        json!({
            "id": id,
            "first_name": field("first_name"),
            "last_name": field("last_name"),
            "phone_number": field("phone_number"),
        })
    }
}
