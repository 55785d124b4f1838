//! What the workspace's criterion benches share (feature `criterion`): the short sampling of
//! a bench that takes seconds an iteration and whose target is judged by its own interleaved
//! rounds afterwards, and the `main` that runs it as `criterion_group!` and `criterion_main!`
//! would.

use ::criterion::Criterion;
use std::time::Duration;

/// Ten samples over five seconds after a one-second warm-up: enough for criterion's figures
/// of an iteration that takes seconds, and leaves the run time for the rounds that decide
/// the bench's target.
pub fn short_sampling() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .measurement_time(Duration::from_secs(5))
        .warm_up_time(Duration::from_secs(1))
}

/// Runs `benches` with [`short_sampling`] and the command line's settings (`--bench`, a
/// filter), then criterion's closing summary: the `main` of a bench with one target.
pub fn run_short(benches: fn(&mut Criterion)) {
    let mut criterion = short_sampling().configure_from_args();
    benches(&mut criterion);
    criterion.final_summary();
}
