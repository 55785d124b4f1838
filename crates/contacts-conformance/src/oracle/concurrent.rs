//! Two writes issued at once. The contract promises no order between them, so the outcome
//! must be what one of the two sequential orders leaves in the model: each call's answer
//! and the contacts afterwards. A write the provider refused as the contract allows counts
//! as not done, and so does one that lost the race with `Conflict` (optimistic locking, as
//! CardDAV's `If-Match` gives): it says nothing was written, and the other write alone must
//! then explain the contacts.

use super::call::{Answer, Call, exec};
use super::compare::{agree, permitted_refusal};
use super::lockstep::{Lockstep, record};
use contacts_core::{Error, InMemoryProvider};

type Answered = Result<Answer, Error>;

impl Lockstep<'_> {
    /// Issues `calls` (provider, model) at once on the provider and compares with each
    /// order on a fork of the model.
    pub(crate) async fn at_once(&mut self, calls: [(Call, Call); 2]) -> Result<(), String> {
        let [(pa, ma), (pb, mb)] = calls;
        let (ra, rb) = tokio::join!(exec(self.provider, &pa), exec(self.provider, &pb));
        let lost = |call: &Call, answer: &Answered| {
            permitted_refusal(call, answer) || matches!(answer, Err(Error::Conflict { .. }))
        };
        let done = [!lost(&pa, &ra), !lost(&pb, &rb)];
        let orders: &[[usize; 2]] = &[[0, 1], [1, 0]];
        let answers = [ra, rb];
        let provider_calls = [pa, pb];
        let model_calls = [ma, mb];
        let mut why = Vec::new();
        for order in orders {
            let fork = self.model.fork();
            let mut theirs: [Option<Answered>; 2] = [None, None];
            for &i in order.iter().filter(|&&i| done[i]) {
                theirs[i] = Some(exec(&fork, &model_calls[i]).await);
            }
            match self
                .try_order(fork, &provider_calls, &answers, theirs)
                .await
            {
                Ok(()) => return Ok(()),
                Err(e) => why.push(format!("in the order {order:?}: {e}")),
            }
        }
        Err(format!(
            "two writes at once left what neither order would: {}",
            why.join("; ")
        ))
    }

    /// Adopts `fork` and the ids if the provider's answers and contacts are what it holds.
    async fn try_order(
        &mut self,
        fork: InMemoryProvider,
        calls: &[Call; 2],
        answers: &[Answered; 2],
        theirs: [Option<Answered>; 2],
    ) -> Result<(), String> {
        let mut ids = self.ids.clone();
        for ((call, mine), theirs) in calls.iter().zip(answers).zip(theirs) {
            if let Some(theirs) = theirs {
                agree(&ids, call, mine, &theirs)?;
                record(&mut ids, call, mine.clone(), theirs)?;
            }
        }
        let before = std::mem::replace(&mut self.model, fork);
        let saved = std::mem::replace(&mut self.ids, ids);
        if let Err(e) = self.same_state().await {
            self.model = before;
            self.ids = saved;
            return Err(e);
        }
        Ok(())
    }
}
