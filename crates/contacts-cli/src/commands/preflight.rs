//! What every write command does before it writes: `--dry-run` (a read-only view of the
//! provider, so no write can be sent), the capability it needs, the plan shown, and the
//! confirmation a destructive command needs.

use crate::args::{GlobalArgs, OutputFormat};
use crate::error::{CliError, CliResult};
use contacts_core::layer::ReadOnlyLayer;
use contacts_core::{ContactProvider, ContactProviderExt, Error};
use std::io::{BufRead, IsTerminal, Write};

/// The provider as a command sees it: behind [`ReadOnlyLayer`] in a dry run, so even a
/// mistake cannot write.
pub fn view(provider: Box<dyn ContactProvider>, dry_run: bool) -> Box<dyn ContactProvider> {
    if dry_run {
        Box::new(provider.layer(ReadOnlyLayer))
    } else {
        provider
    }
}

/// The configured provider, seen through [`view`]: what every command that may write opens.
pub fn open(global: &GlobalArgs, dry_run: bool) -> CliResult<Box<dyn ContactProvider>> {
    Ok(view(crate::provider::build_writable(global)?, dry_run))
}

/// `Unsupported` for `operation` on `provider`: `<provider> does not support <operation>`.
pub fn unsupported(provider: &dyn ContactProvider, operation: &str) -> CliError {
    CliError::Provider(Error::unsupported(provider.name(), operation))
}

/// An optional capability the command needs (`found`, from its accessor on `provider`), or
/// `<provider> does not support <operation>`.
pub fn require<'a, T: ?Sized>(
    provider: &dyn ContactProvider,
    found: Option<&'a T>,
    operation: &str,
) -> CliResult<&'a T> {
    found.ok_or_else(|| unsupported(provider, operation))
}

/// What a command would do, shown before it does anything: a one-line summary and, for a
/// command that touches several contacts, which ones (a person confirming a delete should see
/// what goes, not a count).
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// `would delete 3 contacts (…)`.
    pub summary: String,
    /// One line per contact concerned.
    pub items: Vec<String>,
}

/// Items shown in a table before the rest is summed up as `… and N more`.
const SHOWN_ITEMS: usize = 50;

impl Plan {
    /// A plan that is only its summary.
    pub fn new(summary: impl Into<String>) -> Self {
        Self {
            summary: summary.into(),
            items: Vec::new(),
        }
    }

    /// The plan with one line per contact it concerns.
    #[must_use]
    pub fn with_items(mut self, items: Vec<String>) -> Self {
        self.items = items;
        self
    }

    /// Prints the plan: lines (the items indented under the summary), or one JSON object
    /// `{"dryRun":…,"plan":…,"items":[…]}` with `--output json`.
    fn print(&self, dry_run: bool) -> CliResult {
        if crate::output::format() == OutputFormat::Json {
            return crate::output::print_json_line(&serde_json::json!({
                "dryRun": dry_run,
                "plan": self.summary,
                "items": self.items,
            }));
        }
        let prefix = if dry_run { "dry run: " } else { "" };
        let mut text = format!("{prefix}{}\n", self.summary);
        for item in self.items.iter().take(SHOWN_ITEMS) {
            text.push_str(&format!("  {item}\n"));
        }
        if self.items.len() > SHOWN_ITEMS {
            text.push_str(&format!(
                "  … and {} more\n",
                self.items.len() - SHOWN_ITEMS
            ));
        }
        crate::output::write_stdout(&text)
    }
}

impl From<String> for Plan {
    fn from(summary: String) -> Self {
        Self::new(summary)
    }
}

impl From<&String> for Plan {
    fn from(summary: &String) -> Self {
        Self::new(summary.clone())
    }
}

impl From<&str> for Plan {
    fn from(summary: &str) -> Self {
        Self::new(summary)
    }
}

/// Prints `plan` (what a destructive command would remove) and decides whether to go on:
/// with `--yes`, yes; on an interactive terminal, after the person types `yes`; otherwise
/// the command stops with exit code 2 and nothing changed.
pub fn confirm(plan: impl Into<Plan>, yes: bool) -> CliResult {
    plan.into().print(false)?;
    if yes {
        return Ok(());
    }
    if interactive() {
        eprint!("type yes to go on: ");
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut answer)
            .map_err(|e| CliError::io("stdin", e))?;
        if answer.trim() == "yes" {
            return Ok(());
        }
        return Err(CliError::Usage("not confirmed; nothing was changed".into()));
    }
    Err(not_confirmed("do this"))
}

/// Whether a person can answer a question: stdin and stderr are both a terminal (questions go
/// to stderr, so stdout can still be piped). A script never is asked, so it never hangs.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// The refusal of a destructive command run without `--yes` where nobody can confirm it:
/// `not confirmed: pass --yes to <action> (or --dry-run …)`, exit code 2.
pub fn not_confirmed(action: &str) -> CliError {
    CliError::Usage(format!(
        "not confirmed: pass --yes to {action} (or --dry-run to only see the plan); nothing \
         was changed"
    ))
}

/// Prints `plan` for a dry run; `true` when the command should stop there.
pub fn dry_run(plan: impl Into<Plan>, dry_run: bool) -> bool {
    if dry_run {
        // A closed pipe only loses the plan; the answer (send nothing) stands.
        let _ = plan.into().print(true);
    }
    dry_run
}

/// The contacts `ids` name, looked up one by one; an error naming every id that is not there,
/// before any write (a dry run checks what the real command would find).
pub async fn existing(
    provider: &dyn ContactProvider,
    ids: &[contacts_core::ContactId],
) -> CliResult<Vec<contacts_core::Contact>> {
    let mut found = Vec::with_capacity(ids.len());
    let mut missing = Vec::new();
    for id in ids {
        match provider
            .get(id, &contacts_core::GetOptions::default())
            .await
        {
            Ok(contact) => found.push(contact),
            Err(Error::NotFound { .. }) => missing.push(id.as_str().to_owned()),
            Err(other) => return Err(other.into()),
        }
    }
    if missing.is_empty() {
        return Ok(found);
    }
    Err(CliError::Failed(format!(
        "no contact with id {}; nothing was changed",
        missing.join(", ")
    )))
}

/// One line naming a contact for a plan: its id and the properties a person knows it by.
pub fn describe(contact: &contacts_core::Contact) -> String {
    let known = ["firstName", "lastName", "company", "phoneNumber", "email"];
    let words: Vec<&str> = known
        .iter()
        .filter_map(|k| contact.properties.get(k))
        .collect();
    format!("{}\t{}", contact.id, words.join(" "))
}
