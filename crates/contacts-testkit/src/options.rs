//! Transport options for tests against local servers: retries a few milliseconds apart, so an
//! injected fault costs a test milliseconds, and no client-side rate limit.

use contacts_http::{ClientOptions, RetryPolicy};
use std::time::Duration;

/// The default number of attempts (4), a backoff of 2 to 20 ms.
pub fn quick_retries() -> ClientOptions {
    retrying(RetryPolicy::default().attempts())
}

/// At most `attempts` attempts a request (1: no retry), a backoff of 2 to 20 ms.
pub fn retrying(attempts: u32) -> ClientOptions {
    ClientOptions::default().retry(
        RetryPolicy::default()
            .max_attempts(attempts)
            .backoff(Duration::from_millis(2), Duration::from_millis(20)),
    )
}
