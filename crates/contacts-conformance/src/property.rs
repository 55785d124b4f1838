//! Running an async check over proptest-generated inputs, with shrinking.

use crate::Outcome;
use crate::case_line::CaseLine;
use crate::tally::Runs;
use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use std::fmt::Debug;
use std::future::Future;

/// Runs `check` on `cases` inputs drawn from `strategy` with a seeded RNG. On failure proptest
/// shrinks the input; the outcome carries the minimal input, written as a [`CaseLine`], and the seed
/// that replays it.
///
/// The runner is synchronous, so it runs on a blocking thread and drives each async case on
/// the current Tokio runtime.
pub(crate) async fn for_all<S, F, Fut>(strategy: S, runs: Runs, check: F) -> Outcome
where
    S: Strategy + Send + 'static,
    S::Value: CaseLine + Debug + Clone + Send,
    F: Fn(S::Value) -> Fut + Send + 'static,
    Fut: Future<Output = Result<(), String>>,
{
    let Runs { cases, seed, tally } = runs;
    let handle = tokio::runtime::Handle::current();
    let joined = tokio::task::spawn_blocking(move || {
        let config = Config {
            cases,
            failure_persistence: None,
            // Shrinking a remote provider costs requests; a bounded number of steps is plenty.
            max_shrink_iters: 64,
            // A provider that hangs until a deadline would make each shrink step as slow.
            max_shrink_time: 20_000,
            ..Config::default()
        };
        let mut seed_bytes = [0u8; 32];
        seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
        let mut runner = TestRunner::new_with_rng(
            config,
            TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes),
        );
        let result = runner.run(&strategy, |value| {
            tally.case();
            handle.block_on(check(value)).map_err(TestCaseError::fail)
        });
        match result {
            Ok(()) => Outcome::Passed,
            Err(TestError::Fail(reason, minimal)) => Outcome::Failed {
                reason: reason.to_string(),
                case: Some(format!(
                    "{} (seed {seed}; replay with CONTACTS_CONFORMANCE_SEED={seed})",
                    minimal.case_line()
                )),
            },
            Err(TestError::Abort(reason)) => Outcome::Failed {
                reason: format!("aborted: {reason}"),
                case: None,
            },
        }
    })
    .await;
    joined.unwrap_or_else(|e| Outcome::Failed {
        reason: format!("the check panicked: {e}"),
        case: None,
    })
}
