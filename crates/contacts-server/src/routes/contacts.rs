//! One contact and batches of new ones: create (201, or 207 with one outcome per item when
//! the batch failed part-way), get, patch, replace, delete.

use super::Api;
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

rows! { provider as provider;
    "getContact" => fn get(id: Segment<ContactId>, query: QueryParams<GetQuery>) -> Json<Contact> {
        let options = GetOptions { include_metadata: query.include_metadata };
        Json(provider.get(&id, &options).await?)
    }
    "updateContact" => fn update(id: Segment<ContactId>, patch: JsonBody<ContactPatch>)
        -> Json<Contact> {
        Json(provider.update(&id, &patch).await?)
    }
    "replaceContact" => fn replace(id: Segment<ContactId>, contact: JsonBody<NewContact>)
        -> Json<Contact> {
        Json(provider.replace(&id, &contact).await?)
    }
    "deleteContact" => fn delete(id: Segment<ContactId>) -> StatusCode {
        provider.delete(&id).await?;
        StatusCode::NO_CONTENT
    }
}
