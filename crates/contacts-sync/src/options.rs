//! What a run may do.

use crate::KeyMap;
use contacts_phone::Region;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// `FromStr` and `Display` for a unit enum named by one word per variant (on the command line,
/// in plans): the words are written once, so parsing and display cannot drift apart. An
/// unknown word's error names `$what` and lists the words, as
/// `unknown photo policy "x": expected keep, drop or link`.
macro_rules! words {
    ($ty:ident, $what:literal, $($variant:ident => $word:literal),+ $(,)?) => {
        impl FromStr for $ty {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($word => Ok(Self::$variant),)+
                    other => Err(unknown_word($what, other, &[$($word),+])),
                }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(match self {
                    $(Self::$variant => $word,)+
                })
            }
        }
    };
}

/// The error for `word`, not one of `words` (two or more), naming what was asked for.
fn unknown_word(what: &str, word: &str, words: &[&str]) -> String {
    let (last, rest) = words.split_last().unwrap_or((&"", &[]));
    format!(
        "unknown {what} {word:?}: expected {} or {last}",
        rest.join(", ")
    )
}

/// Which way changes flow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Source to target: create and update on the target (and delete there with
    /// [`SyncOptions::delete`]).
    #[default]
    OneWay,
    /// Changes both ways; a contact changed on both sides since the last sync is a conflict.
    TwoWay,
}

/// How a two-way conflict (changed on both sides since the last sync) is resolved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConflictPolicy {
    /// The source's version is written to the target.
    SourceWins,
    /// The target's version is written to the source.
    TargetWins,
    /// Nothing is written; the conflict is listed in the plan, every run, until resolved.
    #[default]
    Skip,
}

words! {
    ConflictPolicy, "conflict policy",
    SourceWins => "source-wins",
    TargetWins => "target-wins",
    Skip => "skip",
}

/// What a sync does with the photos of the cards it writes (media of kind `photo`; logos and
/// sounds are left alone). What is left out is noted on the action, per contact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PhotoPolicy {
    /// Photos are written as they are.
    #[default]
    Keep,
    /// Photos, inline and linked, are left out.
    Drop,
    /// Inline photos (`data:` URIs) are left out; photos by link are kept.
    Link,
}

words! {
    PhotoPolicy, "photo policy",
    Keep => "keep",
    Drop => "drop",
    Link => "link",
}

/// The options of a run. The default is a one-way sync that never deletes, refuses an empty
/// side the state remembers or a side that lost most of its synced contacts, and refuses a
/// plan of more than 10 deletes unless that many are allowed.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// Which way changes flow.
    pub mode: Mode,
    /// Also delete, on the other side, what was synced before and is gone (only ever a
    /// contact the state pairs; contacts on one side only are never touched).
    pub delete: bool,
    /// How two-way conflicts are resolved.
    pub conflict: ConflictPolicy,
    /// Keys renamed on the way to the target (`email=custom1`), and labels
    /// ([`KeyMap::with_labels`]: `VIP=Important`), both ways.
    pub key_map: KeyMap,
    /// Region national numbers of the source are read in.
    pub source_region: Option<Region>,
    /// Region national numbers of the target are read in.
    pub target_region: Option<Region>,
    /// Go on when a side lists no contacts although the state remembers some.
    pub allow_empty: bool,
    /// Go on when a side that still lists contacts lost most of those synced with it: more
    /// than half of the recorded pairs, and at least 5 (see
    /// [`SyncError::MassLoss`](crate::SyncError::MassLoss)). Contacts re-linked by content or
    /// number (a restore, a re-import) are not lost. An empty side is
    /// [`allow_empty`](SyncOptions::allow_empty)'s alone.
    pub allow_mass_loss: bool,
    /// Up to this many deletes need no consent; a plan with more is refused before anything
    /// is written, unless [`allow_deletes`](SyncOptions::allow_deletes) consents to them.
    pub delete_threshold: usize,
    /// Consent to up to this many deletes in this run, past the threshold: the number is
    /// part of the consent, so a plan deleting more than was consented to is refused all the
    /// same. `None`: no consent beyond the threshold. A confirmation that the user read the
    /// plan (a prompt, `--yes`) is not consent to deletes: deletes need their own, by number.
    pub allow_deletes: Option<usize>,
    /// A side reaches a store other than the one the state was made with, on purpose (a new API
    /// key, a moved address book, a store file replaced by its own copy): record the stores as
    /// they are now and go on, instead of refusing with
    /// [`SyncError::OtherStore`](crate::SyncError::OtherStore). The mass-loss guard still stops
    /// a run whose side lost most of its synced contacts.
    pub rebind_stores: bool,
    /// Set it (from a Ctrl-C handler, say) to stop a run between two steps: the step in flight
    /// finishes, everything done is recorded, and [`Outcome::stopped`](crate::Outcome::stopped)
    /// says so. The next run finishes the rest. Dropping the run's future instead would lose the
    /// record of steps already done.
    pub stop: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    /// The largest card (its vCard text, in bytes, after [`photos`](SyncOptions::photos))
    /// written to a side that stores cards: a larger one fails for that contact alone, with a
    /// reason naming its size, and the run goes on. Servers commonly refuse cards over about
    /// 1 MB; photos are the usual cause. `None`: no limit of the sync's own (a provider's own
    /// refusal is still per contact).
    pub max_card_bytes: Option<usize>,
    /// What happens to photos in cards written to a side that stores cards.
    pub photos: PhotoPolicy,
    /// Choices for fields changed differently on both sides of a pair (per pair and field:
    /// take the source's or the target's value), applied before [`conflict`](SyncOptions::conflict):
    /// what a person decided about the fields a plan listed in conflict
    /// ([`Skip::fields`](crate::Skip::fields)).
    pub resolutions: Vec<crate::Resolution>,
}

impl Default for SyncOptions {
    fn default() -> Self {
        Self {
            mode: Mode::OneWay,
            delete: false,
            conflict: ConflictPolicy::Skip,
            key_map: KeyMap::default(),
            source_region: None,
            target_region: None,
            allow_empty: false,
            allow_mass_loss: false,
            delete_threshold: 10,
            allow_deletes: None,
            rebind_stores: false,
            stop: None,
            max_card_bytes: None,
            photos: PhotoPolicy::Keep,
            resolutions: Vec::new(),
        }
    }
}
