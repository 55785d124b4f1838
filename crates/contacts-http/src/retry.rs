//! When and how long to wait before trying a request again.

use derive_setters::Setters;
use rand::Rng;
use std::time::{Duration, SystemTime};

/// Whether a request may be sent twice without harm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idempotency {
    /// Sending it again has the same effect (GET, PUT, DELETE, a PATCH of absolute values, a
    /// read that the vendor spells as POST).
    Idempotent,
    /// It may create something each time it reaches the server (a POST that creates). It is
    /// re-sent only when the server did not act on it: the connection was refused before
    /// anything was sent, or the server answered 429 (Too Many Requests) or 503 (Service
    /// Unavailable), which both mean the request was not handled. A 500, 502, 504 or a broken
    /// connection may come after the work was done, so those are never re-sent.
    NotIdempotent,
}

/// The retry policy of a client: exponential backoff with full jitter, a maximum number of
/// attempts and a total time budget. `Retry-After` (seconds or an HTTP date) replaces the
/// backoff when the server sends it, as long as it fits in the budget.
///
/// ```
/// use contacts_http::RetryPolicy;
/// use std::time::Duration;
/// let policy = RetryPolicy::default().max_attempts(5).budget(Duration::from_secs(10));
/// assert_eq!(policy.attempts(), 5);
/// assert_eq!(RetryPolicy::disabled().attempts(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Setters)]
#[setters(generate = false)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    /// Sets the total time all attempts and waits may take.
    #[setters(generate)]
    budget: Duration,
    extra_statuses: Vec<u16>,
}

impl Default for RetryPolicy {
    /// 4 attempts, backoff from 200 ms doubling up to 5 s, 60 s in all.
    fn default() -> Self {
        Self {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            budget: Duration::from_secs(60),
            extra_statuses: Vec::new(),
        }
    }
}

/// HTTP statuses that say "try again later": 408, 423 (WebDAV's Locked: a CardDAV server
/// such as Xandikos answers it to a write while another write to the collection runs), 429,
/// 502, 503, 504.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 423 | 429 | 502 | 503 | 504)
}

impl RetryPolicy {
    /// Never retry: every request is sent once.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Sets the most attempts, the first included (at least 1).
    #[must_use]
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the first backoff; each next one doubles, up to `max`.
    #[must_use]
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// Also retries idempotent requests answered with `status` (e.g. a vendor that documents 500
    /// as its transient "server error").
    #[must_use]
    pub fn retry_on_status(mut self, status: u16) -> Self {
        if !self.extra_statuses.contains(&status) {
            self.extra_statuses.push(status);
        }
        self
    }

    /// Whether an answer with `status` may be retried (for idempotent requests; a 429 always).
    pub fn retries_status(&self, status: u16) -> bool {
        is_retryable_status(status) || self.extra_statuses.contains(&status)
    }

    /// The most attempts.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The total time budget.
    pub fn total_budget(&self) -> Duration {
        self.budget
    }

    /// How long to wait before attempt `attempt + 1`, or `None` to give up. `retry_after` is
    /// what the server asked for; `elapsed` is the time spent since the first attempt.
    pub fn delay(
        &self,
        attempt: u32,
        elapsed: Duration,
        retry_after: Option<Duration>,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let wait = match retry_after {
            Some(asked) => asked,
            None => {
                let exp = self
                    .initial_backoff
                    .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)))
                    .min(self.max_backoff);
                // Full jitter spreads clients that failed together.
                let nanos = u64::try_from(exp.as_nanos()).unwrap_or(u64::MAX);
                Duration::from_nanos(rand::thread_rng().gen_range(nanos / 2..=nanos.max(1)))
            }
        };
        // A server may ask for any wait (`Retry-After: 18446744073709551615`): saturate.
        (elapsed.saturating_add(wait) <= self.budget).then_some(wait)
    }
}

/// Reads a `Retry-After` value: delay-seconds or an HTTP date. Unreadable values are ignored;
/// a wait longer than a `Duration` holds is the longest one (the server asked not to come back).
///
/// ```
/// use contacts_http::parse_retry_after;
/// use std::time::Duration;
/// assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
/// assert_eq!(parse_retry_after("soon"), None);
/// assert_eq!(parse_retry_after("1e30"), Some(Duration::MAX));
/// let later = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(30));
/// assert!(parse_retry_after(&later).unwrap() > Duration::from_secs(25));
/// ```
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = value.parse::<f64>()
        && secs >= 0.0
    {
        return Some(Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_wait_a_server_asks_for_is_read_without_a_panic() {
        // Found by `fuzz/` (http_answers): a number past u64 panicked in `from_secs_f64`.
        for huge in ["8888888888888888888888888", "1e400", "1.9e19", "inf"] {
            assert_eq!(parse_retry_after(huge), Some(Duration::MAX), "{huge}");
        }
        assert_eq!(
            parse_retry_after("18446744073709551615"),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("NaN"), None);
        assert_eq!(parse_retry_after("-inf"), None);
        assert_eq!(parse_retry_after("0.25"), Some(Duration::from_millis(250)));
        // Such a wait is past any budget: given up, not added up (which overflowed).
        let p = RetryPolicy::default();
        for asked in [Duration::MAX, Duration::from_secs(u64::MAX)] {
            assert_eq!(p.delay(1, Duration::from_secs(1), Some(asked)), None);
        }
    }

    #[test]
    fn the_default_backoff_doubles_from_200_ms_jittered_between_half_and_the_whole_step() {
        let p = RetryPolicy::default();
        assert_eq!(
            (p.attempts(), p.total_budget()),
            (4, Duration::from_secs(60))
        );
        // The wait before the fourth and last attempt: a step of 200 ms doubled twice.
        let step = Duration::from_millis(800);
        for _ in 0..200 {
            let third = p.delay(3, Duration::ZERO, None).unwrap();
            assert!((step / 2..=step).contains(&third), "{third:?}");
        }
    }

    #[test]
    fn gives_up_after_attempts_and_budget() {
        let p = RetryPolicy::default()
            .max_attempts(3)
            .backoff(Duration::from_millis(10), Duration::from_millis(40))
            .budget(Duration::from_secs(1));
        assert!(p.delay(1, Duration::ZERO, None).unwrap() <= Duration::from_millis(10));
        assert!(p.delay(2, Duration::ZERO, None).unwrap() <= Duration::from_millis(20));
        assert_eq!(p.delay(3, Duration::ZERO, None), None, "attempts exhausted");
        assert_eq!(
            p.delay(1, Duration::ZERO, Some(Duration::from_secs(2))),
            None,
            "a Retry-After beyond the budget is not waited for"
        );
        assert_eq!(
            p.delay(1, Duration::ZERO, Some(Duration::from_millis(300))),
            Some(Duration::from_millis(300))
        );
    }
}
