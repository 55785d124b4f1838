//! The change feed: the current token, and what changed since one (capability
//! `changeFeed`).

use crate::extract::QueryParams;
use axum::Json;
use contacts_core::optional::{ChangeSet, ChangeToken};
use contacts_protocol::bodies::CurrentToken;
use serde::Deserialize;

/// The query of `GET /v1/changes`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SinceQuery {
    since: String,
}

rows! { optional change_feed as feed;
    "currentChangeToken" => fn current() -> Json<CurrentToken> {
        Json(CurrentToken { token: feed.current_token().await? })
    }
    "changesSince" => fn since(query: QueryParams<SinceQuery>) -> Json<ChangeSet> {
        Json(feed.changes_since(&ChangeToken::new(query.since)).await?)
    }
}
