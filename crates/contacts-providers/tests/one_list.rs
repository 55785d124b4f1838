//! The list is whole: every registered provider is in it, every entry is registered, builds
//! offline under its own name (the matrix's column), and has a conformance run — embedded, or
//! named as running in a test file that exists and runs the suite.

use contacts_providers::{Conformance, builtin, find, registry};
use std::path::Path;

fn names() -> Vec<&'static str> {
    builtin().iter().map(|b| b.name).collect()
}

#[test]
fn the_registry_builds_exactly_the_listed_providers() {
    let mut listed = names();
    listed.sort_unstable();
    let registry = registry();
    let registered: Vec<&str> = registry.names().collect();
    assert_eq!(registered, listed, "registry and list differ");
}

#[test]
fn every_provider_is_listed_once() {
    let mut listed = names();
    listed.sort_unstable();
    listed.dedup();
    assert_eq!(listed.len(), builtin().len(), "a name twice: {:?}", names());
    assert!(builtin().iter().all(|b| find(b.name).is_some()));
}

#[test]
fn every_provider_builds_offline_under_its_own_name() {
    for b in builtin() {
        let provider = (b.offline)().unwrap_or_else(|e| panic!("{}: {e}", b.name));
        assert_eq!(
            provider.name(),
            b.name,
            "the matrix would name the column wrongly"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_provider_has_a_conformance_run() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for b in builtin() {
        match b.conformance {
            Conformance::Embedded(start) => {
                let embedded = start().await.unwrap_or_else(|e| panic!("{}: {e}", b.name));
                assert_eq!(embedded.factory().name(), b.name);
                let provider = embedded.factory().fresh().await.unwrap();
                assert_eq!(provider.name(), b.name);
                drop(provider);
                embedded.stop().await;
            }
            Conformance::Elsewhere { reason, tests } => {
                assert!(!reason.is_empty(), "{}: say why it runs elsewhere", b.name);
                let text = std::fs::read_to_string(root.join(tests))
                    .unwrap_or_else(|e| panic!("{}: {tests}: {e}", b.name));
                assert!(
                    text.contains("contacts_conformance"),
                    "{}: {tests} does not run the suite",
                    b.name
                );
            }
        }
    }
}
