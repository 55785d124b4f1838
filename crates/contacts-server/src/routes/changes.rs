//! The change feed: the current token, and what changed since one (capability
//! `changeFeed`).

use super::Api;
use crate::extract::QueryParams;
use crate::problem_answer::ProblemAnswer;
use axum::Json;
use axum::extract::State;
use contacts_core::optional::{ChangeSet, ChangeToken};
use contacts_protocol::bodies::CurrentToken;
use serde::Deserialize;

/// The query of `GET /v1/changes`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SinceQuery {
    since: String,
}

pub(super) async fn current(State(api): State<Api>) -> Result<Json<CurrentToken>, ProblemAnswer> {
    let token = api
        .capability(|p| p.change_feed(), "currentChangeToken")?
        .current_token()
        .await?;
    Ok(Json(CurrentToken { token }))
}

pub(super) async fn since(
    State(api): State<Api>,
    QueryParams(query): QueryParams<SinceQuery>,
) -> Result<Json<ChangeSet>, ProblemAnswer> {
    let feed = api.capability(|p| p.change_feed(), "changesSince")?;
    Ok(Json(
        feed.changes_since(&ChangeToken::new(query.since)).await?,
    ))
}
