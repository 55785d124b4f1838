//! The account summary (capability `accountSummary`).

use axum::Json;
use contacts_core::optional::AccountSummary;

rows! { optional account_summary as summary;
    "accountSummary" => fn summarize() -> Json<AccountSummary> {
        Json(summary.summarize().await?)
    }
}
