//! The `hostile_ids` check: the reference model passes it, and an adapter that reads ids as
//! numbers (as the Atom adapter did: `01` and `+1` were contact `1`) fails it.

use contacts_conformance::doubles::{Broken, Flaw};
use contacts_conformance::{Config, Factory, Status, run};
use contacts_core::{Capabilities, ContactProvider, InMemoryProvider, Result};

/// Runs only the `hostile_ids` check on `factory`'s providers: its status and its reason
/// (empty when it gave none).
async fn hostile_ids(factory: &Factory) -> (Status, String) {
    let config = Config::default().cases(4).seed(1).only(["hostile_ids"]);
    let report = run(factory, &config).await;
    let check = report.check("hostile_ids").expect("the check ran");
    (check.status, check.reason.clone().unwrap_or_default())
}

#[tokio::test]
async fn the_reference_model_passes_with_every_capability() {
    let factory = Factory::new("memory", || async {
        let mut caps = Capabilities::full();
        caps.label_admin = true;
        Ok(Box::new(InMemoryProvider::with_capabilities(caps)) as Box<dyn ContactProvider>)
    });
    let (status, reason) = hostile_ids(&factory).await;
    assert_eq!(status, Status::Passed, "{reason}");
}

/// The double with `flaw`, boxed as a factory makes it.
async fn broken(flaw: Flaw) -> Result<Box<dyn ContactProvider>> {
    Ok(Box::new(Broken::new(flaw)))
}

/// Adapters that answer for ids they do not hold fail, naming the id: one that reads ids as
/// `str::parse::<u64>` does (as the Atom adapter did: `+1`, `01` and ` 1` become contact `1`),
/// behind the standard layers, and one that answers any unknown id, bare.
#[tokio::test]
async fn adapters_answering_for_ids_they_do_not_hold_fail_naming_the_id() {
    let cases = [
        (
            Factory::new("numeric-ids", || broken(Flaw::IdsReadAsNumbers)),
            "get of the id \" 1\" gave Ok",
        ),
        (
            Factory::bare("UnknownIdFound", || broken(Flaw::UnknownIdFound)),
            "get of the id \"\" gave Ok",
        ),
    ];
    for (factory, start) in cases {
        let (status, reason) = hostile_ids(&factory).await;
        let case = factory.name();
        assert_eq!(status, Status::Failed, "{case}: {reason}");
        assert!(reason.starts_with(start), "{case}: {reason}");
    }
}
