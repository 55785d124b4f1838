//! Building a [`Plan`] from the two sides and the state.

use crate::feed::{self, Job, resolve};
use crate::hash::{hash_text, same_hash};
use crate::index::Index;
use crate::merge::Base;
use crate::merged_away::MergedAway;
use crate::plan::{CREATE_REASONS, Origins, PlanSteps};
use crate::relink::{self, Basis, Relink};
use crate::rules::{self, Decision, Details, Fact, Found, Seen, Situation};
use crate::translation::{Desired, Translation};
use crate::unlisted;
use crate::{Action, Mode, Pair, Plan, Result, Side, Skip, State, SyncError, SyncOptions};
use contacts_core::{Contact, ContactId, ContactProvider};
use contacts_phone::Normalizer;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// A side is refused as having lost most of its contacts only from this many lost pairs on:
/// below it, "more than half" is a handful of deletes in a small store.
const MASS_LOSS_MIN: usize = 5;

/// Plans a sync of `source` into `target` (and back, two-way) against `state`; writes nothing,
/// neither to the providers nor to the state.
///
/// Before anything is listed, the sides' [store
/// identities](contacts_core::ContactProvider::store_identity) are checked against those the
/// state recorded (see [`State::check_stores`]). Pairs whose contact vanished from a side are
/// re-linked to a contact of that side with the recorded content or, failing that, the same
/// number (a store restored from its export: same contacts, new ids; see `docs/sync.md`).
///
/// # Errors
/// A provider failing to list, the state failing to read, [`SyncError::SameStore`] or
/// [`SyncError::OtherStore`] when the sides are not the stores they should be,
/// [`SyncError::EmptySide`] when a side lists no contacts although the state remembers some
/// (unless `allow_empty`), or [`SyncError::MassLoss`] when a side lost most of the contacts
/// synced with it, re-links counted as kept (unless `allow_mass_loss`).
pub async fn plan(
    source: &dyn ContactProvider,
    target: &dyn ContactProvider,
    state: &State,
    options: &SyncOptions,
) -> Result<Plan> {
    state.keep_feed(None);
    check_stores(state, options, [source, target])?;
    let intents = pending_writes(state)?;
    let normalizers = [options.source_region, options.target_region]
        .map(|region| Arc::new(Normalizer::new(region).with_cache(4096)));
    // With no pair recorded (a first sync) every number is needed: read them while listing.
    // Otherwise read them only if the plan turns out to need them.
    let eager = !state.has_pairs()?;
    // Each side listed in full, or through its change feed (see feed.rs).
    let modes = (eager, intents.is_empty());
    let read = feed::read([source, target], state, options, &normalizers, modes).await?;
    if read.quiet {
        // Both feeds said nothing changed, and no write of an earlier run is pending.
        return Ok(keep(
            state,
            Plan::default(),
            read.tokens,
            Default::default(),
        ));
    }
    let feed::Read {
        indexes: [mut source_index, mut target_index],
        pairs,
        tokens,
        incremental,
        ..
    } = read;
    guard_empty(options, pairs.len(), [&source_index, &target_index])?;
    if !eager && settled(&pairs, &intents, &source_index, &target_index) {
        // Nothing changed: nothing to plan (the planner would find every pair unchanged).
        drop(Job::start(move || {
            drop((source_index, target_index, pairs))
        }));
        return Ok(keep(state, Plan::default(), tokens, Default::default()));
    }
    // Numbers not read yet (all of them, but on a first sync only those read by id).
    let [source_normalizer, target_normalizer] = normalizers;
    (source_index, target_index) = futures::try_join!(
        resolve(source_index, source_normalizer),
        resolve(target_index, target_normalizer)
    )?;
    let (mut pairs, unlisted) = unlisted::confirm_gone(
        [source, target],
        [&source_index, &target_index],
        pairs,
        incremental,
    )
    .await?;
    // Gone for certain (a listing's gaps confirmed by a read, or a change feed's deletions).
    let gone = gone_ids(&pairs, [&source_index, &target_index]);
    let translation = Translation {
        source: source.capabilities(),
        target: target.capabilities(),
        key_map: &options.key_map,
        photos: options.photos,
    };
    let mut planner = Planner {
        state,
        source: source_index,
        target: target_index,
        translation,
        options,
        intents,
        steps: PlanSteps::default(),
        reasons: HashMap::new(),
        conflicts: Vec::new(),
        skips: Vec::new(),
        merged: MergedAway::new(state.merges()?),
    };
    planner.leave_alone(unlisted);
    planner.run(&mut pairs)?;
    drop(Job::start(move || drop(pairs)));
    Ok(keep(state, planner.finish()?, tokens, gone))
}

/// The sides' store identities against those the state recorded, or (`rebind_stores`) only
/// that they are two stores.
fn check_stores(
    state: &State,
    options: &SyncOptions,
    sides: [&dyn ContactProvider; 2],
) -> Result<()> {
    let [source, target] = sides.map(|side| side.store_identity());
    if options.rebind_stores {
        crate::state::same_store_check(source.as_deref(), target.as_deref())
    } else {
        state.check_stores(source.as_deref(), target.as_deref())
    }
}

/// Writes begun by an earlier run (deletes aside): (origin side, origin id).
fn pending_writes(state: &State) -> Result<HashSet<(Side, ContactId)>> {
    Ok(state
        .intents()?
        .into_iter()
        .filter(|i| i.kind != "delete")
        .map(|i| (i.origin, i.origin_id))
        .collect())
}

/// Per side, the recorded pairs' contacts missing from its index.
fn gone_ids(pairs: &[Pair], indexes: [&Index; 2]) -> [Vec<ContactId>; 2] {
    [Side::Source, Side::Target].map(|side| {
        let index = indexes[side as usize];
        pairs
            .iter()
            .map(|p| p.id(side))
            .filter(|id| !index.contains(id))
            .cloned()
            .collect()
    })
}

/// Keeps in the state what this plan took from the change feeds, for the run carrying it out
/// to record (see [`feed::Taken`]), and hands the plan back.
fn keep(
    state: &State,
    plan: Plan,
    tokens: [Option<contacts_core::optional::ChangeToken>; 2],
    gone: [Vec<ContactId>; 2],
) -> Plan {
    let plan_counts = feed::fingerprint(&plan);
    state.keep_feed(Some(feed::Taken {
        tokens,
        gone,
        plan: plan_counts,
    }));
    plan
}

/// [`SyncError::EmptySide`] when a side (`[source, target]`) lists no contacts although the
/// state records `remembered` pairs, unless allowed.
fn guard_empty(options: &SyncOptions, remembered: usize, sides: [&Index; 2]) -> Result<()> {
    if options.allow_empty || remembered == 0 {
        return Ok(());
    }
    for (side, index) in [Side::Source, Side::Target].into_iter().zip(sides) {
        if index.is_empty() {
            return Err(SyncError::EmptySide { side, remembered });
        }
    }
    Ok(())
}

/// Whether nothing changed since the last sync: every contact on both sides is in a recorded
/// pair with both its contacts present, both hashes as recorded, and no pending intent. Then
/// the plan is empty and needs no phone number.
fn settled(
    pairs: &[Pair],
    intents: &HashSet<(Side, ContactId)>,
    source: &Index,
    target: &Index,
) -> bool {
    if !intents.is_empty() || pairs.len() != source.len() || pairs.len() != target.len() {
        return false;
    }
    // Every pair is looked up on both sides: the two sides are checked at once.
    let same =
        |index: &Index, side: Side| index.all_as(pairs.iter().map(|p| (p.id(side), p.hash(side))));
    std::thread::scope(|scope| {
        let target_same = scope.spawn(|| same(target, Side::Target));
        let source_same = same(source, Side::Source);
        // A panic in the check (there is none to expect) counts as "not settled": the plan
        // is then worked out in full, which is always safe.
        source_same && target_same.join().unwrap_or(false)
    })
}

/// The planning of one run.
struct Planner<'a> {
    /// The state, for the bases of pairs to merge (read one at a time, when needed).
    state: &'a State,
    source: Index,
    target: Index,
    translation: Translation<'a>,
    options: &'a SyncOptions,
    /// Writes begun by an earlier run and not known to be recorded: (origin side, origin id).
    intents: HashSet<(Side, ContactId)>,
    steps: PlanSteps,
    /// The creates' reasons, numbered.
    reasons: HashMap<String, usize>,
    conflicts: Vec<Skip>,
    skips: Vec<Skip>,
    /// The contacts `contacts dedupe` merged away, per side.
    merged: MergedAway,
}

impl Planner<'_> {
    fn index_mut(&mut self, side: Side) -> &mut Index {
        match side {
            Side::Source => &mut self.source,
            Side::Target => &mut self.target,
        }
    }

    fn index(&self, side: Side) -> &Index {
        match side {
            Side::Source => &self.source,
            Side::Target => &self.target,
        }
    }

    /// The plan, its creates to be read from both sides' listings.
    fn finish(self) -> Result<Plan> {
        for index in [&self.source, &self.target] {
            if let Some(failure) = index.failure() {
                return Err(failure);
            }
        }
        let (source, target, mut steps) = (self.source.seal(), self.target.seal(), self.steps);
        steps.shrink();
        let mut reasons = vec![String::new(); self.reasons.len()];
        for (text, n) in self.reasons {
            reasons[n] = text;
        }
        let origins = Origins {
            source,
            target,
            source_caps: self.translation.source.clone(),
            target_caps: self.translation.target.clone(),
            key_map: self.translation.key_map.clone(),
            photos: self.translation.photos,
            reasons,
        };
        Ok(Plan::planned(steps, origins, self.conflicts, self.skips))
    }

    fn push(&mut self, action: Action) {
        self.steps.push_held(action);
    }

    /// The content hash of `id` on `side`, as the state records it (empty: no such contact).
    fn hash(&self, side: Side, id: &ContactId) -> String {
        self.index(side)
            .hash(id)
            .map_or_else(String::new, hash_text)
    }

    fn skip(&mut self, side: Side, id: &ContactId, reason: String) {
        self.skips.push(Skip {
            side,
            id: id.clone(),
            reason,
            fields: Vec::new(),
        });
    }

    /// Pairs whose contact a listing left out but that were still there when read: their
    /// contacts are accounted for (never created again) and nothing is planned for them.
    fn leave_alone(&mut self, unlisted: Vec<(Pair, Skip)>) {
        for (pair, skip) in unlisted {
            for side in [Side::Source, Side::Target] {
                self.index_mut(side).claim(pair.id(side));
            }
            self.skips.push(skip);
        }
    }

    /// Plans every step: the recorded pairs (re-linked first where a contact vanished, then
    /// checked for mass loss), then the contacts no pair holds.
    fn run(&mut self, pairs: &mut [Pair]) -> Result<()> {
        self.claim(pairs);
        let relinks = relink::relink(pairs, &mut self.source, &mut self.target, &self.merged);
        self.guard_mass_loss(pairs)?;
        self.record_relinks(pairs, &relinks);
        self.pairs(pairs);
        self.unpaired(Side::Source);
        if self.options.mode == Mode::TwoWay {
            self.unpaired(Side::Target);
        }
        Ok(())
    }

    /// Marks the contacts the recorded pairs hold as accounted for.
    fn claim(&mut self, pairs: &[Pair]) {
        for p in pairs {
            for side in [Side::Source, Side::Target] {
                self.index_mut(side).claim(p.id(side));
            }
        }
    }

    /// [`SyncError::MassLoss`] when a side that still lists contacts lost more than half of
    /// the recorded pairs' contacts (and at least [`MASS_LOSS_MIN`]), unless allowed. A side
    /// listing none is [`SyncError::EmptySide`]'s, checked before.
    fn guard_mass_loss(&self, pairs: &[Pair]) -> Result<()> {
        if self.options.allow_mass_loss {
            return Ok(());
        }
        for side in [Side::Source, Side::Target] {
            let index = self.index(side);
            // A contact merged away by `contacts dedupe` is accounted for, not lost.
            let lost = pairs
                .iter()
                .filter(|p| !index.contains(p.id(side)))
                .filter(|p| self.merged.kept(side, p.id(side)).is_none())
                .count();
            if !index.is_empty() && lost >= MASS_LOSS_MIN && lost * 2 > pairs.len() {
                return Err(SyncError::MassLoss {
                    side,
                    lost,
                    paired: pairs.len(),
                    listed: index.len(),
                });
            }
        }
        Ok(())
    }

    /// Records the pairs re-linked to new ids, with their recorded hashes (what differs from
    /// them is a change, which the pair's own step carries), one link per pair.
    fn record_relinks(&mut self, pairs: &[Pair], relinks: &[Relink]) {
        let mut done = HashSet::new();
        for r in relinks {
            if !done.insert(r.pair) {
                continue;
            }
            let p = &pairs[r.pair];
            let how: Vec<String> = relinks
                .iter()
                .filter(|o| o.pair == r.pair)
                .map(|o| {
                    let (old, new) = (o.old.as_str(), o.new.as_str());
                    match o.by {
                        Basis::Merge => {
                            format!("{} {old} was merged into {new} by contacts dedupe", o.side)
                        }
                        Basis::Content => {
                            format!("{} {old} is gone and {new} has its content", o.side)
                        }
                        Basis::Number => {
                            format!("{} {old} is gone and {new} has its number", o.side)
                        }
                    }
                })
                .collect();
            self.push(Action::Link {
                source_id: p.source_id.clone(),
                target_id: p.target_id.clone(),
                source_hash: p.source_hash.clone(),
                target_hash: p.target_hash.clone(),
                reason: match relinks
                    .iter()
                    .any(|o| o.pair == r.pair && o.by != Basis::Merge)
                {
                    true => format!("re-linked: {} (restored or re-imported?)", how.join("; ")),
                    false => format!("re-linked: {}", how.join("; ")),
                },
                base: None,
            });
        }
    }

    /// The recorded pairs: updates, deletes, recreations, forgetting.
    fn pairs(&mut self, pairs: &[Pair]) {
        for p in pairs {
            let seen = [Side::Source, Side::Target].map(|side| {
                let index = self.index(side);
                match index.hash(p.id(side)) {
                    None => Seen::Gone,
                    Some(h) if same_hash(h, p.hash(side)) => Seen::Same,
                    Some(_) => Seen::Changed,
                }
            });
            let intent = [Side::Source, Side::Target].map(|side| {
                !self.intents.is_empty() && self.intents.contains(&(side, p.id(side).clone()))
            });
            // Gone from one side: does that side have several unpaired contacts with the
            // other's number (restored with duplicates)?
            let gone = match seen {
                [Seen::Gone, Seen::Gone] => None,
                [Seen::Gone, _] => Some(Side::Source),
                [_, Seen::Gone] => Some(Side::Target),
                _ => None,
            };
            let restore = gone.and_then(|gone| self.unpaired_holders(gone, p.id(gone.other())));
            let (key, holders) = restore.unwrap_or_default();
            // Gone because `contacts dedupe` merged it into a contact a pair holds (one no
            // pair held was re-linked to it already).
            let kept = gone.and_then(|gone| self.merged.kept(gone, p.id(gone)).cloned());
            let details = Details {
                key: &key,
                holders,
                other_id: p.target_id.as_str(),
                kept: kept.as_ref().map_or("", ContactId::as_str),
                ..Details::default()
            };
            let found = Found::Pair {
                source: seen[0],
                target: seen[1],
            };
            let mut situation = self.situation(found, intent, details);
            situation.ambiguous = holders > 1;
            situation.merged = kept.is_some();
            self.settle(situation, [Some(&p.source_id), Some(&p.target_id)]);
        }
    }

    /// A situation of this run's options with nothing looked at yet.
    fn situation<'d>(
        &self,
        found: Found,
        intent: [bool; 2],
        details: Details<'d>,
    ) -> Situation<'d> {
        Situation {
            found,
            mode: self.options.mode,
            delete: self.options.delete,
            policy: self.options.conflict,
            intent,
            holds: [Fact::Unknown; 2],
            ambiguous: false,
            merged: false,
            base: Fact::Unknown,
            details,
        }
    }

    /// Decides `situation` about the contacts `ids` (`[source, target]`) by the rules, and
    /// carries the decision out. A contact that cannot be read back decides nothing (the
    /// failure is kept and fails the plan).
    fn settle(&mut self, mut situation: Situation<'_>, ids: [Option<&ContactId>; 2]) {
        let id = |side: Side| ids[side as usize];
        let mut base = None;
        loop {
            match rules::decide(&situation) {
                Decision::Ask(side) => {
                    let (Some(origin), Some(other)) = (id(side), id(side.other())) else {
                        return;
                    };
                    let Some(patch) = self.patch(side, origin, other) else {
                        return;
                    };
                    situation.holds[side as usize] = match patch.is_empty() {
                        true => Fact::Yes,
                        false => Fact::No,
                    };
                }
                Decision::AskBase => {
                    base = self.base(ids);
                    situation.base = if base.is_some() { Fact::Yes } else { Fact::No };
                }
                Decision::Merge(reason) => {
                    if let (Some(base), Some((s, t))) =
                        (&base, id(Side::Source).zip(id(Side::Target)))
                    {
                        self.merge(s, t, base, reason);
                    }
                    return;
                }
                decision => return self.carry_out(decision, ids),
            }
        }
    }

    /// The base to merge the pair `ids` against: recorded at the last sync and readable
    /// (cards merge in their flat view). A state that cannot be
    /// read gives none: the pair is then a whole-contact conflict, as without a base.
    fn base(&self, ids: [Option<&ContactId>; 2]) -> Option<Base> {
        let [Some(source_id), Some(target_id)] = ids else {
            return None;
        };
        let _ = target_id;
        let text = self.state.base(source_id).ok().flatten()?;
        Base::decode(&text)
    }

    /// A merge the policy left fields of: the pair is listed as a conflict with its fields.
    fn merge_conflict(
        &mut self,
        source_id: &ContactId,
        target_id: &ContactId,
        fields: Vec<crate::FieldMerge>,
    ) {
        let names: Vec<&str> = fields
            .iter()
            .filter(|f| f.left_in_conflict())
            .map(|f| f.field.as_str())
            .collect();
        let reason = format!(
            "changed on both sides since the last sync (target contact {}), the same fields \
             differently: {}; left alone: choose source-wins or target-wins, resolve the \
             fields, or edit one side",
            target_id.as_str(),
            names.join(", ")
        );
        let (side, id) = (Side::Source, source_id.clone());
        self.conflicts.push(Skip {
            side,
            id,
            reason,
            fields,
        });
    }

    /// Merges the pair `source_id`/`target_id`, changed on both sides, field by field against
    /// `base`: both sides written as needed, a link if they agree already, or a conflict
    /// listing its fields when the policy leaves some field alone.
    fn merge(&mut self, source_id: &ContactId, target_id: &ContactId, base: &Base, reason: String) {
        let (Some(source), Some(target)) = (
            self.index(Side::Source).get(source_id),
            self.index(Side::Target).get(target_id),
        ) else {
            return;
        };
        let Some(seen) = self.desired(Side::Source, source_id, Some(target_id)) else {
            return;
        };
        let labels = self.translation.target.labels;
        let target_labels = labels.then_some(&target.labels);
        let chosen = |field: &str| {
            self.options
                .resolutions
                .iter()
                .find(|r| r.source_id == *source_id && r.field == field)
                .map(|r| r.take)
        };
        let merged = crate::merge::merge(
            base,
            (&seen.properties, seen.labels.as_ref().filter(|_| labels)),
            (&target.properties, target_labels),
            crate::merge::whole(&seen).zip(target.card.as_deref()),
            &chosen,
            self.options.conflict,
        );
        if merged.unresolved > 0 {
            return self.merge_conflict(source_id, target_id, merged.fields);
        }
        let after = Contact {
            properties: merged.properties,
            labels: merged.labels.unwrap_or_else(|| target.labels.clone()),
            card: merged.card.map(Box::new),
            ..target.clone()
        };
        let onto_target = Desired {
            properties: after.properties.clone(),
            labels: labels.then(|| after.labels.clone()),
            notes: Vec::new(),
            // Cards merged entry by entry go whole; else the flat view merged, and the
            // changes land in the card already there.
            card: match &after.card {
                Some(card) => Some(crate::translation::CardPlan::Whole(card.clone())),
                None => (self.translation.target.stores_cards())
                    .then_some(crate::translation::CardPlan::FromFlat),
            },
        };
        let target_patch = self.translation.patch(&onto_target, &target, Side::Source);
        // The base: the target as the merge leaves it, its card too.
        let mut written = target.clone();
        target_patch.apply_to(&mut written);
        let after_labels = labels.then_some(&after.labels);
        let base = crate::merge::base_of(&after.properties, after_labels, written.card.as_deref());
        // The source keeps its own spelling of a number the merge did not change.
        let keep = (after.properties.phone_number() == seen.properties.phone_number())
            .then(|| source.properties.phone_number())
            .flatten();
        let onto_source = self.translation.desired(&after, Side::Target, None, keep);
        let source_patch = self.translation.patch(&onto_source, &source, Side::Target);
        if source_patch.is_empty() && target_patch.is_empty() {
            return self.link(
                source_id,
                target_id,
                &format!("{reason}: the same on both sides"),
            );
        }
        self.push(Action::Merge {
            source_id: source_id.clone(),
            target_id: target_id.clone(),
            source_hash: self.hash(Side::Source, source_id),
            target_hash: self.hash(Side::Target, target_id),
            source_patch,
            target_patch,
            fields: merged.fields,
            reason,
            base: Some(base),
        });
    }

    /// Does what the rules decided for the contacts `ids` (`[source, target]`).
    fn carry_out(&mut self, decision: Decision, ids: [Option<&ContactId>; 2]) {
        let id = |side: Side| ids[side as usize];
        let both = |side: Side| Some((id(side)?, id(side.other())?));
        match decision {
            Decision::Nothing | Decision::Ask(_) | Decision::AskBase | Decision::Merge(_) => {}
            Decision::Carry(from, reason) => {
                if let Some((origin, other)) = both(from) {
                    self.write(from, origin, Some(other), &reason);
                }
            }
            Decision::Place(from, reason) => {
                if let Some(origin) = id(from) {
                    self.index_mut(from).claim(origin);
                    self.match_or_create(from, origin, &reason);
                }
            }
            Decision::Create(from, reason) => {
                if let Some(origin) = id(from) {
                    self.write(from, origin, None, &reason);
                }
            }
            Decision::Delete(on, reason) => {
                if let (Some(target), Some(source_id)) = (id(on), id(Side::Source)) {
                    self.push(Action::Delete {
                        on,
                        id: target.clone(),
                        source_id: source_id.clone(),
                        reason,
                    });
                }
            }
            Decision::Forget(reason) => {
                if let Some(source_id) = id(Side::Source) {
                    let source_id = source_id.clone();
                    self.push(Action::Forget { source_id, reason });
                }
            }
            Decision::Link(reason) => {
                if let Some((source_id, target_id)) = both(Side::Source) {
                    self.link(source_id, target_id, &reason);
                }
            }
            Decision::Skip(side, reason) => {
                if let Some(contact) = id(side) {
                    self.skip(side, contact, reason);
                }
            }
            Decision::Conflict(reason) => {
                if let Some(source_id) = id(Side::Source) {
                    let (side, id) = (Side::Source, source_id.clone());
                    self.conflicts.push(Skip {
                        side,
                        id,
                        reason,
                        fields: Vec::new(),
                    });
                }
            }
        }
    }

    /// The number of `id` (on the side opposite `gone`) and how many unpaired contacts of
    /// `gone` hold it: several, and the pair's contact may well be there under a new id (a
    /// restore with duplicates), which re-linking could not tell.
    fn unpaired_holders(&self, gone: Side, id: &ContactId) -> Option<(String, usize)> {
        let key = self.index(gone.other()).key(id)?;
        let index = self.index(gone);
        let unpaired = index
            .holders(&key)
            .iter()
            .filter(|h| !index.is_claimed(h))
            .count();
        Some((key, unpaired))
    }

    /// The contacts of `side` no pair holds: paired by number, or created on the other side.
    fn unpaired(&mut self, side: Side) {
        for slot in self.index(side).unclaimed() {
            let id = self.index(side).id_at(slot);
            if self.index(side).is_claimed(&id) {
                continue;
            }
            let (found, key, why, holders) = match self.index(side).key_or_why(&id) {
                Some(Ok(key)) => match self.index(side).holder_count(&key) {
                    n if n > 1 => (Found::Shared { side }, key, String::new(), n),
                    n => (Found::New { side }, key, String::new(), n),
                },
                Some(Err(why)) => (Found::Unusable { side }, String::new(), why, 0),
                None => continue,
            };
            let details = Details {
                key: &key,
                holders,
                why: &why,
                ..Details::default()
            };
            let situation = self.situation(found, [false; 2], details);
            let mut ids = [None, None];
            ids[side as usize] = Some(&id);
            self.settle(situation, ids);
        }
    }

    /// Carries `origin_id` (on `from`) across: pairs it with the other side's contact of the
    /// same number, or creates it there. Finding it by number is also what makes an
    /// interrupted create converge.
    fn match_or_create(&mut self, from: Side, origin_id: &ContactId, reason: &str) {
        let to = from.other();
        let key = self.index(from).key(origin_id);
        let holders = key
            .as_deref()
            .map(|key| self.index(to).holders(key))
            .unwrap_or_default();
        let free: Vec<&ContactId> = holders
            .iter()
            .filter(|h| !self.index(to).is_claimed(h))
            .collect();
        let found = match (key.is_some(), holders.len(), free.as_slice()) {
            (true, 1, [_]) => Found::SameNumber { from },
            (true, n, _) if n > 1 => Found::Crowded { from },
            (true, 1, []) => Found::Taken { from },
            _ => Found::Alone { from },
        };
        let other = match found {
            Found::SameNumber { .. } => free.first().map(|o| (*o).clone()),
            _ => None,
        };
        if let Some(other) = &other {
            self.index_mut(to).claim(other);
        }
        let mut ids = [None, None];
        ids[from as usize] = Some(origin_id);
        ids[to as usize] = other.as_ref();
        let intent = [Side::Source, Side::Target].map(|side| {
            ids[side as usize].is_some_and(|id| self.intents.contains(&(side, id.clone())))
        });
        let named = match (&other, from) {
            (Some(other), Side::Source) => other.as_str(),
            (Some(_), Side::Target) => origin_id.as_str(),
            (None, _) => holders.first().map_or("", ContactId::as_str),
        };
        let details = Details {
            key: key.as_deref().unwrap_or_default(),
            holders: holders.len(),
            other_id: named,
            carried: reason,
            ..Details::default()
        };
        let situation = self.situation(found, intent, details);
        self.settle(situation, ids);
    }

    fn link(&mut self, source_id: &ContactId, target_id: &ContactId, reason: &str) {
        let base = self.index(Side::Target).get(target_id).map(|target| {
            let labels = self.translation.target.labels.then_some(&target.labels);
            crate::merge::base_of(&target.properties, labels, target.card.as_deref())
        });
        self.push(Action::Link {
            source_id: source_id.clone(),
            target_id: target_id.clone(),
            source_hash: self.hash(Side::Source, source_id),
            target_hash: self.hash(Side::Target, target_id),
            reason: reason.into(),
            base,
        });
    }

    /// The number of a create's reason (new reasons numbered while there is room).
    fn reason_number(&mut self, reason: &str) -> usize {
        let next = self.reasons.len();
        match self.reasons.get(reason) {
            Some(number) => *number,
            None if next < CREATE_REASONS => *self.reasons.entry(reason.into()).or_insert(next),
            None => next,
        }
    }

    /// Whether `id`'s contents were never read (known by its recorded hash on a side read
    /// through its change feed): the plan then fails (`get` notes why) rather than create
    /// something else from them.
    fn unread(&self, side: Side, id: &ContactId) -> bool {
        let unread = self.index(side).is_known_only(id);
        if unread {
            let _ = self.index(side).get(id);
        }
        unread
    }

    /// The patch carrying `origin_id` (on `from`) onto `other_id`.
    fn patch(
        &self,
        from: Side,
        origin_id: &ContactId,
        other_id: &ContactId,
    ) -> Option<contacts_core::ContactPatch> {
        let desired = self.desired(from, origin_id, Some(other_id))?;
        let other = self.index(from.other()).get(other_id)?;
        Some(self.translation.patch(&desired, &other, from))
    }

    fn desired(
        &self,
        from: Side,
        origin_id: &ContactId,
        other_id: Option<&ContactId>,
    ) -> Option<crate::translation::Desired> {
        let origin = self.index(from).get(origin_id)?;
        let e164 = self.index(from).key(origin_id);
        let to = self.index(from.other());
        // The other side keeps its own spelling of the same number.
        let keep = other_id
            .filter(|o| e164.is_some() && to.key(o) == e164)
            .and_then(|o| to.phone_number(o));
        Some(
            self.translation
                .desired(&origin, from, e164.as_deref(), keep.as_deref()),
        )
    }

    /// Carries `origin_id` (on `from`) to the other side: onto `other_id`, or as a new contact.
    fn write(
        &mut self,
        from: Side,
        origin_id: &ContactId,
        other_id: Option<&ContactId>,
        reason: &str,
    ) {
        let Some(other_id) = other_id else {
            // Created from the listing when the plan runs (see [`Plan`]): nothing held now.
            let Some(slot) = self.index(from).find(origin_id) else {
                return;
            };
            if self.unread(from, origin_id) {
                return;
            }
            let number = self.reason_number(reason);
            let at = self.index(from).at_of(slot);
            if self.steps.push_create(from.other(), at, number) {
                return;
            }
            // Out of the compact form's range (not met in practice): held whole.
            let Some(desired) = self.desired(from, origin_id, None) else {
                return;
            };
            let (contact, notes) = Translation::new_contact(desired);
            let origin_hash = self.hash(from, origin_id);
            let labels = self.translation.target.labels;
            let base = self
                .index(from)
                .get(origin_id)
                .map(|origin| crate::merge::create_base(from.other(), &origin, &contact, labels));
            return self.push(Action::Create {
                on: from.other(),
                origin_id: origin_id.clone(),
                origin_hash,
                contact,
                reason: reason.to_owned(),
                notes,
                base,
            });
        };
        let Some(desired) = self.desired(from, origin_id, Some(other_id)) else {
            return;
        };
        let origin_hash = self.hash(from, origin_id);
        let (on, reason, origin_id) = (from.other(), reason.to_owned(), origin_id.clone());
        let Some(patch) = self.patch(from, &origin_id, other_id) else {
            return;
        };
        if patch.is_empty() {
            let (s, t) = match from {
                Side::Source => (&origin_id, other_id),
                Side::Target => (other_id, &origin_id),
            };
            return self.link(s, t, &format!("{reason}; content already equal"));
        }
        let (id, notes) = (other_id.clone(), desired.notes);
        // The base: the target as it will be (patched, or as it is when the source is).
        let target_id = if on == Side::Target { &id } else { &origin_id };
        let base = self.index(Side::Target).get(target_id).map(|mut target| {
            if on == Side::Target {
                patch.apply_to(&mut target);
            }
            let labels = self.translation.target.labels.then_some(&target.labels);
            crate::merge::base_of(&target.properties, labels, target.card.as_deref())
        });
        self.push(Action::Update {
            on,
            id,
            origin_id,
            origin_hash,
            patch,
            reason,
            notes,
            base,
        });
    }
}
