//! The blocklist of numbers (capability `blocklist`).

use super::{Api, no_content};
use crate::extract::Segment;
use crate::problem_answer::ProblemAnswer;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use contacts_protocol::bodies::{BlockStatus, NumberList};

pub(super) async fn list(State(api): State<Api>) -> Result<Json<NumberList>, ProblemAnswer> {
    let numbers = api
        .capability(|p| p.blocklist(), "listBlocked")?
        .list_blocked()
        .await?;
    Ok(Json(NumberList { numbers }))
}

pub(super) async fn check(
    State(api): State<Api>,
    Segment(number): Segment,
) -> Result<Json<BlockStatus>, ProblemAnswer> {
    let blocked = api
        .capability(|p| p.blocklist(), "checkNumber")?
        .check_number(&number)
        .await?;
    Ok(Json(BlockStatus { blocked }))
}

pub(super) async fn block(
    State(api): State<Api>,
    Segment(number): Segment,
) -> Result<StatusCode, ProblemAnswer> {
    no_content(
        api.capability(|p| p.blocklist(), "blockNumber")?
            .block_number(&number)
            .await,
    )
}

pub(super) async fn unblock(
    State(api): State<Api>,
    Segment(number): Segment,
) -> Result<StatusCode, ProblemAnswer> {
    no_content(
        api.capability(|p| p.blocklist(), "unblockNumber")?
            .unblock_number(&number)
            .await,
    )
}
