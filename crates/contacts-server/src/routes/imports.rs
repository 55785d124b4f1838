//! Background import: submit (202 with the job), then poll its progress (capability
//! `backgroundImport`).

use crate::extract::JsonBody;
use axum::Json;
use axum::http::StatusCode;
use contacts_core::optional::{ImportJob, ImportProgress};
use contacts_protocol::bodies::ImportRequest;

rows! { optional background_import as imports;
    "submitImport" => fn submit(body: JsonBody<ImportRequest>) -> (StatusCode, Json<ImportJob>) {
        (StatusCode::ACCEPTED, Json(imports.submit_import(&body.contacts).await?))
    }
    "importProgress" => fn progress(job: JsonBody<ImportJob>) -> Json<ImportProgress> {
        Json(imports.import_progress(&job).await?)
    }
}
