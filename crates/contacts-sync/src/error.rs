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
         (a wrong account or address book?). If it is really empty, allow it explicitly \
         (allow_empty / --allow-empty)"
    )]
    EmptySide {
        /// The side that came back empty.
        side: Side,
        /// How many pairs the state remembers.
        remembered: usize,
    },
    /// The plan deletes more contacts than the threshold allows without confirmation.
    #[error(
        "the plan deletes {deletes} contacts, more than the threshold of {threshold}; review it \
         (dry run) and confirm explicitly (confirm_deletes / --yes)"
    )]
    TooManyDeletes {
        /// Deletes in the plan.
        deletes: usize,
        /// The threshold.
        threshold: usize,
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

impl SyncError {
    /// A provider error on `side`.
    pub fn provider(side: Side, source: contacts_core::Error) -> Self {
        Self::Provider { side, source }
    }
}

impl From<rusqlite::Error> for SyncError {
    fn from(e: rusqlite::Error) -> Self {
        Self::State(e.to_string())
    }
}

/// The result type of this crate.
pub type Result<T, E = SyncError> = std::result::Result<T, E>;
