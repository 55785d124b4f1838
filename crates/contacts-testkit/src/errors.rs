//! One error of every kind a provider can answer, as the protocol's own round trip, the
//! server's status mapping and the remote provider's wire tests all send it: one list, so a
//! kind added to `contacts_core::Error` is added to each of those tests at once.

use contacts_core::Error;
use std::time::Duration;

/// One error of every kind except `PartialFailure`, in the order of
/// `contacts_protocol::ProblemKind::ALL` (a partial failure answers only a batch, so each test
/// builds its own). `RateLimited` waits 2.5 s and `Unavailable` 7 s, so a `Retry-After` of
/// 3 and 7 seconds can be checked.
pub fn every_kind_of_error() -> Vec<Error> {
    vec![
        Error::not_found("contact 42"),
        Error::invalid("properties.custom9", "not a key this provider stores"),
        Error::Unauthenticated {
            message: "upstream refused the key".into(),
        },
        Error::PermissionDenied {
            message: "upstream: read-only key".into(),
        },
        Error::RateLimited {
            retry_after: Some(Duration::from_millis(2500)),
            message: "slow down".into(),
        },
        Error::unsupported("memory", "blocklist"),
        Error::Conflict {
            message: "changed meanwhile".into(),
        },
        Error::Unavailable {
            message: "database locked".into(),
            retry_after: Some(Duration::from_secs(7)),
        },
        Error::ExpiredToken {
            message: "history pruned".into(),
        },
        Error::Protocol {
            status: Some(500),
            message: "not JSON".into(),
            body_excerpt: "<html>".into(),
        },
    ]
}
