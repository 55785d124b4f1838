//! Running a plan: creates in batches, other writes one at a time, each behind a recorded
//! intent, each recorded in the state by the next state transaction (which also records the
//! next intents), at the latest when the run ends or stops.

use crate::{
    Action, Intent, Pair, Plan, Result, Side, State, SyncError, SyncOptions, content_hash,
};
use contacts_core::{
    Contact, ContactId, ContactPatch, ContactProvider, ContactProviderExt, GetOptions, NewContact,
};
use serde::Serialize;

/// One step done, for a progress bar or a log.
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    /// Steps done so far, this one included.
    pub done: usize,
    /// Steps in the plan.
    pub total: usize,
    /// The step just done.
    pub action: &'a Action,
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    /// Contacts created (both sides together).
    pub created: usize,
    /// Contacts updated.
    pub updated: usize,
    /// Contacts deleted.
    pub deleted: usize,
    /// Pairs recorded without a write.
    pub linked: usize,
    /// Pairs forgotten.
    pub forgotten: usize,
    /// Writes the provider refused for that contact alone (invalid input, a conflict, gone
    /// meanwhile): the run went on without them; they come up again next run.
    pub failed: Vec<Failure>,
    /// The run was stopped between two steps ([`SyncOptions::stop`]); what was done is recorded
    /// and the next run does the rest.
    pub stopped: bool,
}

/// A write refused for one contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    /// The step, as the plan shows it.
    pub action: String,
    /// Why it was refused.
    pub error: String,
}

/// Whether `e` concerns one contact only, so the run can go on without it (anything else,
/// such as an unavailable service or a batch cut short, stops the run).
fn refused_alone(e: &SyncError) -> bool {
    use contacts_core::Error;
    matches!(
        e,
        SyncError::Provider {
            source: Error::InvalidInput { .. } | Error::Conflict { .. } | Error::NotFound { .. },
            ..
        }
    )
}

/// Runs `plan` (from [`plan`](crate::plan)) against the same providers and state, calling
/// `progress` after each step. A write refused for its contact alone is listed in
/// [`Outcome::failed`] and the run goes on; any other failure stops the run: everything done
/// before it is recorded, and the next run carries on from there without duplicating anything.
///
/// Creates go in batches; while one batch is being written, the state records the batch
/// before it and the intents of the batch after it, in one transaction on a blocking thread.
/// Every write still has its intent recorded before it starts, and every finished write is
/// recorded (pair, hashes, intent dropped, in one transaction) before the run ends or stops.
///
/// # Errors
/// [`SyncError::TooManyDeletes`] (before any write) when the plan deletes more than
/// `options.delete_threshold` and more than `options.allow_deletes` consents to;
/// [`SyncError::OtherStore`] or [`SyncError::SameStore`] (before any write) as in
/// [`plan`](crate::plan); a provider or state failure. The first run that writes records both
/// sides' [store identities](contacts_core::ContactProvider::store_identity) in the state.
pub async fn execute(
    plan: &Plan,
    source: &dyn ContactProvider,
    target: &dyn ContactProvider,
    state: &State,
    options: &SyncOptions,
    progress: &mut (dyn FnMut(Progress<'_>) + Send),
) -> Result<Outcome> {
    check_deletes(plan, options)?;
    // The change tokens this plan was made from, recorded only when the run completes.
    let taken = state.take_feed();
    let stores = [source.store_identity(), target.store_identity()];
    if options.rebind_stores {
        state.rebind_stores(stores[0].as_deref(), stores[1].as_deref())?;
    } else {
        state.bind_stores(stores[0].as_deref(), stores[1].as_deref())?;
    }
    let mut run = Run {
        sides: Sides { source, target },
        max_card_bytes: options.max_card_bytes,
        state,
        done: Vec::new(),
        pending: Vec::new(),
        outcome: Outcome::default(),
    };
    let result = run.all(plan, options.stop.as_deref(), progress).await;
    // Whatever happened, what landed is recorded before returning.
    let recorded = run.record(Vec::new()).await;
    result?;
    recorded?;
    state.clear_intents()?;
    // A merge record of `contacts dedupe` has served once no pair holds its contact.
    state.drop_used_merges()?;
    record_feed(state, plan, taken, &run.outcome)?;
    Ok(run.outcome)
}

/// Records the change tokens `taken` when the run carried out the plan they were taken for,
/// all of it (not stopped, no write refused: a refused write's contact must be read again,
/// which the older token does), with the contacts it left undecided to read again next run.
/// Otherwise the tokens recorded before stay: reading from them again is always safe.
fn record_feed(
    state: &State,
    plan: &Plan,
    taken: Option<crate::feed::Taken>,
    outcome: &Outcome,
) -> Result<()> {
    let Some(taken) = taken else {
        return Ok(());
    };
    if outcome.stopped || !outcome.failed.is_empty() || taken.plan != crate::feed::fingerprint(plan)
    {
        return Ok(());
    }
    let mut pending: Vec<(Side, ContactId, bool)> = Vec::new();
    for (side, gone) in [Side::Source, Side::Target].into_iter().zip(taken.gone) {
        pending.extend(gone.into_iter().map(|id| (side, id, true)));
    }
    // A contact without a usable number waits for its own change, which its feed will show;
    // any other one left undecided may be freed by another contact's change: read it again.
    let undecided = plan
        .conflicts
        .iter()
        .chain(&plan.skips)
        .filter(|s| !s.reason.starts_with("no usable phone number"));
    pending.extend(undecided.map(|s| (s.side, s.id.clone(), false)));
    state.record_feed(&taken.tokens, &pending)
}

/// [`SyncError::TooManyDeletes`] when `plan` deletes more than the threshold and the options
/// do not consent to that many: what [`execute`] refuses before writing anything, for a dry
/// run to refuse the same way.
///
/// ```
/// use contacts_sync::{Plan, SyncOptions, check_deletes};
/// assert!(check_deletes(&Plan::new(Vec::new(), Vec::new(), Vec::new()), &SyncOptions::default()).is_ok());
/// ```
pub fn check_deletes(plan: &Plan, options: &SyncOptions) -> Result<()> {
    let deletes = plan.deletes();
    let consented = options.allow_deletes.is_some_and(|n| deletes <= n);
    if deletes > options.delete_threshold && !consented {
        return Err(SyncError::TooManyDeletes {
            deletes,
            threshold: options.delete_threshold,
            allowed: options.allow_deletes,
        });
    }
    Ok(())
}

/// The most contacts one create call carries, whatever the provider accepts.
const MAX_BATCH: usize = 500;

/// The most bytes of cards (photos, mostly) one create call carries: 500 cards with 100 KB
/// photos would hold 50 MB at once; a batch stops growing here (it always has one contact).
const BATCH_BYTES: usize = 4 << 20;

/// The most bytes of cards the actions built ahead hold (this batch and the next).
const WINDOW_BYTES: usize = 2 * BATCH_BYTES;

/// What an action's card weighs in memory, roughly (0 without a card).
fn weight(action: &Action) -> usize {
    let card = match action {
        Action::Create { contact, .. } => contact.card.as_deref(),
        Action::Update { patch, .. } => patch.card.as_deref(),
        _ => None,
    };
    card.map_or(0, crate::cards::weight)
}

/// Why `action` may not be written: the card it writes is over `limit`.
fn oversize(action: &Action, limit: Option<usize>) -> Option<String> {
    limit?;
    let card = match action {
        Action::Create { contact, .. } => contact.card.as_deref(),
        Action::Update { patch, .. } => patch.card.as_deref(),
        _ => None,
    };
    crate::cards::over_limit(card?, limit)
}

/// The two providers.
struct Sides<'a> {
    source: &'a dyn ContactProvider,
    target: &'a dyn ContactProvider,
}

use crate::state::PendingRecord;

/// A part of a plan run as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Segment {
    /// Two or more creates on one side, in one call.
    Batch,
    /// Links and forgets: state only.
    Record,
    /// One write.
    One,
}

/// One run of a plan: the providers, the state, and the finished steps whose recording waits
/// for the next state transaction.
struct Run<'a> {
    sides: Sides<'a>,
    /// [`SyncOptions::max_card_bytes`].
    max_card_bytes: Option<usize>,
    state: &'a State,
    /// Batched creates landed, not yet recorded (with their bases).
    done: Vec<(i64, Pair, Option<String>)>,
    /// Other writes finished, not yet recorded.
    pending: Vec<PendingRecord>,
    outcome: Outcome,
}

/// The pair of `id` on `on` and `origin_id` on the other side.
fn pair(on: Side, id: &ContactId, origin_id: &ContactId, hash: String, origin_hash: &str) -> Pair {
    let (source_id, target_id, source_hash, target_hash) = match on {
        Side::Target => (origin_id, id, origin_hash.to_owned(), hash),
        Side::Source => (id, origin_id, hash, origin_hash.to_owned()),
    };
    Pair {
        source_id: source_id.clone(),
        target_id: target_id.clone(),
        source_hash,
        target_hash,
    }
}

/// The fields of a planned create that running it needs, borrowed from its `Action`.
struct CreateStep<'a> {
    on: Side,
    origin_id: &'a ContactId,
    origin_hash: &'a str,
    contact: &'a NewContact,
    base: &'a Option<String>,
}

impl<'a> CreateStep<'a> {
    /// The create `action` is, if it is one.
    fn of(action: &'a Action) -> Option<Self> {
        match action {
            Action::Create {
                on,
                origin_id,
                origin_hash,
                contact,
                base,
                ..
            } => Some(Self {
                on: *on,
                origin_id,
                origin_hash,
                contact,
                base,
            }),
            _ => None,
        }
    }

    /// The pair the contact `created` for this step makes with its origin.
    fn pair(&self, created: &Contact) -> Pair {
        let hash = content_hash(created);
        pair(self.on, &created.id, self.origin_id, hash, self.origin_hash)
    }
}

/// A finished write that records `pair` with `base`, dropping intent `seq`.
fn put(seq: Option<i64>, pair: Pair, base: &Option<String>) -> PendingRecord {
    PendingRecord {
        seq,
        put: Some(pair),
        base: base.clone(),
        forget: None,
    }
}

/// The intent of carrying `origin_id` onto side `on`.
fn intent(on: Side, origin_id: &ContactId, kind: &str) -> Intent {
    Intent {
        origin: on.other(),
        origin_id: origin_id.clone(),
        kind: kind.into(),
    }
}

/// The intents of a batch of creates.
fn batch_intents(actions: &[Action]) -> Vec<Intent> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Create { on, origin_id, .. } => Some(intent(*on, origin_id, "create")),
            _ => None,
        })
        .collect()
}

impl Run<'_> {
    /// Records the finished steps, then `intents`, in one transaction; the intents' numbers.
    async fn record(&mut self, intents: Vec<Intent>) -> Result<Vec<i64>> {
        let (done, pending) = (
            std::mem::take(&mut self.done),
            std::mem::take(&mut self.pending),
        );
        self.state.record_then_begin(done, pending, intents).await
    }

    /// The part of a plan that `actions` (the next steps) open: a batch, a state-only run,
    /// or a single write, and how many steps it takes.
    fn segment(&self, actions: &[Action]) -> Option<(Segment, usize)> {
        let records = actions
            .iter()
            .take_while(|a| matches!(a, Action::Link { .. } | Action::Forget { .. }))
            .count();
        match self.sides.create_run(actions) {
            Some(n) if n >= 2 => Some((Segment::Batch, n)),
            _ if records > 0 => Some((Segment::Record, records)),
            _ if actions.is_empty() => None,
            _ => Some((Segment::One, 1)),
        }
    }

    /// Runs every action, calling `progress` after each. The plan's actions are built a
    /// window at a time (enough for the segment being run and the one after it), so a plan
    /// of any size runs in the memory of a few batches.
    async fn all(
        &mut self,
        plan: &Plan,
        stop: Option<&std::sync::atomic::AtomicBool>,
        progress: &mut (dyn FnMut(Progress<'_>) + Send),
    ) -> Result<()> {
        let total = plan.action_count();
        let mut planned = plan.actions();
        let mut window: Vec<Action> = Vec::new();
        let mut window_bytes = 0;
        let mut done = 0;
        // The intent numbers of the next batch, when already recorded.
        let mut ahead: Option<Vec<i64>> = None;
        loop {
            if stop.is_some_and(|s| s.load(std::sync::atomic::Ordering::SeqCst)) {
                self.outcome.stopped = true;
                break;
            }
            while window.len() < 2 * MAX_BATCH && window_bytes < WINDOW_BYTES {
                let Some(action) = planned.next() else { break };
                let action = action?;
                if self.refuse_oversize(&action) {
                    done += 1;
                    progress(Progress {
                        done,
                        total,
                        action: &action,
                    });
                    continue;
                }
                window_bytes += weight(&action);
                window.push(action);
            }
            let Some((segment, end)) = self.segment(&window) else {
                break;
            };
            match segment {
                Segment::Batch => {
                    let seqs = match ahead.take() {
                        Some(seqs) => seqs,
                        None => self.record(batch_intents(&window[..end])).await?,
                    };
                    let next = match self.segment(&window[end..]) {
                        Some((Segment::Batch, n)) => batch_intents(&window[end..end + n]),
                        _ => Vec::new(),
                    };
                    let prefetched = !next.is_empty();
                    let batch = &window[..end];
                    match self.batch(batch, seqs, next).await? {
                        (true, seqs) => {
                            self.outcome.created += batch.len();
                            ahead = prefetched.then_some(seqs);
                        }
                        (false, seqs) => {
                            ahead = prefetched.then_some(seqs);
                            // An atomic batch refused whole: step by step, so one bad contact
                            // does not hold back the others.
                            self.each(batch).await?;
                        }
                    }
                }
                Segment::Record => {
                    for action in &window[..end] {
                        self.apply(action).await?;
                    }
                }
                Segment::One => self.each(&window[..1]).await?,
            }
            for action in window.drain(..end) {
                window_bytes -= weight(&action);
                done += 1;
                progress(Progress {
                    done,
                    total,
                    action: &action,
                });
            }
        }
        Ok(())
    }

    /// Whether `action` writes a card over [`SyncOptions::max_card_bytes`]: then it is listed
    /// as failed for its contact alone, before anything is written for it.
    fn refuse_oversize(&mut self, action: &Action) -> bool {
        let Some(error) = oversize(action, self.max_card_bytes) else {
            return false;
        };
        self.outcome.failed.push(Failure {
            action: action.to_string(),
            error,
        });
        true
    }

    /// Applies `actions` one by one, listing the writes refused for their contact alone.
    async fn each(&mut self, actions: &[Action]) -> Result<()> {
        for action in actions {
            match self.apply(action).await {
                Ok(()) => {}
                Err(e) if refused_alone(&e) => self.outcome.failed.push(Failure {
                    action: action.to_string(),
                    error: e.to_string(),
                }),
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// One step: its intent recorded first (together with the steps finished before it), the
    /// write, and the step kept for the next transaction to record.
    async fn apply(&mut self, action: &Action) -> Result<()> {
        match action {
            Action::Create { .. } => self.create(action).await?,
            Action::Update {
                on,
                id,
                origin_id,
                origin_hash,
                patch,
                base,
                ..
            } => {
                let seq = self.record(vec![intent(*on, origin_id, "update")]).await?[0];
                let updated = self.sides.update(*on, id, patch).await?;
                let p = pair(*on, id, origin_id, content_hash(&updated), origin_hash);
                self.pending.push(put(Some(seq), p, base));
                self.outcome.updated += 1;
            }
            Action::Delete {
                on, id, source_id, ..
            } => self.delete(*on, id, source_id).await?,
            Action::Link {
                source_id,
                target_id,
                source_hash,
                target_hash,
                base,
                ..
            } => {
                let p = Pair {
                    source_id: source_id.clone(),
                    target_id: target_id.clone(),
                    source_hash: source_hash.clone(),
                    target_hash: target_hash.clone(),
                };
                self.pending.push(put(None, p, base));
                self.outcome.linked += 1;
            }
            Action::Merge { .. } => self.merge(action).await?,
            Action::Forget { source_id, .. } => {
                self.pending.push(PendingRecord {
                    forget: Some(source_id.clone()),
                    ..PendingRecord::default()
                });
                self.outcome.forgotten += 1;
            }
        }
        Ok(())
    }

    /// A create on its own (not in a batch): intent, write, and the pair kept to record.
    async fn create(&mut self, action: &Action) -> Result<()> {
        let Some(step) = CreateStep::of(action) else {
            return Ok(());
        };
        let seq = self
            .record(vec![intent(step.on, step.origin_id, "create")])
            .await?[0];
        let created = self.sides.create(step.on, step.contact).await?;
        self.pending
            .push(put(Some(seq), step.pair(&created), step.base));
        self.outcome.created += 1;
        Ok(())
    }

    /// A delete of `id` on `on` (one already gone counts as done), the pair of `source_id`
    /// forgotten once it is recorded.
    async fn delete(&mut self, on: Side, id: &ContactId, source_id: &ContactId) -> Result<()> {
        let seq = self.record(vec![intent(on.other(), id, "delete")]).await?[0];
        match self.sides.on(on).delete(id).await {
            Ok(()) => {}
            Err(e) if e.is_not_found() => {}
            Err(e) => return Err(SyncError::provider(on, e)),
        }
        self.pending.push(PendingRecord {
            seq: Some(seq),
            forget: Some(source_id.clone()),
            ..PendingRecord::default()
        });
        self.outcome.deleted += 1;
        Ok(())
    }

    /// A merge: its intent recorded first (the source as origin, as for an update), the
    /// target written, then the source, and the pair recorded with both new hashes and its
    /// base. Killed between the two writes, the next run finds the pair changed on both sides
    /// again and merges it again: the side written already agrees with the merge, so the
    /// merge converges on the same result.
    async fn merge(&mut self, action: &Action) -> Result<()> {
        let Action::Merge {
            source_id,
            target_id,
            source_hash,
            target_hash,
            source_patch,
            target_patch,
            base,
            ..
        } = action
        else {
            return Ok(());
        };
        let seq = self
            .record(vec![intent(Side::Target, source_id, "merge")])
            .await?[0];
        let mut hashes = [source_hash.clone(), target_hash.clone()];
        for (on, id, patch) in [
            (Side::Target, target_id, target_patch),
            (Side::Source, source_id, source_patch),
        ] {
            if !patch.is_empty() {
                let updated = self.sides.update(on, id, patch).await?;
                hashes[on as usize] = content_hash(&updated);
                self.outcome.updated += 1;
            }
        }
        let [source_hash, target_hash] = hashes;
        let p = Pair {
            source_id: source_id.clone(),
            target_id: target_id.clone(),
            source_hash,
            target_hash,
        };
        self.pending.push(put(Some(seq), p, base));
        Ok(())
    }

    /// Creates a run of two or more contacts on one side in one call, their intents (`seqs`)
    /// already recorded. Meanwhile the state records what finished before and the intents
    /// `next` of the batch after this one, whose numbers come back. `false` when the batch
    /// was refused whole for some contact of it (nothing written). A batch cut short is found
    /// again by number next run.
    async fn batch(
        &mut self,
        actions: &[Action],
        seqs: Vec<i64>,
        next: Vec<Intent>,
    ) -> Result<(bool, Vec<i64>)> {
        let creates: Vec<CreateStep<'_>> = actions.iter().filter_map(CreateStep::of).collect();
        let on = creates[0].on;
        let docs: Vec<NewContact> = creates.iter().map(|c| c.contact.clone()).collect();
        let (done, pending) = (
            std::mem::take(&mut self.done),
            std::mem::take(&mut self.pending),
        );
        let (created, next_seqs) = futures::join!(
            self.sides.on(on).create(&docs),
            self.state.record_then_begin(done, pending, next)
        );
        let next_seqs = next_seqs?;
        let created = match created {
            Ok(created) => created,
            Err(e) => {
                let e = SyncError::provider(on, e);
                return if refused_alone(&e) {
                    Ok((false, next_seqs))
                } else {
                    Err(e)
                };
            }
        };
        if created.len() != docs.len() {
            let message = format!(
                "asked to create {} contacts, it reported {}",
                docs.len(),
                created.len()
            );
            return Err(SyncError::provider(
                on,
                contacts_core::Error::Protocol {
                    status: None,
                    message,
                    body_excerpt: String::new(),
                },
            ));
        }
        let landed = seqs.into_iter().zip(creates.iter().zip(&created));
        self.done
            .extend(landed.map(|(seq, (step, c))| (seq, step.pair(c), step.base.clone())));
        Ok((true, next_seqs))
    }
}

impl Sides<'_> {
    fn on(&self, side: Side) -> &dyn ContactProvider {
        match side {
            Side::Source => self.source,
            Side::Target => self.target,
        }
    }

    /// How many creates on one side open `actions`, up to that side's batch size; `None`
    /// when the first action is no create.
    fn create_run(&self, actions: &[Action]) -> Option<usize> {
        let Some(Action::Create { on, .. }) = actions.first() else {
            return None;
        };
        let limit = self
            .on(*on)
            .capabilities()
            .max_batch_size
            .clamp(1, MAX_BATCH);
        let same = |a: &Action| matches!(a, Action::Create { on: o, .. } if o == on);
        let mut bytes = 0;
        let heavy = |a: &Action| {
            bytes += weight(a);
            bytes > BATCH_BYTES
        };
        let n = actions
            .iter()
            .take(limit)
            .take_while(|a| same(a))
            .position(heavy);
        let run = actions.iter().take(limit).take_while(|a| same(a)).count();
        // The action that tips the batch over goes in the next one (a batch has at least one).
        Some(n.map_or(run, |n| n.max(1)))
    }

    async fn create(&self, on: Side, contact: &NewContact) -> Result<Contact> {
        self.on(on)
            .create_one(contact.clone())
            .await
            .map_err(|e| SyncError::provider(on, e))
    }

    /// A patch, or where the side cannot patch, a replace with the patch applied.
    async fn update(&self, on: Side, id: &ContactId, patch: &ContactPatch) -> Result<Contact> {
        let provider = self.on(on);
        let failed = |e| SyncError::provider(on, e);
        if provider.capabilities().patch || !provider.capabilities().replace {
            return provider.update(id, patch).await.map_err(failed);
        }
        let mut current = provider
            .get(id, &GetOptions::default())
            .await
            .map_err(failed)?;
        patch.apply_to(&mut current);
        provider
            .replace(id, &current.to_new())
            .await
            .map_err(failed)
    }
}
