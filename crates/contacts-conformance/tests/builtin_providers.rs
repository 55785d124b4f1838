//! The suite against every built-in provider that runs on what the tools start themselves
//! (from the one list, `contacts_providers::builtin`): memory, the local store, and the
//! vendors' providers on their emulators. The set-ups' providers come in the standard layers
//! already. A provider that needs a real server (carddav) runs the suite in the test file its
//! entry names.

use contacts_conformance::{Config, Report, run};
use contacts_providers::{Conformance, builtin};

fn config() -> Config {
    Config::default().cases(8).seed(2)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_embedded_builtin_provider_passes() {
    let mut ran = Vec::new();
    for builtin in builtin() {
        let Conformance::Embedded(start) = builtin.conformance else {
            continue;
        };
        let embedded = start().await.expect("the set-up starts");
        let report = run(embedded.factory(), &config()).await;
        embedded.stop().await;
        let shown = Report {
            providers: vec![report.clone()],
            ..Report::default()
        };
        println!("{shown}");
        assert!(report.passed(), "{}:\n{shown}", builtin.name);
        ran.push(builtin.name);
    }
    assert_eq!(ran, ["memory", "sqlite", "ip1", "addressbook"]);
}
