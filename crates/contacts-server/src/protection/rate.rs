//! The request rate per caller: one token bucket per token id (or for anonymous callers),
//! so one busy client cannot starve the others.

use contacts_core::{RateLimit, TokenBucket};
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The longest `Retry-After` the server gives: a rate of 0 never refills, and a client told to
/// come back in an hour can still be let in by a restart with another limit.
const LONGEST_WAIT: Duration = Duration::from_secs(3600);

/// The buckets of every caller seen.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    limit: RateLimit,
    buckets: Mutex<HashMap<String, TokenBucket>>,
}

impl RateLimiter {
    pub(crate) fn new(limit: RateLimit) -> Self {
        Self {
            limit,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request from `caller`'s bucket; `Err` says how long until one is back.
    pub(crate) fn take(&self, caller: &str) -> Result<(), Duration> {
        self.take_at(caller, Instant::now())
    }

    fn take_at(&self, caller: &str, now: Instant) -> Result<(), Duration> {
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        buckets
            .entry(caller.to_owned())
            .or_insert_with(|| TokenBucket::new(self.limit, now))
            .take(now)
            .map_err(|wait| wait.min(LONGEST_WAIT))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(requests_per_second: f64, burst: u32) -> RateLimiter {
        RateLimiter::new(RateLimit {
            requests_per_second,
            burst,
        })
    }

    #[test]
    fn a_burst_then_a_wait_then_one_more() {
        let limiter = limiter(2.0, 3);
        let start = Instant::now();
        for _ in 0..3 {
            assert!(limiter.take_at("tok_1", start).is_ok());
        }
        let wait = limiter.take_at("tok_1", start).unwrap_err();
        assert_eq!(wait, Duration::from_millis(500));
        assert!(
            limiter.take_at("tok_1", start).is_err(),
            "a refused request takes no token and does not reset the caller's bucket"
        );
        assert!(
            limiter.take_at("tok_2", start).is_ok(),
            "another caller has its own bucket"
        );
        assert!(limiter.take_at("tok_1", start + wait).is_ok());
    }

    #[test]
    fn a_rate_of_zero_says_come_back_in_an_hour() {
        let limiter = limiter(0.0, 1);
        let start = Instant::now();
        assert!(limiter.take_at("tok_1", start).is_ok());
        assert_eq!(limiter.take_at("tok_1", start), Err(LONGEST_WAIT));
    }
}
