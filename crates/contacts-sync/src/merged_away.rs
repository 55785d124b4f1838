//! Contacts `contacts dedupe` merged away, as the state recorded them
//! ([`State::record_merges`](crate::State::record_merges)): a pair whose contact on a side is
//! gone because it was merged into another contact there is never recreated on that side
//! (that would undo the merge). The pair is re-linked to the kept contact when no pair holds
//! that one (see `relink.rs`), otherwise the rules settle the other side's contact as a
//! duplicate there (see `rules.rs`).

use crate::Side;
use contacts_core::ContactId;
use std::collections::HashMap;

/// How many merges one after the other are followed (A into B, then B into C): more is a loop.
const CHAIN_LIMIT: usize = 64;

/// The merge records of both sides.
#[derive(Debug, Default)]
pub(crate) struct MergedAway {
    /// Per side (`[source, target]`), merged-away id to kept id.
    kept: [HashMap<ContactId, ContactId>; 2],
}

impl MergedAway {
    /// The records as read from the state.
    pub(crate) fn new(kept: [HashMap<ContactId, ContactId>; 2]) -> Self {
        Self { kept }
    }

    /// The contact of `side` that `id` was merged into, following later merges of that one
    /// (A into B, then B into C: C); `None` when `id` was not merged away.
    pub(crate) fn kept(&self, side: Side, id: &ContactId) -> Option<&ContactId> {
        let map = &self.kept[side as usize];
        let mut kept = map.get(id)?;
        for _ in 0..CHAIN_LIMIT {
            match map.get(kept) {
                Some(next) if next != id => kept = next,
                _ => break,
            }
        }
        Some(kept)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_of_merges_leads_to_the_last_kept_contact_and_a_loop_ends() {
        let id = ContactId::new;
        let mut source = HashMap::new();
        source.insert(id("a"), id("b"));
        source.insert(id("b"), id("c"));
        source.insert(id("x"), id("y"));
        source.insert(id("y"), id("x"));
        let merged = MergedAway::new([source, HashMap::new()]);
        assert_eq!(merged.kept(Side::Source, &id("a")), Some(&id("c")));
        assert_eq!(merged.kept(Side::Target, &id("a")), None);
        assert_eq!(merged.kept(Side::Source, &id("c")), None);
        assert!(merged.kept(Side::Source, &id("x")).is_some());
    }
}
