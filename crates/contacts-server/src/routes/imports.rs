//! Background import: submit (202 with the job), then poll its progress (capability
//! `backgroundImport`).

use super::Api;
use crate::extract::JsonBody;
use crate::problem_answer::ProblemAnswer;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use contacts_core::optional::{BackgroundImport, ImportJob, ImportProgress};
use contacts_protocol::bodies::ImportRequest;

fn imports<'a>(api: &'a Api, operation: &str) -> Result<&'a dyn BackgroundImport, ProblemAnswer> {
    api.provider
        .background_import()
        .ok_or_else(|| api.unsupported(operation))
}

pub(super) async fn submit(
    State(api): State<Api>,
    JsonBody(body): JsonBody<ImportRequest>,
) -> Result<(StatusCode, Json<ImportJob>), ProblemAnswer> {
    let job = imports(&api, "submitImport")?
        .submit_import(&body.contacts)
        .await?;
    Ok((StatusCode::ACCEPTED, Json(job)))
}

pub(super) async fn progress(
    State(api): State<Api>,
    JsonBody(job): JsonBody<ImportJob>,
) -> Result<Json<ImportProgress>, ProblemAnswer> {
    Ok(Json(
        imports(&api, "importProgress")?
            .import_progress(&job)
            .await?,
    ))
}
