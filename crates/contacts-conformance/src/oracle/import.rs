//! Background import against the model: submitted, polled until done (the model is done at
//! once; a provider may take its time), then exactly the submitted documents are new.

use super::lockstep::{Lockstep, everything};
use crate::checks::support::err;
use contacts_core::optional::BackgroundImport;
use contacts_core::{Contact, ContactProvider, Error, NewContact, Result as CoreResult};
use std::time::Duration;

/// How long an import may take before the state machine calls it never done (the
/// `background_import` check waits 30 s; a sequence holds many steps).
const DEADLINE: Duration = Duration::from_secs(10);

async fn submit(
    p: &dyn ContactProvider,
    docs: &[NewContact],
) -> Result<CoreResult<contacts_core::optional::ImportJob>, String> {
    let Some(import) = p.background_import() else {
        return Ok(Err(Error::unsupported(p.name(), "background import")));
    };
    Ok(import.submit_import(docs).await)
}

/// Polls `job` on `p` until done.
async fn finish(
    p: &dyn ContactProvider,
    job: &contacts_core::optional::ImportJob,
) -> Result<(), String> {
    match p.background_import() {
        Some(import) => wait(import, job).await,
        None => Err("background import went away".into()),
    }
}

async fn wait(
    import: &dyn BackgroundImport,
    job: &contacts_core::optional::ImportJob,
) -> Result<(), String> {
    let deadline = tokio::time::Instant::now() + DEADLINE;
    loop {
        let progress = import
            .import_progress(job)
            .await
            .map_err(err("import_progress"))?;
        if progress.stored > progress.submitted {
            return Err(format!(
                "an import reports {} of {} stored",
                progress.stored, progress.submitted
            ));
        }
        if progress.done {
            return Ok(());
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(format!("an import was not done after {DEADLINE:?}"));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Whether `a` holds the same document as `b`.
fn same_doc(a: &Contact, b: &Contact) -> bool {
    a.properties == b.properties && a.labels == b.labels
}

impl Lockstep<'_> {
    /// The provider's contacts the ids do not know yet. The contract lets a provider's
    /// progress be approximate under concurrent writes (iP1's counts the account's growth),
    /// so after a write made during the import, `done` may come before the last contacts
    /// are listed: then this waits (up to the deadline) for `expected` of them.
    async fn landed(&self, expected: usize, approximate: bool) -> Result<Vec<Contact>, String> {
        let deadline = tokio::time::Instant::now() + DEADLINE;
        loop {
            let new: Vec<Contact> = everything(self.provider)
                .await?
                .into_iter()
                .filter(|c| self.ids.model_of(&c.id).is_none())
                .collect();
            if !approximate || new.len() >= expected || tokio::time::Instant::now() >= deadline {
                return Ok(new);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Imports `docs` on both; afterwards the new contacts on each side pair up by document.
    pub(crate) async fn import(
        &mut self,
        docs: &[NewContact],
        meanwhile: Option<&NewContact>,
    ) -> Result<(), String> {
        let mut fork = self.model.fork();
        let mine = submit(self.provider, docs).await?;
        let theirs = submit(&fork, docs).await?;
        if let (Ok(job), Err(_)) = (&mine, &theirs) {
            // Let it land before saying so, or its contacts would appear in the next
            // sequence's account.
            finish(self.provider, job).await?;
        }
        if let (Ok(a), Ok(b)) = (&mine, &theirs) {
            if let Some(doc) = meanwhile {
                // A write of the caller's own while the import runs: the model's import is
                // done, so it goes to the fork, after it.
                let model = std::mem::replace(&mut self.model, fork);
                let call = super::call::Call::Create(vec![doc.clone()]);
                let written = self.same_call(call).await;
                fork = std::mem::replace(&mut self.model, model);
                written?;
            }
            finish(self.provider, a).await?;
            finish(&fork, b).await?;
        }
        let mine = mine.map(|j| j.submitted);
        let theirs = theirs.map(|j| j.submitted);
        match (&mine, &theirs) {
            (Ok(a), Ok(b)) if a == b => {}
            (Err(a), Err(b)) if std::mem::discriminant(a) == std::mem::discriminant(b) => {
                return Ok(());
            }
            _ => {
                return Err(format!(
                    "the import answered {mine:?}, the model's {theirs:?}"
                ));
            }
        }
        let expected = *mine.as_ref().unwrap_or(&0) as usize;
        let new_mine = self.landed(expected, meanwhile.is_some()).await?;
        let known: Vec<_> = self.ids.live.iter().map(|(_, m)| m.clone()).collect();
        let mut new_theirs: Vec<Contact> = everything(&fork)
            .await?
            .into_iter()
            .filter(|c| !known.contains(&c.id))
            .collect();
        if new_mine.len() != new_theirs.len() {
            return Err(format!(
                "an import of {} made {} contacts, the model {}",
                docs.len(),
                new_mine.len(),
                new_theirs.len()
            ));
        }
        for contact in new_mine {
            let Some(at) = new_theirs.iter().position(|m| same_doc(&contact, m)) else {
                return Err(format!(
                    "an import made {} ({:?}), which was not submitted",
                    contact.id, contact.properties
                ));
            };
            let model = new_theirs.remove(at);
            self.ids
                .note_book(&contact.address_book, &model.address_book);
            self.ids.created(&contact.id, &model.id)?;
        }
        self.model = fork;
        Ok(())
    }
}
