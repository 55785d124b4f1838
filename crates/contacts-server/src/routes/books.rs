//! Address-book administration (capability `addressBookAdmin`).

use super::{Api, no_content};
use crate::extract::{JsonBody, Segment};
use crate::problem_answer::ProblemAnswer;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use contacts_core::optional::AddressBookInfo;
use contacts_core::{AddressBookId, ContactId};
use contacts_protocol::bodies::{BookName, MoveRequest};

pub(super) async fn list(
    State(api): State<Api>,
) -> Result<Json<Vec<AddressBookInfo>>, ProblemAnswer> {
    Ok(Json(
        api.capability(|p| p.address_books(), "listBooks")?
            .list_books()
            .await?,
    ))
}

pub(super) async fn create(
    State(api): State<Api>,
    JsonBody(body): JsonBody<BookName>,
) -> Result<(StatusCode, Json<AddressBookInfo>), ProblemAnswer> {
    let book = api
        .capability(|p| p.address_books(), "createBook")?
        .create_book(&body.name)
        .await?;
    Ok((StatusCode::CREATED, Json(book)))
}

pub(super) async fn rename(
    State(api): State<Api>,
    Segment(id): Segment,
    JsonBody(body): JsonBody<BookName>,
) -> Result<Json<AddressBookInfo>, ProblemAnswer> {
    let admin = api.capability(|p| p.address_books(), "renameBook")?;
    Ok(Json(
        admin
            .rename_book(&AddressBookId::new(id), &body.name)
            .await?,
    ))
}

pub(super) async fn delete(
    State(api): State<Api>,
    Segment(id): Segment,
) -> Result<StatusCode, ProblemAnswer> {
    let admin = api.capability(|p| p.address_books(), "deleteBook")?;
    no_content(admin.delete_book(&AddressBookId::new(id)).await)
}

pub(super) async fn move_contact(
    State(api): State<Api>,
    Segment(id): Segment,
    JsonBody(body): JsonBody<MoveRequest>,
) -> Result<StatusCode, ProblemAnswer> {
    let admin = api.capability(|p| p.address_books(), "moveContact")?;
    no_content(admin.move_contact(&ContactId::new(id), &body.book).await)
}
