//! What every write command shares: `--dry-run` (a read-only view of the provider, so no
//! write can be sent) and the confirmation a destructive command needs.

use crate::args::GlobalArgs;
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
    Ok(view(crate::provider::build(global)?, dry_run))
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

/// Prints `plan` (what a destructive command would remove) and decides whether to go on:
/// with `--yes`, yes; on an interactive terminal, after the person types `yes`; otherwise
/// the command stops with exit code 2 and nothing changed.
pub fn confirm(plan: &str, yes: bool) -> CliResult {
    crate::outln!("{plan}")?;
    if yes {
        return Ok(());
    }
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
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
    Err(CliError::Usage(
        "not confirmed: pass --yes to do this (or --dry-run to only see the plan); \
         nothing was changed"
            .into(),
    ))
}

/// Prints `plan` for a dry run; `true` when the command should stop there.
pub fn dry_run(plan: &str, dry_run: bool) -> bool {
    if dry_run {
        // A closed pipe only loses the plan; the answer (send nothing) stands.
        let _ = crate::outln!("dry run: {plan}");
    }
    dry_run
}
