//! Build providers by name at run time.

use crate::memory::{MEMORY_PROVIDER, MemoryStore};
use crate::{Capabilities, ContactProvider, Error, Result, layer};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// String key/value configuration handed to a provider factory (e.g. `api_key`, `base_url`).
///
/// Its `Debug` output hides the value of every key that looks like a secret (containing `key`,
/// `secret`, `token` or `password`), so configurations can be logged.
///
/// ```
/// use contacts_core::ProviderConfig;
/// let config = ProviderConfig::new().with("api_key", "sk-live-123").with("base_url", "http://127.0.0.1:1");
/// let shown = format!("{config:?}");
/// assert!(!shown.contains("sk-live-123"));
/// assert!(shown.contains("127.0.0.1"));
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ProviderConfig(BTreeMap<String, String>);

impl ProviderConfig {
    /// No settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// Builder form of [`ProviderConfig::set`].
    #[must_use]
    pub fn with(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.0.insert(key.into(), value.into());
        self
    }

    /// Sets a value.
    pub fn set(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.0.insert(key.into(), value.into());
    }

    /// A value, if set.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// A value that must be set; `InvalidInput` naming the key otherwise.
    pub fn require(&self, key: &str) -> Result<&str> {
        self.get(key)
            .ok_or_else(|| Error::invalid(key, "required setting is missing"))
    }

    /// A value parsed as `T`, if set; `InvalidInput` naming the key when it does not parse.
    pub fn parse<T: std::str::FromStr>(&self, key: &str) -> Result<Option<T>>
    where
        T::Err: fmt::Display,
    {
        self.get(key)
            .map(|raw| {
                raw.parse::<T>().map_err(|e| {
                    let shown = if is_secret_key(key) { "***" } else { raw };
                    Error::invalid(key, format!("cannot read {shown:?}: {e}"))
                })
            })
            .transpose()
    }

    /// Every key, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }
}

/// Whether a setting's value must never be shown.
pub fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    ["key", "secret", "token", "password"]
        .iter()
        .any(|s| key.contains(s))
}

impl fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(k, v)| {
                let shown: &str = if is_secret_key(k) { "***" } else { v };
                (k, shown)
            }))
            .finish()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for ProviderConfig {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Self(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

/// A function that builds a provider from its configuration.
pub type ProviderFactory =
    Arc<dyn Fn(&ProviderConfig) -> Result<Box<dyn ContactProvider>> + Send + Sync>;

/// Provider factories by name, so tools choose a provider at run time.
///
/// [`Registry::new`] knows `memory`; each provider crate offers a `register` function, and a
/// third-party provider plugs in with one [`Registry::register`] call. A factory returns the
/// provider as it is; [`Registry::build`] wraps it in the [`Standard`](crate::Standard) layers,
/// so every provider built by name refuses what the contract refuses and traces every
/// operation, whether or not its author thought of it.
///
/// ```
/// use contacts_core::{ContactProvider, InMemoryProvider, ProviderConfig, Registry};
/// let mut registry = Registry::new();
/// registry.register("my-crm", |_config| Ok(Box::new(InMemoryProvider::new())));
/// let provider = registry.build("my-crm", &ProviderConfig::new()).unwrap();
/// assert_eq!(provider.name(), "memory");
/// assert!(registry.build("nope", &ProviderConfig::new()).is_err());
/// ```
#[derive(Clone)]
pub struct Registry {
    factories: BTreeMap<String, ProviderFactory>,
}

impl Default for Registry {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registry")
            .field("providers", &self.factories.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Registry {
    /// A registry with the `memory` provider (a fresh, empty
    /// [`InMemoryProvider`](crate::InMemoryProvider) per build).
    pub fn new() -> Self {
        let mut registry = Self::empty();
        registry.register(MEMORY_PROVIDER, |_| {
            Ok(Box::new(MemoryStore::with_capabilities(
                Capabilities::full(),
            )))
        });
        registry
    }

    /// A registry with no provider at all.
    pub fn empty() -> Self {
        Self {
            factories: BTreeMap::new(),
        }
    }

    /// Adds (or replaces) the factory for `name`.
    pub fn register<F>(&mut self, name: impl Into<String>, factory: F) -> &mut Self
    where
        F: Fn(&ProviderConfig) -> Result<Box<dyn ContactProvider>> + Send + Sync + 'static,
    {
        self.factories.insert(name.into(), Arc::new(factory));
        self
    }

    /// Builds the provider called `name`, wrapped in the [`Standard`](crate::Standard) layers;
    /// `InvalidInput` listing the known names if there is none.
    pub fn build(&self, name: &str, config: &ProviderConfig) -> Result<Box<dyn ContactProvider>> {
        let factory = self.factories.get(name).ok_or_else(|| {
            Error::invalid(
                "provider",
                format!(
                    "unknown provider {name:?}; known providers: {}",
                    self.names().collect::<Vec<_>>().join(", ")
                ),
            )
        })?;
        Ok(Box::new(layer::standard(factory(config)?)))
    }

    /// Registered names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.factories.keys().map(String::as_str)
    }
}
