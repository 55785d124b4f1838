//! The suite against the red team (`redteam/`): adapter bugs written from the contract alone
//! by someone who had not read the checks. The suite must catch at least 75% of them in the
//! default mode and 90% in certification mode, and pass every disarmed twin.
//!
//! The thorough measure takes a budget per bug (`CONTACTS_REDTEAM_BUDGET` seconds, 20 by
//! default), so it is `#[ignore]`d in `cargo test`: run it with
//! `cargo test -p contacts-conformance --test redteam_caught -- --ignored --nocapture`.

mod redteam;

use contacts_conformance::{Config, Factory, run};
use contacts_core::ContactProvider;

fn factory(bug: &redteam::Bug, armed: bool) -> Factory {
    let make = bug.make;
    Factory::bare(bug.name, move || async move {
        Ok(make(armed) as Box<dyn ContactProvider>)
    })
}

/// Whether the suite under `config` fails the armed bug: `None` when caught, else why not.
async fn missed(bug: &redteam::Bug, config: &Config) -> Option<String> {
    let started = std::time::Instant::now();
    let armed = run(&factory(bug, true), config).await;
    let failures = armed.failures();
    eprintln!("{}: {failures:?} in {:?}", bug.name, started.elapsed());
    armed
        .passed()
        .then(|| format!("{} ({}; breaks {})", bug.name, bug.trigger, bug.rule))
}

/// Every bug's miss under `config`, and the share caught as a line for the log.
async fn measure(config: &Config, mode: &str) -> (usize, Vec<String>) {
    let bugs = redteam::all();
    let mut misses = Vec::new();
    for bug in &bugs {
        misses.extend(missed(bug, config).await);
    }
    let caught = bugs.len() - misses.len();
    eprintln!(
        "red team, {mode}: {caught} of {} caught; missed: {misses:#?}",
        bugs.len()
    );
    (bugs.len(), misses)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_default_mode_catches_three_quarters_of_the_red_team_and_no_twin() {
    let mut twins = Vec::new();
    for bug in &redteam::all() {
        let twin = run(&factory(bug, false), &Config::default()).await;
        if !twin.passed() {
            twins.push(format!("{}: {:?}", bug.name, twin.failures()));
        }
    }
    assert!(twins.is_empty(), "disarmed twins failed: {twins:#?}");
    let (all, missed) = measure(&Config::default(), "default mode").await;
    let caught = all - missed.len();
    assert!(
        caught * 4 >= all * 3,
        "{caught} of {all} caught, fewer than 75%; missed: {missed:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a certification run per bug: minutes; run with --ignored"]
async fn the_thorough_mode_catches_nine_in_ten_of_the_red_team() {
    let (config, seconds) = redteam::thorough_config();
    let (all, missed) = measure(&config, &format!("thorough ({seconds} s a bug)")).await;
    let caught = all - missed.len();
    assert!(
        caught * 10 >= all * 9,
        "{caught} of {all} caught, fewer than 90%; missed: {missed:#?}"
    );
}

/// The names of the suite's checks that start with `prefix`.
fn checks_starting(prefix: &str) -> Vec<&'static str> {
    contacts_conformance::CHECKS
        .iter()
        .map(|c| c.name)
        .filter(|name| name.starts_with(prefix))
        .collect()
}

/// Runs each of `bugs` armed and disarmed with only `checks`: a line for every armed bug
/// those checks do not fail and for every disarmed twin they do not pass.
async fn caught_by_and_twins_pass(bugs: &[redteam::Bug], checks: &[&str]) -> Vec<String> {
    let config = Config::default().only(checks.to_vec());
    let mut wrong = Vec::new();
    for bug in bugs {
        let armed = run(&factory(bug, true), &config).await;
        if armed.passed() {
            wrong.push(format!("{} was not caught by {checks:?}", bug.name));
        }
        let twin = run(&factory(bug, false), &config).await;
        if !twin.passed() {
            wrong.push(format!("{}'s twin failed: {:?}", bug.name, twin.failures()));
        }
    }
    wrong
}

/// Every red-team bug of a card store is caught by a card check (not only by some other
/// check), and its disarmed twin passes every card check.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_card_bug_is_caught_by_a_card_check() {
    let card_checks = checks_starting("card_");
    assert!(card_checks.len() >= 6, "{card_checks:?}");
    let bugs = redteam::starting_with(&["card_"]);
    assert!(bugs.len() >= 4, "{} card bugs", bugs.len());
    let wrong = caught_by_and_twins_pass(&bugs, &card_checks).await;
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// Every red-team bug of a change feed is caught by a change-feed check (the writes it misses
/// are ones those checks make), and its disarmed twin passes them: those written knowing the
/// checks (`feed_`) and those written blind, from the contract alone (`blind_feed_`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_change_feed_bug_is_caught_by_a_change_feed_check() {
    let feed_checks = checks_starting("change_feed_");
    let bugs = redteam::starting_with(&["feed_", "blind_feed_"]);
    assert!(bugs.len() >= 11, "{} change-feed bugs", bugs.len());
    let wrong = caught_by_and_twins_pass(&bugs, &feed_checks).await;
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// The blind change-feed bugs the suite once missed each fail the check meant for them, with a
/// message that names what went wrong.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blind_feed_bugs_fail_the_check_meant_for_them() {
    let cases = [
        (
            "blind_feed_moved_listed_as_changed",
            "change_feed_lists_writes",
            "moved to another address book since the token, is in `deleted` 0 times",
        ),
        (
            "blind_feed_first_page_only",
            "change_feed_token_continues",
            "of the 120 contacts created after a token were never listed",
        ),
        (
            "blind_feed_stale_labels",
            "change_feed_lists_writes",
            "after the feed listed it since the token, is listed as it is not now: labels",
        ),
        (
            "blind_feed_expired_as_invalid_input",
            "change_feed_token_continues",
            "120 writes old, was refused as InvalidInput",
        ),
        (
            "blind_feed_token_of_other_store_accepted",
            "change_feed_garbage_token",
            "of another store (another store_identity) was taken, expected InvalidInput",
        ),
    ];
    let mut wrong = Vec::new();
    for (name, check, expected) in cases {
        let bug = redteam::named(name);
        let report = run(&factory(&bug, true), &Config::default().only([check])).await;
        let reason = report.check(check).and_then(|c| c.reason.clone());
        match reason {
            Some(reason) if !report.passed() && reason.contains(expected) => {
                eprintln!("{name} / {check}: {reason}");
            }
            other => wrong.push(format!(
                "{name} / {check}: {other:?}, expected {expected:?}"
            )),
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
