//! Background import: submit (202 with the job), then poll its progress (capability
//! `backgroundImport`).

use super::Api;
use crate::extract::JsonBody;
use crate::problem_answer::ProblemAnswer;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use contacts_core::optional::{ImportJob, ImportProgress};
use contacts_protocol::bodies::ImportRequest;

pub(super) async fn submit(
    State(api): State<Api>,
    JsonBody(body): JsonBody<ImportRequest>,
) -> Result<(StatusCode, Json<ImportJob>), ProblemAnswer> {
    let job = api
        .capability(|p| p.background_import(), "submitImport")?
        .submit_import(&body.contacts)
        .await?;
    Ok((StatusCode::ACCEPTED, Json(job)))
}

pub(super) async fn progress(
    State(api): State<Api>,
    JsonBody(job): JsonBody<ImportJob>,
) -> Result<Json<ImportProgress>, ProblemAnswer> {
    Ok(Json(
        api.capability(|p| p.background_import(), "importProgress")?
            .import_progress(&job)
            .await?,
    ))
}
