//! Listing one page of a query, and deleting by filter (or every contact, explicitly).

use super::Api;
use crate::extract::JsonBody;
use crate::problem_answer::ProblemAnswer;
use axum::Json;
use axum::extract::State;
use contacts_core::Page;
use contacts_protocol::bodies::{ContactList, DeleteRequest, ListRequest};

pub(super) async fn list(
    State(api): State<Api>,
    JsonBody(request): JsonBody<ListRequest>,
) -> Result<Json<Page>, ProblemAnswer> {
    let page = api
        .provider
        .list_page(&request.query, request.page_token)
        .await?;
    Ok(Json(page))
}

pub(super) async fn delete_matching(
    State(api): State<Api>,
    JsonBody(request): JsonBody<DeleteRequest>,
) -> Result<Json<ContactList>, ProblemAnswer> {
    let contacts = api.provider.delete_matching(&request.target).await?;
    Ok(Json(ContactList { contacts }))
}
