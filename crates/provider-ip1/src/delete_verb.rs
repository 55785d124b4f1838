//! Which HTTP method deletes one contact on the server at hand.
//!
//! The vendor's contacts page prints `POST /v2/contacts/{contactId}` for a delete; its own
//! sample sends `DELETE contacts/{id}` and its mass-operations page lists DELETE among the calls
//! that take a contact id. The API sits behind an API gateway, and a gateway answers a method
//! it has no operation for with 405 or, commonly, 404. So the provider starts with `DELETE`,
//! falls back to `POST` when `DELETE` is refused for a contact that a `GET` still finds, and
//! remembers what worked.

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};

/// What is known about the server's delete method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verb {
    /// Nothing yet: `DELETE` is tried, and a 404 is checked with a `GET`.
    Unknown,
    /// `DELETE` has deleted a contact: a 404 to it means the contact is gone.
    Delete,
    /// `DELETE` was refused for a contact that exists; `POST` deleted it.
    Post,
}

/// The learnt [`Verb`], shared by clones of a provider.
#[derive(Debug, Clone, Default)]
pub(crate) struct DeleteVerb(Arc<AtomicU8>);

impl DeleteVerb {
    /// What is known so far.
    pub(crate) fn get(&self) -> Verb {
        match self.0.load(Ordering::Relaxed) {
            1 => Verb::Delete,
            2 => Verb::Post,
            _ => Verb::Unknown,
        }
    }

    /// Records what worked.
    pub(crate) fn learn(&self, verb: Verb) {
        let code = match verb {
            Verb::Unknown => 0,
            Verb::Delete => 1,
            Verb::Post => 2,
        };
        self.0.store(code, Ordering::Relaxed);
    }
}
