//! Running a plan: creates in batches, other writes one at a time, each behind a recorded
//! intent, each recorded in the state as soon as it has landed.

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
/// # Errors
/// [`SyncError::TooManyDeletes`] (before any write) when the plan deletes more than
/// `options.delete_threshold` without `options.confirm_deletes`; a provider or state failure.
pub async fn execute(
    plan: &Plan,
    source: &dyn ContactProvider,
    target: &dyn ContactProvider,
    state: &State,
    options: &SyncOptions,
    progress: &mut (dyn FnMut(Progress<'_>) + Send),
) -> Result<Outcome> {
    let deletes = plan.deletes();
    if deletes > options.delete_threshold && !options.confirm_deletes {
        return Err(SyncError::TooManyDeletes {
            deletes,
            threshold: options.delete_threshold,
        });
    }
    let sides = Sides { source, target };
    let mut outcome = Outcome::default();
    let (actions, total) = (&plan.actions, plan.actions.len());
    let mut i = 0;
    while i < total {
        let end = sides.create_run(&actions[i..]).map_or(i + 1, |n| i + n);
        let batch = &actions[i..end];
        match sides.create_batch(batch, state).await {
            Ok(true) => outcome.created += batch.len(),
            // One step, or an atomic batch refused whole: step by step, so one bad contact
            // does not hold back the others.
            Ok(false) => sides.each(batch, state, &mut outcome).await?,
            Err(e) if refused_alone(&e) => sides.each(batch, state, &mut outcome).await?,
            Err(e) => return Err(e),
        }
        for (done, action) in actions.iter().enumerate().take(end).skip(i) {
            progress(Progress {
                done: done + 1,
                total,
                action,
            });
        }
        i = end;
    }
    state.clear_intents()?;
    Ok(outcome)
}

/// The most contacts one create call carries, whatever the provider accepts.
const MAX_BATCH: usize = 500;

/// The two providers.
struct Sides<'a> {
    source: &'a dyn ContactProvider,
    target: &'a dyn ContactProvider,
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

impl Sides<'_> {
    fn on(&self, side: Side) -> &dyn ContactProvider {
        match side {
            Side::Source => self.source,
            Side::Target => self.target,
        }
    }

    async fn apply(&self, action: &Action, state: &State, outcome: &mut Outcome) -> Result<()> {
        match action {
            Action::Create {
                on,
                origin_id,
                origin_hash,
                contact,
                ..
            } => {
                let seq = begin(state, *on, origin_id, "create")?;
                let created = self.create(*on, contact).await?;
                let p = pair(
                    *on,
                    &created.id,
                    origin_id,
                    content_hash(&created),
                    origin_hash,
                );
                state.complete(Some(seq), Some(&p), None)?;
                outcome.created += 1;
            }
            Action::Update {
                on,
                id,
                origin_id,
                origin_hash,
                patch,
                ..
            } => {
                let seq = begin(state, *on, origin_id, "update")?;
                let updated = self.update(*on, id, patch).await?;
                let p = pair(*on, id, origin_id, content_hash(&updated), origin_hash);
                state.complete(Some(seq), Some(&p), None)?;
                outcome.updated += 1;
            }
            Action::Delete {
                on, id, source_id, ..
            } => {
                let seq = begin(state, on.other(), id, "delete")?;
                match self.on(*on).delete(id).await {
                    Ok(()) => {}
                    Err(e) if e.is_not_found() => {}
                    Err(e) => return Err(SyncError::provider(*on, e)),
                }
                state.complete(Some(seq), None, Some(source_id))?;
                outcome.deleted += 1;
            }
            Action::Link {
                source_id,
                target_id,
                source_hash,
                target_hash,
                ..
            } => {
                let p = Pair {
                    source_id: source_id.clone(),
                    target_id: target_id.clone(),
                    source_hash: source_hash.clone(),
                    target_hash: target_hash.clone(),
                };
                state.complete(None, Some(&p), None)?;
                outcome.linked += 1;
            }
            Action::Forget { source_id, .. } => {
                state.complete(None, None, Some(source_id))?;
                outcome.forgotten += 1;
            }
        }
        Ok(())
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
        Some(actions.iter().take(limit).take_while(|a| same(a)).count())
    }

    /// Applies `actions` one by one, listing the writes refused for their contact alone.
    async fn each(&self, actions: &[Action], state: &State, outcome: &mut Outcome) -> Result<()> {
        for action in actions {
            match self.apply(action, state, outcome).await {
                Ok(()) => {}
                Err(e) if refused_alone(&e) => outcome.failed.push(Failure {
                    action: action.to_string(),
                    error: e.to_string(),
                }),
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Creates a run of two or more contacts on one side in one call (`false`, doing nothing,
    /// for a single step): the intents are recorded together before, the pairs together after.
    /// A batch cut short is found again by number next run.
    async fn create_batch(&self, actions: &[Action], state: &State) -> Result<bool> {
        if actions.len() < 2 {
            return Ok(false);
        }
        let creates: Vec<(Side, &ContactId, &str, &NewContact)> = actions
            .iter()
            .filter_map(|a| match a {
                Action::Create {
                    on,
                    origin_id,
                    origin_hash,
                    contact,
                    ..
                } => Some((*on, origin_id, origin_hash.as_str(), contact)),
                _ => None,
            })
            .collect();
        let Some(&(on, ..)) = creates.first() else {
            return Ok(false);
        };
        let intents: Vec<Intent> = creates
            .iter()
            .map(|(_, id, ..)| Intent {
                origin: on.other(),
                origin_id: (*id).clone(),
                kind: "create".into(),
            })
            .collect();
        let seqs = state.begin_many(&intents)?;
        let docs: Vec<NewContact> = creates.iter().map(|c| c.3.clone()).collect();
        let created = self
            .on(on)
            .create(&docs)
            .await
            .map_err(|e| SyncError::provider(on, e))?;
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
        let done: Vec<(i64, Pair)> = seqs
            .into_iter()
            .zip(creates.iter().zip(&created))
            .map(|(seq, ((_, origin_id, origin_hash, _), c))| {
                (
                    seq,
                    pair(on, &c.id, origin_id, content_hash(c), origin_hash),
                )
            })
            .collect();
        state.complete_many(&done)?;
        Ok(true)
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

/// Records the intent of carrying `origin_id` onto side `on`.
fn begin(state: &State, on: Side, origin_id: &ContactId, kind: &str) -> Result<i64> {
    state.begin(&Intent {
        origin: on.other(),
        origin_id: origin_id.clone(),
        kind: kind.into(),
    })
}
