//! Building a [`Plan`] from the two sides and the state.

use crate::desired::Translation;
use crate::identity::{Index, hash_text, same_hash};
use crate::plan::{CREATE_REASONS, Origins, Steps};
use crate::relink::{self, Relink};
use crate::unlisted;
use crate::{
    Action, ConflictPolicy, Mode, Pair, Plan, Result, Side, Skip, State, SyncError, SyncOptions,
};
use contacts_core::{ContactId, ContactProvider, ContactQuery};
use contacts_phone::Normalizer;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

/// The largest page asked of a side that stores cards (see [`index_all`]).
const CARD_PAGE: u32 = 100;

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
    let stores = [source.store_identity(), target.store_identity()];
    if options.rebind_stores {
        crate::state::same_store_check(stores[0].as_deref(), stores[1].as_deref())?;
    } else {
        state.check_stores(stores[0].as_deref(), stores[1].as_deref())?;
    }
    let intents: HashSet<(Side, ContactId)> = state
        .intents()?
        .into_iter()
        .filter(|i| i.kind != "delete")
        .map(|i| (i.origin, i.origin_id))
        .collect();
    let normalizers = [options.source_region, options.target_region]
        .map(|region| Arc::new(Normalizer::new(region).with_cache(4096)));
    // With no pair recorded (a first sync) every number is needed: read them while listing.
    // Otherwise read them only if the plan turns out to need them.
    let eager = !state.has_pairs()?;
    let dir = state.dir();
    let side = |side: Side, provider, normalizer: &Arc<Normalizer>| {
        let reading = eager.then(|| Arc::clone(normalizer));
        index_all(provider, side, reading, dir.clone())
    };
    // The pairs are read off the task while both sides are listed.
    let (mut source_index, mut target_index, pairs) = futures::try_join!(
        side(Side::Source, source, &normalizers[0]),
        side(Side::Target, target, &normalizers[1]),
        state.pairs_blocking()
    )?;
    guard_empty(options, pairs.len(), [&source_index, &target_index])?;
    if !eager && settled(&pairs, &intents, &source_index, &target_index) {
        // Nothing changed: nothing to plan (the planner would find every pair unchanged).
        drop(Job::start(move || {
            drop((source_index, target_index, pairs))
        }));
        return Ok(Plan::default());
    }
    if !eager {
        let [source_normalizer, target_normalizer] = normalizers;
        (source_index, target_index) = futures::try_join!(
            resolve(source_index, source_normalizer),
            resolve(target_index, target_normalizer)
        )?;
    }
    let (mut pairs, unlisted) =
        unlisted::confirm_gone([source, target], [&source_index, &target_index], pairs).await?;
    let translation = Translation {
        source: source.capabilities(),
        target: target.capabilities(),
        key_map: &options.key_map,
        photos: options.photos,
    };
    let mut planner = Planner {
        source: source_index,
        target: target_index,
        translation,
        options,
        intents,
        steps: Steps::default(),
        reasons: HashMap::new(),
        conflicts: Vec::new(),
        skips: Vec::new(),
    };
    planner.leave_alone(unlisted);
    planner.run(&mut pairs)?;
    drop(Job::start(move || drop(pairs)));
    planner.finish()
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

/// Work started on tokio's blocking pool, or done already when there is no runtime.
enum Job<T> {
    Spawned(tokio::task::JoinHandle<T>),
    Done(T),
}

impl<T> Job<T> {
    /// Starts `work` now.
    fn start(work: impl FnOnce() -> T + Send + 'static) -> Self
    where
        T: Send + 'static,
    {
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => Job::Spawned(runtime.spawn_blocking(work)),
            Err(_) => Job::Done(work()),
        }
    }

    /// Its result.
    async fn finish(self) -> Result<T> {
        match self {
            Job::Spawned(handle) => handle
                .await
                .map_err(|e| SyncError::State(format!("indexing contacts failed: {e}"))),
            Job::Done(out) => Ok(out),
        }
    }
}

/// Reads the numbers `index` deferred.
async fn resolve(mut index: Index, normalizer: Arc<Normalizer>) -> Result<Index> {
    Job::start(move || index.resolve(&normalizer).map(|()| index))
        .finish()
        .await?
}

/// Every contact of one side, in the largest pages it serves, indexed page by page: each page
/// is indexed (numbers read, contents hashed) on a blocking thread while the next page is
/// fetched. The contacts' contents go to a scratch file in `dir` (see [`Index`]).
async fn index_all(
    provider: &dyn ContactProvider,
    side: Side,
    reading: Option<Arc<Normalizer>>,
    dir: Option<PathBuf>,
) -> Result<Index> {
    // The largest pages the side serves: fewest round trips. A side that stores cards is read
    // in pages of at most CARD_PAGE: its cards can carry photos of 100 KB and more, and two
    // pages are in memory at once (one indexed while the next is fetched).
    let caps = provider.capabilities();
    let size = match (caps.max_page_size, caps.stores_cards()) {
        (0, true) => CARD_PAGE,
        (size, true) => size.min(CARD_PAGE),
        (size, false) => size,
    };
    let query = match size {
        0 => ContactQuery::new(),
        size => ContactQuery::new().page_size(size),
    };
    let mut index = Index::new(dir);
    let mut job: Option<Job<Result<Index>>> = None;
    let mut token = None;
    loop {
        // The page's contacts are decoded with its indexing, while the next page is fetched.
        let page = provider
            .list_page_deferred(&query, token)
            .await
            .map_err(|e| SyncError::provider(side, e))?;
        if let Some(job) = job.take() {
            index = job.finish().await??;
        }
        let (next, reading) = (page.next().cloned(), reading.clone());
        let mut current = std::mem::take(&mut index);
        job = Some(Job::start(move || {
            let items = page
                .into_page()
                .map_err(|e| SyncError::provider(side, e))?
                .items;
            current.add(items, reading.as_deref())?;
            Ok(current)
        }));
        match next {
            Some(next) => token = Some(next),
            None => break,
        }
    }
    match job {
        Some(job) => job.finish().await?,
        None => Ok(index),
    }
}

/// The planning of one run.
struct Planner<'a> {
    source: Index,
    target: Index,
    translation: Translation<'a>,
    options: &'a SyncOptions,
    /// Writes begun by an earlier run and not known to be recorded: (origin side, origin id).
    intents: HashSet<(Side, ContactId)>,
    steps: Steps,
    /// The creates' reasons, numbered.
    reasons: HashMap<String, usize>,
    conflicts: Vec<Skip>,
    skips: Vec<Skip>,
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

    /// Whether `id` on `side` differs from its `recorded` hash.
    fn changed(&self, side: Side, id: &ContactId, recorded: &str) -> bool {
        !self
            .index(side)
            .hash(id)
            .is_some_and(|h| same_hash(h, recorded))
    }

    fn skip(&mut self, side: Side, id: &ContactId, reason: String) {
        self.skips.push(Skip {
            side,
            id: id.clone(),
            reason,
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
        let relinks = relink::relink(pairs, &mut self.source, &mut self.target);
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
            let lost = pairs.iter().filter(|p| !index.contains(p.id(side))).count();
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
                    let basis = if o.by_content { "content" } else { "number" };
                    format!(
                        "{} {} is gone and {} has its {basis}",
                        o.side,
                        o.old.as_str(),
                        o.new.as_str()
                    )
                })
                .collect();
            self.push(Action::Link {
                source_id: p.source_id.clone(),
                target_id: p.target_id.clone(),
                source_hash: p.source_hash.clone(),
                target_hash: p.target_hash.clone(),
                reason: format!("re-linked: {} (restored or re-imported?)", how.join("; ")),
            });
        }
    }

    /// The recorded pairs: updates, deletes, recreations, forgetting.
    fn pairs(&mut self, pairs: &[Pair]) {
        for p in pairs {
            let present = (
                self.source.contains(&p.source_id),
                self.target.contains(&p.target_id),
            );
            match present {
                (true, true) => self.both_present(p),
                (false, true) => self.gone(p, Side::Source),
                (true, false) => self.gone(p, Side::Target),
                (false, false) => self.push(Action::Forget {
                    source_id: p.source_id.clone(),
                    reason: "gone from both sides".into(),
                }),
            }
        }
    }

    /// A pair whose contacts both exist: what changed since the last sync flows across.
    fn both_present(&mut self, p: &Pair) {
        let mut changed =
            [Side::Source, Side::Target].map(|side| self.changed(side, p.id(side), p.hash(side)));
        // An interrupted write of an earlier run: its origin is the change to carry. The other
        // side counts as changed only by what that write cannot explain: if it already holds
        // the origin's content, the write landed; if it holds something else, someone edited
        // it, and overriding that would lose their update (a conflict instead, safe).
        for (i, side) in [Side::Source, Side::Target].into_iter().enumerate() {
            if !self.intents.is_empty() && self.intents.contains(&(side, p.id(side).clone())) {
                let other_changed =
                    changed[1 - i] && !self.already_holds(side, p.id(side), p.id(side.other()));
                changed = [false, false];
                changed[i] = true;
                changed[1 - i] = other_changed;
            }
        }
        match (self.options.mode, changed) {
            (_, [false, false]) => {}
            (Mode::OneWay, [true, _]) | (Mode::TwoWay, [true, false]) => self.write(
                Side::Source,
                &p.source_id,
                Some(&p.target_id),
                "changed on the source",
            ),
            (Mode::OneWay, [false, true]) => self.skip(
                Side::Target,
                &p.target_id,
                "changed only on the target; a one-way sync leaves it (two-way carries it back)"
                    .into(),
            ),
            (Mode::TwoWay, [false, true]) => self.write(
                Side::Target,
                &p.target_id,
                Some(&p.source_id),
                "changed on the target",
            ),
            (Mode::TwoWay, [true, true]) => self.conflict(
                &p.source_id,
                &p.target_id,
                "changed on both sides since the last sync",
            ),
        }
    }

    /// A pair whose contact on `gone` was deleted since the last sync.
    fn gone(&mut self, p: &Pair, gone: Side) {
        let present = gone.other();
        let id = p.id(present).clone();
        let two_way = self.options.mode == Mode::TwoWay;
        let changed = self.changed(present, &id, p.hash(present));
        if self.options.delete && (two_way || gone == Side::Source) {
            if two_way && changed {
                let reason = format!(
                    "deleted on the {gone} but changed on the {present} since; a change beats a delete: recreated"
                );
                return self.match_or_create(present, &id, &reason);
            }
            if let Some(reason) = self.ambiguous_restore(gone, &id) {
                return self.skip(present, &id, reason);
            }
            self.push(Action::Delete {
                on: present,
                id,
                source_id: p.source_id.clone(),
                reason: format!("synced before and deleted on the {gone} since"),
            });
        } else if !two_way && gone == Side::Source {
            let reason = "gone from the source; kept on the target (delete mode deletes it)";
            self.skip(Side::Target, &id, reason.into());
        } else {
            let reason = format!(
                "deleted on the {gone}; recreated (delete mode propagates deletes instead)"
            );
            self.match_or_create(present, &id, &reason);
        }
    }

    /// Why the contact `id` (on the other side) of a pair gone from `gone` must not be
    /// deleted: `gone` has several unpaired contacts with its number, so it may well be there
    /// under a new id (a restore with duplicates), which re-linking could not tell.
    fn ambiguous_restore(&self, gone: Side, id: &ContactId) -> Option<String> {
        let key = self.index(gone.other()).key(id)?;
        let index = self.index(gone);
        let unpaired = index
            .holders(&key)
            .iter()
            .filter(|h| !index.is_claimed(h))
            .count();
        (unpaired > 1).then(|| {
            format!(
                "gone from the {gone}, where {unpaired} unpaired contacts have its number {key} \
                 (restored with duplicates?); not deleted: fix the duplicates on the {gone}"
            )
        })
    }

    /// The contacts of `side` no pair holds: paired by number, or created on the other side.
    fn unpaired(&mut self, side: Side) {
        for slot in self.index(side).unclaimed() {
            let id = self.index(side).id_at(slot);
            if self.index(side).is_claimed(&id) {
                continue;
            }
            let key = match self.index(side).key_or_why(&id) {
                Some(Ok(key)) => key,
                Some(Err(why)) => {
                    let reason = format!("no usable phone number ({why})");
                    self.skip(side, &id, reason);
                    continue;
                }
                None => continue,
            };
            let holders = self.index(side).holder_count(&key);
            if holders > 1 {
                let reason = format!(
                    "{holders} contacts on the {side} have number {key}; not merged (fix them on the {side})"
                );
                self.skip(side, &id, reason);
                continue;
            }
            self.index_mut(side).claim(&id);
            self.match_or_create(side, &id, &format!("new on the {side}"));
        }
    }

    /// Pairs `origin_id` (on `from`) with the other side's contact of the same number, or
    /// creates it there. Finding it by number is also what makes an interrupted create converge.
    fn match_or_create(&mut self, from: Side, origin_id: &ContactId, reason: &str) {
        let to = from.other();
        let Some(key) = self.index(from).key(origin_id) else {
            return self.write(from, origin_id, None, reason);
        };
        let holders = self.index(to).holders(&key);
        let free: Vec<&ContactId> = holders
            .iter()
            .filter(|h| !self.index(to).is_claimed(h))
            .collect();
        match (holders.len(), free.as_slice()) {
            (1, [other]) => {
                let other = (*other).clone();
                self.index_mut(to).claim(&other);
                self.first_pair(from, origin_id, &other);
            }
            (n, _) if n > 1 => {
                let reason = format!(
                    "number {key} is held by {n} contacts on the {to}; not merged (fix them on the {to})"
                );
                self.skip(from, origin_id, reason);
            }
            (1, []) => {
                let reason = format!(
                    "number {key} is held on the {to} by {}, paired with another contact; not \
                     created twice (once that pair's number changes, the next run creates it)",
                    holders[0].as_str()
                );
                self.skip(from, origin_id, reason);
            }
            _ => self.write(from, origin_id, None, reason),
        }
    }

    /// Two contacts never paired before that share a number.
    fn first_pair(&mut self, from: Side, origin_id: &ContactId, other_id: &ContactId) {
        let to = from.other();
        for (side, id, other) in [(from, origin_id, other_id), (to, other_id, origin_id)] {
            if self.intents.contains(&(side, id.clone())) {
                return self.resume(side, id, other);
            }
        }
        let (source_id, target_id) = match from {
            Side::Source => (origin_id, other_id),
            Side::Target => (other_id, origin_id),
        };
        match self.options.mode {
            Mode::OneWay => self.write(
                Side::Source,
                source_id,
                Some(target_id),
                "same number on both sides",
            ),
            Mode::TwoWay => self.conflict(
                source_id,
                target_id,
                "same number on both sides, never synced, different content",
            ),
        }
    }

    /// Both sides differ and both count: equal content links, otherwise the policy decides.
    fn conflict(&mut self, source_id: &ContactId, target_id: &ContactId, reason: &str) {
        let Some(patch) = self.patch(Side::Source, source_id, target_id) else {
            return;
        };
        if patch.is_empty() {
            return self.link(source_id, target_id, "same content on both sides");
        }
        match self.options.conflict {
            ConflictPolicy::SourceWins => self.write(Side::Source, source_id, Some(target_id), &format!("{reason}; the source wins")),
            ConflictPolicy::TargetWins => self.write(Side::Target, target_id, Some(source_id), &format!("{reason}; the target wins")),
            ConflictPolicy::Skip => self.conflicts.push(Skip {
                side: Side::Source,
                id: source_id.clone(),
                reason: format!("{reason} (target contact {}); left alone: choose source-wins or target-wins, or edit one side", target_id.as_str()),
            }),
        }
    }

    fn link(&mut self, source_id: &ContactId, target_id: &ContactId, reason: &str) {
        self.push(Action::Link {
            source_id: source_id.clone(),
            target_id: target_id.clone(),
            source_hash: self.hash(Side::Source, source_id),
            target_hash: self.hash(Side::Target, target_id),
            reason: reason.into(),
        });
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
    ) -> Option<crate::desired::Desired> {
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

    /// Whether `other_id` already holds what writing `origin_id` (on `from`) onto it would give.
    fn already_holds(&self, from: Side, origin_id: &ContactId, other_id: &ContactId) -> bool {
        self.patch(from, origin_id, other_id)
            .is_some_and(|patch| patch.is_empty())
    }

    /// An interrupted create found by number on the other side: it landed. If the contact
    /// there changed since (two-way), that is someone's edit: a conflict, never overwritten.
    fn resume(&mut self, from: Side, origin_id: &ContactId, other_id: &ContactId) {
        if self.options.mode == Mode::TwoWay && !self.already_holds(from, origin_id, other_id) {
            let (source_id, target_id) = match from {
                Side::Source => (origin_id, other_id),
                Side::Target => (other_id, origin_id),
            };
            return self.conflict(
                source_id,
                target_id,
                "an interrupted write landed and the contact was changed since",
            );
        }
        self.write(
            from,
            origin_id,
            Some(other_id),
            "resuming an interrupted write",
        );
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
            let next = self.reasons.len();
            let number = match self.reasons.get(reason) {
                Some(number) => *number,
                None if next < CREATE_REASONS => *self.reasons.entry(reason.into()).or_insert(next),
                None => next,
            };
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
            return self.push(Action::Create {
                on: from.other(),
                origin_id: origin_id.clone(),
                origin_hash,
                contact,
                reason: reason.to_owned(),
                notes,
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
        self.push(Action::Update {
            on,
            id,
            origin_id,
            origin_hash,
            patch,
            reason,
            notes,
        });
    }
}
