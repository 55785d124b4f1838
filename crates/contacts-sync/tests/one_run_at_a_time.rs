//! One sync per state file at a time: a second run waits for the first (and is told), or
//! gives up with a typed error; two runs started together on one state file both finish, one
//! after the other, with no duplicate.

mod common;

use common::person;
use contacts_core::{ContactProvider, InMemoryProvider, NewContact};
use contacts_sync::{State, SyncError, SyncOptions, execute, plan};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

fn se() -> SyncOptions {
    SyncOptions {
        source_region: Some("SE".parse().unwrap()),
        target_region: Some("SE".parse().unwrap()),
        ..SyncOptions::default()
    }
}

/// One whole run, as `contacts sync` does it: open the state, bind it, plan, execute.
fn run(
    path: &Path,
    source: &dyn ContactProvider,
    target: &dyn ContactProvider,
) -> Result<(), SyncError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let state = State::open(path)?;
        state.bind("source", "target")?;
        let p = plan(source, target, &state, &se()).await?;
        execute(&p, source, target, &state, &se(), &mut |_| {}).await?;
        Ok(())
    })
}

#[test]
fn two_syncs_on_one_state_file_run_one_after_the_other() {
    const ROUNDS: usize = 50;
    const PEOPLE: usize = 10;
    let dir = tempfile::tempdir().unwrap();
    let people: Vec<NewContact> = (0..PEOPLE)
        .map(|i| person(&format!("07012340{i:02}"), &format!("P{i:02}")))
        .collect();
    for round in 0..ROUNDS {
        let path = Arc::new(dir.path().join(format!("state{round}.db")));
        let (source, target) = (InMemoryProvider::new(), InMemoryProvider::new());
        futures::executor::block_on(source.create(&people)).unwrap();
        let start = Arc::new(Barrier::new(2));
        let runs: Vec<_> = (0..2)
            .map(|_| {
                let (path, start) = (Arc::clone(&path), Arc::clone(&start));
                let (source, target) = (source.clone(), target.clone());
                std::thread::spawn(move || {
                    start.wait();
                    run(&path, &source, &target)
                })
            })
            .collect();
        for (i, r) in runs.into_iter().enumerate() {
            let outcome = r.join().unwrap();
            assert!(outcome.is_ok(), "round {round}: run {i}: {outcome:?}");
        }
        assert_eq!(
            target.len(),
            PEOPLE,
            "round {round}: no duplicate on the target"
        );
        if round % 10 == 0 {
            // The state knows every pair: a next run plans nothing.
            let state = State::open(&path).unwrap();
            let again = futures::executor::block_on(plan(&source, &target, &state, &se()));
            assert!(again.unwrap().is_empty(), "round {round}");
            assert_eq!(state.pairs().unwrap().len(), PEOPLE);
        }
    }
}

#[test]
fn a_run_waiting_for_the_state_file_is_told_and_may_give_up() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let first = State::open(&path).unwrap();

    let told = AtomicUsize::new(0);
    let started = Instant::now();
    let err = State::open_with(&path, Some(Duration::from_millis(150)), &mut |p| {
        assert_eq!(p, path.as_path());
        told.fetch_add(1, Ordering::SeqCst);
    })
    .unwrap_err();
    assert!(started.elapsed() >= Duration::from_millis(150));
    assert_eq!(told.load(Ordering::SeqCst), 1, "told once that it waits");
    assert!(matches!(err, SyncError::Busy { .. }), "{err}");
    assert!(err.to_string().contains("another sync is running"), "{err}");
    assert!(err.to_string().contains("state.db"), "{err}");

    // Without a limit it waits until the first run ends, then goes on.
    let waiting = {
        let path = path.clone();
        std::thread::spawn(move || {
            let mut told = 0;
            let state = State::open_with(&path, None, &mut |_| told += 1);
            (state.map(drop), told)
        })
    };
    std::thread::sleep(Duration::from_millis(100));
    assert!(!waiting.is_finished(), "the second run waits for the first");
    drop(first);
    let (opened, told) = waiting.join().unwrap();
    opened.unwrap();
    assert_eq!(told, 1);

    // Free, it is not told anything.
    let mut told = 0;
    State::open_with(&path, Some(Duration::ZERO), &mut |_| told += 1).unwrap();
    assert_eq!(told, 0);
}
