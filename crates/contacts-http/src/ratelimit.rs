//! A client-side token bucket, shared by every clone of a client.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

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
    inner: Arc<Mutex<Bucket>>,
    per_second: f64,
    burst: u32,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl RateLimiter {
    /// A bucket refilled at `per_second` tokens per second holding at most `burst` tokens,
    /// starting full. `per_second` must be positive; a `burst` of 0 counts as 1.
    pub fn new(per_second: f64, burst: u32) -> Self {
        let burst = burst.max(1);
        Self {
            inner: Arc::new(Mutex::new(Bucket {
                tokens: f64::from(burst),
                updated: Instant::now(),
            })),
            per_second: if per_second.is_finite() && per_second > 0.0 {
                per_second
            } else {
                f64::MIN_POSITIVE
            },
            burst,
        }
    }

    /// Average requests per second.
    pub fn per_second(&self) -> f64 {
        self.per_second
    }

    /// Requests allowed at once.
    pub fn burst(&self) -> u32 {
        self.burst
    }

    /// Waits until a request may go.
    pub async fn acquire(&self) {
        loop {
            let wait = {
                let mut bucket = self.inner.lock().unwrap_or_else(|p| p.into_inner());
                let now = Instant::now();
                let refill = now.duration_since(bucket.updated).as_secs_f64() * self.per_second;
                bucket.tokens = (bucket.tokens + refill).min(f64::from(self.burst));
                bucket.updated = now;
                if bucket.tokens >= 1.0 {
                    bucket.tokens -= 1.0;
                    return;
                }
                Duration::from_secs_f64((1.0 - bucket.tokens) / self.per_second)
            };
            tokio::time::sleep(wait).await;
        }
    }
}
