//! The model's error kinds as the wire names them, with the HTTP status of each.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One kind a [`Problem`](crate::Problem) carries: one for each variant of
/// [`contacts_core::Error`], so an error crosses the wire and comes back the same.
///
/// The status of each kind is fixed ([`status`](Self::status)) and never in the 5xx range for
/// a mistake of the caller's or a missing capability: a 5xx means the store behind the server
/// failed (`unavailable`, `protocol`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ProblemKind {
    /// The contact (or book, label, job) does not exist. 404.
    NotFound,
    /// The request was refused; `field` names the part at fault. 422.
    InvalidInput,
    /// No token, or not a token this server knows. 401.
    Unauthenticated,
    /// The token may not do this (a read-only token writing). 403.
    PermissionDenied,
    /// Too many requests; `retryAfter` says how long to wait. 429.
    RateLimited,
    /// The provider does not support this operation (see its capabilities). 404: the
    /// resource does not exist on this server.
    Unsupported,
    /// The write conflicts with the current state. 409.
    Conflict,
    /// The store behind the server is unavailable for now; retrying later may succeed. 503.
    Unavailable,
    /// A change token the store no longer accepts: read everything again. 410.
    ExpiredToken,
    /// The store behind the server answered something it could not read. 502.
    Protocol,
    /// A batch failed part-way; `created` and `failed` say which items. 409.
    PartialFailure,
}

impl ProblemKind {
    /// Every kind, in declaration order.
    pub const ALL: [ProblemKind; 11] = [
        ProblemKind::NotFound,
        ProblemKind::InvalidInput,
        ProblemKind::Unauthenticated,
        ProblemKind::PermissionDenied,
        ProblemKind::RateLimited,
        ProblemKind::Unsupported,
        ProblemKind::Conflict,
        ProblemKind::Unavailable,
        ProblemKind::ExpiredToken,
        ProblemKind::Protocol,
        ProblemKind::PartialFailure,
    ];

    /// The HTTP status an answer of this kind has.
    pub fn status(self) -> u16 {
        match self {
            ProblemKind::NotFound | ProblemKind::Unsupported => 404,
            ProblemKind::InvalidInput => 422,
            ProblemKind::Unauthenticated => 401,
            ProblemKind::PermissionDenied => 403,
            ProblemKind::RateLimited => 429,
            ProblemKind::Conflict | ProblemKind::PartialFailure => 409,
            ProblemKind::Unavailable => 503,
            ProblemKind::ExpiredToken => 410,
            ProblemKind::Protocol => 502,
        }
    }

    /// The kind's name on the wire, e.g. `notFound`.
    pub fn name(self) -> &'static str {
        match self {
            ProblemKind::NotFound => "notFound",
            ProblemKind::InvalidInput => "invalidInput",
            ProblemKind::Unauthenticated => "unauthenticated",
            ProblemKind::PermissionDenied => "permissionDenied",
            ProblemKind::RateLimited => "rateLimited",
            ProblemKind::Unsupported => "unsupported",
            ProblemKind::Conflict => "conflict",
            ProblemKind::Unavailable => "unavailable",
            ProblemKind::ExpiredToken => "expiredToken",
            ProblemKind::Protocol => "protocol",
            ProblemKind::PartialFailure => "partialFailure",
        }
    }

    /// The problem type URI of this kind (RFC 9457 `type`): `urn:contacts:problem:<name>`.
    pub fn type_uri(self) -> String {
        format!("urn:contacts:problem:{}", self.name())
    }

    /// A short, fixed title for the kind (RFC 9457 `title`).
    pub fn title(self) -> &'static str {
        match self {
            ProblemKind::NotFound => "Not found",
            ProblemKind::InvalidInput => "Invalid input",
            ProblemKind::Unauthenticated => "Authentication required",
            ProblemKind::PermissionDenied => "Permission denied",
            ProblemKind::RateLimited => "Rate limited",
            ProblemKind::Unsupported => "Not supported by this provider",
            ProblemKind::Conflict => "Conflict",
            ProblemKind::Unavailable => "Service unavailable",
            ProblemKind::ExpiredToken => "Change token expired",
            ProblemKind::Protocol => "Unreadable answer from the store",
            ProblemKind::PartialFailure => "Batch partly failed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_serde_names() {
        for kind in ProblemKind::ALL {
            let json = serde_json::to_value(kind).unwrap();
            assert_eq!(json, kind.name(), "{kind:?}");
        }
    }

    #[test]
    fn only_the_store_failing_is_a_server_error() {
        for kind in ProblemKind::ALL {
            let server_error = kind.status() >= 500;
            let store_failed = matches!(kind, ProblemKind::Unavailable | ProblemKind::Protocol);
            assert_eq!(server_error, store_failed, "{kind:?}");
        }
    }
}
