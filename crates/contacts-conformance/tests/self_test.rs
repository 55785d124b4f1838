//! The suite passes the reference model and catches every broken double with the check meant
//! to catch it.

use contacts_conformance::doubles::{Broken, Flaw};
use contacts_conformance::{CHECKS, Config, Factory, MACRO_CHECKS, Report, Status, run};
use contacts_core::{ContactProvider, InMemoryProvider};

fn config() -> Config {
    Config::default().cases(12).seed(1)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_model_passes_every_check() {
    let factory = Factory::new("memory", || async {
        Ok(Box::new(InMemoryProvider::new()) as Box<dyn ContactProvider>)
    });
    let report = run(&factory, &config()).await;
    assert!(
        report.passed(),
        "{}",
        Report {
            providers: vec![report.clone()]
        }
    );
    assert_eq!(report.checks.len(), CHECKS.len());
    assert!(
        report.checks.iter().all(|c| c.status == Status::Passed),
        "nothing skipped for a provider with every capability"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_broken_double_is_caught_by_its_check() {
    let mut missed = Vec::new();
    for flaw in Flaw::ALL {
        let factory = Factory::new(format!("{flaw:?}"), move || async move {
            Ok(Box::new(Broken::new(flaw)) as Box<dyn ContactProvider>)
        });
        let report = run(&factory, &config().only([flaw.caught_by()])).await;
        let result = report.check(flaw.caught_by()).expect("the check ran");
        if result.status != Status::Failed {
            missed.push(format!("{flaw:?} was not caught by {}", flaw.caught_by()));
        } else {
            assert!(
                result.reason.as_deref().is_some_and(|r| !r.is_empty()),
                "{flaw:?}: a failure explains itself"
            );
        }
    }
    assert!(missed.is_empty(), "{missed:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_state_machine_catches_flaws_too_and_shrinks_them() {
    let factory = Factory::new("patch-ignores-null", || async {
        Ok(Box::new(Broken::new(Flaw::PatchIgnoresNull)) as Box<dyn ContactProvider>)
    });
    let report = run(
        &factory,
        &Config::default().cases(64).seed(3).only(["state_machine"]),
    )
    .await;
    let result = report.check("state_machine").unwrap();
    assert_eq!(result.status, Status::Failed, "{result:?}");
    let case = result.minimal_case.as_deref().unwrap();
    assert!(
        case.contains("seed 3"),
        "the seed to replay is printed: {case}"
    );
    assert!(
        case.contains("Patch"),
        "the minimal sequence holds the patch: {case}"
    );
}

#[test]
fn the_macro_expands_every_check() {
    let names: Vec<&str> = CHECKS.iter().map(|c| c.name).collect();
    assert_eq!(names, MACRO_CHECKS);
}

#[tokio::test]
async fn reports_serialise_and_print_as_a_matrix() {
    let factory = Factory::new("memory", || async {
        Ok(Box::new(InMemoryProvider::new()) as Box<dyn ContactProvider>)
    });
    let broken = Factory::new("broken", || async {
        Ok(Box::new(Broken::new(Flaw::DeleteIsNoop)) as Box<dyn ContactProvider>)
    });
    let only = config().only(["delete_then_not_found", "paging"]);
    let report = Report {
        providers: vec![run(&factory, &only).await, run(&broken, &only).await],
    };
    assert!(!report.passed());
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["providers"][1]["checks"][0]["status"], "failed");
    let table = report.to_string();
    assert!(
        table.contains("delete_then_not_found") && table.contains("FAIL") && table.contains("pass"),
        "{table}"
    );
    assert!(table.contains("broken / delete_then_not_found:"), "{table}");
}
