//! From the raw command line to checked settings: the chosen profile under the flags and
//! environment (which always win), with its API key fetched.

use super::file::{ConfigFile, KeySource, Profile, default_path};
use crate::args::GlobalArgs;
use crate::error::{CliError, CliResult};
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The settings a command runs with.
#[derive(Debug)]
pub struct Resolved {
    /// The global options with the profile's values filled in where no flag or environment
    /// variable gave one.
    pub global: GlobalArgs,
    /// Default region of national phone numbers, from the profile.
    pub region: Option<contacts_phone::Region>,
}

impl Resolved {
    /// The options as given, with no profile.
    pub fn without_profile(raw: &GlobalArgs) -> Self {
        let mut global = raw.clone();
        mark_flag_settings(&mut global);
        Self {
            global,
            region: None,
        }
    }
}

/// Where the config file is: `--config`/`CONTACTS_CONFIG`, else the platform's default.
pub fn config_path(raw: &GlobalArgs) -> CliResult<PathBuf> {
    raw.config.clone().or_else(default_path).ok_or_else(|| {
        CliError::Usage(
            "no config directory is known for this user (HOME is not set?); pass --config FILE"
                .into(),
        )
    })
}

/// Reads the config file: `Ok(None)` when the default file does not exist; a file named by
/// `--config` or `CONTACTS_CONFIG` must exist.
pub fn read_config(raw: &GlobalArgs) -> CliResult<Option<ConfigFile>> {
    let path = config_path(raw)?;
    if raw.config.is_none() && !path.exists() {
        return Ok(None);
    }
    ConfigFile::read(&path).map(Some)
}

/// Records that each `--setting` was given on the command line, for errors that name it.
fn mark_flag_settings(global: &mut GlobalArgs) {
    let keys: Vec<String> = global.settings.iter().map(|(k, _)| k.clone()).collect();
    for key in keys {
        global
            .setting_origins
            .entry(key.clone())
            .or_insert_with(|| format!("--setting {key}=…"));
    }
}

/// Applies `--profile`/`CONTACTS_PROFILE`, if given, under the raw options. The config file is
/// read (and must be sound) whenever it exists, profile or not.
pub fn resolve(raw: &GlobalArgs) -> CliResult<Resolved> {
    let Some(name) = raw.profile.as_deref() else {
        read_config(raw)?;
        let mut resolved = Resolved::without_profile(raw);
        mark_flag_settings(&mut resolved.global);
        return Ok(resolved);
    };
    let Some(file) = read_config(raw)? else {
        return Err(CliError::Usage(format!(
            "profile {name:?}: there is no config file at {} (write one, or pass --config FILE)",
            config_path(raw)?.display()
        )));
    };
    let profile = file.profile(name)?;
    let mut global = raw.clone();
    global.provider = raw.provider.clone().or_else(|| profile.provider.clone());
    global.base_url = raw.base_url.clone().or_else(|| profile.base_url.clone());
    global.address_book = raw
        .address_book
        .clone()
        .or_else(|| profile.address_book.clone());
    // The local store's file: `path`, as the sqlite provider names it.
    global.db = raw
        .db
        .clone()
        .or_else(|| profile.settings.get("path").map(PathBuf::from));
    if global.api_key.is_none() {
        global.api_key = api_key(name, profile)?;
    }
    // Later settings win: the profile's first, then each --setting.
    global.settings = profile
        .settings
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .chain(raw.settings.iter().cloned())
        .collect();
    for key in profile.settings.keys() {
        let at = match profile.lines.get(key) {
            Some(line) => format!("{}:{line}", file.path.display()),
            None => file.path.display().to_string(),
        };
        global
            .setting_origins
            .insert(key.clone(), format!("config file {at}: profile {name:?}"));
    }
    mark_flag_settings(&mut global);
    Ok(Resolved {
        global,
        region: profile.region,
    })
}

/// The profile's API key, from where it says (a literal key in a file others can read was
/// warned about when the file was read).
fn api_key(name: &str, profile: &Profile) -> CliResult<Option<String>> {
    let failed = |why: String| CliError::Usage(format!("profile {name:?}: {why}"));
    match &profile.key {
        None => Ok(None),
        Some(KeySource::Env(var)) => match std::env::var(var) {
            Ok(key) if !key.is_empty() => Ok(Some(key)),
            _ => Err(failed(format!(
                "api_key_env names {var}, which is not set (or empty)"
            ))),
        },
        Some(KeySource::Command(command)) => run_key_command(command).map(Some).map_err(failed),
        Some(KeySource::Literal(key)) => Ok(Some(key.clone())),
    }
}

/// Runs `command` with `sh -c` and returns its trimmed stdout. Its stderr goes to ours (a
/// password manager may ask there); on failure nothing it printed on stdout is shown.
fn run_key_command(command: &str) -> Result<String, String> {
    let output = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::inherit())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run api_key_command {command:?}: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "api_key_command {command:?} failed ({}); its output is not shown",
            output.status
        ));
    }
    let key = String::from_utf8(output.stdout)
        .map_err(|_| format!("api_key_command {command:?} printed something not UTF-8"))?;
    let key = key.trim();
    if key.is_empty() {
        return Err(format!("api_key_command {command:?} printed nothing"));
    }
    Ok(key.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_command_is_trimmed_and_a_failing_one_shows_nothing_it_printed() {
        assert_eq!(run_key_command("printf ' k-1 \\n'").unwrap(), "k-1");
        let err = run_key_command("s=sec; echo ${s}ret-77; exit 3").unwrap_err();
        assert!(
            err.contains("failed") && !err.contains("secret-77"),
            "{err}"
        );
        assert!(run_key_command("true").unwrap_err().contains("nothing"));
    }
}
