//! `contacts profiles list|show NAME`: what the config file says, keys redacted.

use crate::args::{GlobalArgs, OutputFormat, ProfilesCommand};
use crate::error::CliResult;
use crate::output::{print_json_line, write_stdout};
use crate::profile::file::{KeySource, Profile};
use crate::profile::resolve::{config_path, read_config};

/// Runs `profiles list` or `profiles show NAME`.
pub fn run(global: &GlobalArgs, command: &ProfilesCommand) -> CliResult {
    let Some(file) = read_config(global)? else {
        if !global.quiet {
            eprintln!("no config file at {}", config_path(global)?.display());
        }
        return Ok(());
    };
    match command {
        ProfilesCommand::List => list(file.profiles.iter(), global.output),
        ProfilesCommand::Show { name } => show(name, file.profile(name)?, global.output),
    }
}

fn list<'a>(
    profiles: impl Iterator<Item = (&'a String, &'a Profile)>,
    output: OutputFormat,
) -> CliResult {
    let mut table = format!("{:<16} {:<12} BASE_URL\n", "NAME", "PROVIDER");
    for (name, profile) in profiles {
        let provider = profile.provider.as_deref().unwrap_or("-");
        let base_url = effective_base_url(profile).unwrap_or_else(|| "-".into());
        match output {
            OutputFormat::Json => print_json_line(&serde_json::json!({
                "name": name,
                "provider": profile.provider,
                "baseUrl": effective_base_url(profile),
            }))?,
            OutputFormat::Table => {
                table.push_str(&format!("{name:<16} {provider:<12} {base_url}\n"));
            }
        }
    }
    match output {
        OutputFormat::Json => Ok(()),
        OutputFormat::Table => write_stdout(&table),
    }
}

/// The URL requests will go to: the profile's, or the provider's default said as such, so a
/// profile that meant a test server cannot send a key to the vendor unnoticed.
fn effective_base_url(profile: &Profile) -> Option<String> {
    match (&profile.base_url, profile.provider.as_deref()) {
        (Some(url), _) => Some(url.clone()),
        (None, Some(provider_ip1::IP1_PROVIDER)) => Some(format!(
            "{} (the provider's default)",
            provider_ip1::DEFAULT_BASE_URL
        )),
        (None, _) => None,
    }
}

/// The program an `api_key_command` runs, without its arguments (which may name where the
/// key is kept, or be the key itself).
fn command_name(command: &str) -> String {
    match command.split_whitespace().next() {
        Some(program) if program.len() < command.trim().len() => format!("{program} …"),
        Some(program) => program.to_owned(),
        None => String::new(),
    }
}

/// Every setting of a profile as `(key, value)`, the key itself as `***`.
pub fn settings(profile: &Profile) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = [
        ("provider", profile.provider.clone()),
        ("base_url", effective_base_url(profile)),
        ("address_book", profile.address_book.clone()),
        ("region", profile.region.map(|r| r.to_string())),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v)))
    .collect();
    match &profile.key {
        Some(KeySource::Env(var)) => rows.push(("api_key_env".into(), var.clone())),
        Some(KeySource::Command(cmd)) => {
            rows.push(("api_key_command".into(), command_name(cmd)));
        }
        Some(KeySource::Literal(_)) => rows.push(("api_key".into(), "***".into())),
        None => {}
    }
    rows.extend(profile.settings.iter().map(|(k, v)| {
        let shown = if contacts_core::is_secret_key(k) {
            "***".to_owned()
        } else {
            v.clone()
        };
        (k.clone(), shown)
    }));
    rows
}

fn show(name: &str, profile: &Profile, output: OutputFormat) -> CliResult {
    let rows = settings(profile);
    match output {
        OutputFormat::Json => {
            let map: serde_json::Map<String, serde_json::Value> = rows
                .into_iter()
                .map(|(k, v)| (k, serde_json::Value::String(v)))
                .collect();
            print_json_line(&serde_json::json!({ "name": name, "settings": map }))
        }
        OutputFormat::Table => write_stdout(
            &rows
                .iter()
                .map(|(k, v)| format!("{k:<20} {v}\n"))
                .collect::<String>(),
        ),
    }
}
