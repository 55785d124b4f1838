//! The arithmetic of a [`RateLimit`], written once for the client that keeps to a vendor's
//! limit (contacts-http) and the server that enforces its own (contacts-server).

use crate::RateLimit;
use std::time::{Duration, Instant};

/// A token bucket for a [`RateLimit`]: it holds at most `burst` tokens (at least 1), starts
/// full, refills at `requests_per_second`, and each request takes one token.
///
/// It reads no clock: every call is given `now`. A client can then wait on tokio's clock (which
/// tests pause and advance), a server can answer 429 with the wait instead of waiting, and a
/// test can step time by hand. It does no locking either; share it behind a mutex.
///
/// A rate of infinity never runs out; a rate that is not positive (0, negative, NaN) never
/// refills, and says so with a wait of [`Duration::MAX`].
///
/// ```
/// use contacts_core::{RateLimit, TokenBucket};
/// use std::time::{Duration, Instant};
///
/// let start = Instant::now();
/// let mut bucket = TokenBucket::new(RateLimit { requests_per_second: 2.0, burst: 3 }, start);
/// for _ in 0..3 {
///     assert_eq!(bucket.take(start), Ok(()), "a burst of 3 goes at once");
/// }
/// assert_eq!(bucket.take(start), Err(Duration::from_millis(500)), "then one every half second");
/// assert_eq!(bucket.take(start + Duration::from_millis(500)), Ok(()));
/// ```
#[derive(Debug, Clone)]
pub struct TokenBucket {
    limit: RateLimit,
    tokens: f64,
    updated: Instant,
}

impl TokenBucket {
    /// A full bucket for `limit`, as of `now`.
    pub fn new(limit: RateLimit, now: Instant) -> Self {
        let mut bucket = Self {
            limit,
            tokens: 0.0,
            updated: now,
        };
        bucket.tokens = bucket.capacity();
        bucket
    }

    /// The limit it keeps.
    pub fn limit(&self) -> RateLimit {
        self.limit
    }

    /// Takes a token as of `now`, or says how long until one is there (no token is taken then).
    /// A `now` earlier than the last call counts as no time passed.
    pub fn take(&mut self, now: Instant) -> Result<(), Duration> {
        let rate = self.limit.requests_per_second;
        if rate == f64::INFINITY {
            return Ok(());
        }
        let refills = rate > 0.0;
        if refills {
            let elapsed = now.saturating_duration_since(self.updated).as_secs_f64();
            self.tokens = (self.tokens + elapsed * rate).min(self.capacity());
        }
        self.updated = self.updated.max(now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else if refills {
            Err(Duration::try_from_secs_f64((1.0 - self.tokens) / rate).unwrap_or(Duration::MAX))
        } else {
            Err(Duration::MAX)
        }
    }

    fn capacity(&self) -> f64 {
        f64::from(self.limit.burst.max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(requests_per_second: f64, burst: u32) -> RateLimit {
        RateLimit {
            requests_per_second,
            burst,
        }
    }

    #[test]
    fn refills_no_further_than_the_burst() {
        let start = Instant::now();
        let mut bucket = TokenBucket::new(limit(10.0, 2), start);
        let later = start + Duration::from_secs(60);
        assert!(bucket.take(later).is_ok());
        assert!(bucket.take(later).is_ok());
        assert_eq!(bucket.take(later), Err(Duration::from_millis(100)));
    }

    #[test]
    fn a_burst_of_zero_still_lets_one_request_go() {
        let start = Instant::now();
        let mut bucket = TokenBucket::new(limit(1.0, 0), start);
        assert!(bucket.take(start).is_ok());
        assert_eq!(bucket.take(start), Err(Duration::from_secs(1)));
    }

    #[test]
    fn infinity_never_runs_out_and_zero_never_refills() {
        let start = Instant::now();
        let mut open = TokenBucket::new(limit(f64::INFINITY, 1), start);
        assert!((0..1000).all(|_| open.take(start).is_ok()));
        for rate in [0.0, -1.0, f64::NAN] {
            let mut closed = TokenBucket::new(limit(rate, 1), start);
            assert!(closed.take(start).is_ok(), "{rate}: the burst goes");
            let much_later = start + Duration::from_secs(86_400);
            assert_eq!(closed.take(much_later), Err(Duration::MAX), "{rate}");
        }
    }

    #[test]
    fn a_tiny_rate_waits_long_without_overflowing() {
        let start = Instant::now();
        let mut bucket = TokenBucket::new(limit(f64::MIN_POSITIVE, 1), start);
        assert!(bucket.take(start).is_ok());
        assert_eq!(bucket.take(start), Err(Duration::MAX));
    }

    #[test]
    fn time_going_backwards_counts_as_none() {
        let start = Instant::now();
        let later = start + Duration::from_secs(1);
        let mut bucket = TokenBucket::new(limit(1.0, 1), later);
        assert!(bucket.take(later).is_ok());
        assert_eq!(bucket.take(start), Err(Duration::from_secs(1)));
        assert!(bucket.take(later + Duration::from_secs(1)).is_ok());
    }
}
