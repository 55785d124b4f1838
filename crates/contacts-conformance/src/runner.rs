//! Running checks and collecting a report.

use crate::checks::{CHECKS, Check, Ctx, find};
use crate::report::{CheckResult, ProviderReport, Status};
use crate::tally::Tally;
use crate::{Config, Factory, Outcome};
use contacts_core::{Capabilities, ContactProvider};
use std::sync::Arc;
use std::time::Instant;

/// What running one check produced, before it is folded into a report.
struct Attempt {
    result: CheckResult,
    capabilities: Option<Capabilities>,
    /// Why the factory could not make a provider.
    setup: Option<String>,
    /// Why the factory's teardown failed.
    teardown: Option<String>,
}

fn result(name: &str, outcome: Outcome, started: Instant, tally: &Tally) -> CheckResult {
    let (cases, steps) = tally.counts();
    let (status, reason, minimal_case) = match outcome {
        Outcome::Passed => (Status::Passed, None, None),
        Outcome::Skipped(reason) => (Status::Skipped, Some(reason), None),
        Outcome::Failed { reason, case } => (Status::Failed, Some(reason), case),
    };
    CheckResult {
        name: name.to_owned(),
        status,
        reason,
        minimal_case,
        duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        cases,
        steps,
    }
}

async fn attempt(factory: &Factory, check: &Check, config: &Config) -> Attempt {
    let started = Instant::now();
    let tally = Tally::default();
    let provider: Arc<dyn ContactProvider> = match factory.fresh().await {
        Ok(provider) => Arc::from(provider),
        Err(e) => {
            let why = format!("the factory could not make a provider: {e}");
            let outcome = Outcome::Failed {
                reason: why.clone(),
                case: None,
            };
            return Attempt {
                result: result(check.name, outcome, started, &tally),
                capabilities: None,
                setup: Some(why),
                teardown: None,
            };
        }
    };
    let capabilities = Some(provider.capabilities().clone());
    let run = (check.run)(Ctx::new(
        Arc::clone(&provider),
        config.clone(),
        factory.clone(),
        tally.clone(),
    ));
    // A panicking provider fails its check instead of ending the suite.
    let outcome = tokio::spawn(run).await.unwrap_or_else(|e| Outcome::Failed {
        reason: format!("the provider panicked: {e}"),
        case: None,
    });
    let teardown = factory.clean(provider).await.err().map(|e| e.to_string());
    Attempt {
        result: result(check.name, outcome, started, &tally),
        capabilities,
        setup: None,
        teardown,
    }
}

/// Runs one check on a fresh provider from `factory`, then the factory's teardown. A setup or
/// teardown that fails makes the check fail, saying so.
pub async fn run_check(factory: &Factory, check: &Check, config: &Config) -> CheckResult {
    let attempt = attempt(factory, check, config).await;
    let mut result = attempt.result;
    if let Some(why) = attempt.teardown {
        result.status = Status::Failed;
        let before = result.reason.map(|r| format!("{r}; ")).unwrap_or_default();
        result.reason = Some(format!("{before}teardown failed: {why}"));
    }
    result
}

/// Runs every selected check against providers from `factory`, each followed by the factory's
/// teardown. When the factory cannot make a provider, or its teardown fails, that is reported
/// as a failed `setup` or `teardown` result, and the checks after it are skipped: they would
/// not start from a clean provider.
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use contacts_conformance::{Config, Factory, run};
/// use contacts_core::{ContactProvider, InMemoryProvider};
/// let factory = Factory::new("memory", || async {
///     Ok(Box::new(InMemoryProvider::new()) as Box<dyn ContactProvider>)
/// });
/// let report = run(&factory, &Config::default().cases(4).only(["paging", "filters"])).await;
/// assert!(report.passed(), "{:?}", report.failures());
/// assert_eq!(report.checks.len(), 2);
/// assert!(report.capabilities.is_some());
/// # });
/// ```
pub async fn run(factory: &Factory, config: &Config) -> ProviderReport {
    run_with_progress(factory, config, &mut |_, _| {}).await
}

/// [`run`], calling `progress(done, total)` after each check, so a tool can show how far a
/// run that takes minutes has got.
pub async fn run_with_progress(
    factory: &Factory,
    config: &Config,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> ProviderReport {
    let selected: Vec<&Check> = CHECKS.iter().filter(|c| config.selects(c.name)).collect();
    let mut report = ProviderReport {
        provider: factory.name().to_owned(),
        mode: config.mode().to_owned(),
        capabilities: None,
        checks: Vec::new(),
    };
    for (index, check) in selected.iter().enumerate() {
        let attempt = attempt(factory, check, config).await;
        progress(index + 1, selected.len());
        report.capabilities = report.capabilities.take().or(attempt.capabilities);
        let (stage, why, not_run) = match (attempt.setup, attempt.teardown) {
            (Some(why), _) => ("setup", why, &selected[index..]),
            (None, teardown) => {
                report.checks.push(attempt.result);
                match teardown {
                    Some(why) => ("teardown", why, &selected[index + 1..]),
                    None => continue,
                }
            }
        };
        report.checks.push(CheckResult {
            name: stage.to_owned(),
            status: Status::Failed,
            reason: Some(why),
            minimal_case: None,
            duration_ms: 0,
            cases: 0,
            steps: 0,
        });
        report.checks.extend(not_run.iter().map(|c| CheckResult {
            name: c.name.to_owned(),
            status: Status::Skipped,
            reason: Some(format!("not run: the {stage} before it failed")),
            minimal_case: None,
            duration_ms: 0,
            cases: 0,
            steps: 0,
        }));
        break;
    }
    report
}

/// Runs the check called `name` and panics with its reason and minimal case if it fails: what
/// the tests generated by [`conformance_tests!`](crate::conformance_tests) call.
pub async fn assert_check(factory: &Factory, name: &str, config: &Config) {
    let check = find(name).unwrap_or_else(|| panic!("no conformance check is called {name:?}"));
    let result = run_check(factory, check, config).await;
    match result.status {
        Status::Passed => {}
        Status::Skipped | Status::ExpectedFail => {
            eprintln!("{name} skipped: {}", result.reason.unwrap_or_default());
        }
        Status::Failed | Status::Fixed => panic!(
            "{} fails {name}: {}\nminimal case: {}",
            factory.name(),
            result.reason.unwrap_or_default(),
            result.minimal_case.unwrap_or_else(|| "-".into())
        ),
    }
}
