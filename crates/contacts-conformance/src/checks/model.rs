//! The state machine: generated sequences of every declared operation, compared step by
//! step with the reference model (see [`crate::oracle`]). In certification mode it runs
//! round after round of new sequences until the time budget is spent.

use super::Ctx;
use crate::oracle::{run_sequence, sequences};
use crate::property::for_all;
use crate::{Config, Outcome};
use std::time::Instant;

/// Operations per sequence: the default keeps `cargo test` quick; certification goes longer.
fn steps(config: &Config) -> usize {
    if config.thorough { 40 } else { 24 }
}

pub(crate) async fn state_machine(cx: Ctx) -> Outcome {
    let caps = cx.caps().clone();
    let factory = cx.factory().clone();
    let config = cx.config().clone();
    let mut runs = cx.runs();
    // Sequences find what single operations cannot: twice the cases of the other checks.
    runs.cases = runs.cases.saturating_mul(2);
    // The sequences run on providers of their own; this one is not needed.
    drop(cx);
    let started = Instant::now();
    loop {
        let (factory, caps, tally) = (factory.clone(), caps.clone(), runs.tally.clone());
        let outcome = for_all(
            sequences(&caps, steps(&config)),
            runs.clone(),
            move |sequence| {
                let (factory, caps, tally) = (factory.clone(), caps.clone(), tally.clone());
                async move {
                    let ran = run_sequence(&factory, &caps, &sequence).await;
                    tally.steps(*ran.as_ref().unwrap_or(&0));
                    ran.map(drop)
                }
            },
        )
        .await;
        let more = config.thorough && started.elapsed() < config.state_machine_budget();
        if outcome != Outcome::Passed || !more {
            return outcome;
        }
        runs.seed = runs.seed.wrapping_add(1);
    }
}
