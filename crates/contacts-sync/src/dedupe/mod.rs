//! Duplicates within one store, merged on request: [`plan`] finds contacts that are the same
//! person and plans one merge per group, writing nothing; [`apply`] carries a plan out.
//!
//! - **Same person** ([`MatchRule`]): the same number in E.164 (read with
//!   [`DedupeOptions::region`] for national numbers, as a sync reads them), or the same e-mail
//!   address by [`email_key`]'s rule (the domain without regard to case, the local part
//!   exactly). A card's every phone and e-mail count, a flat contact's `phoneNumber` and
//!   `email`. Matches chain: A and B share a number, B and C an e-mail: one group of three.
//! - **The kept contact**: the member holding the most values (flat properties; for a card,
//!   each phone, e-mail, address, … entry, its name and each custom property), ties to the one
//!   listed first (providers list oldest first).
//! - **Every field and label kept**: labels are joined; a value only another member has is
//!   added; two different values of one field are both kept where the store can hold both (a
//!   provider that stores cards, [`Capabilities::card_parts`](contacts_core::Capabilities):
//!   a card holds several phones, e-mails, addresses, …), else the kept contact's value stays
//!   and the other is listed in [`GroupPlan::not_kept`]. Such a group is left alone by
//!   [`apply`] unless [`ApplyOptions::allow_loss`]. The same number spelled otherwise, or the
//!   same address with its domain in other case, is one value, not two.
//! - **Applying**: per group, the members must still be as planned; the kept contact is
//!   written (one `update` with a [`ContactPatch`](contacts_core::ContactPatch) on a flat
//!   provider, a `replace` with the merged card on one that stores cards), then the others
//!   deleted. A failure is reported for its group and the others go on. [`Applied::merges`]
//!   records each contact merged away, for a sync to know it is gone on purpose.
//!
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use contacts_core::{ContactProvider, InMemoryProvider, NewContact};
//! use contacts_sync::dedupe::{self, ApplyOptions, DedupeOptions};
//! let store = InMemoryProvider::new();
//! store.create(&[
//!     NewContact::new().property("phoneNumber", "+46701234567").property("firstName", "Ada"),
//!     NewContact::new().property("phoneNumber", "0701234567").property("email", "ada@x.se"),
//! ]).await?;
//! let options = DedupeOptions { region: Some("SE".parse().unwrap()) };
//! let plan = dedupe::plan(&store, &options).await?;
//! assert_eq!(plan.groups.len(), 1);
//! println!("{plan}"); // keep 1, merge away 2 / same number +46701234567: 1, 2 / adds: …
//! let applied = dedupe::apply(&store, &plan, &ApplyOptions::default()).await;
//! assert_eq!(applied.merges.len(), 1);
//! assert_eq!(store.len(), 1);
//! assert!(dedupe::plan(&store, &options).await?.groups.is_empty());
//! # Ok::<_, contacts_core::Error>(()) }).unwrap();
//! ```

mod applying;
mod card_union;
mod display;
mod finding;
mod merging;
mod values;

pub use applying::{Applied, ApplyOptions, GroupOutcome, Merge, apply};
pub use finding::{Match, MatchRule, email_key, number_key};
pub use merging::{GroupPlan, Write};
pub use values::FieldValue;

use contacts_core::{Capabilities, Contact, ContactProvider, ContactProviderExt, ContactQuery};
use contacts_phone::{Normalizer, Region};
use futures::TryStreamExt;
use serde::Serialize;

/// How duplicates are found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DedupeOptions {
    /// The region national numbers are read in (`070-123 45 67` in `SE`); without one only
    /// international numbers match.
    pub region: Option<Region>,
}

/// The groups of duplicates of one store and the merge planned for each.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DedupePlan {
    /// How many contacts the store listed.
    pub contacts: usize,
    /// One merge per group, in the order of each group's first contact.
    pub groups: Vec<GroupPlan>,
}

impl DedupePlan {
    /// Plans the merges of `contacts` (one store's, in listing order) on a provider declaring
    /// `caps`, writing nothing: what [`plan`] does once it has listed the store.
    pub fn of(contacts: &[Contact], caps: &Capabilities, options: &DedupeOptions) -> DedupePlan {
        let normalizer = Normalizer::new(options.region);
        let groups = finding::groups(contacts, &normalizer)
            .into_iter()
            .map(|found| {
                let members = found.members.iter().map(|&at| &contacts[at]).collect();
                merging::plan_group(members, found.matches, caps, &normalizer)
            })
            .collect();
        DedupePlan {
            contacts: contacts.len(),
            groups,
        }
    }

    /// Whether any group would lose a value ([`GroupPlan::not_kept`]).
    pub fn loses_values(&self) -> bool {
        self.groups.iter().any(GroupPlan::loses_values)
    }
}

/// Lists every contact of `provider` and plans the merge of each group of duplicates; writes
/// nothing. The whole listing is held in memory while planning.
///
/// # Errors
/// The provider's error when listing fails.
pub async fn plan(
    provider: &dyn ContactProvider,
    options: &DedupeOptions,
) -> Result<DedupePlan, contacts_core::Error> {
    let contacts: Vec<Contact> = provider.list(ContactQuery::new()).try_collect().await?;
    Ok(DedupePlan::of(&contacts, provider.capabilities(), options))
}
