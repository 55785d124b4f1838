//! Address-book administration over `/v1/books`.

use crate::mapping::{book_path, move_path};
use crate::provider::RemoteProvider;
use async_trait::async_trait;
use contacts_core::optional::{AddressBookAdmin, AddressBookInfo};
use contacts_core::{AddressBookId, ContactId, Result};
use contacts_http::Method;
use contacts_protocol::bodies::{BookName, MoveRequest};
use contacts_protocol::paths;

#[async_trait]
impl AddressBookAdmin for RemoteProvider {
    async fn list_books(&self) -> Result<Vec<AddressBookInfo>> {
        let request = self.wire.request(Method::GET, paths::BOOKS)?;
        self.wire.call(request, "address books").await
    }

    async fn create_book(&self, name: &str) -> Result<AddressBookInfo> {
        let body = BookName {
            name: name.to_owned(),
        };
        let request = self.wire.post(paths::BOOKS, &body)?;
        self.wire.call(request, "creating an address book").await
    }

    async fn rename_book(&self, id: &AddressBookId, name: &str) -> Result<AddressBookInfo> {
        let body = BookName {
            name: name.to_owned(),
        };
        let request = self.wire.request(Method::PATCH, &book_path(id)?)?;
        let what = format!("address book {id}");
        self.wire.call(request.json(&body)?, &what).await
    }

    async fn delete_book(&self, id: &AddressBookId) -> Result<()> {
        let request = self.wire.request(Method::DELETE, &book_path(id)?)?;
        self.wire
            .call_empty(request, &format!("address book {id}"))
            .await
    }

    async fn move_contact(&self, id: &ContactId, to: &AddressBookId) -> Result<()> {
        let body = MoveRequest { book: to.clone() };
        let path = move_path(id)?;
        let request = self.wire.post(&path, &body)?;
        self.wire
            .call_empty(request, &format!("contact {id}"))
            .await
    }
}
