//! The account summary (capability `accountSummary`).

use super::Api;
use crate::problem_answer::ProblemAnswer;
use axum::Json;
use axum::extract::State;
use contacts_core::optional::AccountSummary;

pub(super) async fn summarize(
    State(api): State<Api>,
) -> Result<Json<AccountSummary>, ProblemAnswer> {
    let summary = api.capability(|p| p.account_summary(), "accountSummary")?;
    Ok(Json(summary.summarize().await?))
}
