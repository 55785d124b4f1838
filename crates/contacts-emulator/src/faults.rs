//! Fault injection: errors, latency, 429 bursts and dropped connections, deterministic from a
//! seed so a failing test can be replayed.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::sync::Mutex;
use std::time::Duration;

/// When an injected server error happens relative to the work.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FaultPhase {
    /// The request is refused before anything changes.
    #[default]
    Before,
    /// The work is done (e.g. the contact is stored), then the answer is an error: the case
    /// that makes blind retries create duplicates.
    After,
    /// Each injected error picks one of the two at random.
    Either,
}

/// Faults a server injects. All fractions are of requests, drawn independently per request in
/// arrival order from an RNG seeded with `seed`.
///
/// ```
/// use contacts_emulator::FaultConfig;
/// use std::time::Duration;
/// let faults = FaultConfig { error_rate: 0.1, latency: Duration::from_millis(5), ..FaultConfig::seeded(7) };
/// assert!(faults.is_active());
/// assert!(!FaultConfig::none().is_active());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FaultConfig {
    /// Seed of the RNG that decides which requests fail.
    pub seed: u64,
    /// Fraction answered with a server error: 500, 502 or 503 before the work, 500, 502 or 504
    /// after it (503 always means the request was not handled).
    pub error_rate: f64,
    /// When those errors happen.
    pub error_phase: FaultPhase,
    /// One status for every injected error instead of the mix (e.g. 503 before the work, or
    /// 504 after it).
    pub error_status: Option<u16>,
    /// Latency added to every request.
    pub latency: Duration,
    /// Fraction answered 429 with `Retry-After: retry_after_secs`.
    pub rate_limit_rate: f64,
    /// The `Retry-After` of injected 429s, in whole seconds.
    pub retry_after_secs: u64,
    /// Fraction whose connection is dropped before a complete response.
    pub drop_rate: f64,
}

impl Default for FaultConfig {
    fn default() -> Self {
        Self::none()
    }
}

impl FaultConfig {
    /// No faults.
    pub fn none() -> Self {
        Self::seeded(0)
    }

    /// No faults yet, with this seed; set the fields you want.
    pub fn seeded(seed: u64) -> Self {
        Self {
            seed,
            error_rate: 0.0,
            error_phase: FaultPhase::Before,
            error_status: None,
            latency: Duration::ZERO,
            rate_limit_rate: 0.0,
            retry_after_secs: 1,
            drop_rate: 0.0,
        }
    }

    /// Whether any fault is configured.
    pub fn is_active(&self) -> bool {
        self.error_rate > 0.0
            || self.rate_limit_rate > 0.0
            || self.drop_rate > 0.0
            || !self.latency.is_zero()
    }
}

/// What happens to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// Served normally.
    None,
    /// Answered with this 5xx status before the work.
    ErrorBefore(u16),
    /// Answered with this 5xx status after the work.
    ErrorAfter(u16),
    /// Answered 429.
    RateLimited(u64),
    /// Connection dropped.
    Drop,
}

/// The seeded decision maker behind a server.
#[derive(Debug)]
pub(crate) struct FaultInjector {
    state: Mutex<(FaultConfig, StdRng)>,
}

impl FaultInjector {
    pub(crate) fn new(config: FaultConfig) -> Self {
        let rng = StdRng::seed_from_u64(config.seed);
        Self {
            state: Mutex::new((config, rng)),
        }
    }

    pub(crate) fn set(&self, config: FaultConfig) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.1 = StdRng::seed_from_u64(config.seed);
        state.0 = config;
    }

    /// Decides the fate of the next request and the latency to add.
    pub(crate) fn decide(&self) -> (Fault, Duration) {
        let mut guard = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let (config, rng) = &mut *guard;
        if !config.is_active() {
            return (Fault::None, Duration::ZERO);
        }
        let roll: f64 = rng.r#gen();
        let latency = config.latency;
        let mut edge = config.drop_rate;
        if roll < edge {
            return (Fault::Drop, latency);
        }
        edge += config.rate_limit_rate;
        if roll < edge {
            return (Fault::RateLimited(config.retry_after_secs), latency);
        }
        edge += config.error_rate;
        if roll < edge {
            let after = match config.error_phase {
                FaultPhase::Before => false,
                FaultPhase::After => true,
                FaultPhase::Either => rng.r#gen(),
            };
            // 503 means "not handled", so it only ever comes before the work; after the work
            // the answer is one that leaves the client unsure (500, 502, 504).
            let statuses = if after {
                [500, 502, 504]
            } else {
                [500, 502, 503]
            };
            let mixed = statuses[rng.gen_range(0..3)];
            let status = config.error_status.unwrap_or(mixed);
            let fault = if after {
                Fault::ErrorAfter(status)
            } else {
                Fault::ErrorBefore(status)
            };
            return (fault, latency);
        }
        (Fault::None, latency)
    }
}
