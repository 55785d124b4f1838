//! The change feed: the current token, and what changed since one (capability
//! `changeFeed`).

use super::Api;
use crate::extract::QueryParams;
use crate::problem_answer::ProblemAnswer;
use axum::Json;
use axum::extract::State;
use contacts_core::optional::{ChangeFeed, ChangeSet, ChangeToken};
use contacts_protocol::bodies::CurrentToken;
use serde::Deserialize;

/// The query of `GET /v1/changes`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SinceQuery {
    since: String,
}

fn feed<'a>(api: &'a Api, operation: &str) -> Result<&'a dyn ChangeFeed, ProblemAnswer> {
    api.provider
        .change_feed()
        .ok_or_else(|| api.unsupported(operation))
}

pub(super) async fn current(State(api): State<Api>) -> Result<Json<CurrentToken>, ProblemAnswer> {
    let token = feed(&api, "currentChangeToken")?.current_token().await?;
    Ok(Json(CurrentToken { token }))
}

pub(super) async fn since(
    State(api): State<Api>,
    QueryParams(query): QueryParams<SinceQuery>,
) -> Result<Json<ChangeSet>, ProblemAnswer> {
    let feed = feed(&api, "changesSince")?;
    Ok(Json(
        feed.changes_since(&ChangeToken::new(query.since)).await?,
    ))
}
