//! The list itself, and the registry made from it.

use crate::builtin::{Builtin, Conformance};
use crate::{embedded, offline};
use contacts_core::Registry;
use futures::FutureExt;

/// Every built-in provider, in the order the matrix and the conformance report show them.
static BUILTIN: [Builtin; 6] = [
    Builtin {
        name: contacts_core::MEMORY_PROVIDER,
        register: None,
        offline: offline::memory,
        conformance: Conformance::Embedded(|| embedded::memory().boxed()),
        book_key: None,
    },
    Builtin {
        name: provider_sqlite::SQLITE_PROVIDER,
        register: Some(provider_sqlite::register),
        offline: offline::sqlite,
        conformance: Conformance::Embedded(|| embedded::sqlite().boxed()),
        book_key: Some("address_book"),
    },
    Builtin {
        name: provider_ip1::IP1_PROVIDER,
        register: Some(provider_ip1::register),
        offline: offline::ip1,
        conformance: Conformance::Embedded(|| embedded::ip1().boxed()),
        book_key: None,
    },
    Builtin {
        name: provider_addressbook::ADDRESSBOOK_PROVIDER,
        register: Some(provider_addressbook::register),
        offline: offline::addressbook,
        conformance: Conformance::Embedded(|| embedded::addressbook().boxed()),
        book_key: Some("address_book"),
    },
    Builtin {
        name: provider_carddav::CARDDAV_PROVIDER,
        register: Some(provider_carddav::register),
        offline: offline::carddav,
        conformance: Conformance::Elsewhere {
            reason: "no embedded server: the suite needs a real CardDAV server",
            tests: "crates/provider-carddav/tests/conformance.rs",
        },
        book_key: Some("address_book"),
    },
    Builtin {
        name: provider_remote::REMOTE_PROVIDER,
        register: Some(provider_remote::register),
        offline: offline::remote,
        conformance: Conformance::Elsewhere {
            reason: "needs a server speaking the protocol",
            tests: "crates/provider-remote/tests/conformance.rs",
        },
        book_key: None,
    },
];

/// Every built-in provider (see [`Builtin`]).
pub fn builtin() -> &'static [Builtin] {
    &BUILTIN
}

/// The built-in provider called `name`, if there is one.
///
/// ```
/// assert!(contacts_providers::find("carddav").is_some());
/// assert!(contacts_providers::find("nope").is_none());
/// ```
pub fn find(name: &str) -> Option<&'static Builtin> {
    BUILTIN.iter().find(|b| b.name == name)
}

/// A registry that builds every built-in provider by name. A tool adds a third-party
/// provider with one more [`Registry::register`] call on it.
pub fn registry() -> Registry {
    let mut registry = Registry::new();
    for register in BUILTIN.iter().filter_map(|b| b.register) {
        register(&mut registry);
    }
    registry
}
