//! `contacts blocklist …`: the provider's blocked numbers.

use super::guard;
use crate::args::GlobalArgs;
use crate::error::CliResult;
use crate::provider;
use crate::vendor_args::BlocklistCommand;
use contacts_core::ContactProvider;
use contacts_core::optional::Blocklist;

fn list_of(provider: &dyn ContactProvider) -> CliResult<&dyn Blocklist> {
    provider
        .blocklist()
        .ok_or_else(|| guard::unsupported(provider, "a blocklist"))
}

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
    let provider = guard::view(provider::build(global)?, dry_run_of(command));
    let list = list_of(&*provider)?;
    match command {
        BlocklistCommand::List => {
            for number in list.list_blocked().await? {
                println!("{number}");
            }
        }
        BlocklistCommand::Check { number } => {
            let verdict = if list.check_number(number).await? {
                "blocked"
            } else {
                "not blocked"
            };
            println!("{number}: {verdict}");
        }
        BlocklistCommand::Add { numbers, guard } => {
            if !guard::dry_run(
                &format!("would block {}", numbers.join(", ")),
                guard.dry_run,
            ) {
                for number in numbers {
                    list.block_number(number).await?;
                    println!("blocked {number}");
                }
            }
        }
        BlocklistCommand::Remove { numbers, guard } => {
            let plan = format!("would unblock {}", numbers.join(", "));
            if !guard::dry_run(&plan, guard.dry_run) {
                for number in numbers {
                    list.unblock_number(number).await?;
                    println!("unblocked {number}");
                }
            }
        }
    }
    Ok(())
}
