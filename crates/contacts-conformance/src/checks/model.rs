//! Model-based testing: random operation sequences applied to the provider and to
//! `InMemoryProvider`, whose observable states must agree after every step.

use super::{Shared, err};
use crate::generate;
use crate::property::for_all;
use crate::{Config, Outcome};
use contacts_core::{
    Capabilities, Contact, ContactPatch, ContactProvider, ContactProviderExt, ContactQuery,
    GetOptions, InMemoryProvider, Labels, NewContact, Properties,
};
use futures::TryStreamExt;
use proptest::collection::vec;
use proptest::prelude::*;

/// One step of a sequence. Targets are indexes into the contacts created so far (modulo).
#[derive(Debug, Clone)]
pub enum Op {
    /// Create one contact.
    Create(NewContact),
    /// Patch the n-th live contact.
    Patch(usize, ContactPatch),
    /// Replace the n-th live contact.
    Replace(usize, NewContact),
    /// Delete the n-th live contact.
    Delete(usize),
    /// Read the n-th live contact.
    Get(usize),
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

/// Runs one sequence on a fresh provider and a reference with the same capabilities.
async fn run_sequence(
    make: &crate::Factory,
    caps: &Capabilities,
    sequence: Vec<Op>,
) -> Result<(), String> {
    let p = make
        .fresh()
        .await
        .map_err(err("creating a fresh provider"))?;
    let model = InMemoryProvider::with_capabilities(caps.clone());
    // Live contacts as (provider id, model id), in creation order.
    let mut live = Vec::new();
    for (step, op) in sequence.iter().enumerate() {
        let at = |i: usize, live: &Vec<(contacts_core::ContactId, contacts_core::ContactId)>| {
            (!live.is_empty()).then(|| live[i % live.len()].clone())
        };
        let agree = |what: &str,
                     a: Result<Contact, contacts_core::Error>,
                     b: Result<Contact, contacts_core::Error>| match (a, b) {
            (Ok(a), Ok(b)) if a.properties == b.properties && a.labels == b.labels => Ok(()),
            (Err(a), Err(b)) if std::mem::discriminant(&a) == std::mem::discriminant(&b) => Ok(()),
            (a, b) => Err(format!(
                "step {step} ({what}): provider gave {a:?}, the reference {b:?}"
            )),
        };
        match op {
            Op::Create(doc) => {
                let a = p.create_one(doc.clone()).await;
                let b = model.create_one(doc.clone()).await;
                if let (Ok(a), Ok(b)) = (&a, &b) {
                    live.push((a.id.clone(), b.id.clone()));
                }
                agree("create", a, b)?;
            }
            Op::Patch(i, patch) => {
                if let Some((pid, mid)) = at(*i, &live) {
                    agree(
                        "patch",
                        p.update(&pid, patch).await,
                        model.update(&mid, patch).await,
                    )?;
                }
            }
            Op::Replace(i, doc) => {
                if let Some((pid, mid)) = at(*i, &live) {
                    agree(
                        "replace",
                        p.replace(&pid, doc).await,
                        model.replace(&mid, doc).await,
                    )?;
                }
            }
            Op::Delete(i) => {
                if let Some((pid, mid)) = at(*i, &live) {
                    p.delete(&pid).await.map_err(err("delete"))?;
                    model.delete(&mid).await.map_err(err("reference delete"))?;
                    live.retain(|(x, _)| *x != pid);
                    match p.get(&pid, &GetOptions::default()).await {
                        Err(e) if e.is_not_found() => {}
                        other => {
                            return Err(format!("step {step}: get after delete gave {other:?}"));
                        }
                    }
                }
            }
            Op::Get(i) => {
                if let Some((pid, mid)) = at(*i, &live) {
                    agree(
                        "get",
                        p.get(&pid, &GetOptions::default()).await,
                        model.get(&mid, &GetOptions::default()).await,
                    )?;
                }
            }
        }
        let (a, b) = (snapshot(&*p).await?, snapshot(&model).await?);
        if observable(&a) != observable(&b) {
            return Err(format!(
                "after step {step} ({op:?}) the provider lists {:?}, the reference {:?}",
                observable(&a),
                observable(&b)
            ));
        }
    }
    Ok(())
}

pub async fn state_machine(p: Shared, config: Config, factory: crate::Factory) -> Outcome {
    let caps = p.capabilities().clone();
    drop(p);
    for_all(ops(&caps), config.cases, config.seed, move |sequence| {
        let factory = factory.clone();
        let caps = caps.clone();
        async move { run_sequence(&factory, &caps, sequence).await }
    })
    .await
}
