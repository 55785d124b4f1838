//! Model-based testing: random operation sequences applied to the provider and to
//! `InMemoryProvider`, whose observable states must agree after every step.

use super::Ctx;
use super::support::err;
use crate::brief::{self, Brief};
use crate::generate;
use crate::property::for_all;
use crate::{Factory, Outcome};
use contacts_core::{
    Capabilities, Contact, ContactFilter, ContactId, ContactPatch, ContactProvider,
    ContactProviderExt, ContactQuery, DeleteTarget, Error, GetOptions, InMemoryProvider, Labels,
    NewContact, Properties,
};
use futures::TryStreamExt;
use proptest::collection::vec;
use proptest::prelude::*;
use std::collections::BTreeSet;

/// One step of a sequence: every operation of the trait. Targets are indexes into the
/// contacts created so far (modulo).
#[derive(Debug, Clone)]
pub enum Op {
    /// Create one contact.
    Create(NewContact),
    /// Create several contacts in one batch.
    CreateMany(Vec<NewContact>),
    /// Patch the n-th live contact.
    Patch(usize, ContactPatch),
    /// Replace the n-th live contact.
    Replace(usize, NewContact),
    /// Delete the n-th live contact.
    Delete(usize),
    /// Delete every contact holding the first property value of the n-th live contact.
    DeleteMatching(usize),
    /// Read the n-th live contact.
    Get(usize),
    /// List with metadata; each contact's metadata must be what `get` answers.
    ListMetadata,
}

impl Brief for Op {
    fn brief(&self) -> String {
        match self {
            Op::Create(doc) => format!("create {}", doc.brief()),
            Op::CreateMany(docs) => format!("create batch {}", docs.brief()),
            Op::Patch(i, patch) => format!("patch #{i} {}", patch.brief()),
            Op::Replace(i, doc) => format!("replace #{i} with {}", doc.brief()),
            Op::Delete(i) => format!("delete #{i}"),
            Op::DeleteMatching(i) => format!("delete_matching the first value of #{i}"),
            Op::Get(i) => format!("get #{i}"),
            Op::ListMetadata => "list with metadata".into(),
        }
    }
}

fn ops(caps: &Capabilities) -> SBoxedStrategy<Vec<Op>> {
    let mut choices: Vec<(u32, SBoxedStrategy<Op>)> = vec![
        (4, generate::new_contact(caps).prop_map(Op::Create).sboxed()),
        (2, any::<usize>().prop_map(Op::Delete).sboxed()),
        (1, any::<usize>().prop_map(Op::Get).sboxed()),
    ];
    if caps.patch {
        choices.push((
            3,
            (any::<usize>(), generate::patch(caps))
                .prop_map(|(i, p)| Op::Patch(i, p))
                .sboxed(),
        ));
    }
    if caps.replace {
        choices.push((
            2,
            (any::<usize>(), generate::new_contact(caps))
                .prop_map(|(i, d)| Op::Replace(i, d))
                .sboxed(),
        ));
    }
    let batch = caps.max_batch_size.min(3);
    if batch >= 2 {
        let docs = vec(generate::new_contact(caps), 2..=batch);
        choices.push((1, docs.prop_map(Op::CreateMany).sboxed()));
    }
    if caps.mass_delete && caps.property_filter.is_supported() {
        choices.push((1, any::<usize>().prop_map(Op::DeleteMatching).sboxed()));
    }
    if caps.metadata {
        choices.push((1, Just(Op::ListMetadata).sboxed()));
    }
    vec(proptest::strategy::Union::new_weighted(choices), 1..10).sboxed()
}

/// What can be compared between two providers: properties and labels, in listing order.
fn observable(contacts: &[Contact]) -> Vec<(Properties, Labels)> {
    let mut v: Vec<_> = contacts
        .iter()
        .map(|c| (c.properties.clone(), c.labels.clone()))
        .collect();
    v.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    v
}

async fn snapshot(p: &dyn ContactProvider) -> Result<Vec<Contact>, String> {
    let size = p.capabilities().max_page_size.min(50);
    p.list(ContactQuery::new().page_size(size))
        .try_collect()
        .await
        .map_err(err("listing"))
}

/// Whether two outcomes agree as errors: the same kind of error on both sides.
fn agree_errors<T: std::fmt::Debug>(
    what: &str,
    a: Result<T, Error>,
    b: Result<T, Error>,
) -> Result<(), String> {
    match (a, b) {
        (Err(a), Err(b)) if std::mem::discriminant(&a) == std::mem::discriminant(&b) => Ok(()),
        (a, b) => Err(format!("{what}: provider gave {a:?}, the reference {b:?}")),
    }
}

/// Whether the provider's answer `a` and the reference's `b` to one operation agree: the same
/// properties and labels, or the same kind of error.
fn agree(what: &str, a: Result<Contact, Error>, b: Result<Contact, Error>) -> Result<(), String> {
    match (a, b) {
        (Ok(a), Ok(b)) if a.properties == b.properties && a.labels == b.labels => Ok(()),
        (a, b) => agree_errors(what, a, b),
    }
}

/// The provider under test and the reference, driven in lockstep.
struct Lockstep {
    provider: Box<dyn ContactProvider>,
    model: InMemoryProvider,
    /// Live contacts as (provider id, model id), in creation order.
    live: Vec<(ContactId, ContactId)>,
}

impl Lockstep {
    /// The n-th live contact (modulo), if any.
    fn at(&self, n: usize) -> Option<(ContactId, ContactId)> {
        (!self.live.is_empty()).then(|| self.live[n % self.live.len()].clone())
    }

    /// Applies `op` to both.
    async fn apply(&mut self, op: &Op) -> Result<(), String> {
        let (p, model) = (&self.provider, &self.model);
        let index = match op {
            Op::Create(doc) => {
                let (a, b) = (
                    p.create_one(doc.clone()).await,
                    model.create_one(doc.clone()).await,
                );
                if let (Ok(a), Ok(b)) = (&a, &b) {
                    self.live.push((a.id.clone(), b.id.clone()));
                }
                return agree("create", a, b);
            }
            Op::CreateMany(docs) => return self.create_many(docs).await,
            Op::ListMetadata => return self.list_metadata().await,
            Op::Patch(i, _)
            | Op::Replace(i, _)
            | Op::Delete(i)
            | Op::DeleteMatching(i)
            | Op::Get(i) => *i,
        };
        // A step on the n-th live contact does nothing while none is live.
        let Some(ids) = self.at(index) else {
            return Ok(());
        };
        let options = GetOptions::default();
        match op {
            Op::Patch(_, patch) => {
                self.both("patch", &ids, async |p, id| p.update(id, patch).await)
                    .await
            }
            Op::Replace(_, doc) => {
                self.both("replace", &ids, async |p, id| p.replace(id, doc).await)
                    .await
            }
            Op::Get(_) => {
                self.both("get", &ids, async |p, id| p.get(id, &options).await)
                    .await
            }
            Op::Delete(_) => self.delete(ids).await,
            Op::DeleteMatching(_) => self.delete_matching(ids).await,
            // Applied and returned above.
            Op::Create(_) | Op::CreateMany(_) | Op::ListMetadata => Ok(()),
        }
    }

    /// One batch on both: the same outcome, item for item.
    async fn create_many(&mut self, docs: &[NewContact]) -> Result<(), String> {
        match (
            self.provider.create(docs).await,
            self.model.create(docs).await,
        ) {
            (Ok(a), Ok(b)) => {
                if a.len() != b.len() {
                    return Err(format!("created {} of a batch of {}", a.len(), b.len()));
                }
                for (a, b) in a.into_iter().zip(b) {
                    self.live.push((a.id.clone(), b.id.clone()));
                    agree("create batch", Ok(a), Ok(b))?;
                }
                Ok(())
            }
            (a, b) => agree_errors("create batch", a, b),
        }
    }

    /// A mass delete on both by the first property value of one live contact: the same
    /// contacts go, and both report exactly them.
    async fn delete_matching(&mut self, (_, mid): (ContactId, ContactId)) -> Result<(), String> {
        let held = self
            .model
            .get(&mid, &GetOptions::default())
            .await
            .map_err(err("reference get"))?;
        let Some((key, value)) = held.properties.iter().next() else {
            return Ok(());
        };
        let target = DeleteTarget::Matching(ContactFilter::new().property(key, value));
        let mine = self.provider.delete_matching(&target).await;
        let reference = self.model.delete_matching(&target).await;
        let (mine, reference) = match (mine, reference) {
            (Ok(a), Ok(b)) => (a, b),
            (a, b) => return agree_errors("delete_matching", a, b),
        };
        let gone: BTreeSet<&ContactId> = reference.iter().map(|c| &c.id).collect();
        let expected: BTreeSet<ContactId> = self
            .live
            .iter()
            .filter(|(_, m)| gone.contains(m))
            .map(|(p, _)| p.clone())
            .collect();
        let reported: BTreeSet<ContactId> = mine.into_iter().map(|c| c.id).collect();
        if reported != expected {
            return Err(format!(
                "delete_matching {key}={} reported {} contacts, the reference {}",
                brief::value(value),
                reported.len(),
                expected.len()
            ));
        }
        self.live.retain(|(p, _)| !expected.contains(p));
        Ok(())
    }

    /// The provider's listing with metadata agrees with its own `get` with metadata.
    async fn list_metadata(&self) -> Result<(), String> {
        super::support::metadata_agrees(&*self.provider, "in a sequence").await
    }

    /// Runs `call` on the provider with its id and on the reference with its id; both must
    /// agree.
    async fn both(
        &self,
        what: &str,
        (pid, mid): &(ContactId, ContactId),
        call: impl AsyncFn(&dyn ContactProvider, &ContactId) -> contacts_core::Result<Contact>,
    ) -> Result<(), String> {
        agree(
            what,
            call(&*self.provider, pid).await,
            call(&self.model, mid).await,
        )
    }

    /// Deletes from both; afterwards the provider must not find the contact.
    async fn delete(&mut self, (pid, mid): (ContactId, ContactId)) -> Result<(), String> {
        self.provider.delete(&pid).await.map_err(err("delete"))?;
        self.model
            .delete(&mid)
            .await
            .map_err(err("reference delete"))?;
        self.live.retain(|(x, _)| *x != pid);
        match self.provider.get(&pid, &GetOptions::default()).await {
            Err(e) if e.is_not_found() => Ok(()),
            other => Err(format!("get after delete gave {other:?}")),
        }
    }

    /// Both list the same contacts.
    async fn same_listing(&self) -> Result<(), String> {
        let (a, b) = (
            snapshot(&*self.provider).await?,
            snapshot(&self.model).await?,
        );
        let (a, b) = (observable(&a), observable(&b));
        if a == b {
            Ok(())
        } else {
            Err(format!("the provider lists {a:?}, the reference {b:?}"))
        }
    }
}

/// Runs one sequence on a fresh provider and a reference with the same capabilities.
async fn run_sequence(
    make: &Factory,
    caps: &Capabilities,
    sequence: Vec<Op>,
) -> Result<(), String> {
    let provider = make
        .fresh()
        .await
        .map_err(err("creating a fresh provider"))?;
    let model = InMemoryProvider::with_capabilities(caps.clone());
    let mut both = Lockstep {
        provider,
        model,
        live: Vec::new(),
    };
    for (step, op) in sequence.iter().enumerate() {
        both.apply(op)
            .await
            .map_err(|e| format!("step {step} ({}): {e}", op.brief()))?;
        both.same_listing()
            .await
            .map_err(|e| format!("after step {step} ({}) {e}", op.brief()))?;
    }
    Ok(())
}

pub(crate) async fn state_machine(cx: Ctx) -> Outcome {
    let caps = cx.caps().clone();
    let factory = cx.factory().clone();
    let config = cx.config().clone();
    // The sequences run on providers of their own; this one is not needed.
    drop(cx);
    for_all(ops(&caps), config.cases, config.seed, move |sequence| {
        let factory = factory.clone();
        let caps = caps.clone();
        async move { run_sequence(&factory, &caps, sequence).await }
    })
    .await
}
