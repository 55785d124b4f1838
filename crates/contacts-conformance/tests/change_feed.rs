//! The change-feed checks: the reference model passes them, each flawed feed fails the check
//! meant for it with a message naming what it listed, and a feed that is declared but not
//! offered fails while an undeclared one is skipped.

use contacts_conformance::doubles::{FeedFlaw, FlawedFeed};
use contacts_conformance::{CHECKS, Config, Factory, ProviderReport, Report, Status, run};
use contacts_core::{Capabilities, ContactProvider, InMemoryProvider};
use contacts_testkit::Watched;

/// Every check of the change feed, by its name.
fn feed_checks() -> Vec<&'static str> {
    CHECKS
        .iter()
        .map(|c| c.name)
        .filter(|name| name.starts_with("change_feed_"))
        .collect()
}

fn config() -> Config {
    Config::default().cases(4).seed(1).only(feed_checks())
}

fn table(report: &ProviderReport) -> Report {
    Report {
        providers: vec![report.clone()],
        ..Report::default()
    }
}

fn flawed(flaw: FeedFlaw) -> Factory {
    Factory::bare(format!("{flaw:?}"), move || async move {
        Ok(Box::new(FlawedFeed::new(flaw)) as Box<dyn ContactProvider>)
    })
}

/// The reason `check` failed for `flaw`, or why it did not fail.
async fn failure(flaw: FeedFlaw, check: &str) -> std::result::Result<String, String> {
    let report = run(&flawed(flaw), &Config::default().only([check])).await;
    let result = report.check(check).expect("the check ran");
    match (result.status, result.reason.clone()) {
        (Status::Failed, Some(reason)) if !reason.is_empty() => Ok(reason),
        (status, reason) => Err(format!("{flaw:?} got {status:?} from {check}: {reason:?}")),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_model_passes_every_change_feed_check() {
    assert_eq!(feed_checks().len(), 5, "{:?}", feed_checks());
    for factory in [
        Factory::new("memory", || async {
            Ok(Box::new(InMemoryProvider::new()) as Box<dyn ContactProvider>)
        }),
        // Moves between books are listed as deletions where books are administered.
        Factory::new("memory-with-books", || async {
            Ok(Box::new(InMemoryProvider::with_books()) as Box<dyn ContactProvider>)
        }),
        Factory::bare("memory-few-capabilities", || async {
            let mut caps = Capabilities::default();
            caps.change_feed = true;
            caps.max_page_size = 1;
            caps.default_page_size = 1;
            Ok(Box::new(InMemoryProvider::with_capabilities(caps)) as Box<dyn ContactProvider>)
        }),
    ] {
        let report = run(&factory, &config()).await;
        assert!(report.passed(), "{}", table(&report));
        for name in feed_checks() {
            let status = report.check(name).map(|c| c.status);
            assert!(
                matches!(status, Some(Status::Passed)),
                "{name}: {}",
                table(&report)
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_flawed_feed_is_caught_by_its_check() {
    let mut missed = Vec::new();
    for &flaw in FeedFlaw::ALL {
        match failure(flaw, flaw.caught_by()).await {
            Ok(reason) => eprintln!("{flaw:?} / {}: {reason}", flaw.caught_by()),
            Err(why) => missed.push(why),
        }
    }
    assert!(missed.is_empty(), "{missed:#?}");
    for check in feed_checks() {
        assert!(
            FeedFlaw::ALL.iter().any(|f| f.caught_by() == check),
            "{check} is the check of no flawed feed"
        );
    }
}

/// The failure messages say what the feed listed, so an adapter's author sees the bug.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_name_what_the_feed_listed() {
    let cases = [
        (FeedFlaw::ForgetsDeletions, "in `deleted` 0 times"),
        (
            FeedFlaw::ListsEverything,
            "not written since the token, is listed",
        ),
        (
            FeedFlaw::TokenStuck,
            "the token returned after the create was the one asked with",
        ),
        (FeedFlaw::StaleContacts, "is out of date: properties"),
        (
            FeedFlaw::GarbageTokenListsEverything,
            "\"not-a-token\" was taken",
        ),
        (
            FeedFlaw::CreatedThenDeletedListed,
            "created and deleted after current_token, is in `changed`",
        ),
    ];
    for (flaw, expected) in cases {
        let reason = failure(flaw, flaw.caught_by()).await.unwrap();
        assert!(reason.contains(expected), "{flaw:?}: {reason}");
    }
    // The stale feed is also caught where the written contacts are compared with `get`.
    let reason = failure(FeedFlaw::StaleContacts, "change_feed_lists_writes")
        .await
        .unwrap();
    assert!(
        reason.contains("updated since the token, is listed as it is not now: properties"),
        "{reason}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declared_feed_not_offered_fails_and_an_undeclared_one_is_skipped() {
    let missing = Factory::bare("feed-missing", || async {
        // Declares a change feed (as `InMemoryProvider` does) but offers none.
        let missing = Watched::new(InMemoryProvider::new()).without_feed();
        Ok(Box::new(missing) as Box<dyn ContactProvider>)
    });
    let report = run(&missing, &config()).await;
    for name in feed_checks() {
        let check = report.check(name).unwrap();
        assert_eq!(check.status, Status::Failed, "{check:?}");
        assert!(
            check
                .reason
                .as_deref()
                .unwrap()
                .contains("accessor is None"),
            "{check:?}"
        );
    }
    let undeclared = Factory::new("memory-without-feed", || async {
        Ok(
            Box::new(InMemoryProvider::with_capabilities(Capabilities::full()))
                as Box<dyn ContactProvider>,
        )
    });
    let report = run(&undeclared, &config()).await;
    for name in feed_checks() {
        let check = report.check(name).unwrap();
        assert_eq!(check.status, Status::Skipped, "{check:?}");
        assert_eq!(
            check.reason.as_deref(),
            Some("a change feed is not declared")
        );
    }
}
