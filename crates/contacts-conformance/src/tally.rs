//! How much a check ran: generated cases and state-machine steps, counted as they run so a
//! report can say how hard a provider was tried.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Counters shared by one check's cases (clones count together).
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    cases: Arc<AtomicU64>,
    steps: Arc<AtomicU64>,
}

impl Tally {
    /// One more generated case ran (shrinking runs count too: each is a case run).
    pub(crate) fn case(&self) {
        self.cases.fetch_add(1, Ordering::Relaxed);
    }

    /// `n` more operations of a sequence ran.
    pub(crate) fn steps(&self, n: u64) {
        self.steps.fetch_add(n, Ordering::Relaxed);
    }

    /// (cases, steps) so far.
    pub(crate) fn counts(&self) -> (u64, u64) {
        (
            self.cases.load(Ordering::Relaxed),
            self.steps.load(Ordering::Relaxed),
        )
    }
}

/// What a property check runs with: how many cases, from which seed, counted where.
#[derive(Debug, Clone)]
pub(crate) struct Runs {
    pub(crate) cases: u32,
    pub(crate) seed: u64,
    pub(crate) tally: Tally,
}
