//! The provider and the model driven in lockstep: each call goes to both, the answers must
//! agree, and after each step both must hold the same contacts.

use super::call::{Answer, Call, Plain, exec};
use super::compare::{agree, permitted_refusal, same_contact};
use super::ids::Ids;
use super::ops::Op;
use crate::checks::support::err;
use contacts_core::{
    Contact, ContactFilter, ContactProvider, ContactProviderExt, ContactQuery, DeleteTarget, Error,
    InMemoryProvider,
};
use futures::TryStreamExt;
use std::collections::HashSet;

/// The provider under test, the model, and which id is which.
pub(crate) struct Lockstep<'a> {
    pub(crate) provider: &'a dyn ContactProvider,
    pub(crate) model: InMemoryProvider,
    pub(crate) ids: Ids,
}

/// Every contact `p` lists, in its ascending order, in pages of up to 100.
pub(crate) async fn everything(p: &dyn ContactProvider) -> Result<Vec<Contact>, String> {
    let size = p.capabilities().max_page_size.clamp(1, 100);
    p.list(ContactQuery::new().page_size(size))
        .try_collect()
        .await
        .map_err(err("listing everything"))
}

impl<'a> Lockstep<'a> {
    /// `filter`, or with `of` one drawn from what the n-th live contact holds in the model:
    /// one of its values (where property filters are declared) and, every other time, one
    /// of its labels (where label filters are). `filter` when there is nothing to draw.
    pub(crate) fn filter_of(&self, filter: &ContactFilter, of: Option<usize>) -> ContactFilter {
        let Some(n) = of.filter(|_| !self.ids.live.is_empty()) else {
            return filter.clone();
        };
        let (_, mid) = &self.ids.live[n % self.ids.live.len()];
        let caps = self.provider.capabilities();
        let held = self.model.snapshot().into_iter().find(|c| &c.id == mid);
        let mut out = ContactFilter::new();
        if let Some(c) = held {
            let props: Vec<(&str, &str)> = c.properties.iter().collect();
            if caps.property_filter.is_supported() && !props.is_empty() {
                let (k, v) = props[(n / 3) % props.len()];
                out = out.property(k, v);
            }
            let labels: Vec<&str> = c.labels.iter().collect();
            if caps.label_filter.is_supported()
                && !labels.is_empty()
                && (n % 2 == 0 || out.is_empty())
            {
                out = out.label(labels[(n / 5) % labels.len()]);
            }
        }
        if out.is_empty() { filter.clone() } else { out }
    }

    /// The calls `op` stands for on the provider and on the model, if it is a plain call.
    pub(crate) fn resolve(&self, op: &Op) -> Option<(Call, Call)> {
        let ids = &self.ids;
        let same = |c: Call| Some((c.clone(), c));
        let contact = |t| ids.contact(t);
        let many = |ts: &[super::ops::Target]| -> (Vec<_>, Vec<_>) {
            ts.iter().map(|t| ids.contact(*t)).unzip()
        };
        match op {
            Op::Create(docs) => same(Call::Create(docs.clone())),
            Op::DeleteMatching(f, of) => {
                let f = self.filter_of(f, *of);
                same(Call::DeleteMatching(DeleteTarget::Matching(f)))
            }
            Op::DeleteEvery => same(Call::DeleteMatching(DeleteTarget::EveryContact)),
            Op::Patch(t, patch) => {
                let (p, m) = contact(*t);
                Some((
                    Call::Update(p, patch.clone()),
                    Call::Update(m, patch.clone()),
                ))
            }
            Op::Replace(t, doc) => {
                let (p, m) = contact(*t);
                Some((Call::Replace(p, doc.clone()), Call::Replace(m, doc.clone())))
            }
            Op::Delete(t) => {
                let (p, m) = contact(*t);
                Some((Call::Delete(p), Call::Delete(m)))
            }
            Op::Get(t, meta) => {
                let (p, m) = contact(*t);
                Some((Call::Get(p, *meta), Call::Get(m, *meta)))
            }
            Op::AddLabel(l, ts) => {
                let (p, m) = many(ts);
                Some((Call::AddLabel(l.clone(), p), Call::AddLabel(l.clone(), m)))
            }
            Op::RemoveLabel(l, ts) => {
                let (p, m) = many(ts);
                Some((
                    Call::RemoveLabel(l.clone(), p),
                    Call::RemoveLabel(l.clone(), m),
                ))
            }
            Op::Plain(call) => same(Call::Plain(call.clone())),
            Op::RenameBook(b, n) => {
                let (p, m) = ids.book(*b);
                Some((
                    Call::RenameBook(p, n.clone()),
                    Call::RenameBook(m, n.clone()),
                ))
            }
            Op::DeleteBook(b) => {
                let (p, m) = ids.book(*b);
                Some((Call::DeleteBook(p), Call::DeleteBook(m)))
            }
            Op::Move(t, b) => {
                let ((p, m), (pb, mb)) = (contact(*t), ids.book(*b));
                Some((Call::Move(p, pb), Call::Move(m, mb)))
            }
            _ => None,
        }
    }

    /// One call that names no ids, so it is the same on both sides, on both (as [`Self::call`]).
    pub(crate) async fn same_call(&mut self, call: Call) -> Result<(), String> {
        self.call(call.clone(), call).await
    }

    /// `n` calls that name no ids, the `i`th made by `make(i)`, each on both in turn; stops
    /// at the first disagreement.
    pub(crate) async fn same_calls(
        &mut self,
        n: usize,
        make: impl Fn(usize) -> Call,
    ) -> Result<(), String> {
        for i in 0..n {
            self.same_call(make(i)).await?;
        }
        Ok(())
    }

    /// One call on both: the provider's answer must be the model's (or a refusal the
    /// contract allows, after which the model is left as it was).
    pub(crate) async fn call(&mut self, on_provider: Call, on_model: Call) -> Result<(), String> {
        let a = exec(self.provider, &on_provider).await;
        let fork = self.model.fork();
        let b = exec(&fork, &on_model).await;
        if permitted_refusal(&on_provider, &a) {
            return Ok(());
        }
        agree(&self.ids, &on_provider, &a, &b)?;
        let gone = deleted(&on_provider, &a);
        record(&mut self.ids, &on_provider, a, b)?;
        self.model = fork;
        self.not_found(&gone).await
    }

    /// Each of `ids`, just deleted or moved to another book, is `NotFound` here at once.
    async fn not_found(&self, ids: &[contacts_core::ContactId]) -> Result<(), String> {
        for id in ids {
            match self
                .provider
                .get(id, &contacts_core::GetOptions::default())
                .await
            {
                Err(e) if e.is_not_found() => {}
                other => {
                    return Err(format!(
                        "get of {id} right after it was deleted or moved away gave {other:?}"
                    ));
                }
            }
        }
        Ok(())
    }

    /// Both hold the same contacts: the provider lists exactly the live ones, once each, as
    /// the model holds them.
    pub(crate) async fn same_state(&self) -> Result<(), String> {
        let mine = everything(self.provider).await?;
        let theirs = everything(&self.model).await?;
        let mut seen = HashSet::new();
        for contact in &mine {
            if !seen.insert(&contact.id) {
                return Err(format!("{} is listed twice", contact.id));
            }
            let Some(mid) = self.ids.model_of(&contact.id) else {
                return Err(format!(
                    "lists {} ({:?}), which the model does not hold",
                    contact.id, contact.properties
                ));
            };
            let model = theirs
                .iter()
                .find(|c| &c.id == mid)
                .ok_or_else(|| format!("lists {}, which the model no longer holds", contact.id))?;
            same_contact(&self.ids, contact, model, false)?;
        }
        if mine.len() != theirs.len() {
            let missing: Vec<_> = self
                .ids
                .live
                .iter()
                .filter(|(p, _)| !seen.contains(p))
                .map(|(p, _)| p.to_string())
                .collect();
            return Err(format!(
                "lists {} contacts, the model {} (missing: {})",
                mine.len(),
                theirs.len(),
                missing.join(", ")
            ));
        }
        Ok(())
    }
}

/// The contacts a successful delete took, or a move took out of view.
fn deleted(call: &Call, answer: &Result<Answer, Error>) -> Vec<contacts_core::ContactId> {
    match (call, answer) {
        (Call::Delete(id) | Call::Move(id, _), Ok(_)) => vec![id.clone()],
        (Call::DeleteMatching(_), Ok(Answer::Contacts(gone))) => {
            gone.iter().map(|c| c.id.clone()).collect()
        }
        _ => Vec::new(),
    }
}

/// Keeps the ids in step with what an agreed call did.
pub(crate) fn record(
    ids: &mut Ids,
    call: &Call,
    a: Result<Answer, Error>,
    b: Result<Answer, Error>,
) -> Result<(), String> {
    let (Ok(a), Ok(b)) = (a, b) else {
        return Ok(());
    };
    let note_all = |ids: &mut Ids, x: &[Contact], y: &[Contact]| {
        for (x, y) in x.iter().zip(y) {
            ids.note_book(&x.address_book, &y.address_book);
        }
    };
    match (call, a, b) {
        (Call::Create(_), Answer::Contacts(x), Answer::Contacts(y)) => {
            note_all(ids, &x, &y);
            for (x, y) in x.iter().zip(&y) {
                ids.created(&x.id, &y.id)?;
            }
        }
        (Call::DeleteMatching(_), Answer::Contacts(x), _) => {
            for contact in x {
                ids.gone(&contact.id);
            }
        }
        (Call::Delete(id) | Call::Move(id, _), _, _) => ids.gone(id),
        (_, Answer::Contact(x), Answer::Contact(y)) => note_all(ids, &[x], &[y]),
        (Call::Plain(Plain::CreateBook(_)), Answer::Book(x), Answer::Book(y)) => {
            ids.books.push((x.id, y.id))
        }
        (Call::DeleteBook(id), _, _) => ids.books.retain(|(p, _)| p != id),
        _ => {}
    }
    Ok(())
}
