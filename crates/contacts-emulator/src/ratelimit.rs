//! The server-side token bucket of the Atom emulator.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A server rate limit: `per_second` requests on average, `burst` at once.
///
/// ```
/// use contacts_emulator::RateLimit;
/// assert_eq!(RateLimit::default(), RateLimit { per_second: 10.0, burst: 20 });
/// assert!(RateLimit::unlimited().per_second.is_infinite());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Average requests per second.
    pub per_second: f64,
    /// Requests allowed at once.
    pub burst: u32,
}

impl Default for RateLimit {
    /// 10 requests per second with bursts, as the vendor notes report for Atom (the contacts
    /// document gives no limit), with bursts of 20 (nobody says how large).
    fn default() -> Self {
        Self {
            per_second: 10.0,
            burst: 20,
        }
    }
}

impl RateLimit {
    /// No limit.
    pub fn unlimited() -> Self {
        Self {
            per_second: f64::INFINITY,
            burst: u32::MAX,
        }
    }
}

#[derive(Debug)]
pub(crate) struct Bucket {
    state: Mutex<(RateLimit, f64, Instant)>,
}

impl Bucket {
    pub(crate) fn new(limit: RateLimit) -> Self {
        Self {
            state: Mutex::new((limit, f64::from(limit.burst), Instant::now())),
        }
    }

    pub(crate) fn set(&self, limit: RateLimit) {
        *self.state.lock().unwrap_or_else(|p| p.into_inner()) =
            (limit, f64::from(limit.burst), Instant::now());
    }

    /// Takes a token, or says how long until one is there.
    pub(crate) fn take(&self) -> Result<(), Duration> {
        let mut guard = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let (limit, tokens, updated) = &mut *guard;
        if limit.per_second.is_infinite() {
            return Ok(());
        }
        let now = Instant::now();
        *tokens = (*tokens + now.duration_since(*updated).as_secs_f64() * limit.per_second)
            .min(f64::from(limit.burst.max(1)));
        *updated = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - *tokens) / limit.per_second))
        }
    }
}
