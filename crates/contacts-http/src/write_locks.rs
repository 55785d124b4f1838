//! Writes to one contact from one client, one at a time.
//!
//! A vendor without conditional requests leaves an adapter's multi-request writes open to
//! each other: iP1 removes a label by reading the contact and writing it back whole, Atom
//! replaces by an edit and a read. Two such writes to the same contact at once would each
//! write back (or answer) what the other had not done yet, and one would be lost. An adapter
//! holds a [`WriteLocks`] lock per contact for `update`, `replace` and `delete`, shared by its
//! clones. Other clients of the same account are not covered: such a vendor offers nothing
//! that could be.

use contacts_core::ContactId;
use std::hash::BuildHasher;
use std::sync::Arc;
use tokio::sync::{Mutex, MutexGuard};

/// Locks enough that unrelated contacts rarely share one.
const STRIPES: usize = 64;

/// Per-contact write locks shared by a provider's clones, striped over a fixed number of
/// locks (unrelated contacts rarely wait for each other).
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use contacts_core::ContactId;
/// use contacts_http::WriteLocks;
/// let locks = WriteLocks::new();
/// let id = ContactId::new("42");
/// let held = locks.lock(&id).await;
/// // Another write to contact 42 from this client waits until `held` is dropped.
/// drop(held);
/// # });
/// ```
#[derive(Debug, Clone)]
pub struct WriteLocks {
    stripes: Arc<[Mutex<()>]>,
    hasher: std::collections::hash_map::RandomState,
}

impl WriteLocks {
    /// A set of unlocked locks.
    pub fn new() -> Self {
        Self {
            stripes: (0..STRIPES).map(|_| Mutex::new(())).collect(),
            hasher: std::collections::hash_map::RandomState::new(),
        }
    }

    /// Waits until no other write of this client is under way on contact `id`.
    pub async fn lock(&self, id: &ContactId) -> MutexGuard<'_, ()> {
        let stripe = (self.hasher.hash_one(id.as_str()) % STRIPES as u64) as usize;
        self.stripes[stripe].lock().await
    }
}

impl Default for WriteLocks {
    fn default() -> Self {
        Self::new()
    }
}
