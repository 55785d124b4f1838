//! Address-book administration (capability `addressBookAdmin`).

use crate::extract::{JsonBody, Segment};
use axum::Json;
use axum::http::StatusCode;
use contacts_core::optional::AddressBookInfo;
use contacts_core::{AddressBookId, ContactId};
use contacts_protocol::bodies::{BookName, MoveRequest};

rows! { optional address_books as books;
    "listBooks" => fn list() -> Json<Vec<AddressBookInfo>> {
        Json(books.list_books().await?)
    }
    "createBook" => fn create(body: JsonBody<BookName>) -> (StatusCode, Json<AddressBookInfo>) {
        (StatusCode::CREATED, Json(books.create_book(&body.name).await?))
    }
    "renameBook" => fn rename(id: Segment<AddressBookId>, body: JsonBody<BookName>)
        -> Json<AddressBookInfo> {
        Json(books.rename_book(&id, &body.name).await?)
    }
    "deleteBook" => fn delete(id: Segment<AddressBookId>) -> StatusCode {
        books.delete_book(&id).await?;
        StatusCode::NO_CONTENT
    }
    "moveContact" => fn move_contact(id: Segment<ContactId>, body: JsonBody<MoveRequest>)
        -> StatusCode {
        books.move_contact(&id, &body.book).await?;
        StatusCode::NO_CONTENT
    }
}
