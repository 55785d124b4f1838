//! Re-linking: a paired contact whose id vanished from its side, found again under a new id.
//!
//! A store restored from its own export (`export`, `delete --all`, `import`) holds the same
//! contacts under new ids. Taken id by id, every pair would look deleted on that side (with
//! deletes, deleted on the other side too) and every restored contact new (paired again by
//! number at best, skipped at worst). Instead, before anything is planned, each pair whose
//! contact on a side is gone is matched to a contact of that side no pair holds:
//!
//! 1. **by content**: the contact's content hash is the hash the state recorded for the
//!    vanished contact, and exactly one unpaired contact has it, and exactly one vanished
//!    pair on that side recorded it;
//! 2. **otherwise by number**: the pair's contact on the other side is present and has a
//!    usable number, exactly one unpaired contact of this side has the same number (its E.164
//!    form), and exactly one still-vanished pair on this side has that number on the other
//!    side.
//!
//! Before both, a vanished contact that `contacts dedupe` merged into another contact of its
//! side (see `merged_away.rs`) is re-linked to that kept contact when no pair holds it: the
//! kept contact now holds the merged fields, which then flow as a change.
//!
//! A match takes the vanished id's place in the pair (the recorded hashes stay, so what
//! differs from them is a change, carried by the usual rules). Anything ambiguous is left
//! alone: the pair stays gone, the contacts stay unpaired, and the mass-loss guard counts it.
//! The source is re-linked first, then the target.

use crate::hash::parse_hash;
use crate::index::Index;
use crate::merged_away::MergedAway;
use crate::{Pair, Side};
use contacts_core::ContactId;
use std::collections::HashMap;

/// A pair given a new id on one side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Relink {
    /// The pair's place in the slice given to [`relink`].
    pub(crate) pair: usize,
    /// The side whose id changed.
    pub(crate) side: Side,
    /// The id that vanished.
    pub(crate) old: ContactId,
    /// The id found in its place.
    pub(crate) new: ContactId,
    /// What the new id was found by.
    pub(crate) by: Basis,
}

/// What a re-link found the new id by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Basis {
    /// `contacts dedupe` merged the vanished contact into it.
    Merge,
    /// Its content hash is the one recorded.
    Content,
    /// Its number is the other side's contact's.
    Number,
}

/// Re-links the pairs of `pairs` whose contact on a side vanished (see the module docs),
/// updating them in place and claiming the new ids in their index (every id held by a pair
/// must be claimed already). The re-links made, in the order made.
pub(crate) fn relink(
    pairs: &mut [Pair],
    source: &mut Index,
    target: &mut Index,
    merged: &MergedAway,
) -> Vec<Relink> {
    let mut made = Vec::new();
    for side in [Side::Source, Side::Target] {
        let (index, other) = match side {
            Side::Source => (&mut *source, &*target),
            Side::Target => (&mut *target, &*source),
        };
        let vanished: Vec<usize> = (0..pairs.len())
            .filter(|i| !index.contains(pairs[*i].id(side)))
            .collect();
        if vanished.is_empty() {
            continue;
        }
        let vanished = by_merge(pairs, side, index, merged, &vanished, &mut made);
        let left = by_content(pairs, side, index, &vanished, &mut made);
        by_number(pairs, side, index, other, &left, &mut made);
    }
    made
}

/// Step 0: the contact `contacts dedupe` kept in place of the vanished one, if present and no
/// pair holds it. The pairs left.
fn by_merge(
    pairs: &mut [Pair],
    side: Side,
    index: &mut Index,
    merged: &MergedAway,
    vanished: &[usize],
    made: &mut Vec<Relink>,
) -> Vec<usize> {
    let mut left = Vec::new();
    for &i in vanished {
        match merged.kept(side, pairs[i].id(side)) {
            Some(kept) if index.contains(kept) && !index.is_claimed(kept) => {
                take(pairs, i, side, index, kept.clone(), Basis::Merge, made);
            }
            _ => left.push(i),
        }
    }
    left
}

/// Step 1: a unique recorded hash met by a unique unpaired contact. The pairs left.
fn by_content(
    pairs: &mut [Pair],
    side: Side,
    index: &mut Index,
    vanished: &[usize],
    made: &mut Vec<Relink>,
) -> Vec<usize> {
    let mut unpaired: HashMap<u64, Vec<u32>> = HashMap::new();
    for slot in index.unclaimed() {
        unpaired.entry(index.hash_at(slot)).or_default().push(slot);
    }
    let mut recorded: HashMap<Option<u64>, usize> = HashMap::new();
    for i in vanished {
        *recorded
            .entry(parse_hash(pairs[*i].hash(side)))
            .or_default() += 1;
    }
    let mut left = Vec::new();
    for &i in vanished {
        let hash = parse_hash(pairs[i].hash(side));
        let unique = recorded.get(&hash) == Some(&1);
        match hash.and_then(|h| unpaired.get(&h)) {
            Some(slots) if unique && slots.len() == 1 => {
                let new = index.id_at(slots[0]);
                take(pairs, i, side, index, new, Basis::Content, made);
            }
            _ => left.push(i),
        }
    }
    left
}

/// Step 2: a number held, on this side, by one unpaired contact only, and on the other side
/// by the contact of one vanished pair only.
fn by_number(
    pairs: &mut [Pair],
    side: Side,
    index: &mut Index,
    other: &Index,
    vanished: &[usize],
    made: &mut Vec<Relink>,
) {
    let keyed: Vec<(usize, String)> = vanished
        .iter()
        .filter_map(|&i| other.key(pairs[i].id(side.other())).map(|k| (i, k)))
        .collect();
    let mut wanted: HashMap<&str, usize> = HashMap::new();
    for (_, key) in &keyed {
        *wanted.entry(key.as_str()).or_default() += 1;
    }
    for (i, key) in &keyed {
        if wanted.get(key.as_str()) != Some(&1) {
            continue;
        }
        let free: Vec<ContactId> = index
            .holders(key)
            .into_iter()
            .filter(|id| !index.is_claimed(id))
            .collect();
        if let [new] = free.as_slice() {
            take(pairs, *i, side, index, new.clone(), Basis::Number, made);
        }
    }
}

/// Puts `new` in the place of pair `i`'s vanished id on `side`.
fn take(
    pairs: &mut [Pair],
    i: usize,
    side: Side,
    index: &mut Index,
    new: ContactId,
    by: Basis,
    made: &mut Vec<Relink>,
) {
    index.claim(&new);
    let slot = match side {
        Side::Source => &mut pairs[i].source_id,
        Side::Target => &mut pairs[i].target_id,
    };
    let old = std::mem::replace(slot, new.clone());
    made.push(Relink {
        pair: i,
        side,
        old,
        new,
        by,
    });
}
