//! One contact and batches of new ones: create (201, or 207 with one outcome per item when
//! the batch failed part-way), get, patch, replace, delete.

use super::{Api, no_content};
use crate::extract::{JsonBody, QueryParams, Segment};
use crate::problem_answer::ProblemAnswer;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use contacts_core::{
    Contact, ContactId, ContactPatch, Error, GetOptions, NewContact, PartialFailure,
};
use contacts_protocol::Problem;
use contacts_protocol::bodies::{CreateRequest, CreateResults, ItemOutcome};
use serde::Deserialize;

/// The query of `GET /v1/contacts/{id}`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct GetQuery {
    #[serde(default)]
    include_metadata: bool,
}

pub(super) async fn create(
    State(api): State<Api>,
    JsonBody(request): JsonBody<CreateRequest>,
) -> Response {
    match api.provider.create(&request.contacts).await {
        Ok(created) => {
            let results = created
                .into_iter()
                .enumerate()
                .map(|(index, contact)| ItemOutcome {
                    index,
                    contact: Some(contact),
                    problem: None,
                })
                .collect();
            (StatusCode::CREATED, Json(CreateResults { results })).into_response()
        }
        Err(Error::PartialFailure(partial)) => {
            let results = outcomes(request.contacts.len(), *partial);
            (StatusCode::MULTI_STATUS, Json(CreateResults { results })).into_response()
        }
        Err(err) => ProblemAnswer::from(err).into_response(),
    }
}

/// One outcome per input index. An index the provider reported neither created nor failed
/// (a broken provider) gets a `protocol` problem saying so, never silence.
fn outcomes(len: usize, partial: PartialFailure) -> Vec<ItemOutcome> {
    let mut results: Vec<ItemOutcome> = (0..len)
        .map(|index| ItemOutcome {
            index,
            contact: None,
            problem: Some(Problem::from_error(&Error::Protocol {
                status: None,
                message: "the provider reported neither a contact nor an error for this item"
                    .into(),
                body_excerpt: String::new(),
            })),
        })
        .collect();
    for (index, contact) in partial.created {
        if let Some(slot) = results.get_mut(index) {
            slot.contact = Some(contact);
            slot.problem = None;
        }
    }
    for (index, err) in partial.failed {
        if let Some(slot) = results.get_mut(index) {
            slot.contact = None;
            slot.problem = Some(Problem::from_error(&err));
        }
    }
    results
}

pub(super) async fn get(
    State(api): State<Api>,
    Segment(id): Segment,
    QueryParams(query): QueryParams<GetQuery>,
) -> Result<Json<Contact>, ProblemAnswer> {
    let options = GetOptions {
        include_metadata: query.include_metadata,
    };
    Ok(Json(api.provider.get(&ContactId::new(id), &options).await?))
}

pub(super) async fn update(
    State(api): State<Api>,
    Segment(id): Segment,
    JsonBody(patch): JsonBody<ContactPatch>,
) -> Result<Json<Contact>, ProblemAnswer> {
    Ok(Json(
        api.provider.update(&ContactId::new(id), &patch).await?,
    ))
}

pub(super) async fn replace(
    State(api): State<Api>,
    Segment(id): Segment,
    JsonBody(contact): JsonBody<NewContact>,
) -> Result<Json<Contact>, ProblemAnswer> {
    Ok(Json(
        api.provider.replace(&ContactId::new(id), &contact).await?,
    ))
}

pub(super) async fn delete(
    State(api): State<Api>,
    Segment(id): Segment,
) -> Result<StatusCode, ProblemAnswer> {
    no_content(api.provider.delete(&ContactId::new(id)).await)
}
