//! Plan/execute sync between any two [`ContactProvider`](contacts_core::ContactProvider)s.
//!
//! - **Identity**: contacts are paired by the E.164 form of `phoneNumber` (read with a default
//!   region per side), and after the first sync by the recorded id pair, so a later change of
//!   number is an update. Several contacts with one number on one side are reported, never
//!   merged; a contact without a usable number is skipped (unless already paired).
//! - **State**: a SQLite file ([`State`]) holding each id pair and a content hash of each side
//!   at the last sync; a change is what differs from the recorded hash. An intent is recorded
//!   before each write so a run killed at any moment converges on the next run.
//! - **Stores**: the state records both sides'
//!   [store identities](contacts_core::ContactProvider::store_identity) and refuses another
//!   store on either side ([`SyncError::OtherStore`]) or one store on both
//!   ([`SyncError::SameStore`]); a side lacking an identity is not checked. A pair whose
//!   contact vanished is re-linked to an unpaired contact with its recorded content or its
//!   number (a store restored from its export), and a side that lost most of its synced
//!   contacts all the same stops the run ([`SyncError::MassLoss`]).
//! - **One run per state file**: [`State::open`] holds a lock beside the file until dropped;
//!   a second run waits, or with [`State::open_with`] is told and may give up
//!   ([`SyncError::Busy`]).
//! - **Modes** ([`Mode`]): one-way (create and update on the target), with deletes, or two-way
//!   with a [`ConflictPolicy`].
//! - **Memory**: what both sides list goes to an anonymous scratch file (in the state file's
//!   directory; removed by the system when the run ends), memory keeps ~60 bytes a contact
//!   while planning and 8 bytes per planned create afterwards: a [`Plan`] does not hold the
//!   documents it creates, [`Plan::actions`] builds them when read. A full disk or a failing
//!   one is [`SyncError::Scratch`].
//!
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use contacts_core::{ContactProvider, InMemoryProvider, NewContact};
//! use contacts_sync::{execute, plan, State, SyncOptions};
//! let (source, target) = (InMemoryProvider::new(), InMemoryProvider::new());
//! source.create(&[NewContact::new().property("phoneNumber", "+46701234567")]).await.unwrap();
//! let state = State::in_memory()?;
//! let options = SyncOptions::default();
//! let plan = plan(&source, &target, &state, &options).await?;
//! assert_eq!(plan.creates(), 1);
//! execute(&plan, &source, &target, &state, &options, &mut |_| {}).await?;
//! assert_eq!(target.len(), 1);
//! assert!(contacts_sync::plan(&source, &target, &state, &options).await?.is_empty());
//! # Ok::<_, contacts_sync::SyncError>(()) }).unwrap();
//! ```

mod cards;
pub mod dedupe;
mod error;
mod execute;
mod feed;
mod hash;
mod index;
mod key_map;
mod label_map;
mod lock;
mod merge;
mod merged_away;
mod options;
mod plan;
mod planner;
mod relink;
mod rename_map;
mod resolution;
mod rules;
mod side;
mod state;
mod summary;
mod translation;
mod unlisted;

pub use error::{Consent, Result, SyncError};
pub use execute::{Failure, Outcome, Progress, check_deletes, execute};
pub use hash::content_hash;
pub use key_map::KeyMap;
pub use label_map::{LabelBook, LabelMap};
pub use merge::FieldMerge;
pub use options::{ConflictPolicy, Mode, PhotoPolicy, SyncOptions};
pub use plan::{Action, Actions, Plan, Skip};
pub use planner::plan;
pub use resolution::Resolution;
pub use side::Side;
pub use state::{Intent, Pair, State};
