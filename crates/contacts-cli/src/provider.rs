//! Building the configured provider through the core registry.

use crate::args::GlobalArgs;
use crate::error::{CliError, CliResult};
use contacts_core::{ContactProvider, Error, ProviderConfig, Registry};

/// Every provider the tool knows. A third-party provider is one more `register` line here.
pub fn registry() -> Registry {
    let mut registry = Registry::new();
    provider_ip1::register(&mut registry);
    provider_addressbook::register(&mut registry);
    registry
}

/// The configuration handed to the provider factory, from the global options.
pub fn config(global: &GlobalArgs) -> ProviderConfig {
    let mut config = ProviderConfig::new();
    let settings = [
        ("base_url", &global.base_url),
        ("api_key", &global.api_key),
        ("address_book", &global.address_book),
    ];
    for (key, value) in settings {
        if let Some(value) = value {
            config.set(key, value.clone());
        }
    }
    config.set("timeout_secs", global.timeout.to_string());
    for (key, value) in &global.settings {
        config.set(key.clone(), value.clone());
    }
    config
}

/// Builds the provider named by `--provider`.
pub fn build(global: &GlobalArgs) -> CliResult<Box<dyn ContactProvider>> {
    let registry = registry();
    let name = global.provider.as_deref().ok_or_else(|| {
        CliError::Usage(format!(
            "no provider configured: pass --provider {} (or set CONTACTS_PROVIDER); \
             `contacts emulate ip1` starts a local iP1 to try against",
            registry.names().collect::<Vec<_>>().join("|")
        ))
    })?;
    registry.build(name, &config(global)).map_err(|e| match e {
        Error::InvalidInput { ref field, .. } if field == "provider" => {
            CliError::Usage(e.to_string())
        }
        Error::InvalidInput { .. } => CliError::Usage(format!("{name}: {e}")),
        other => CliError::Provider(other),
    })
}
