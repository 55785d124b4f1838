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
        let mut at = OneSide {
            pairs: &mut *pairs,
            side,
            index,
            made: &mut made,
        };
        let vanished = at.by_merge(merged, &vanished);
        let left = at.by_content(&vanished);
        at.by_number(other, &left);
    }
    made
}

/// One side's re-linking: the pairs, the side whose ids vanished, its index (claiming the
/// ids found) and the re-links made so far. Each step takes the pairs still vanished; the
/// first two return those they left.
struct OneSide<'a> {
    pairs: &'a mut [Pair],
    side: Side,
    index: &'a mut Index,
    made: &'a mut Vec<Relink>,
}

impl OneSide<'_> {
    /// Step 0: the contact `contacts dedupe` kept in place of the vanished one, if present and
    /// no pair holds it. The pairs left.
    fn by_merge(&mut self, merged: &MergedAway, vanished: &[usize]) -> Vec<usize> {
        let side = self.side;
        let mut left = Vec::new();
        for &i in vanished {
            match merged.kept(side, self.pairs[i].id(side)) {
                Some(kept) if self.index.contains(kept) && !self.index.is_claimed(kept) => {
                    self.take(i, kept.clone(), Basis::Merge);
                }
                _ => left.push(i),
            }
        }
        left
    }

    /// Step 1: a unique recorded hash met by a unique unpaired contact. The pairs left.
    fn by_content(&mut self, vanished: &[usize]) -> Vec<usize> {
        let (side, index) = (self.side, &*self.index);
        let mut unpaired: HashMap<u64, Vec<u32>> = HashMap::new();
        for slot in index.unclaimed() {
            unpaired.entry(index.hash_at(slot)).or_default().push(slot);
        }
        let mut recorded: HashMap<Option<u64>, usize> = HashMap::new();
        for i in vanished {
            *recorded
                .entry(parse_hash(self.pairs[*i].hash(side)))
                .or_default() += 1;
        }
        let mut left = Vec::new();
        for &i in vanished {
            let hash = parse_hash(self.pairs[i].hash(side));
            let unique = recorded.get(&hash) == Some(&1);
            match hash.and_then(|h| unpaired.get(&h)) {
                Some(slots) if unique && slots.len() == 1 => {
                    let new = self.index.id_at(slots[0]);
                    self.take(i, new, Basis::Content);
                }
                _ => left.push(i),
            }
        }
        left
    }

    /// Step 2: a number held, on this side, by one unpaired contact only, and on the other side
    /// by the contact of one vanished pair only.
    fn by_number(&mut self, other: &Index, vanished: &[usize]) {
        let side = self.side;
        let keyed: Vec<(usize, String)> = vanished
            .iter()
            .filter_map(|&i| other.key(self.pairs[i].id(side.other())).map(|k| (i, k)))
            .collect();
        let mut wanted: HashMap<&str, usize> = HashMap::new();
        for (_, key) in &keyed {
            *wanted.entry(key.as_str()).or_default() += 1;
        }
        for (i, key) in &keyed {
            if wanted.get(key.as_str()) != Some(&1) {
                continue;
            }
            let free: Vec<ContactId> = (self.index.holders(key).into_iter())
                .filter(|id| !self.index.is_claimed(id))
                .collect();
            if let [new] = free.as_slice() {
                self.take(*i, new.clone(), Basis::Number);
            }
        }
    }

    /// Puts `new` in the place of pair `i`'s vanished id on `side`.
    fn take(&mut self, i: usize, new: ContactId, by: Basis) {
        self.index.claim(&new);
        let slot = match self.side {
            Side::Source => &mut self.pairs[i].source_id,
            Side::Target => &mut self.pairs[i].target_id,
        };
        let old = std::mem::replace(slot, new.clone());
        self.made.push(Relink {
            pair: i,
            side: self.side,
            old,
            new,
            by,
        });
    }
}
