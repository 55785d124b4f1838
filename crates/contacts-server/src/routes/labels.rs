//! Label administration across contacts (capability `labelAdmin`).

use super::{Api, no_content};
use crate::extract::{JsonBody, Segment};
use crate::problem_answer::ProblemAnswer;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use contacts_core::optional::{LabelAdmin, LabelCount};
use contacts_protocol::bodies::ContactIds;

fn labels<'a>(api: &'a Api, operation: &str) -> Result<&'a dyn LabelAdmin, ProblemAnswer> {
    api.provider
        .label_admin()
        .ok_or_else(|| api.unsupported(operation))
}

pub(super) async fn counts(State(api): State<Api>) -> Result<Json<Vec<LabelCount>>, ProblemAnswer> {
    Ok(Json(labels(&api, "labelCounts")?.label_counts().await?))
}

pub(super) async fn add(
    State(api): State<Api>,
    Segment(label): Segment,
    JsonBody(body): JsonBody<ContactIds>,
) -> Result<StatusCode, ProblemAnswer> {
    no_content(labels(&api, "addLabel")?.add_label(&label, &body.ids).await)
}

pub(super) async fn remove(
    State(api): State<Api>,
    Segment(label): Segment,
    JsonBody(body): JsonBody<ContactIds>,
) -> Result<StatusCode, ProblemAnswer> {
    no_content(
        labels(&api, "removeLabel")?
            .remove_label(&label, &body.ids)
            .await,
    )
}

pub(super) async fn delete(
    State(api): State<Api>,
    Segment(label): Segment,
) -> Result<StatusCode, ProblemAnswer> {
    no_content(labels(&api, "deleteLabel")?.delete_label(&label).await)
}
