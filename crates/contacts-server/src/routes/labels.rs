//! Label administration across contacts (capability `labelAdmin`).

use super::{Api, no_content};
use crate::extract::{JsonBody, Segment};
use crate::problem_answer::ProblemAnswer;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use contacts_core::optional::LabelCount;
use contacts_protocol::bodies::ContactIds;

pub(super) async fn counts(State(api): State<Api>) -> Result<Json<Vec<LabelCount>>, ProblemAnswer> {
    Ok(Json(
        api.capability(|p| p.label_admin(), "labelCounts")?
            .label_counts()
            .await?,
    ))
}

pub(super) async fn add(
    State(api): State<Api>,
    Segment(label): Segment,
    JsonBody(body): JsonBody<ContactIds>,
) -> Result<StatusCode, ProblemAnswer> {
    no_content(
        api.capability(|p| p.label_admin(), "addLabel")?
            .add_label(&label, &body.ids)
            .await,
    )
}

pub(super) async fn remove(
    State(api): State<Api>,
    Segment(label): Segment,
    JsonBody(body): JsonBody<ContactIds>,
) -> Result<StatusCode, ProblemAnswer> {
    no_content(
        api.capability(|p| p.label_admin(), "removeLabel")?
            .remove_label(&label, &body.ids)
            .await,
    )
}

pub(super) async fn delete(
    State(api): State<Api>,
    Segment(label): Segment,
) -> Result<StatusCode, ProblemAnswer> {
    no_content(
        api.capability(|p| p.label_admin(), "deleteLabel")?
            .delete_label(&label)
            .await,
    )
}
