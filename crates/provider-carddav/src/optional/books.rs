//! The account's address books behind the neutral
//! [`AddressBookAdmin`](contacts_core::optional::AddressBookAdmin).

use crate::books::AddressBook;
use crate::client::Precondition;
use crate::provider::CardDavProvider;
use contacts_core::optional::{AddressBookAdmin, AddressBookInfo};
use contacts_core::{AddressBookId, ContactId, Error, Result, async_trait};

fn info(book: AddressBook) -> AddressBookInfo {
    AddressBookInfo {
        id: book.id,
        name: book.name,
    }
}

impl CardDavProvider {
    /// Moves a contact to another book of the same account: the vCard is written there
    /// unchanged (`If-None-Match: *`, same resource name), then deleted here `If-Match` the
    /// ETag it was read with, so a change made meanwhile is a `Conflict` (the copy stays in
    /// the other book; nothing is lost). A book that does not exist is `NotFound`, checked
    /// first: servers answer a write into a missing collection with 409 (Xandikos) or 403
    /// (Radicale), which would read as a conflict or a refusal.
    pub async fn move_to(&self, id: &ContactId, to: &AddressBookId) -> Result<()> {
        let (url, stored) = self.read(id).await?;
        let book = self.books.url(to)?;
        self.books.check_book(&book, to).await?;
        let target = book
            .join(url.path().rsplit('/').next().unwrap_or(""))
            .map_err(|e| Error::invalid("address_book", e.to_string()))?;
        let what = format!("contact {id} in address book {to}");
        self.books
            .dav
            .put(
                &target,
                stored.text.clone(),
                Precondition::Absent,
                None,
                &what,
            )
            .await?;
        self.books
            .dav
            .delete(&url, stored.etag.as_deref(), &format!("contact {id}"))
            .await
    }
}

#[async_trait]
impl AddressBookAdmin for CardDavProvider {
    async fn list_books(&self) -> Result<Vec<AddressBookInfo>> {
        Ok(self.books.list().await?.into_iter().map(info).collect())
    }

    async fn create_book(&self, name: &str) -> Result<AddressBookInfo> {
        self.books.create(name).await.map(info)
    }

    async fn rename_book(&self, id: &AddressBookId, name: &str) -> Result<AddressBookInfo> {
        self.books.rename(id, name).await.map(info)
    }

    async fn delete_book(&self, id: &AddressBookId) -> Result<()> {
        self.books.delete(id).await
    }

    async fn move_contact(&self, id: &ContactId, to: &AddressBookId) -> Result<()> {
        self.move_to(id, to).await
    }
}
