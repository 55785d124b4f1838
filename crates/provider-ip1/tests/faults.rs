//! provider-ip1 against an emulator that misbehaves: retries that never duplicate, and errors
//! that say which contacts may have been stored.

use contacts_core::{
    ContactProvider, ContactProviderExt, ContactQuery, Error, NewContact, Standard,
};
use contacts_emulator::ip1::Ip1Emulator;
use contacts_emulator::{FaultConfig, FaultPhase};
use futures::TryStreamExt;
use provider_ip1::Ip1Provider;
use std::collections::BTreeSet;
use std::time::Duration;

fn provider(emu: &Ip1Emulator) -> Standard<Ip1Provider> {
    let options = contacts_testkit::retrying(10);
    contacts_testkit::ip1::provider_at(&emu.base_url(), emu.api_key(), options)
}

fn batch() -> Vec<NewContact> {
    (0..2000)
        .map(|i| NewContact::new().property("phoneNumber", format!("+46{i:09}")))
        .collect()
}

fn phones(emu: &Ip1Emulator) -> Vec<String> {
    emu.contacts()
        .iter()
        .map(|c| c["properties"]["phoneNumber"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn with_503s_before_the_work_latency_and_429_bursts_everything_lands_exactly_once() {
    let emu = contacts_testkit::ip1::emulator("k").await;
    emu.set_faults(FaultConfig {
        error_rate: 0.2,
        error_phase: FaultPhase::Before,
        error_status: Some(503),
        latency: Duration::from_millis(2),
        rate_limit_rate: 0.1,
        retry_after_secs: 0,
        ..FaultConfig::seeded(11)
    });
    let p = provider(&emu);
    let created = p
        .create(&batch())
        .await
        .expect("503 and 429 mean not handled: retried, creates included");
    assert_eq!(created.len(), 2000);
    let listed: Vec<String> = p
        .list(ContactQuery::new().page_size(100))
        .map_ok(|c| c.properties.phone_number().unwrap().to_owned())
        .try_collect()
        .await
        .expect("a full listing survives the faults");
    assert_eq!(listed.len(), 2000);
    assert_eq!(
        listed.iter().collect::<BTreeSet<_>>().len(),
        2000,
        "every contact listed exactly once"
    );
    let stored = phones(&emu);
    assert_eq!(stored.len(), 2000, "no duplicate created");
    assert!(emu.stats().faults > 0);
}

#[tokio::test]
async fn with_errors_after_the_work_no_duplicate_is_created() {
    let emu = contacts_testkit::ip1::emulator("k").await;
    emu.set_faults(FaultConfig {
        error_rate: 0.5,
        error_phase: FaultPhase::After,
        error_status: Some(504),
        ..FaultConfig::seeded(3)
    });
    let p = provider(&emu);
    let outcome = p.create(&batch()).await;
    assert!(
        outcome.is_err(),
        "a 504 after the work is reported, not retried"
    );
    emu.set_faults(FaultConfig::none());
    let stored = phones(&emu);
    assert_eq!(
        stored.iter().collect::<BTreeSet<_>>().len(),
        stored.len(),
        "an ambiguous failure is never re-sent"
    );
    assert!(stored.len() <= 2000);
}

/// A provider that sends one `sync` import at a time and never retries, so each import meets
/// the fault the seeded schedule gives the next request, in order.
fn one_import_at_a_time(emu: &Ip1Emulator) -> Standard<Ip1Provider> {
    Ip1Provider::builder()
        .api_key(emu.api_key())
        .base_url(emu.base_url())
        .client_options(contacts_testkit::retrying(1))
        .create_concurrency(1)
        .build()
        .expect("a provider for the emulator")
}

/// Faults for two imports: each request is answered 429 (refused, nothing stored) or 504 after
/// the work (stored, the answer lost), as `seed` draws.
fn throttled_or_lost(seed: u64) -> FaultConfig {
    FaultConfig {
        rate_limit_rate: 0.5,
        error_rate: 0.5,
        error_phase: FaultPhase::After,
        error_status: Some(504),
        ..FaultConfig::seeded(seed)
    }
}

#[tokio::test]
async fn a_refused_import_does_not_stand_for_one_that_may_have_stored_its_contacts() {
    let emu = contacts_testkit::ip1::emulator("k").await;
    // Seed 6 answers the first import 429 and the second 504 after storing it.
    emu.set_faults(throttled_or_lost(6));
    let batch = &batch()[..1500];
    let err = one_import_at_a_time(&emu)
        .create(batch)
        .await
        .expect_err("no import succeeded");
    let stats = emu.stats();
    assert_eq!(
        (stats.requests, stats.count(429), stats.count(504)),
        (2, 1, 1),
        "the seed's schedule: one 429, then one 504"
    );
    let Error::PartialFailure(partial) = err else {
        panic!("each contact must keep its own import's error, got {err:?}")
    };
    assert!(partial.created.is_empty(), "{:?}", partial.created);
    let indexes: Vec<usize> = partial.failed.iter().map(|(i, _)| *i).collect();
    assert_eq!(
        indexes,
        (0..1500).collect::<Vec<_>>(),
        "every item reported"
    );
    let (refused, lost) = partial.failed.split_at(1000);
    assert!(
        refused
            .iter()
            .all(|(_, e)| matches!(e, Error::RateLimited { .. }) && !e.may_have_written()),
        "the first import was refused: {:?}",
        refused[0].1
    );
    assert!(
        lost.iter()
            .all(|(_, e)| matches!(e, Error::Unavailable { .. }) && e.may_have_written()),
        "the second import may have been stored: {:?}",
        lost[0].1
    );
    let stored: BTreeSet<String> = phones(&emu).into_iter().collect();
    let may_have_written: BTreeSet<String> = lost
        .iter()
        .map(|(i, _)| batch[*i].properties.phone_number().unwrap().to_owned())
        .collect();
    assert_eq!(
        stored, may_have_written,
        "what is stored is exactly what the error says may be"
    );
}

#[tokio::test]
async fn imports_that_all_failed_alike_give_that_error() {
    let emu = contacts_testkit::ip1::emulator("k").await;
    // Seed 2 answers both imports 429.
    emu.set_faults(throttled_or_lost(2));
    let err = one_import_at_a_time(&emu)
        .create(&batch()[..1500])
        .await
        .expect_err("no import succeeded");
    assert_eq!(
        (emu.stats().requests, emu.stats().count(429)),
        (2, 2),
        "the seed's schedule: two 429s"
    );
    assert!(matches!(err, Error::RateLimited { .. }), "{err:?}");
    assert!(!err.may_have_written());
    assert!(phones(&emu).is_empty());
}
