//! The reference model as the oracle: generated sequences of every operation the provider
//! declares run on the provider and on an `InMemoryProvider` with the same capabilities, and
//! every observable result must agree — answers, error kinds, pages, their order, tokens,
//! optional capabilities, and the contacts held after each step — up to exactly the choices
//! the contract leaves to the provider (listed in docs/conformance.md).

mod account;
mod call;
mod compare;
mod concurrent;
mod ids;
mod import;
mod listing;
mod lockstep;
mod ops;
mod pool;

pub(crate) use ops::{Sequence, sequences};

use crate::Factory;
use crate::case_line::CaseLine;
use crate::checks::support::err;
use call::{Call, Plain};
use contacts_core::{Capabilities, InMemoryProvider};
use ids::Ids;
use lockstep::Lockstep;
use ops::Op;

/// Ids no provider issues: numbers out of reach, zero, words, and strings that would
/// address something else if pasted into a URL or a path.
pub(crate) const NEVER_IDS: [&str; 7] =
    ["987654321", "0", "never-issued", ".", "..", "a/b", "1?x=1"];

impl Lockstep<'_> {
    async fn step(&mut self, op: &Op) -> Result<(), String> {
        if let Some((p, m)) = self.resolve(op) {
            return self.call(p, m).await;
        }
        match op {
            Op::List(spec) => self.list(spec).await,
            Op::ListInterrupted(spec) => self.list_interrupted(spec).await,
            Op::BadToken(spec, damage) => self.bad_token(spec, *damage).await,
            Op::Import(docs, meanwhile) => self.import(docs, meanwhile.as_ref()).await,
            Op::Bulk(n, doc) => self.bulk(*n, doc).await,
            Op::LabelAll(label) => {
                let (p, m): (Vec<_>, Vec<_>) = self.ids.live.iter().cloned().unzip();
                if p.is_empty() {
                    return Ok(());
                }
                self.call(
                    Call::AddLabel(label.clone(), p),
                    Call::AddLabel(label.clone(), m),
                )
                .await
            }
            Op::BlockMany(n) => {
                let number = |i: usize| Call::Plain(Plain::Block(format!("+4670000{i:04}")));
                self.same_calls(*n, number).await
            }
            Op::BooksMany(n) => {
                let book = |i: usize| Call::Plain(Plain::CreateBook(format!("Book {i}")));
                self.same_calls(*n, book).await
            }
            Op::Concurrent(a, b) => match (self.resolve(a), self.resolve(b)) {
                (Some(a), Some(b)) => self.at_once([a, b]).await,
                _ => Err(format!("{} cannot be issued at once", op.case_line())),
            },
            _ => Err(format!("{} is not a step the oracle knows", op.case_line())),
        }
    }

    /// `n` contacts like `doc` (every other one without its labels), in batches the
    /// provider takes.
    async fn bulk(&mut self, n: usize, doc: &contacts_core::NewContact) -> Result<(), String> {
        let mut bare = doc.clone();
        bare.labels = contacts_core::Labels::new();
        let docs: Vec<_> = (0..n)
            .map(|i| {
                if i % 2 == 0 {
                    doc.clone()
                } else {
                    bare.clone()
                }
            })
            .collect();
        let batch = self.provider.capabilities().max_batch_size.max(1);
        for chunk in docs.chunks(batch) {
            self.same_call(Call::Create(chunk.to_vec())).await?;
        }
        Ok(())
    }
}

/// Runs one sequence on a fresh provider and a model declaring `caps`; returns the number
/// of steps run, or where and why they first disagreed. Afterwards, passed or failed, the
/// account is put back as the sequence found it (see [`account`]).
pub(crate) async fn run_sequence(
    factory: &Factory,
    caps: &Capabilities,
    sequence: &Sequence,
) -> Result<u64, String> {
    let provider = factory
        .fresh()
        .await
        .map_err(err("creating a fresh provider"))?;
    let before = account::before(&*provider).await?;
    let model = InMemoryProvider::with_capabilities(caps.clone());
    let ids = Ids {
        initial_books: before.books.clone(),
        ..Ids::default()
    };
    let mut both = Lockstep {
        provider: &*provider,
        model: account::model_like(model, &before).await?,
        ids,
    };
    let ran = steps(&mut both, sequence).await;
    account::restore(&*provider, &before, &both.ids).await;
    ran
}

async fn steps(both: &mut Lockstep<'_>, sequence: &Sequence) -> Result<u64, String> {
    let mut steps = 0;
    for (n, op) in sequence.0.iter().enumerate() {
        both.step(op)
            .await
            .map_err(|e| format!("step {n} ({}): {e}", op.case_line()))?;
        both.same_state()
            .await
            .map_err(|e| format!("after step {n} ({}): {e}", op.case_line()))?;
        steps += 1;
    }
    Ok(steps)
}
