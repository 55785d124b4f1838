//! A client-side token bucket, shared by every clone of a client.

use contacts_core::{RateLimit, TokenBucket};
use std::sync::{Arc, Mutex};

/// Keeps a client under a vendor's rate limit (`per_second` on average, `burst` at once), so a
/// bulk job does not trip 429 in the first place. Clones share one bucket.
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
/// use contacts_http::RateLimiter;
/// let limiter = RateLimiter::new(1000.0, 2);
/// let start = std::time::Instant::now();
/// for _ in 0..4 { limiter.acquire().await; }
/// // Two tokens were there at once, two more took about a millisecond each.
/// assert!(start.elapsed() < std::time::Duration::from_millis(500));
/// # });
/// ```
#[derive(Debug, Clone)]
pub struct RateLimiter {
    bucket: Arc<Mutex<TokenBucket>>,
}

impl RateLimiter {
    /// A bucket refilled at `per_second` tokens per second holding at most `burst` tokens,
    /// starting full (see [`TokenBucket`]). A `burst` of 0 counts as 1; a `per_second` that is
    /// not positive never refills, so every request after the burst waits for ever.
    pub fn new(per_second: f64, burst: u32) -> Self {
        let limit = RateLimit {
            requests_per_second: per_second,
            burst: burst.max(1),
        };
        Self {
            bucket: Arc::new(Mutex::new(TokenBucket::new(limit, now()))),
        }
    }

    /// The limit it keeps.
    pub fn limit(&self) -> RateLimit {
        self.lock().limit()
    }

    /// Average requests per second.
    pub fn per_second(&self) -> f64 {
        self.limit().requests_per_second
    }

    /// Requests allowed at once.
    pub fn burst(&self) -> u32 {
        self.limit().burst
    }

    /// Waits until a request may go.
    pub async fn acquire(&self) {
        loop {
            let taken = self.lock().take(now());
            match taken {
                Ok(()) => return,
                Err(wait) => tokio::time::sleep(wait).await,
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, TokenBucket> {
        self.bucket.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Tokio's clock, so tests that pause time see the bucket refill as time is advanced.
fn now() -> std::time::Instant {
    tokio::time::Instant::now().into_std()
}
