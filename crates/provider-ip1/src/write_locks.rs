//! Writes to one contact from one client, one at a time.
//!
//! iP1 has no conditional requests, and two of the adapter's writes are read-modify-write:
//! removing a label reads the contact and writes it back whole (`PUT`), and a patch that sets
//! properties and adds labels is several requests. Two such writes to the same contact at
//! once would each write back what the other had not done yet, and one would be lost. A
//! provider (and its clones) therefore holds a lock per contact, striped over a fixed number
//! of locks, for `update`, `replace` and `delete`. Other clients of the same account are not
//! covered: the vendor offers nothing that could.

use contacts_core::ContactId;
use std::hash::BuildHasher;
use std::sync::Arc;
use tokio::sync::{Mutex, MutexGuard};

/// Locks enough that unrelated contacts rarely share one.
const STRIPES: usize = 64;

/// Per-contact write locks shared by a provider's clones.
#[derive(Debug, Clone)]
pub(crate) struct WriteLocks {
    stripes: Arc<[Mutex<()>]>,
    hasher: std::collections::hash_map::RandomState,
}

impl WriteLocks {
    pub(crate) fn new() -> Self {
        Self {
            stripes: (0..STRIPES).map(|_| Mutex::new(())).collect(),
            hasher: std::collections::hash_map::RandomState::new(),
        }
    }

    /// Waits until no other write of this client is under way on contact `id`.
    pub(crate) async fn lock(&self, id: &ContactId) -> MutexGuard<'_, ()> {
        let stripe = (self.hasher.hash_one(id.as_str()) % STRIPES as u64) as usize;
        self.stripes[stripe].lock().await
    }
}
