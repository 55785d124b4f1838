//! The in-memory provider's page tokens: keyset positions tied to the listing order.

use crate::{Error, Order, PageToken, Result};

/// The token that continues a listing in `order` after the contact with sequence `seq`.
pub(super) fn encode(order: Order, seq: u64) -> PageToken {
    PageToken::new(format!("mem1.{}.{seq}", direction(order)))
}

/// The sequence a token continues after; `InvalidInput` for a token this provider did not issue
/// or issued for the other order.
pub(super) fn decode(token: &PageToken, order: Order) -> Result<u64> {
    let bad = || {
        Error::invalid(
            "page_token",
            "not a token this provider issued for this query; start again without a token",
        )
    };
    let rest = token.as_str().strip_prefix("mem1.").ok_or_else(bad)?;
    let (dir, seq) = rest.split_once('.').ok_or_else(bad)?;
    if dir != direction(order) {
        return Err(bad());
    }
    seq.parse().map_err(|_| bad())
}

fn direction(order: Order) -> &'static str {
    match order {
        Order::Ascending => "a",
        Order::Descending => "d",
    }
}
