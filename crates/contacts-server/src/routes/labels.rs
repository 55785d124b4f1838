//! Label administration across contacts (capability `labelAdmin`).

use crate::extract::{JsonBody, Segment};
use axum::Json;
use axum::http::StatusCode;
use contacts_core::optional::LabelCount;
use contacts_protocol::bodies::ContactIds;

rows! { optional label_admin as labels;
    "labelCounts" => fn counts() -> Json<Vec<LabelCount>> {
        Json(labels.label_counts().await?)
    }
    "addLabel" => fn add(label: Segment, body: JsonBody<ContactIds>) -> StatusCode {
        labels.add_label(&label, &body.ids).await?;
        StatusCode::NO_CONTENT
    }
    "removeLabel" => fn remove(label: Segment, body: JsonBody<ContactIds>) -> StatusCode {
        labels.remove_label(&label, &body.ids).await?;
        StatusCode::NO_CONTENT
    }
    "deleteLabel" => fn delete(label: Segment) -> StatusCode {
        labels.delete_label(&label).await?;
        StatusCode::NO_CONTENT
    }
}
