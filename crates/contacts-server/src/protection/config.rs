//! What a server protects itself with, and the defaults.

use super::listen::ListenPolicy;
use super::tokens::Tokens;
use contacts_core::RateLimit;

/// The settings of [`crate::app`] and [`crate::run`]. `Default` is a server that accepts no
/// request but `GET /v1` until given tokens (or `allow_anonymous`), with the limits below.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The tokens accepted (`Authorization: Bearer <secret>`). With at least one, every
    /// request but `GET /v1` needs one of them.
    pub tokens: Tokens,
    /// With no token at all, whether requests without a token are served (with read-write
    /// access). Off by default: a server with no tokens then answers 401 to everything but
    /// `GET /v1`, saying how to add a token. The CLI sets it only for a loopback address and
    /// an explicit flag. It has no effect once any token exists.
    pub allow_anonymous: bool,
    /// The largest request body accepted, in bytes; larger is 413. Default 4 MiB.
    pub max_body_bytes: usize,
    /// Requests per token (or per anonymous caller), kept by a
    /// [`TokenBucket`](contacts_core::TokenBucket) each. Over it is 429 with `Retry-After`.
    /// Default 200 per second with bursts of 400.
    pub rate: RateLimit,
    /// Requests served at once; more wait their turn. Default 64.
    pub max_concurrent_requests: usize,
    /// Which addresses [`crate::run`] serves on; loopback only by default.
    pub listen: ListenPolicy,
}

impl Default for ServeConfig {
    fn default() -> Self {
        Self {
            tokens: Tokens::default(),
            allow_anonymous: false,
            max_body_bytes: 4 * 1024 * 1024,
            rate: RateLimit {
                requests_per_second: 200.0,
                burst: 400,
            },
            max_concurrent_requests: 64,
            listen: ListenPolicy::LoopbackOnly,
        }
    }
}
