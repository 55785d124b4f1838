//! `contacts blocklist …`: the provider's blocked numbers.
//!
//! Numbers are checked here, in a dry run exactly as in a real one, before anything is sent:
//! a vendor that prefixes `+` to whatever it is given would otherwise block `+0701234567`,
//! which is no number at all.

use super::preflight::{self, Plan};
use crate::args::GlobalArgs;
use crate::error::{CliError, CliResult};
use crate::output::{count, say};
use crate::vendor_args::BlocklistCommand;
use contacts_core::optional::Blocklist;
use contacts_core::{ContactProvider, Error};
use contacts_phone::Region;

/// Each number in E.164, or an error naming the first that is not a phone number (with a hint
/// when the arguments are one number split by the shell at its spaces).
/// `listed_ok`: an entry written as the list prints it passes as it is (check and remove, not
/// add: a number is blocked only once it reads as one).
fn numbers(raw: &[String], region: Option<Region>, listed_ok: bool) -> CliResult<Vec<String>> {
    let mut out = Vec::with_capacity(raw.len());
    for number in raw {
        match contacts_phone::normalize(number, region) {
            Ok(parsed) => out.push(parsed.e164().to_owned()),
            Err(_) if listed_ok && as_listed(number) => out.push(number.clone()),
            Err(e) => {
                let joined = raw.join(" ");
                let hint = if raw.len() > 1 && contacts_phone::normalize(&joined, region).is_ok() {
                    format!("; to give one number with spaces, quote it: \"{joined}\"")
                } else if region.is_none() && !number.trim_start().starts_with('+') {
                    "; write it in international form (+…), or give the profile a region".into()
                } else {
                    String::new()
                };
                return Err(CliError::Usage(format!(
                    "{number:?} is not a phone number: {e}{hint}"
                )));
            }
        }
    }
    Ok(out)
}

/// Whether `number` is written as `blocklist list` prints entries (`+` and digits): an entry
/// that is no valid number (a short code, one blocked before numbers were checked) can still be
/// checked and removed as it is listed.
fn as_listed(number: &str) -> bool {
    let digits = number.strip_prefix('+').unwrap_or(number);
    !digits.is_empty() && digits.len() <= 15 && digits.bytes().all(|b| b.is_ascii_digit())
}

/// What `blocklist add` or `remove` would do (`verb`: block or unblock) to `numbers`, each
/// listed, for the dry run and the confirmation.
fn plan_to(verb: &str, numbers: &[String]) -> Plan {
    let n = count(numbers.len(), "number", "numbers");
    Plan::new(format!("would {verb} {n}")).with_items(numbers.to_vec())
}

/// Takes `number` off the list: one that is not on it is an error that says so.
async fn unblock(list: &dyn Blocklist, number: &str) -> CliResult {
    match list.unblock_number(number).await {
        Ok(()) => Ok(()),
        Err(Error::NotFound { .. }) => Err(CliError::Failed(format!(
            "{number} is not on the blocklist"
        ))),
        Err(other) => Err(other.into()),
    }
}

/// Runs a `blocklist` subcommand; national numbers are read in `region` (the profile's).
pub async fn run(
    global: &GlobalArgs,
    command: &BlocklistCommand,
    region: Option<Region>,
) -> CliResult {
    let provider = preflight::open(global, command.dry_run())?;
    let list = preflight::require(&*provider, provider.blocklist(), "a blocklist")?;
    match command {
        BlocklistCommand::List => {
            for number in list.list_blocked().await? {
                say(&number, serde_json::json!({ "number": number }))?;
            }
        }
        BlocklistCommand::Check { number } => {
            let number = numbers(std::slice::from_ref(number), region, true)?.remove(0);
            let blocked = list.check_number(&number).await?;
            let verdict = if blocked { "blocked" } else { "not blocked" };
            say(
                &format!("{number}: {verdict}"),
                serde_json::json!({ "number": number, "blocked": blocked }),
            )?;
        }
        BlocklistCommand::Add {
            numbers: raw,
            preflight,
        }
        | BlocklistCommand::Remove {
            numbers: raw,
            preflight,
        } => {
            let blocking = matches!(command, BlocklistCommand::Add { .. });
            // A number is blocked only once it reads as one; one listed may be unblocked as is.
            let numbers = numbers(raw, region, !blocking)?;
            let (verb, done) = if blocking {
                ("block", "blocked")
            } else {
                ("unblock", "unblocked")
            };
            if preflight::dry_run(plan_to(verb, &numbers), preflight.dry_run) {
                return Ok(());
            }
            for number in &numbers {
                if blocking {
                    list.block_number(number).await?;
                } else {
                    unblock(list, number).await?;
                }
                say(
                    &format!("{done} {number}"),
                    serde_json::json!({ done: number }),
                )?;
            }
        }
    }
    Ok(())
}
