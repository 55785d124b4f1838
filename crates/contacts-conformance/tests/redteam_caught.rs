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
use std::time::Duration;

fn factory(bug: &redteam::Bug, armed: bool) -> Factory {
    let make = bug.make;
    Factory::bare(bug.name, move || async move {
        Ok(make(armed) as Box<dyn ContactProvider>)
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_default_mode_catches_three_quarters_of_the_red_team_and_no_twin() {
    let bugs = redteam::all();
    let mut missed = Vec::new();
    let mut twins = Vec::new();
    for bug in &bugs {
        let started = std::time::Instant::now();
        let armed = run(&factory(bug, true), &Config::default()).await;
        eprintln!(
            "{}: {:?} in {:?}",
            bug.name,
            armed.failures(),
            started.elapsed()
        );
        if armed.passed() {
            missed.push(format!(
                "{} ({}; breaks {})",
                bug.name, bug.trigger, bug.rule
            ));
        }
        let twin = run(&factory(bug, false), &Config::default()).await;
        if !twin.passed() {
            twins.push(format!("{}: {:?}", bug.name, twin.failures()));
        }
    }
    assert!(twins.is_empty(), "disarmed twins failed: {twins:#?}");
    let caught = bugs.len() - missed.len();
    eprintln!(
        "red team, default mode: {caught} of {} caught; missed: {missed:#?}",
        bugs.len()
    );
    assert!(
        caught * 4 >= bugs.len() * 3,
        "{caught} of {} caught, fewer than 75%; missed: {missed:#?}",
        bugs.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a certification run per bug: minutes; run with --ignored"]
async fn the_thorough_mode_catches_nine_in_ten_of_the_red_team() {
    let seconds = std::env::var("CONTACTS_REDTEAM_BUDGET")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let config = Config::thorough().budget(Duration::from_secs(seconds));
    let bugs = redteam::all();
    let mut missed = Vec::new();
    for bug in &bugs {
        let started = std::time::Instant::now();
        let armed = run(&factory(bug, true), &config).await;
        eprintln!(
            "{}: {:?} in {:?}",
            bug.name,
            armed.failures(),
            started.elapsed()
        );
        if armed.passed() {
            missed.push(format!(
                "{} ({}; breaks {})",
                bug.name, bug.trigger, bug.rule
            ));
        }
    }
    let caught = bugs.len() - missed.len();
    eprintln!(
        "red team, thorough ({seconds} s a bug): {caught} of {} caught; missed: {missed:#?}",
        bugs.len()
    );
    assert!(
        caught * 10 >= bugs.len() * 9,
        "{caught} of {} caught, fewer than 90%; missed: {missed:#?}",
        bugs.len()
    );
}
