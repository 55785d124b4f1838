//! The errors of a sync run, each saying what to do about it.

use crate::Side;

/// Why a sync could not be planned or executed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SyncError {
    /// A provider call failed.
    #[error("{side} provider: {source}")]
    Provider {
        /// Which side failed.
        side: Side,
        /// The provider's error.
        #[source]
        source: contacts_core::Error,
    },
    /// The state file could not be read or written.
    #[error("sync state: {0}")]
    State(String),
    /// One side listed no contacts although the state remembers contacts synced with it.
    #[error(
        "the {side} lists no contacts, but {remembered} were synced before; refusing to go on \
         (a wrong account or address book?). If it is really empty, allow it explicitly"
    )]
    EmptySide {
        /// The side that came back empty.
        side: Side,
        /// How many pairs the state remembers.
        remembered: usize,
    },
    /// The plan deletes more contacts than the threshold, and more than were consented to.
    #[error(
        "the plan deletes {deletes} contacts, more than the threshold of {threshold}{}; review \
         it (dry run) and consent to that many deletes explicitly",
        match allowed {
            Some(n) => format!(" and more than the {n} allowed"),
            None => String::new(),
        }
    )]
    TooManyDeletes {
        /// Deletes in the plan.
        deletes: usize,
        /// The threshold.
        threshold: usize,
        /// The deletes consented to ([`SyncOptions::allow_deletes`](crate::SyncOptions::allow_deletes)).
        allowed: Option<usize>,
    },
    /// A side reaches another store than the one the state file was made with.
    #[error(
        "the {side} is not the store this state file was made with (recorded store {recorded}, \
         the {side} now reaches {found}): its profile points at another store (a typo, another \
         path, account or address book?), whose contacts a sync would take for the ones synced \
         before, and with deletes delete the rest. Point the {side} back at the store it was \
         synced with; or, if the store changed on purpose (a new API key, a moved book), \
         record it as it is now; or start a new state file for this store (its first run \
         pairs contacts by number)"
    )]
    OtherStore {
        /// The side whose store changed.
        side: Side,
        /// The store the state recorded for it.
        recorded: String,
        /// The store it reaches now.
        found: String,
    },
    /// Both sides reach one store.
    #[error(
        "the source and the target are the same store ({identity}): a sync would pair every \
         contact with itself. Choose two different stores"
    )]
    SameStore {
        /// The store's identity.
        identity: String,
    },
    /// Most contacts synced with a side are gone from it, although it is not empty.
    #[error(
        "{lost} of the {paired} contacts synced with the {side} before are gone from it (more \
         than half), though it still lists some ({listed} in all); refusing to go on: was the {side} wiped \
         and filled again, or is it another store? (Contacts restored or re-imported with the \
         same content or number were re-linked already.) If they are really gone, allow it \
         explicitly"
    )]
    MassLoss {
        /// The side that lost them.
        side: Side,
        /// The pairs whose contact on that side is gone.
        lost: usize,
        /// The pairs recorded.
        paired: usize,
        /// The contacts the side lists now.
        listed: usize,
    },
    /// Another run holds the state file, and waiting for it was given up.
    #[error(
        "another sync is running with the state file {} (it holds {}.lock); gave up after \
         waiting {waited:?}. Run again once it has finished (a run that was killed releases \
         it at once)",
        state.display(),
        state.display()
    )]
    Busy {
        /// The state file.
        state: std::path::PathBuf,
        /// How long this run waited.
        waited: std::time::Duration,
    },
    /// The scratch file holding the listed contacts while a sync runs could not be written
    /// or read.
    #[error("{0}")]
    Scratch(String),
    /// A key mapping could not be read.
    #[error("invalid key mapping {input:?}: {reason}")]
    KeyMap {
        /// The text given.
        input: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// The option of [`SyncOptions`](crate::SyncOptions) that lets a refused run go on, for a
/// tool to name in its own words (a command-line flag, a setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Consent {
    /// [`SyncOptions::allow_empty`](crate::SyncOptions::allow_empty).
    AllowEmpty,
    /// [`SyncOptions::allow_mass_loss`](crate::SyncOptions::allow_mass_loss).
    AllowMassLoss,
    /// [`SyncOptions::allow_deletes`](crate::SyncOptions::allow_deletes), with the number
    /// the plan needs.
    AllowDeletes(usize),
    /// [`SyncOptions::rebind_stores`](crate::SyncOptions::rebind_stores): the store changed
    /// on purpose.
    RebindStores,
}

impl SyncError {
    /// A provider error on `side`.
    pub fn provider(side: Side, source: contacts_core::Error) -> Self {
        Self::Provider { side, source }
    }

    /// The consent that would let this refused run go on, if a guard refused it.
    ///
    /// ```
    /// use contacts_sync::{Consent, SyncError};
    /// let refused = SyncError::TooManyDeletes { deletes: 12, threshold: 10, allowed: None };
    /// assert_eq!(refused.consent(), Some(Consent::AllowDeletes(12)));
    /// ```
    pub fn consent(&self) -> Option<Consent> {
        match self {
            Self::EmptySide { .. } => Some(Consent::AllowEmpty),
            Self::MassLoss { .. } => Some(Consent::AllowMassLoss),
            Self::TooManyDeletes { deletes, .. } => Some(Consent::AllowDeletes(*deletes)),
            Self::OtherStore { .. } => Some(Consent::RebindStores),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for SyncError {
    fn from(e: rusqlite::Error) -> Self {
        Self::State(e.to_string())
    }
}

/// The result type of this crate.
pub type Result<T, E = SyncError> = std::result::Result<T, E>;
