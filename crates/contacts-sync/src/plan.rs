//! What a run will do: the actions, conflicts and skips, each with a reason.

use crate::hash::{hash_text, hash64};
use crate::index::{Listing, Reader};
use crate::translation::Translation;
use crate::{FieldMerge, KeyMap, PhotoPolicy, Result, Side, SyncError};
use contacts_core::{Capabilities, ContactId, ContactPatch, NewContact};
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::sync::Arc;

/// One step of a plan. Every step names why it is there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "camelCase")]
pub enum Action {
    /// Create a copy of `origin_id` (on the other side) on side `on`.
    #[serde(rename_all = "camelCase")]
    Create {
        /// Where the contact is created.
        on: Side,
        /// The contact copied, on the other side.
        origin_id: ContactId,
        /// Its content hash when planned.
        origin_hash: String,
        /// What is written (in JSON, inline photos are shown by their size, not their bytes).
        #[serde(serialize_with = "crate::summary::new_contact")]
        contact: NewContact,
        /// Why.
        reason: String,
        /// What could not be carried (keys the side cannot store, labels).
        notes: Vec<String>,
        /// What the pair looks like after this step, per field, as the state keeps it for a
        /// later merge (`None`: no base recorded).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        base: Option<String>,
    },
    /// Update `id` on side `on` from `origin_id` on the other side.
    #[serde(rename_all = "camelCase")]
    Update {
        /// Where the contact is updated.
        on: Side,
        /// The contact updated.
        id: ContactId,
        /// The contact whose content is carried, on the other side.
        origin_id: ContactId,
        /// Its content hash when planned.
        origin_hash: String,
        /// What changes (in JSON, inline photos are shown by their size, not their bytes).
        #[serde(serialize_with = "crate::summary::patch")]
        patch: ContactPatch,
        /// Why.
        reason: String,
        /// What could not be carried.
        notes: Vec<String>,
        /// What the pair looks like after this step, per field, as the state keeps it for a
        /// later merge (`None`: no base recorded).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        base: Option<String>,
    },
    /// Write a field-level merge to both contacts of a pair changed on both sides.
    #[serde(rename_all = "camelCase")]
    Merge {
        /// The source contact.
        source_id: ContactId,
        /// The target contact.
        target_id: ContactId,
        /// The source's content hash when planned.
        source_hash: String,
        /// The target's content hash when planned.
        target_hash: String,
        /// What changes on the source (empty: nothing).
        #[serde(serialize_with = "crate::summary::patch")]
        source_patch: ContactPatch,
        /// What changes on the target (empty: nothing).
        #[serde(serialize_with = "crate::summary::patch")]
        target_patch: ContactPatch,
        /// How each field that changed came out.
        fields: Vec<FieldMerge>,
        /// Why.
        reason: String,
        /// What the pair looks like after this step, per field, as the state keeps it for a
        /// later merge (`None`: no base recorded).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        base: Option<String>,
    },
    /// Delete `id` on side `on`: it was synced before and is gone from the other side.
    #[serde(rename_all = "camelCase")]
    Delete {
        /// Where the contact is deleted.
        on: Side,
        /// The contact deleted.
        id: ContactId,
        /// The pair's source id, forgotten afterwards.
        source_id: ContactId,
        /// Why.
        reason: String,
    },
    /// Record a pair without writing to either side (same person, same content).
    #[serde(rename_all = "camelCase")]
    Link {
        /// The source contact.
        source_id: ContactId,
        /// The target contact.
        target_id: ContactId,
        /// The source's content hash.
        source_hash: String,
        /// The target's content hash.
        target_hash: String,
        /// Why.
        reason: String,
        /// What the pair looks like after this step, per field, as the state keeps it for a
        /// later merge (`None`: no base recorded).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        base: Option<String>,
    },
    /// Forget a pair whose contacts are gone from both sides.
    #[serde(rename_all = "camelCase")]
    Forget {
        /// The pair's source id.
        source_id: ContactId,
        /// Why.
        reason: String,
    },
}

impl Action {
    /// Whether the action writes to a provider (links and forgets only touch the state).
    pub fn writes(&self) -> bool {
        matches!(
            self,
            Action::Create { .. }
                | Action::Update { .. }
                | Action::Merge { .. }
                | Action::Delete { .. }
        )
    }
}

impl fmt::Display for Action {
    /// One line: what, where, why, then the notes of creates and updates.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (line, notes): (String, &[String]) = match self {
            Action::Create {
                on,
                origin_id,
                reason,
                notes,
                ..
            } => (
                format!("create on {on} from {}: {reason}", origin_id.as_str()),
                notes,
            ),
            Action::Update {
                on,
                id,
                reason,
                notes,
                ..
            } => (format!("update {} on {on}: {reason}", id.as_str()), notes),
            Action::Merge {
                source_id,
                target_id,
                fields,
                reason,
                ..
            } => {
                let (s, t) = (source_id.as_str(), target_id.as_str());
                write!(f, "merge {s} with {t}: {reason}")?;
                return fields.iter().try_for_each(|m| write!(f, "\n    {m}"));
            }
            Action::Delete { on, id, reason, .. } => {
                (format!("delete {} on {on}: {reason}", id.as_str()), &[])
            }
            Action::Link {
                source_id,
                target_id,
                reason,
                ..
            } => (
                format!(
                    "link {} with {}: {reason}",
                    source_id.as_str(),
                    target_id.as_str()
                ),
                &[],
            ),
            Action::Forget { source_id, reason } => (
                format!("forget pair of {}: {reason}", source_id.as_str()),
                &[],
            ),
        };
        f.write_str(&line)?;
        notes.iter().try_for_each(|n| write!(f, "; {n}"))
    }
}

/// A contact left alone, and why (no usable number, several contacts with one number, a
/// conflict left unresolved, a deletion not allowed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Skip {
    /// The side holding the contact.
    pub side: Side,
    /// The contact.
    pub id: ContactId,
    /// Why it is left alone.
    pub reason: String,
    /// For a pair changed on both sides and left in conflict: every field that changed, with
    /// both sides' values, so that it can be resolved field by field later
    /// ([`SyncOptions::resolutions`](crate::SyncOptions::resolutions)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldMerge>,
}

/// What a run will do. Plans are deterministic: the same sides and state give the same plan.
///
/// A plan does not hold the documents it creates: a first sync of 100,000 contacts would hold
/// them all in memory. Its creates point into what planning listed (kept out of memory, see
/// the crate docs), and [`Plan::actions`] builds each [`Action`] when it is read. Reading a
/// plan twice gives the same actions.
///
/// ```
/// use contacts_core::{ContactId, NewContact};
/// use contacts_sync::{Action, Plan, Side};
/// let create = Action::Create {
///     on: Side::Target,
///     origin_id: ContactId::new("1"),
///     origin_hash: "0123456789abcdef".into(),
///     contact: NewContact::new().property("phoneNumber", "+46701234567"),
///     reason: "new on the source".into(),
///     notes: vec![],
///     base: None,
/// };
/// let plan = Plan::new(vec![create.clone()], vec![], vec![]);
/// assert_eq!((plan.creates(), plan.action_count()), (1, 1));
/// assert_eq!(plan.to_actions()?, vec![create]);
/// # Ok::<_, contacts_sync::SyncError>(())
/// ```
#[derive(Clone, Default, Deserialize)]
#[serde(from = "PlanData")]
pub struct Plan {
    /// The steps, in the order they run.
    steps: PlanSteps,
    /// What the creates are read from (`None`: every step is held whole).
    origins: Option<Arc<Origins>>,
    /// Contacts changed on both sides and not resolved (conflict policy `skip`).
    pub conflicts: Vec<Skip>,
    /// Contacts left alone, with the reason.
    pub skips: Vec<Skip>,
}

/// A plan as JSON has it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlanData {
    actions: Vec<Action>,
    conflicts: Vec<Skip>,
    skips: Vec<Skip>,
}

impl From<PlanData> for Plan {
    fn from(data: PlanData) -> Self {
        Plan::new(data.actions, data.conflicts, data.skips)
    }
}

/// One step of a plan: held whole, or a create read from the listing when it runs.
#[derive(Debug, Clone, Copy)]
pub(crate) enum PlanStep<'a> {
    /// An action held whole (updates, deletes, links, forgets, and creates of hand-made plans).
    Held(&'a Action),
    /// Create on `on` the contact whose text is at `at` in the other side's listing.
    Create {
        /// Where the contact is created.
        on: Side,
        /// Where its text is.
        at: u64,
        /// Its reason, in [`Origins::reasons`].
        reason: usize,
    },
}

impl PlanStep<'_> {
    fn is_create(&self) -> bool {
        match self {
            PlanStep::Create { .. } => true,
            PlanStep::Held(action) => matches!(action, Action::Create { .. }),
        }
    }
}

/// A plan's steps in 8 bytes each (a first sync of 100,000 is 100,000 creates): a create
/// from the listing is its side, reason and text's offset in one number; any other step is
/// the position of an action held whole, with the top bit clear.
#[derive(Debug, Clone, Default)]
pub(crate) struct PlanSteps {
    codes: Vec<u64>,
    held: Vec<Action>,
}

/// The top bit of a create's code; the next says the side (set: the target).
const CREATE: u64 = 1 << 63;
const ON_TARGET: u64 = 1 << 62;
/// A create's reason is in bits 56-61, its text's offset below.
const REASON_SHIFT: u32 = 56;
const AT_MASK: u64 = (1 << REASON_SHIFT) - 1;
/// How many reasons creates can name (the planner has a handful).
pub(crate) const CREATE_REASONS: usize = 64;

impl PlanSteps {
    /// Appends an action held whole.
    pub(crate) fn push_held(&mut self, action: Action) {
        self.codes.push(self.held.len() as u64);
        self.held.push(action);
    }

    /// Appends a create of the contact whose text is at `at` in the listing of the side
    /// opposite `on`, for reason number `reason` (below [`CREATE_REASONS`]; the scratch's
    /// offsets are below 2^56). `false` (nothing appended) if either is out of range.
    #[must_use]
    pub(crate) fn push_create(&mut self, on: Side, at: u64, reason: usize) -> bool {
        if reason >= CREATE_REASONS || at > AT_MASK {
            return false;
        }
        let side = if on == Side::Target { ON_TARGET } else { 0 };
        self.codes
            .push(CREATE | side | ((reason as u64) << REASON_SHIFT) | at);
        true
    }

    fn len(&self) -> usize {
        self.codes.len()
    }

    fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    fn get(&self, i: usize) -> Option<PlanStep<'_>> {
        let code = *self.codes.get(i)?;
        if code & CREATE == 0 {
            return self.held.get(code as usize).map(PlanStep::Held);
        }
        Some(PlanStep::Create {
            on: if code & ON_TARGET != 0 {
                Side::Target
            } else {
                Side::Source
            },
            at: code & AT_MASK,
            reason: ((code & !(CREATE | ON_TARGET)) >> REASON_SHIFT) as usize,
        })
    }

    fn iter(&self) -> impl Iterator<Item = PlanStep<'_>> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// Gives back what growing left spare.
    pub(crate) fn shrink(&mut self) {
        self.codes.shrink_to_fit();
        self.held.shrink_to_fit();
    }
}

/// What the creates of a plan are built from: both sides as listed, and how one side's
/// contact is written to the other.
#[derive(Debug)]
pub(crate) struct Origins {
    /// The source as listed.
    pub(crate) source: Listing,
    /// The target as listed.
    pub(crate) target: Listing,
    /// The source's capabilities.
    pub(crate) source_caps: Capabilities,
    /// The target's capabilities.
    pub(crate) target_caps: Capabilities,
    /// Renamed keys.
    pub(crate) key_map: KeyMap,
    /// What happens to photos of the cards written.
    pub(crate) photos: PhotoPolicy,
    /// The creates' reasons (a handful of texts, shared).
    pub(crate) reasons: Vec<String>,
}

impl Origins {
    fn index(&self, side: Side) -> &Listing {
        match side {
            Side::Source => &self.source,
            Side::Target => &self.target,
        }
    }
}

/// The actions of a [`Plan`], each built when reached; see [`Plan::actions`].
pub struct Actions<'a> {
    plan: &'a Plan,
    next: usize,
    /// Readers of the source's and the target's listing (for creates).
    readers: [Option<Reader<'a>>; 2],
}

impl fmt::Debug for Actions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Actions")
            .field("next", &self.next)
            .field("of", &self.plan.steps.len())
            .finish()
    }
}

impl Iterator for Actions<'_> {
    type Item = Result<Action>;

    fn next(&mut self) -> Option<Result<Action>> {
        let step = self.plan.steps.get(self.next)?;
        self.next += 1;
        Some(match step {
            PlanStep::Held(action) => Ok(action.clone()),
            PlanStep::Create { on, at, reason } => self.create(on, at, reason),
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.plan.steps.len() - self.next;
        (left, Some(left))
    }
}

impl ExactSizeIterator for Actions<'_> {}

impl Actions<'_> {
    fn create(&mut self, on: Side, at: u64, reason: usize) -> Result<Action> {
        let Some(origins) = self.plan.origins.as_deref() else {
            return Err(SyncError::Scratch(
                "a planned create has no listing to read it from (a bug)".into(),
            ));
        };
        let from = on.other();
        let index = origins.index(from);
        let reader = self.readers[from as usize].get_or_insert_with(|| index.reader());
        let (contact, key) = index.contact_at(at, reader)?;
        let origin_hash = hash_text(hash64(&contact));
        let translation = Translation {
            source: &origins.source_caps,
            target: &origins.target_caps,
            key_map: &origins.key_map,
            photos: origins.photos,
        };
        let desired = translation.desired(&contact, from, key.as_deref(), None);
        let (document, notes) = Translation::new_contact(desired);
        let labels = origins.target_caps.labels;
        let base = crate::merge::create_base(on, &contact, &document, labels);
        Ok(Action::Create {
            on,
            origin_id: contact.id,
            origin_hash,
            contact: document,
            reason: origins.reasons.get(reason).cloned().unwrap_or_default(),
            notes,
            base: Some(base),
        })
    }
}

impl Plan {
    /// A plan of the given actions (held whole), conflicts and skips: for plans built by
    /// hand, read back from JSON, or filtered from another plan.
    pub fn new(actions: Vec<Action>, conflicts: Vec<Skip>, skips: Vec<Skip>) -> Self {
        let mut steps = PlanSteps::default();
        actions.into_iter().for_each(|a| steps.push_held(a));
        Self {
            steps,
            origins: None,
            conflicts,
            skips,
        }
    }

    /// A plan whose creates are read from `origins` when the plan runs.
    pub(crate) fn planned(
        steps: PlanSteps,
        origins: Origins,
        conflicts: Vec<Skip>,
        skips: Vec<Skip>,
    ) -> Self {
        Self {
            steps,
            origins: Some(Arc::new(origins)),
            conflicts,
            skips,
        }
    }

    /// The steps in the order they run, each built when reached: a create reads its contact
    /// back from what planning listed.
    ///
    /// # Errors
    /// An item is [`SyncError::Scratch`] if that listing cannot be read back (the scratch
    /// file was damaged or its disk failed).
    pub fn actions(&self) -> Actions<'_> {
        Actions {
            plan: self,
            next: 0,
            readers: [None, None],
        }
    }

    /// Every action at once (for small plans and tests; large plans are better read with
    /// [`Plan::actions`], one at a time).
    ///
    /// # Errors
    /// As [`Plan::actions`].
    pub fn to_actions(&self) -> Result<Vec<Action>> {
        self.actions().collect()
    }

    /// How many actions (writes, links and forgets).
    pub fn action_count(&self) -> usize {
        self.steps.len()
    }

    /// Whether the run would change nothing (skips aside) and no conflict is open.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty() && self.conflicts.is_empty()
    }

    fn count(&self, pred: impl Fn(&Action) -> bool, creates: bool) -> usize {
        self.steps
            .iter()
            .filter(|s| match s {
                PlanStep::Held(a) => pred(a),
                PlanStep::Create { .. } => creates,
            })
            .count()
    }

    /// How many creates.
    pub fn creates(&self) -> usize {
        self.steps.iter().filter(|s| s.is_create()).count()
    }

    /// How many updates.
    pub fn updates(&self) -> usize {
        self.count(|a| matches!(a, Action::Update { .. }), false)
    }

    /// How many deletes.
    pub fn deletes(&self) -> usize {
        self.count(|a| matches!(a, Action::Delete { .. }), false)
    }

    /// How many provider writes.
    pub fn writes(&self) -> usize {
        self.count(Action::writes, true)
    }
}

impl PartialEq for Plan {
    /// The same actions (as built), conflicts and skips; a plan whose actions cannot be read
    /// back equals none.
    fn eq(&self, other: &Self) -> bool {
        self.conflicts == other.conflicts
            && self.skips == other.skips
            && self.steps.len() == other.steps.len()
            && matches!((self.to_actions(), other.to_actions()), (Ok(a), Ok(b)) if a == b)
    }
}

impl Eq for Plan {}

impl fmt::Debug for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct List<'a>(&'a Plan);
        impl fmt::Debug for List<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_list().entries(self.0.actions()).finish()
            }
        }
        f.debug_struct("Plan")
            .field("actions", &List(self))
            .field("conflicts", &self.conflicts)
            .field("skips", &self.skips)
            .finish()
    }
}

impl Serialize for Plan {
    /// `{"actions": [...], "conflicts": [...], "skips": [...]}`, the actions built one at a
    /// time as they are written.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct List<'a>(&'a Plan);
        impl Serialize for List<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut seq = serializer.serialize_seq(Some(self.0.steps.len()))?;
                for action in self.0.actions() {
                    seq.serialize_element(&action.map_err(serde::ser::Error::custom)?)?;
                }
                seq.end()
            }
        }
        let mut plan = serializer.serialize_struct("Plan", 3)?;
        plan.serialize_field("actions", &List(self))?;
        plan.serialize_field("conflicts", &self.conflicts)?;
        plan.serialize_field("skips", &self.skips)?;
        plan.end()
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} creates, {} updates, {} deletes, {} conflicts, {} skipped",
            self.creates(),
            self.updates(),
            self.deletes(),
            self.conflicts.len(),
            self.skips.len()
        )?;
        for action in self.actions() {
            match action {
                Ok(action) => writeln!(f, "  {action}")?,
                Err(e) => writeln!(f, "  (this step cannot be shown: {e})")?,
            }
        }
        for c in &self.conflicts {
            writeln!(f, "  conflict {} ({}): {}", c.id.as_str(), c.side, c.reason)?;
            for m in &c.fields {
                writeln!(f, "    {m}")?;
            }
        }
        for s in &self.skips {
            writeln!(f, "  skip {} on {}: {}", s.id.as_str(), s.side, s.reason)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_lines_of_a_plan() {
        let create = Action::Create {
            on: Side::Target,
            origin_id: ContactId::new("1"),
            origin_hash: "0123456789abcdef".into(),
            contact: NewContact::new().property("phoneNumber", "+46701234567"),
            reason: "new on the source".into(),
            notes: vec!["the target has no labels; not carried: VIP".into()],
            base: None,
        };
        let link = Action::Link {
            source_id: ContactId::new("2"),
            target_id: ContactId::new("b"),
            source_hash: "0".repeat(16),
            target_hash: "0".repeat(16),
            reason: "same content on both sides".into(),
            base: None,
        };
        let plan = Plan::new(
            vec![create.clone(), link.clone(), create.clone()],
            vec![],
            vec![],
        );
        assert!(create.writes() && !link.writes());
        let counts = (plan.action_count(), plan.creates(), plan.writes());
        assert_eq!((counts, plan.updates(), plan.deletes()), ((3, 2, 2), 0, 0));
        let mut actions = plan.actions();
        assert_eq!(actions.len(), 3);
        actions.next();
        assert_eq!(actions.size_hint(), (2, Some(2)));
        assert!(!plan.is_empty() && Plan::default().is_empty());
        let skip = Skip {
            side: Side::Source,
            id: ContactId::new("3"),
            reason: "changed on both sides".into(),
            fields: Vec::new(),
        };
        let only_a_conflict = Plan::new(vec![], vec![skip.clone()], vec![]);
        let only_a_skip = Plan::new(vec![], vec![], vec![skip]);
        assert!(!only_a_conflict.is_empty() && only_a_skip.is_empty());
        assert_ne!(plan, Plan::new(vec![create.clone()], vec![], vec![]));
        assert_ne!(only_a_conflict, only_a_skip);
        assert_eq!(plan, plan.clone());
        assert_eq!(
            create.to_string(),
            "create on target from 1: new on the source; the target has no labels; not carried: VIP"
        );
        assert_eq!(
            link.to_string(),
            "link 2 with b: same content on both sides"
        );
        let shown = plan.to_string();
        assert!(
            shown.starts_with("2 creates, 0 updates, 0 deletes, 0 conflicts, 0 skipped\n"),
            "{shown}"
        );
        assert!(shown.contains("  link 2 with b"), "{shown}");
    }

    /// A field of a conflict the way `contacts sync` prints it (docs/sync.md): one left in
    /// conflict has no result, one the merge removes shows `-> (none)`.
    #[test]
    fn a_conflicts_fields_show_a_result_only_where_the_merge_has_one() {
        let field = |name: &str, values: [Option<&str>; 3], rule: &str, on: &str| FieldMerge {
            field: name.into(),
            changed_on: on.into(),
            source: values[0].map(str::to_owned),
            target: values[1].map(str::to_owned),
            result: values[2].map(str::to_owned),
            rule: rule.into(),
        };
        let open = [Some("Analytical Engines"), Some("Babbage & Co"), None];
        let open = field(
            "company",
            open,
            "changed on both differently; left alone",
            "both",
        );
        let removed = [Some("Lovelace"), None, None];
        let removed = field("lastName", removed, "changed on the target only", "target");
        assert!(open.left_in_conflict() && !removed.left_in_conflict());
        let conflict = Skip {
            side: Side::Source,
            id: ContactId::new("1"),
            reason: "changed on both sides".into(),
            fields: vec![open, removed],
        };
        let shown = Plan::new(vec![], vec![conflict], vec![]).to_string();
        let lines: Vec<&str> = shown.lines().skip(2).collect();
        assert_eq!(
            lines,
            [
                "    company: source \"Analytical Engines\", target \"Babbage & Co\" (changed on \
                 both differently; left alone; changed on both)",
                "    lastName: source \"Lovelace\", target (none) -> (none) (changed on the target \
                 only; changed on target)",
            ],
            "{shown}"
        );
    }

    #[test]
    fn a_step_keeps_its_side_offset_and_reason() {
        let mut steps = PlanSteps::default();
        let forget = Action::Forget {
            source_id: ContactId::new("1"),
            reason: "gone".into(),
        };
        steps.push_held(forget.clone());
        assert!(steps.push_create(Side::Target, AT_MASK, CREATE_REASONS - 1));
        assert!(steps.push_create(Side::Source, 0, 0));
        assert!(!steps.push_create(Side::Source, 0, CREATE_REASONS));
        assert!(!steps.push_create(Side::Source, AT_MASK + 1, 0));
        assert_eq!(steps.len(), 3);
        assert!(matches!(steps.get(0), Some(PlanStep::Held(a)) if *a == forget));
        assert!(matches!(
            steps.get(1),
            Some(PlanStep::Create {
                on: Side::Target,
                at: AT_MASK,
                reason: 63
            })
        ));
        assert!(matches!(
            steps.get(2),
            Some(PlanStep::Create {
                on: Side::Source,
                at: 0,
                reason: 0
            })
        ));
        assert!(steps.get(3).is_none());
    }
}
