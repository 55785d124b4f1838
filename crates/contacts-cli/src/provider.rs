//! Building the configured provider through the core registry.

use crate::args::GlobalArgs;
use crate::error::{CliError, CliResult};
use contacts_core::{ContactProvider, Error, ProviderConfig, Registry};
use std::path::PathBuf;

/// Every provider the tool knows: the built-in ones, from their one list
/// ([`contacts_providers::builtin`]). A third-party provider is one more `register` call on it.
pub fn registry() -> Registry {
    contacts_providers::registry()
}

/// Seconds before a request is given up when neither --timeout nor a setting says.
const DEFAULT_TIMEOUT_SECS: u64 = 30;

/// The configuration handed to the provider factory, from the global options.
///
/// The tool's own options (`--base-url`, `--api-key`, `--address-book`, `--db`, the default
/// timeout) are offered: a provider that has no use for one ignores it, since they may come
/// from the environment for another provider. Settings by name (a profile's keys, `--setting`)
/// must be read by the provider, or building it fails naming the key.
pub fn config(global: &GlobalArgs) -> ProviderConfig {
    let mut config = ProviderConfig::new();
    let settings = [
        ("base_url", &global.base_url),
        ("api_key", &global.api_key),
        ("address_book", &global.address_book),
    ];
    for (key, value) in settings {
        if let Some(value) = value {
            config.offer(key, value.clone());
        }
    }
    config.offer("timeout_secs", DEFAULT_TIMEOUT_SECS.to_string());
    if let Some(db) = &global.db {
        config.offer("path", db.display().to_string());
    }
    // A profile's settings come first in `settings`, then each --setting, so the later wins;
    // --timeout wins over both.
    for (key, value) in &global.settings {
        config.set(key.clone(), value.clone());
    }
    if let Some(timeout) = global.timeout {
        config.offer("timeout_secs", timeout.to_string());
    }
    config
}

/// Where the local store lives: `--db`/`CONTACTS_DB`, else `contacts/contacts.db` in the
/// platform's data directory.
pub fn local_store_path(global: &GlobalArgs) -> CliResult<PathBuf> {
    if let Some(db) = &global.db {
        return Ok(db.clone());
    }
    dirs::data_dir()
        .map(|dir| dir.join("contacts").join("contacts.db"))
        .ok_or_else(|| {
            CliError::Usage(
                "no data directory is known for this user (HOME is not set?); pass --db FILE \
                 or set CONTACTS_DB for the local store, or choose a provider with --provider"
                    .into(),
            )
        })
}

/// The local store. The default one is created on first use (saying where on stderr), with
/// its directory. A store named by `--db`/`CONTACTS_DB`/a profile is created only by a command
/// that writes (`create`), and only in a directory that exists: a mistyped path must not turn
/// into an empty store that an export then copies over a backup.
fn local_store(global: &GlobalArgs, may_create: bool) -> CliResult<Box<dyn ContactProvider>> {
    let path = local_store_path(global)?;
    let explicit = global.db.is_some();
    let new = !path.exists();
    if new && explicit && !may_create {
        return Err(CliError::Usage(format!(
            "there is no local store at {} (a command that only reads never creates one; \
             check the path)",
            path.display()
        )));
    }
    if new {
        check_settings_first(global)?;
    }
    if new {
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
        match dir {
            Some(dir) if explicit && !dir.is_dir() => {
                return Err(CliError::Usage(format!(
                    "cannot create the local store {}: the directory {} does not exist",
                    path.display(),
                    dir.display()
                )));
            }
            Some(dir) => std::fs::create_dir_all(dir)
                .map_err(|e| CliError::io(dir.display().to_string(), e))?,
            None => {}
        }
    }
    let mut config = config(global);
    config.offer("path", path.display().to_string());
    let store = registry()
        .build_bare(provider_sqlite::SQLITE_PROVIDER, &config)
        .map_err(|e| usage_or_provider(global, "local store", e))?;
    if new && !global.quiet {
        eprintln!("note: created the local store at {}", path.display());
    }
    Ok(store)
}

/// Builds the local store once in a scratch directory, so a setting it refuses (a typo such as
/// `pth`) is reported before the real store or its directory is created.
fn check_settings_first(global: &GlobalArgs) -> CliResult {
    let scratch = tempfile::tempdir().map_err(|e| CliError::io("temporary directory", e))?;
    let mut config = config(global);
    config.offer(
        "path",
        scratch.path().join("probe.db").display().to_string(),
    );
    registry()
        .build(provider_sqlite::SQLITE_PROVIDER, &config)
        .map(drop)
        .map_err(|e| usage_or_provider(global, "local store", e))
}

/// A setting the provider refused is a usage error, told where the setting was written.
fn usage_or_provider(global: &GlobalArgs, name: &str, e: Error) -> CliError {
    match e {
        Error::InvalidInput { ref field, .. } if field == "provider" => {
            CliError::Usage(e.to_string())
        }
        Error::InvalidInput {
            ref field,
            ref reason,
        } => match global.setting_origins.get(field) {
            Some(origin) => CliError::Usage(format!("{origin}: {field}: {reason}")),
            None => CliError::Usage(format!("{name}: {e}")),
        },
        other => CliError::Provider(other),
    }
}

/// Builds the provider named by `--provider` for a command that only reads; without one, the
/// local store (see [`build_writable`] for what differs).
pub fn build(global: &GlobalArgs) -> CliResult<Box<dyn ContactProvider>> {
    build_as(global, false)
}

/// Builds the provider for a command that may write: a local store named by `--db` that does
/// not exist yet is created (in a directory that does).
pub fn build_writable(global: &GlobalArgs) -> CliResult<Box<dyn ContactProvider>> {
    build_as(global, true)
}

/// The provider for `serve`, as [`build_writable`] builds it but without the standard layers:
/// the protocol server wraps whatever it serves in them itself, so they apply once.
pub fn build_bare_writable(global: &GlobalArgs) -> CliResult<Box<dyn ContactProvider>> {
    build_bare_as(global, true)
}

fn build_as(global: &GlobalArgs, may_create: bool) -> CliResult<Box<dyn ContactProvider>> {
    let provider = build_bare_as(global, may_create)?;
    Ok(Box::new(contacts_core::layer::standard(provider)))
}

fn build_bare_as(global: &GlobalArgs, may_create: bool) -> CliResult<Box<dyn ContactProvider>> {
    let Some(name) = global.provider.as_deref() else {
        return local_store(global, may_create);
    };
    if name == provider_sqlite::SQLITE_PROVIDER {
        return local_store(global, may_create);
    }
    registry()
        .build_bare(name, &config(global))
        .map_err(|e| usage_or_provider(global, name, e))
}

#[cfg(test)]
mod tests {
    /// A provider registered here but missing from the list would have no column in the
    /// capability matrix and no conformance run.
    #[test]
    fn the_tool_knows_exactly_the_listed_providers() {
        let registry = super::registry();
        let known: Vec<&str> = registry.names().collect();
        let mut listed: Vec<&str> = contacts_providers::builtin()
            .iter()
            .map(|b| b.name)
            .collect();
        listed.sort_unstable();
        assert_eq!(known, listed);
    }
}
