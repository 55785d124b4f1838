//! `contacts blocklist …`: the provider's blocked numbers.

use super::guard;
use crate::args::GlobalArgs;
use crate::error::CliResult;
use crate::vendor_args::BlocklistCommand;
use contacts_core::ContactProvider;

fn dry_run_of(command: &BlocklistCommand) -> bool {
    match command {
        BlocklistCommand::List | BlocklistCommand::Check { .. } => false,
        BlocklistCommand::Add { guard, .. } | BlocklistCommand::Remove { guard, .. } => {
            guard.dry_run
        }
    }
}

/// Runs a `blocklist` subcommand.
pub async fn run(global: &GlobalArgs, command: &BlocklistCommand) -> CliResult {
    let provider = guard::open(global, dry_run_of(command))?;
    let list = guard::require(&*provider, provider.blocklist(), "a blocklist")?;
    match command {
        BlocklistCommand::List => {
            for number in list.list_blocked().await? {
                crate::outln!("{number}")?;
            }
        }
        BlocklistCommand::Check { number } => {
            let verdict = if list.check_number(number).await? {
                "blocked"
            } else {
                "not blocked"
            };
            crate::outln!("{number}: {verdict}")?;
        }
        BlocklistCommand::Add { numbers, guard } => {
            if !guard::dry_run(
                &format!("would block {}", numbers.join(", ")),
                guard.dry_run,
            ) {
                for number in numbers {
                    list.block_number(number).await?;
                    crate::outln!("blocked {number}")?;
                }
            }
        }
        BlocklistCommand::Remove { numbers, guard } => {
            let plan = format!("would unblock {}", numbers.join(", "));
            if !guard::dry_run(&plan, guard.dry_run) {
                for number in numbers {
                    list.unblock_number(number).await?;
                    crate::outln!("unblocked {number}")?;
                }
            }
        }
    }
    Ok(())
}
