//! Applying a dedupe plan: per group, check the members are as planned, write the kept
//! contact, then delete the merged-away ones; a group that fails is reported and the rest
//! goes on.
//!
//! Why apart from planning: everything that writes is here, so a dry run is simply not
//! calling it.

use super::DedupePlan;
use super::merging::{GroupPlan, Write};
use contacts_core::{Contact, ContactId, ContactProvider, Error, GetOptions};
use serde::Serialize;

/// How [`apply`] treats groups.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplyOptions {
    /// Merge a group even when its plan lists values the kept contact cannot hold
    /// ([`GroupPlan::not_kept`]): those values are then lost (they are in the plan, which a
    /// caller shows first). Without it such a group is left as it is.
    pub allow_loss: bool,
}

/// A contact merged into another: the record a sync needs so that it does not create the
/// merged-away contact again from the other side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Merge {
    /// The contact that holds the values now.
    pub kept: ContactId,
    /// The contact deleted.
    pub merged_away: ContactId,
    /// The store both are in ([`ContactProvider::store_identity`]), where it has one.
    pub store_identity: Option<String>,
}

/// A group not merged, or merged only in part, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupOutcome {
    /// The group's kept contact.
    pub kept: ContactId,
    /// Why: a refused write, a contact changed since the plan, values that would be lost.
    pub reason: String,
}

/// What [`apply`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Applied {
    /// Each contact merged away, in plan order.
    pub merges: Vec<Merge>,
    /// Groups whose write or delete failed (what was written before the failure stays: the
    /// kept contact holds the values, and the contacts not yet deleted are found again).
    pub failed: Vec<GroupOutcome>,
    /// Groups left as they are: they would lose values, or changed since the plan.
    pub left: Vec<GroupOutcome>,
}

/// Applies `plan` to `provider` (the provider it was planned on): per group, the members are
/// read again and must be as planned, then the kept contact is written (one `update` or
/// `replace`) and the others deleted. A failure is recorded for its group and the next group
/// goes on; only the groups of [`Applied::merges`] changed anything.
pub async fn apply(
    provider: &dyn ContactProvider,
    plan: &DedupePlan,
    options: &ApplyOptions,
) -> Applied {
    let store = provider.store_identity();
    let mut applied = Applied::default();
    for group in &plan.groups {
        let outcome = |reason: String| GroupOutcome {
            kept: group.kept.clone(),
            reason,
        };
        if group.loses_values() && !options.allow_loss {
            let n = group.not_kept.len();
            let values = if n == 1 { "value" } else { "values" };
            applied.left.push(outcome(format!(
                "would not keep {n} {values} (listed in the plan); merge by hand, or allow the \
                 loss"
            )));
            continue;
        }
        match unchanged(provider, group).await {
            Ok(None) => {}
            Ok(Some(reason)) => {
                applied.left.push(outcome(reason));
                continue;
            }
            Err(e) => {
                applied
                    .failed
                    .push(outcome(format!("reading it again: {e}")));
                continue;
            }
        }
        if let Err(reason) = merge_group(provider, group, &store, &mut applied.merges).await {
            applied.failed.push(outcome(reason));
        }
    }
    applied
}

/// `None` when every member is as listed for the plan; else which one changed or went.
async fn unchanged(
    provider: &dyn ContactProvider,
    group: &GroupPlan,
) -> Result<Option<String>, Error> {
    for planned in &group.members {
        let now = match provider.get(&planned.id, &GetOptions::default()).await {
            Ok(now) => now,
            Err(Error::NotFound { .. }) => {
                return Ok(Some(format!(
                    "contact {} is gone since the plan",
                    planned.id
                )));
            }
            Err(e) => return Err(e),
        };
        if !same_content(&now, planned) {
            return Ok(Some(format!(
                "contact {} changed since the plan; plan again",
                planned.id
            )));
        }
    }
    Ok(None)
}

fn same_content(a: &Contact, b: &Contact) -> bool {
    a.properties == b.properties && a.labels == b.labels && a.card == b.card
}

/// Writes the kept contact, then deletes the others, recording each deleted one.
async fn merge_group(
    provider: &dyn ContactProvider,
    group: &GroupPlan,
    store: &Option<String>,
    merges: &mut Vec<Merge>,
) -> Result<(), String> {
    let written = match &group.write {
        Write::Nothing => Ok(()),
        Write::Update { patch } => provider.update(&group.kept, patch).await.map(drop),
        Write::Replace { contact } => provider.replace(&group.kept, contact).await.map(drop),
    };
    written.map_err(|e| format!("writing contact {}: {e}; nothing deleted", group.kept))?;
    for id in &group.merged_away {
        match provider.delete(id).await {
            // Gone already: deleted by someone else after the check; its values are kept.
            Ok(()) | Err(Error::NotFound { .. }) => merges.push(Merge {
                kept: group.kept.clone(),
                merged_away: id.clone(),
                store_identity: store.clone(),
            }),
            Err(e) => {
                return Err(format!(
                    "deleting contact {id}: {e}; contact {} holds its values, so a dedupe \
                     run again deletes it",
                    group.kept
                ));
            }
        }
    }
    Ok(())
}
