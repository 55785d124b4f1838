//! provider-ip1 against an emulator that misbehaves: retries that never duplicate.

use contacts_core::{ContactProvider, ContactProviderExt, ContactQuery, NewContact, Standard};
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
