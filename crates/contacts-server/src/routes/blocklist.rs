//! The blocklist of numbers (capability `blocklist`).

use crate::extract::Segment;
use axum::Json;
use axum::http::StatusCode;
use contacts_protocol::bodies::{BlockStatus, NumberList};

rows! { optional blocklist as blocklist;
    "listBlocked" => fn list() -> Json<NumberList> {
        Json(NumberList { numbers: blocklist.list_blocked().await? })
    }
    "checkNumber" => fn check(number: Segment) -> Json<BlockStatus> {
        Json(BlockStatus { blocked: blocklist.check_number(&number).await? })
    }
    "blockNumber" => fn block(number: Segment) -> StatusCode {
        blocklist.block_number(&number).await?;
        StatusCode::NO_CONTENT
    }
    "unblockNumber" => fn unblock(number: Segment) -> StatusCode {
        blocklist.unblock_number(&number).await?;
        StatusCode::NO_CONTENT
    }
}
