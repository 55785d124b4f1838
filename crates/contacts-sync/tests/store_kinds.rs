//! The sync's test stores follow the one list of built-in providers: a provider added there
//! that the tools can start themselves fails this test until the sync tests can open it too.

mod common;

use common::stores::Kind;
use contacts_providers::{Conformance, builtin};
use std::collections::BTreeSet;

#[test]
fn every_builtin_provider_the_tools_start_themselves_has_a_sync_test_store() {
    let startable: BTreeSet<&str> = builtin()
        .iter()
        .filter(|b| matches!(b.conformance, Conformance::Embedded(_)))
        .map(|b| b.name)
        .collect();
    let stores: BTreeSet<&str> = Kind::ALL.iter().map(|k| k.provider()).collect();
    assert_eq!(
        stores, startable,
        "add a store kind to crates/contacts-sync/tests/common/stores.rs for every built-in \
         provider with an embedded set-up (and only those)"
    );
}
