//! Atom's address-book administration behind the neutral
//! [`AddressBookAdmin`](contacts_core::optional::AddressBookAdmin): the per-book provider
//! reaches its account's [`AddressBooks`] client, and moving a contact is
//! [`AddressBookProvider::move_to`].

use crate::books::AddressBooks;
use crate::provider::AddressBookProvider;
use contacts_core::optional::{AddressBookAdmin, AddressBookInfo};
use contacts_core::{AddressBookId, ContactId, Result, async_trait};

impl AddressBookProvider {
    /// The account's address books, through the same client as this book.
    pub fn books(&self) -> AddressBooks {
        let book = self.book_client();
        AddressBooks {
            client: book.client.clone(),
            fields: (*book.fields).clone(),
            concurrency: book.concurrency,
        }
    }
}

#[async_trait]
impl AddressBookAdmin for AddressBookProvider {
    async fn list_books(&self) -> Result<Vec<AddressBookInfo>> {
        self.books().list().await
    }

    async fn create_book(&self, name: &str) -> Result<AddressBookInfo> {
        self.books().create(name).await
    }

    async fn rename_book(&self, id: &AddressBookId, name: &str) -> Result<AddressBookInfo> {
        self.books().rename(id, name).await
    }

    async fn delete_book(&self, id: &AddressBookId) -> Result<()> {
        self.books().delete(id).await
    }

    async fn move_contact(&self, id: &ContactId, to: &AddressBookId) -> Result<()> {
        self.move_to(id, to).await
    }
}
