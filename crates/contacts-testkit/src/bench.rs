//! What the workspace's one-shot benches (their own `main`, not criterion's sampling) share:
//! whether this run measures at all, the sizes a run takes from the environment, and the
//! listing whose peak memory or time they measure.
//!
//! `cargo test --benches` runs every bench binary without `--bench`: [`measuring`] keeps that
//! run quick, so a bench is built and started by the tests but measures only under
//! `cargo bench`.

use contacts_core::{ContactProvider, ContactProviderExt, ContactQuery};
use futures::TryStreamExt;

/// Whether this run measures: `cargo bench` passes `--bench`. Otherwise (a `cargo test
/// --benches` run) it prints how to measure `name` and the bench should return at once.
pub fn measuring(name: &str) -> bool {
    let measuring = std::env::args().any(|a| a == "--bench");
    if !measuring {
        println!("{name}: run with `cargo bench` to measure");
    }
    measuring
}

/// The whole number in the environment variable `var`, or `default` when it is unset or not
/// a whole number: how a run is made larger or shorter without editing the bench.
pub fn env_count(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Lists every contact of `provider` in pages of 1000, holding none after it is counted
/// (each is passed to [`std::hint::black_box`] and dropped), and returns how many there were:
/// the listing a memory bench measures, so its peak is the provider's and not the bench's.
pub async fn count_listing(provider: &dyn ContactProvider) -> usize {
    provider
        .list(ContactQuery::new().page_size(1000))
        .try_fold(0usize, |seen, c| async move {
            std::hint::black_box(&c);
            Ok(seen + 1)
        })
        .await
        .expect("every page of the listing")
}

/// The median of `samples` (the upper one of an even count), which it sorts: what a bench
/// of interleaved rounds reports, so that one slow round (a busy machine) does not decide it.
/// Panics on no samples, which is a bench that measured nothing.
pub fn median(samples: &mut [f64]) -> f64 {
    assert!(!samples.is_empty(), "a median of no samples");
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// How a bench's report line ends: whether the measurement `meets` its target or `MISSES`
/// it, in capitals so a miss stands out in a long log.
pub fn verdict(meets: bool) -> &'static str {
    if meets { "meets" } else { "MISSES" }
}
