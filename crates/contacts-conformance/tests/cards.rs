//! The card checks: they run where card parts are declared (each limited to the declared
//! parts), pass the reference model, and say which part and entry a provider got wrong.

use contacts_conformance::doubles::{Conditional, Subtle};
use contacts_conformance::{Config, Factory, ProviderReport, Status, run};
use contacts_core::card::CardPart;
use contacts_core::{Capabilities, ContactProvider, InMemoryProvider};

const STORING: [&str; 5] = [
    "card_round_trip",
    "card_uid_kept",
    "card_flat_view",
    "card_flat_patch",
    "card_replace_whole",
];
const REFUSING: &str = "card_refused_by_flat_provider";

fn config() -> Config {
    Config::default().only(STORING.into_iter().chain([REFUSING]))
}

/// The reference model declaring `caps`, behind the standard layers.
fn memory(caps: Capabilities) -> Factory {
    Factory::new("memory", move || {
        let caps = caps.clone();
        async move {
            Ok(Box::new(InMemoryProvider::with_capabilities(caps)) as Box<dyn ContactProvider>)
        }
    })
}

fn status(report: &ProviderReport, name: &str) -> (Status, String) {
    let check = report.check(name).expect("the check ran");
    (check.status, check.reason.clone().unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provider_storing_every_part_runs_and_passes_the_card_checks() {
    let report = run(&memory(Capabilities::full()), &config()).await;
    for name in STORING {
        assert_eq!(
            status(&report, name).0,
            Status::Passed,
            "{name}: {report:?}"
        );
    }
    let (refused, why) = status(&report, REFUSING);
    assert_eq!(refused, Status::Skipped);
    assert!(why.contains("card_parts"), "{why}");
}

/// The Checked layer refuses a card with an undeclared part: a check that wrote the whole
/// rich card to this store would fail, so passing shows each check keeps to the declared parts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provider_storing_some_parts_passes_checks_limited_to_them() {
    for parts in [
        vec![CardPart::Phones, CardPart::Notes, CardPart::Media],
        vec![CardPart::Name, CardPart::Emails, CardPart::Extensions],
        vec![
            CardPart::Organizations,
            CardPart::Titles,
            CardPart::Keywords,
        ],
    ] {
        let mut caps = Capabilities::full();
        caps.card_parts.clone_from(&parts);
        let report = run(&memory(caps), &config()).await;
        for name in STORING {
            let (got, why) = status(&report, name);
            assert!(
                got == Status::Passed || (got == Status::Skipped && name == "card_flat_patch"),
                "{name} with {parts:?}: {got:?} {why}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flat_provider_skips_the_card_checks_and_passes_the_refusal() {
    let report = run(&memory(Capabilities::default()), &config()).await;
    for name in STORING {
        let (got, why) = status(&report, name);
        assert_eq!(got, Status::Skipped, "{name}");
        assert!(why.contains("card_parts"), "{name}: {why}");
    }
    assert_eq!(status(&report, REFUSING).0, Status::Passed, "{report:?}");
}

/// What a user reads when a card check fails: the part and the entry, not a dump.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_card_failure_names_the_part_and_the_entry() {
    let cases = [
        (
            Subtle::CardSecondPhoneDropped,
            ["phones", "entry 2", "missing"],
        ),
        (
            Subtle::CardInlinePhotosLost,
            ["media", "entry 1", "data:image/png"],
        ),
        (
            Subtle::CardUidRegenerated,
            ["uid", "urn:uuid:", "written with a uid"],
        ),
        (
            Subtle::CardFlatViewFromFirstPhone,
            ["phoneNumber", "+44 20 7946 0018", "flat view"],
        ),
        (
            Subtle::CardFlatPatchRebuilds,
            ["flat patch", "name entry 1", "stay"],
        ),
        (
            Subtle::CardFlatReplaceKeeps,
            ["replace", "flat document", "whole document"],
        ),
    ];
    for (flaw, words) in cases {
        let factory = Factory::bare(format!("{flaw:?}"), move || async move {
            Ok(Box::new(Conditional::new(flaw)) as Box<dyn ContactProvider>)
        });
        let report = run(&factory, &Config::default().only([flaw.caught_by()])).await;
        let (got, why) = status(&report, flaw.caught_by());
        assert_eq!(got, Status::Failed, "{flaw:?}: {why}");
        for word in words {
            assert!(why.contains(word), "{flaw:?}: {word:?} not in {why}");
        }
        assert!(
            why.len() < 900,
            "{flaw:?}: a short message, not a dump: {why}"
        );
    }
}
