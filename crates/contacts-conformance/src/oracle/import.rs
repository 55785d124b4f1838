//! Background import against the model: submitted, polled until done (the model is done at
//! once; a provider may take its time), then exactly the submitted documents are new.

use super::lockstep::{Lockstep, everything};
use crate::checks::support::err;
use contacts_core::optional::BackgroundImport;
use contacts_core::{Contact, ContactProvider, Error, NewContact, Result as CoreResult};
use std::time::Duration;

/// How long an import may take before the check gives up.
const DEADLINE: Duration = Duration::from_secs(30);

async fn import(p: &dyn ContactProvider, docs: &[NewContact]) -> Result<CoreResult<u64>, String> {
    let Some(import) = p.background_import() else {
        return Ok(Err(Error::unsupported(p.name(), "background import")));
    };
    let job = match import.submit_import(docs).await {
        Ok(job) => job,
        Err(e) => return Ok(Err(e)),
    };
    wait(import, &job).await?;
    Ok(Ok(job.submitted))
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
    /// Imports `docs` on both; afterwards the new contacts on each side pair up by document.
    pub(crate) async fn import(&mut self, docs: &[NewContact]) -> Result<(), String> {
        let mine = import(self.provider, docs).await?;
        let fork = self.model.fork();
        let theirs = import(&fork, docs).await?;
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
        let new_mine: Vec<Contact> = everything(self.provider)
            .await?
            .into_iter()
            .filter(|c| self.ids.model_of(&c.id).is_none())
            .collect();
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
