//! The suite passes the reference model and catches every broken double with the check meant
//! to catch it.

use contacts_conformance::doubles::{Broken, Conditional, FeedFlaw, Flaw, Subtle};
use contacts_conformance::{CHECKS, Config, Factory, ProviderReport, Report, Status, run, wipe};
use contacts_core::{Capabilities, ContactProvider, InMemoryProvider, KeySupport, NewContact};
use std::collections::BTreeSet;

fn config() -> Config {
    Config::default().cases(12).seed(1)
}

fn memory(caps: Capabilities) -> Factory {
    Factory::new("memory", move || {
        let caps = caps.clone();
        async move {
            Ok(Box::new(InMemoryProvider::with_capabilities(caps)) as Box<dyn ContactProvider>)
        }
    })
}

/// A double, unlayered: the `CheckedLayer` would mask flaws about undeclared operations.
fn double(flaw: Flaw) -> Factory {
    Factory::bare(format!("{flaw:?}"), move || async move {
        Ok(Box::new(Broken::new(flaw)) as Box<dyn ContactProvider>)
    })
}

fn table(report: &ProviderReport) -> Report {
    Report {
        providers: vec![report.clone()],
        ..Report::default()
    }
}

/// The names of the checks that ended with `status`.
fn with_status(report: &ProviderReport, status: Status) -> BTreeSet<&str> {
    report
        .checks
        .iter()
        .filter(|c| c.status == status)
        .map(|c| c.name.as_str())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_model_passes_every_check() {
    let mut caps = Capabilities::full();
    caps.label_admin = true;
    caps.account_summary = true;
    caps.change_feed = true;
    let report = run(&memory(caps), &config()).await;
    assert!(report.passed(), "{}", table(&report));
    assert_eq!(report.checks.len(), CHECKS.len());
    // With every capability declared, only the checks of what is *not* declared have nothing
    // to check; each says why.
    let skipped = with_status(&report, Status::Skipped);
    let undeclared_only = [
        "filters_declared",
        "order_declared",
        "patch_declared",
        "replace_declared",
        "fixed_keys_enforced",
        "blocklist",
        "address_book_admin",
        "background_import",
        "card_refused_by_flat_provider",
    ];
    assert_eq!(
        skipped,
        BTreeSet::from(undeclared_only),
        "{}",
        table(&report)
    );
    for check in report.checks.iter().filter(|c| c.status == Status::Skipped) {
        assert!(
            check.reason.as_deref().is_some_and(|r| !r.is_empty()),
            "{} says why it is skipped",
            check.name
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reference_model_declaring_little_passes_the_undeclared_halves() {
    let mut caps = Capabilities::default();
    caps.keys = KeySupport::Fixed {
        keys: vec!["phoneNumber".into(), "firstName".into()],
    };
    let report = run(&memory(caps), &config()).await;
    assert!(report.passed(), "{}", table(&report));
    let passed = with_status(&report, Status::Passed);
    for check in [
        "labels_declared",
        "metadata_declared",
        "filters_declared",
        "order_declared",
        "patch_declared",
        "replace_declared",
        "fixed_keys_enforced",
        "mass_delete_declared",
        "card_refused_by_flat_provider",
    ] {
        assert!(
            passed.contains(check),
            "{check} ran and passed: {}",
            table(&report)
        );
    }
}

#[test]
fn check_names_are_unique_and_each_is_caught_by_a_double() {
    let names: Vec<&str> = CHECKS.iter().map(|c| c.name).collect();
    let unique: BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(
        unique.len(),
        names.len(),
        "duplicate check names in {names:?}"
    );
    for name in &names {
        let flaws = Flaw::ALL.iter().filter(|f| f.caught_by() == *name).count();
        let subtle = Subtle::ALL
            .iter()
            .filter(|f| f.caught_by() == *name)
            .count()
            + FeedFlaw::ALL
                .iter()
                .filter(|f| f.caught_by() == *name)
                .count();
        assert!(
            flaws <= 1,
            "{name} is the check of {flaws} broken doubles, expected one at most"
        );
        assert!(
            flaws + subtle >= 1,
            "{name} is the check of no double: nothing proves it can fail"
        );
    }
    let named = Flaw::ALL
        .iter()
        .map(|f| f.caught_by())
        .chain(Subtle::ALL.iter().map(|f| f.caught_by()))
        .chain(FeedFlaw::ALL.iter().map(|f| f.caught_by()));
    for check in named {
        assert!(
            unique.contains(check),
            "a double names {check:?}, which is not a check"
        );
    }
    assert!(
        Subtle::ALL.len() >= 20,
        "at least 20 conditional doubles, {} today",
        Subtle::ALL.len()
    );
}

/// A conditional double, unlayered, like [`double`].
fn conditional(flaw: Subtle) -> Factory {
    Factory::bare(format!("{flaw:?}"), move || async move {
        Ok(Box::new(Conditional::new(flaw)) as Box<dyn ContactProvider>)
    })
}

/// Each conditional double fails its own check, and no other check but the state machine,
/// whose oracle compares everything observable and so may catch it too: the suite catches it,
/// and only where it should.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_conditional_double_fails_exactly_its_check() {
    let mut wrong = Vec::new();
    for &flaw in Subtle::ALL {
        let report = run(&conditional(flaw), &config()).await;
        let mut failed = with_status(&report, Status::Failed);
        if flaw.caught_by() != "state_machine" {
            failed.remove("state_machine");
        }
        if failed != BTreeSet::from([flaw.caught_by()]) {
            wrong.push(format!(
                "{flaw:?} should fail only {}, failed {failed:?}",
                flaw.caught_by()
            ));
        }
        let own = report.check(flaw.caught_by()).expect("the check ran");
        assert!(
            own.status != Status::Failed || own.reason.as_deref().is_some_and(|r| !r.is_empty()),
            "{flaw:?}: a failure explains itself"
        );
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_broken_double_is_caught_by_its_check() {
    let mut missed = Vec::new();
    for &flaw in Flaw::ALL {
        let report = run(&double(flaw), &config().only([flaw.caught_by()])).await;
        let result = report.check(flaw.caught_by()).expect("the check ran");
        if result.status != Status::Failed {
            missed.push(format!(
                "{flaw:?} was not caught by {}: {:?} {:?}",
                flaw.caught_by(),
                result.status,
                result.reason
            ));
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
async fn only_the_state_machine_catches_the_second_update_and_shrinks_it() {
    let flaw = Flaw::EverySecondUpdateIgnored;
    let single = config().only([
        "patch_three_states",
        "label_add_remove",
        "ids_stable_on_update",
    ]);
    let report = run(&double(flaw), &single).await;
    assert!(
        report.passed(),
        "single updates are right: {}",
        table(&report)
    );

    let only = Config::default().cases(64).seed(3).only(["state_machine"]);
    let report = run(&double(flaw), &only).await;
    let result = report.check("state_machine").unwrap();
    assert_eq!(result.status, Status::Failed, "{result:?}");
    let case = result.minimal_case.as_deref().unwrap();
    assert!(
        case.contains("CONTACTS_CONFORMANCE_SEED=3"),
        "the seed to replay is printed: {case}"
    );
    assert!(
        case.matches("patch Live").count() >= 2,
        "the minimal sequence holds the two patches: {case}"
    );
    assert!(
        case.len() < 600 && !case.contains("NewContact {"),
        "the minimal case is a short list of steps, not a dump: {case}"
    );
}

/// The exported list drives a callback from another crate, entry for entry with [`CHECKS`]:
/// what `conformance_tests!` relies on to generate one test per check.
#[test]
fn the_list_expands_in_other_crates_into_every_check() {
    macro_rules! names {
        (($tag:literal) $($name:ident => $module:ident :: $function:ident, $description:literal;)*) => {
            [$(($tag, stringify!($name), $description)),*]
        };
    }
    let listed = contacts_conformance::__for_each_check!(("list") names);
    let checks: Vec<(&str, &str, &str)> = CHECKS
        .iter()
        .map(|c| ("list", c.name, c.description))
        .collect();
    assert_eq!(listed.to_vec(), checks);
}

#[tokio::test]
async fn reports_serialise_and_print_as_a_matrix() {
    let only = config().only(["delete_then_not_found", "paging"]);
    let report = Report {
        providers: vec![
            run(&memory(Capabilities::full()), &only).await,
            run(&double(Flaw::DeleteIsNoop), &only).await,
        ],
        ..Report::default()
    };
    assert!(!report.passed());
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["providers"][1]["checks"][0]["status"], "failed");
    let table = report.to_string();
    assert!(
        table.contains("delete_then_not_found") && table.contains("FAIL") && table.contains("pass"),
        "{table}"
    );
    assert!(
        table.contains("DeleteIsNoop / delete_then_not_found (FAIL):"),
        "{table}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wipe_that_leaves_contacts_is_a_failed_setup_and_the_rest_is_not_run() {
    // An account whose mass delete does nothing: wiping it cannot empty it.
    let account = Broken::new(Flaw::MassDeleteIsNoop);
    account
        .create(&[NewContact::new().property("phoneNumber", "+46700000001")])
        .await
        .unwrap();
    let factory = Factory::bare("leaky", move || {
        let account = account.clone();
        async move {
            wipe(&account).await?;
            Ok(Box::new(account) as Box<dyn ContactProvider>)
        }
    });
    let report = run(&factory, &config().only(["paging", "filters"])).await;
    assert!(!report.passed());
    let setup = report
        .check("setup")
        .expect("setup is reported under its own name");
    assert_eq!(setup.status, Status::Failed);
    assert!(
        setup.reason.as_deref().unwrap().contains("still listed"),
        "{setup:?}"
    );
    for name in ["paging", "filters"] {
        let check = report.check(name).unwrap();
        assert_eq!(check.status, Status::Skipped, "{check:?}");
        assert!(
            check.reason.as_deref().unwrap().contains("setup"),
            "{check:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_teardown_is_reported_and_ends_the_run() {
    let factory = memory(Capabilities::full()).teardown(|_provider| async {
        Err(contacts_core::Error::Unavailable {
            message: "the book could not be deleted".into(),
            retry_after: None,
        })
    });
    let report = run(&factory, &config().only(["paging", "filters"])).await;
    let names: Vec<(&str, Status)> = report
        .checks
        .iter()
        .map(|c| (c.name.as_str(), c.status))
        .collect();
    assert_eq!(
        names,
        [
            ("paging", Status::Passed),
            ("teardown", Status::Failed),
            ("filters", Status::Skipped)
        ]
    );
    assert!(
        report
            .check("teardown")
            .unwrap()
            .reason
            .as_deref()
            .unwrap()
            .contains("could not be deleted")
    );
}

/// The default number of cases is enough: every conditional double is caught by its check
/// under ten different seeds, not only under the seed the other tests use.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_default_case_count_catches_every_conditional_double_under_any_seed() {
    let mut missed = Vec::new();
    for &flaw in Subtle::ALL {
        for seed in 1..=10 {
            let config = Config::default().seed(seed).only([flaw.caught_by()]);
            let report = run(&conditional(flaw), &config).await;
            if report.check(flaw.caught_by()).map(|c| c.status) != Some(Status::Failed) {
                missed.push(format!(
                    "{flaw:?} escaped {} with seed {seed}",
                    flaw.caught_by()
                ));
            }
        }
    }
    assert!(missed.is_empty(), "{missed:#?}");
}
