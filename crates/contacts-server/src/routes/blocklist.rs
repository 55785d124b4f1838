//! The blocklist of numbers (capability `blocklist`).

use super::{Api, no_content};
use crate::extract::Segment;
use crate::problem_answer::ProblemAnswer;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use contacts_core::optional::Blocklist;
use contacts_protocol::bodies::{BlockStatus, NumberList};

fn blocklist<'a>(api: &'a Api, operation: &str) -> Result<&'a dyn Blocklist, ProblemAnswer> {
    api.provider
        .blocklist()
        .ok_or_else(|| api.unsupported(operation))
}

pub(super) async fn list(State(api): State<Api>) -> Result<Json<NumberList>, ProblemAnswer> {
    let numbers = blocklist(&api, "listBlocked")?.list_blocked().await?;
    Ok(Json(NumberList { numbers }))
}

pub(super) async fn check(
    State(api): State<Api>,
    Segment(number): Segment,
) -> Result<Json<BlockStatus>, ProblemAnswer> {
    let blocked = blocklist(&api, "checkNumber")?
        .check_number(&number)
        .await?;
    Ok(Json(BlockStatus { blocked }))
}

pub(super) async fn block(
    State(api): State<Api>,
    Segment(number): Segment,
) -> Result<StatusCode, ProblemAnswer> {
    no_content(blocklist(&api, "blockNumber")?.block_number(&number).await)
}

pub(super) async fn unblock(
    State(api): State<Api>,
    Segment(number): Segment,
) -> Result<StatusCode, ProblemAnswer> {
    no_content(
        blocklist(&api, "unblockNumber")?
            .unblock_number(&number)
            .await,
    )
}
