//! What a run will do: the actions, conflicts and skips, each with a reason.

use crate::Side;
use contacts_core::{ContactId, ContactPatch, NewContact};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One step of a plan. Every step names why it is there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "camelCase")]
pub enum Action {
    /// Create a copy of `origin_id` (on the other side) on side `on`.
    #[serde(rename_all = "camelCase")]
    Create {
        /// Where the contact is created.
        on: Side,
        /// The contact copied, on the other side.
        origin_id: ContactId,
        /// Its content hash when planned.
        origin_hash: String,
        /// What is written.
        contact: NewContact,
        /// Why.
        reason: String,
        /// What could not be carried (keys the side cannot store, labels).
        notes: Vec<String>,
    },
    /// Update `id` on side `on` from `origin_id` on the other side.
    #[serde(rename_all = "camelCase")]
    Update {
        /// Where the contact is updated.
        on: Side,
        /// The contact updated.
        id: ContactId,
        /// The contact whose content is carried, on the other side.
        origin_id: ContactId,
        /// Its content hash when planned.
        origin_hash: String,
        /// What changes.
        patch: ContactPatch,
        /// Why.
        reason: String,
        /// What could not be carried.
        notes: Vec<String>,
    },
    /// Delete `id` on side `on`: it was synced before and is gone from the other side.
    #[serde(rename_all = "camelCase")]
    Delete {
        /// Where the contact is deleted.
        on: Side,
        /// The contact deleted.
        id: ContactId,
        /// The pair's source id, forgotten afterwards.
        source_id: ContactId,
        /// Why.
        reason: String,
    },
    /// Record a pair without writing to either side (same person, same content).
    #[serde(rename_all = "camelCase")]
    Link {
        /// The source contact.
        source_id: ContactId,
        /// The target contact.
        target_id: ContactId,
        /// The source's content hash.
        source_hash: String,
        /// The target's content hash.
        target_hash: String,
        /// Why.
        reason: String,
    },
    /// Forget a pair whose contacts are gone from both sides.
    #[serde(rename_all = "camelCase")]
    Forget {
        /// The pair's source id.
        source_id: ContactId,
        /// Why.
        reason: String,
    },
}

impl Action {
    /// Whether the action writes to a provider (links and forgets only touch the state).
    pub fn writes(&self) -> bool {
        matches!(
            self,
            Action::Create { .. } | Action::Update { .. } | Action::Delete { .. }
        )
    }
}

impl fmt::Display for Action {
    /// One line: what, where, why, then the notes of creates and updates.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (line, notes): (String, &[String]) = match self {
            Action::Create {
                on,
                origin_id,
                reason,
                notes,
                ..
            } => (
                format!("create on {on} from {}: {reason}", origin_id.as_str()),
                notes,
            ),
            Action::Update {
                on,
                id,
                reason,
                notes,
                ..
            } => (format!("update {} on {on}: {reason}", id.as_str()), notes),
            Action::Delete { on, id, reason, .. } => {
                (format!("delete {} on {on}: {reason}", id.as_str()), &[])
            }
            Action::Link {
                source_id,
                target_id,
                reason,
                ..
            } => (
                format!(
                    "link {} with {}: {reason}",
                    source_id.as_str(),
                    target_id.as_str()
                ),
                &[],
            ),
            Action::Forget { source_id, reason } => (
                format!("forget pair of {}: {reason}", source_id.as_str()),
                &[],
            ),
        };
        f.write_str(&line)?;
        notes.iter().try_for_each(|n| write!(f, "; {n}"))
    }
}

/// A contact left alone, and why (no usable number, several contacts with one number, a
/// conflict left unresolved, a deletion not allowed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Skip {
    /// The side holding the contact.
    pub side: Side,
    /// The contact.
    pub id: ContactId,
    /// Why it is left alone.
    pub reason: String,
}

/// What a run will do. Plans are deterministic: the same sides and state give the same plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// The steps, in the order they run.
    pub actions: Vec<Action>,
    /// Contacts changed on both sides and not resolved (conflict policy `skip`).
    pub conflicts: Vec<Skip>,
    /// Contacts left alone, with the reason.
    pub skips: Vec<Skip>,
}

impl Plan {
    /// Whether the run would change nothing (skips aside) and no conflict is open.
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty() && self.conflicts.is_empty()
    }

    fn count(&self, pred: impl Fn(&Action) -> bool) -> usize {
        self.actions.iter().filter(|a| pred(a)).count()
    }

    /// How many creates.
    pub fn creates(&self) -> usize {
        self.count(|a| matches!(a, Action::Create { .. }))
    }

    /// How many updates.
    pub fn updates(&self) -> usize {
        self.count(|a| matches!(a, Action::Update { .. }))
    }

    /// How many deletes.
    pub fn deletes(&self) -> usize {
        self.count(|a| matches!(a, Action::Delete { .. }))
    }

    /// How many provider writes.
    pub fn writes(&self) -> usize {
        self.count(Action::writes)
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} creates, {} updates, {} deletes, {} conflicts, {} skipped",
            self.creates(),
            self.updates(),
            self.deletes(),
            self.conflicts.len(),
            self.skips.len()
        )?;
        for action in &self.actions {
            writeln!(f, "  {action}")?;
        }
        for c in &self.conflicts {
            writeln!(f, "  conflict {} ({}): {}", c.id.as_str(), c.side, c.reason)?;
        }
        for s in &self.skips {
            writeln!(f, "  skip {} on {}: {}", s.id.as_str(), s.side, s.reason)?;
        }
        Ok(())
    }
}
