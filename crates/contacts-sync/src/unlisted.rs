//! Pairs whose contact a listing left out but that are still there when read directly.
//!
//! A listing is not proof of absence: a CardDAV server's card that cannot be read is skipped
//! from the listing (with a warning), a vendor's page can end early. Taking such a contact for
//! deleted would delete its partner (delete mode) or create it again (two-way). So before
//! planning, every pair whose contact is missing from a side's listing is read by id on that
//! side; only `NotFound` makes it gone. Anything else (the contact, or an error) leaves the
//! pair alone for this run, reported as a skip.

use crate::index::Index;
use crate::{Pair, Result, Side, Skip};
use contacts_core::{ContactId, ContactProvider, Error, GetOptions};
use futures::{StreamExt, TryStreamExt, stream};

/// Reads at once while confirming.
const CONCURRENCY: usize = 8;

/// Splits `pairs` into those to plan and those left alone this run, each of the latter with
/// the skip that says why. A side read through its change feed (`incremental`) is not
/// checked: a recorded contact missing from its index was deleted in the change set (or
/// confirmed gone by a read), while one the change set does not name is in the index, known
/// by its pair.
pub(crate) async fn confirm_gone(
    sides: [&dyn ContactProvider; 2],
    indexes: [&Index; 2],
    pairs: Vec<Pair>,
    incremental: [bool; 2],
) -> Result<(Vec<Pair>, Vec<(Pair, Skip)>)> {
    let checks: Vec<(usize, Side, ContactId)> = pairs
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            [Side::Source, Side::Target]
                .into_iter()
                .zip(indexes)
                .filter(|(side, _)| !incremental[*side as usize])
                .filter(|(side, index)| !index.contains(p.id(*side)))
                .map(move |(side, _)| (i, side, p.id(side).clone()))
        })
        .collect();
    let left: Vec<(usize, Side, String)> = stream::iter(checks)
        .map(|(i, side, id)| async move {
            let provider = sides[usize::from(side == Side::Target)];
            match provider.get(&id, &GetOptions::default()).await {
                Err(Error::NotFound { .. }) => Ok(None),
                Ok(_) => Ok(Some((
                    i,
                    side,
                    "not in its listing, yet there when read".into(),
                ))),
                Err(e) => Ok(Some((
                    i,
                    side,
                    format!("not in its listing, and reading it failed: {e}"),
                ))),
            }
        })
        .buffer_unordered(CONCURRENCY)
        .try_filter_map(|found: Option<_>| async move { Ok::<_, crate::SyncError>(found) })
        .try_collect()
        .await?;
    let mut alone: Vec<Option<(Side, String)>> = vec![None; pairs.len()];
    for (i, side, why) in left {
        alone[i] = Some((side, why));
    }
    let mut planned = Vec::with_capacity(pairs.len());
    let mut skipped = Vec::new();
    for (pair, why) in pairs.into_iter().zip(alone) {
        match why {
            None => planned.push(pair),
            Some((side, why)) => {
                let skip = Skip {
                    side,
                    id: pair.id(side).clone(),
                    reason: format!("{why}; left alone this run (never taken for deleted)"),
                    fields: Vec::new(),
                };
                skipped.push((pair, skip));
            }
        }
    }
    Ok((planned, skipped))
}
