//! Address-book administration, for providers whose contacts live in books.

use crate::{AddressBookId, ContactId, Result};
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One address book as the provider lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AddressBookInfo {
    /// The book's id.
    pub id: AddressBookId,
    /// Its name.
    pub name: String,
}

/// Lists, creates, renames and deletes address books, and moves contacts between them
/// (declared by [`Capabilities::address_book_admin`](crate::Capabilities::address_book_admin)).
#[async_trait]
pub trait AddressBookAdmin: Send + Sync {
    /// Every address book of the account.
    async fn list_books(&self) -> Result<Vec<AddressBookInfo>>;

    /// Creates a book named `name` (not empty).
    async fn create_book(&self, name: &str) -> Result<AddressBookInfo>;

    /// Renames a book; `NotFound` if there is none with this id.
    async fn rename_book(&self, id: &AddressBookId, name: &str) -> Result<AddressBookInfo>;

    /// Deletes a book and the contacts in it; `NotFound` if there is none with this id.
    async fn delete_book(&self, id: &AddressBookId) -> Result<()>;

    /// Moves a contact to the book `to`; afterwards it is listed there and no longer here.
    async fn move_contact(&self, id: &ContactId, to: &AddressBookId) -> Result<()>;
}
