//! `AddressBooks`: list, create, rename and delete Atom address books, and open a provider per
//! book.

use crate::book_client::BookClient;
use crate::client::AtomClient;
use crate::ids::{parse_book_id, read_id};
use crate::mapping::FieldMap;
use crate::provider::AddressBookProvider;
use contacts_core::{AddressBookId, Error, Result, Standard, layer};
use serde_json::{Value, json};
use std::sync::Arc;

/// One address book: its id and name, as every provider's address-book administration
/// answers them.
pub type AddressBook = contacts_core::optional::AddressBookInfo;

/// The account's address books. Cheap to clone; clones share the HTTP client and its rate
/// limiter, so every provider opened from it keeps to one budget.
#[derive(Debug, Clone)]
pub struct AddressBooks {
    pub(crate) client: AtomClient,
    pub(crate) fields: FieldMap,
    pub(crate) concurrency: usize,
}

fn book_id(id: &AddressBookId) -> Result<u64> {
    parse_book_id(id).ok_or_else(|| Error::not_found(format!("address book {id}")))
}

fn read_book(client: &AtomClient, value: &Value) -> Result<AddressBook> {
    let id = read_id(value.get("id"), "address book")?;
    let name = match value.get("name") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(_) => return Err(client.protocol("an address book whose name is not a string", value)),
    };
    Ok(AddressBook {
        id: AddressBookId::from(id),
        name,
    })
}

impl AddressBooks {
    /// Every address book of the account.
    pub async fn list(&self) -> Result<Vec<AddressBook>> {
        let result = self
            .client
            .idempotent("address-book/list", json!({}))
            .await?;
        // The item shape is undocumented; accept a bare array or one wrapped in an object.
        let items = match &result {
            Value::Array(items) => items.clone(),
            Value::Object(obj) => match obj.values().find(|v| v.is_array()) {
                Some(Value::Array(items)) => items.clone(),
                _ => {
                    return Err(self
                        .client
                        .protocol("address-book/list did not return a list", &result));
                }
            },
            _ => {
                return Err(self
                    .client
                    .protocol("address-book/list did not return a list", &result));
            }
        };
        items.iter().map(|b| read_book(&self.client, b)).collect()
    }

    /// Creates a book.
    pub async fn create(&self, name: &str) -> Result<AddressBook> {
        if name.is_empty() {
            return Err(Error::invalid("name", "an address book needs a name"));
        }
        let result = self
            .client
            .once("address-book/new", json!({"name": name}))
            .await?;
        let mut book = read_book(&self.client, &result)?;
        if book.name.is_empty() {
            book.name = name.to_owned();
        }
        Ok(book)
    }

    /// Renames a book.
    pub async fn rename(&self, id: &AddressBookId, name: &str) -> Result<AddressBook> {
        if name.is_empty() {
            return Err(Error::invalid("name", "an address book needs a name"));
        }
        let numeric = book_id(id)?;
        let result = self
            .client
            .idempotent("address-book/edit", json!({"id": numeric, "name": name}))
            .await
            .map_err(|e| book_not_found(e, id))?;
        read_book(&self.client, &result)
    }

    /// Deletes a book (with the emulator, and presumably the vendor, its contacts go too).
    pub async fn delete(&self, id: &AddressBookId) -> Result<()> {
        let numeric = book_id(id)?;
        self.client
            .once("address-book/delete", json!({"id": numeric}))
            .await
            .map_err(|e| book_not_found(e, id))?;
        Ok(())
    }

    /// A provider serving the book `id` (not checked until first used), in the standard
    /// layers (the contract's refusals, a span per operation).
    pub fn open(&self, id: &AddressBookId) -> Result<Standard<AddressBookProvider>> {
        self.open_bare(id).map(layer::standard)
    }

    /// The provider of the book `id` without any layer, for composing your own stack (the
    /// registry adds the standard layers itself).
    pub fn open_bare(&self, id: &AddressBookId) -> Result<AddressBookProvider> {
        let numeric = book_id(id)
            .map_err(|_| Error::invalid("address_book", "Atom address book ids are integers"))?;
        Ok(AddressBookProvider::new(BookClient {
            client: self.client.clone(),
            id: numeric,
            fields: Arc::new(self.fields.clone()),
            concurrency: self.concurrency,
        }))
    }
}

fn book_not_found(e: Error, id: &AddressBookId) -> Error {
    if e.is_not_found() {
        Error::not_found(format!("address book {id}"))
    } else {
        e
    }
}
