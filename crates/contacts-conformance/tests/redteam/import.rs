//! Bugs of background import (`BackgroundImport`).

use super::Bug;
use super::adapter::hook;
use super::support::{Store, fetch_all, full, importer};
use contacts_core::optional::{ImportJob, ImportProgress};
use contacts_core::{ContactFilter, Labels, NewContact, Order, Result};

/// Contacts in the account now.
async fn total(p: &Store) -> Result<u64> {
    let all = fetch_all(p, ContactFilter::new(), Order::Ascending, false).await?;
    Ok(all.len() as u64)
}

const GROWTH: &str = "rt-growth:";

/// The baseline of a growth-measured job.
fn baseline(job: &ImportJob) -> Option<u64> {
    job.token.strip_prefix(GROWTH)?.parse().ok()
}

/// The progress of a job measured by how far the account grew since its baseline (the
/// store's own answer for a job measured otherwise), `capped` at what was submitted where the
/// author thought of it.
async fn by_growth(p: &Store, job: &ImportJob, capped: bool) -> Result<ImportProgress> {
    let Some(base) = baseline(job) else {
        return importer(p)?.import_progress(job).await;
    };
    let grown = total(p).await?.saturating_sub(base);
    let stored = if capped {
        grown.min(job.submitted)
    } else {
        grown
    };
    Ok(ImportProgress {
        submitted: job.submitted,
        stored,
        done: stored >= job.submitted,
    })
}

hook! {
    /// Meant to measure small imports (sent to the vendor's job-less `202` endpoint) by how far
    /// the account grew; the author read the baseline after the request, and the vendor stores
    /// small batches before it answers, so such an import never shows progress and is never done.
    struct BaselineAfterSubmit;
    bug small_import_never_done over full();
    breaks "optional/import.rs, ImportProgress::done: \"The import has finished: every \
            submitted contact is stored.\"; BackgroundImport: \"an import is done when \
            its contacts are listed\"";
    when "an import of at most 100 contacts, polled after its contacts are listed";

    async fn submit_import(&self, p: &Store, c: &[NewContact]) -> Result<ImportJob> {
        let job = importer(p)?.submit_import(c).await?;
        if c.len() > 100 {
            return Ok(job);
        }
        let token = format!("{GROWTH}{}", total(p).await?);
        Ok(ImportJob { token, ..job })
    }

    async fn import_progress(&self, p: &Store, job: &ImportJob) -> Result<ImportProgress> {
        by_growth(p, job, true).await
    }
}

hook! {
    /// Meant to measure an import by the account's growth since submission, as iP1's must; the
    /// author did not cap it at what was submitted, so contacts created meanwhile by others count
    /// as imported.
    struct GrowthNotCapped;
    bug import_progress_counts_others over full();
    breaks "optional/import.rs, ImportProgress::stored: \"Contacts stored so far (at most \
            `submitted`).\"";
    when "other contacts created between the submission and a poll";

    async fn submit_import(&self, p: &Store, c: &[NewContact]) -> Result<ImportJob> {
        let before = total(p).await?;
        let job = importer(p)?.submit_import(c).await?;
        Ok(ImportJob {
            token: format!("{GROWTH}{before}"),
            ..job
        })
    }

    async fn import_progress(&self, p: &Store, job: &ImportJob) -> Result<ImportProgress> {
        by_growth(p, job, false).await
    }
}

hook! {
    /// Meant to upload the import as the vendor's CSV, which has no labels column: imported
    /// contacts arrive without their labels, and nothing says so.
    struct ImportDropsLabels;
    bug import_drops_labels over full();
    breaks "DESIGN.md, Cards: \"What a flat vendor cannot hold is reported, never dropped \
            in silence.\"; BackgroundImport::submit_import stores the `contacts` given";
    when "a background import of contacts with labels";

    async fn submit_import(&self, p: &Store, c: &[NewContact]) -> Result<ImportJob> {
        let rows: Vec<NewContact> = c
            .iter()
            .map(|n| NewContact {
                labels: Labels::new(),
                ..n.clone()
            })
            .collect();
        importer(p)?.submit_import(&rows).await
    }
}

/// The background-import bugs.
pub fn bugs() -> Vec<Bug> {
    vec![
        BaselineAfterSubmit::bug(),
        GrowthNotCapped::bug(),
        ImportDropsLabels::bug(),
    ]
}
