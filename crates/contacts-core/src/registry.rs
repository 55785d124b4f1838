//! Build providers by name at run time.

use crate::memory::{MEMORY_PROVIDER, MemoryStore};
use crate::{ContactProvider, Error, Result, layer};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

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
///
/// It also remembers which keys a factory asked for, so [`Registry::build`] can refuse a
/// setting no provider reads (a typo such as `base_ur` would otherwise send requests to the
/// vendor's production host). A value set with [`ProviderConfig::offer`] is a default a
/// provider may ignore.
#[derive(Default)]
pub struct ProviderConfig {
    values: BTreeMap<String, String>,
    /// Keys set by [`ProviderConfig::offer`]: not an error when no factory reads them.
    offered: BTreeSet<String>,
    /// Keys a factory looked up, whether or not they were set.
    asked: Mutex<BTreeSet<String>>,
}

impl Clone for ProviderConfig {
    fn clone(&self) -> Self {
        Self {
            values: self.values.clone(),
            offered: self.offered.clone(),
            asked: Mutex::new(self.asked_keys()),
        }
    }
}

impl PartialEq for ProviderConfig {
    fn eq(&self, other: &Self) -> bool {
        self.values == other.values && self.offered == other.offered
    }
}

impl Eq for ProviderConfig {}

impl ProviderConfig {
    /// No settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// Builder form of [`ProviderConfig::set`].
    #[must_use]
    pub fn with(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.set(key, value);
        self
    }

    /// Sets a value the provider must read: [`Registry::build`] refuses it otherwise.
    pub fn set(&mut self, key: impl Into<String>, value: impl Into<String>) {
        let key = key.into();
        self.offered.remove(&key);
        self.values.insert(key, value.into());
    }

    /// Sets a default that a provider may ignore (a tool's timeout, say, which a local
    /// store has no use for). A later [`ProviderConfig::set`] of the key makes it required.
    pub fn offer(&mut self, key: impl Into<String>, value: impl Into<String>) {
        let key = key.into();
        self.values.insert(key.clone(), value.into());
        self.offered.insert(key);
    }

    /// A value, if set.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.asked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key.to_owned());
        self.values.get(key).map(String::as_str)
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

    /// Every key, in order. A factory that walks them accepts them all.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.asked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(self.values.keys().cloned());
        self.values.keys().map(String::as_str)
    }

    /// The keys looked up so far, set or not: the settings a provider knows, once its
    /// factory has run.
    pub fn asked_keys(&self) -> BTreeSet<String> {
        self.asked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Keys set with [`ProviderConfig::set`] that nothing has looked up.
    pub fn unread_keys(&self) -> Vec<&str> {
        let asked = self.asked_keys();
        self.values
            .keys()
            .filter(|k| !asked.contains(*k) && !self.offered.contains(*k))
            .map(String::as_str)
            .collect()
    }
}

/// Whether a setting's value must never be shown: a name with the word `key`, `secret`,
/// `token`, `password`, `passwd`, `pass`, `apikey` or `credential(s)` in it, words split at
/// `_`, `-`, `.` and where a lower-case letter meets an upper-case one, so `api_key`,
/// `access-token` and `clientSecret` are hidden and `custom_keys` (a list of field names) is
/// not.
///
/// ```
/// use contacts_core::is_secret_key;
/// for secret in ["api_key", "ACCESS_TOKEN", "password", "clientSecret", "privateKey", "apiKey"] {
///     assert!(is_secret_key(secret), "{secret}");
/// }
/// assert!(!is_secret_key("custom_keys") && !is_secret_key("base_url") && !is_secret_key("keyboard"));
/// ```
pub fn is_secret_key(key: &str) -> bool {
    const SECRET_WORDS: [&str; 9] = [
        "key",
        "secret",
        "token",
        "password",
        "passwd",
        "pass",
        "apikey",
        "credential",
        "credentials",
    ];
    let mut words: Vec<String> = vec![String::new()];
    let mut previous_lower = false;
    for c in key.chars() {
        if matches!(c, '_' | '-' | '.' | ' ') {
            words.push(String::new());
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower {
            words.push(String::new());
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        if let Some(word) = words.last_mut() {
            word.extend(c.to_lowercase());
        }
    }
    words.iter().any(|w| SECRET_WORDS.contains(&w.as_str()))
}

impl fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.values.iter().map(|(k, v)| {
                let shown: &str = if is_secret_key(k) { "***" } else { v };
                (k, shown)
            }))
            .finish()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for ProviderConfig {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut config = Self::new();
        for (k, v) in iter {
            config.set(k, v);
        }
        config
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
        // What `InMemoryProvider::new` declares, so `--provider memory` offers what the
        // capability matrix (built from `InMemoryProvider::new`) says it does.
        registry.register(MEMORY_PROVIDER, |_| {
            Ok(Box::new(MemoryStore::with_capabilities(
                crate::memory::whole_view_capabilities(),
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

    /// Adds (or replaces) the factory for `name` from a provider crate's `from_config`: a
    /// function that builds the provider, as its own type, from the settings. It saves each
    /// crate the boxing closure around it, so a provider's `register` is this one call.
    ///
    /// ```
    /// use contacts_core::{ContactProvider, InMemoryProvider, ProviderConfig, Registry, Result};
    /// fn from_config(config: &ProviderConfig) -> Result<InMemoryProvider> {
    ///     config.require("path")?;
    ///     Ok(InMemoryProvider::new())
    /// }
    /// let mut registry = Registry::empty();
    /// registry.register_with("my-crm", from_config);
    /// let provider = registry.build("my-crm", &ProviderConfig::new().with("path", "x")).unwrap();
    /// assert_eq!(provider.name(), "memory");
    /// assert!(registry.build("my-crm", &ProviderConfig::new()).is_err(), "path is required");
    /// ```
    pub fn register_with<P>(
        &mut self,
        name: impl Into<String>,
        from_config: fn(&ProviderConfig) -> Result<P>,
    ) -> &mut Self
    where
        P: ContactProvider + 'static,
    {
        self.register(name, move |config| Ok(Box::new(from_config(config)?)))
    }

    /// Builds the provider called `name`, wrapped in the [`Standard`](crate::Standard) layers;
    /// `InvalidInput` listing the known names if there is none, and `InvalidInput` naming the
    /// setting (with the nearest one the provider reads) when `config` sets a key the factory
    /// never looked up.
    ///
    /// ```
    /// use contacts_core::{Error, ProviderConfig, Registry};
    /// let mut registry = Registry::new();
    /// registry.register("crm", |config| {
    ///     let _url = config.get("base_url");
    ///     Ok(Box::new(contacts_core::InMemoryProvider::new()))
    /// });
    /// let typo = ProviderConfig::new().with("base_ur", "http://127.0.0.1:1");
    /// let Err(Error::InvalidInput { field, reason }) = registry.build("crm", &typo) else { panic!() };
    /// assert_eq!(field, "base_ur");
    /// assert!(reason.contains("did you mean base_url?"), "{reason}");
    /// ```
    pub fn build(&self, name: &str, config: &ProviderConfig) -> Result<Box<dyn ContactProvider>> {
        Ok(Box::new(layer::standard(self.build_bare(name, config)?)))
    }

    /// Builds the provider called `name` as its factory makes it, **without** the standard
    /// layers, with the same refusals of unknown names and settings as
    /// [`build`](Registry::build).
    ///
    /// Why: a tool that applies the layers itself around whatever it is given (the protocol
    /// server of `contacts serve` wraps every provider it serves) would otherwise check and
    /// trace every call twice. Anything else wants [`build`](Registry::build).
    ///
    /// ```
    /// use contacts_core::{ProviderConfig, Registry, layer};
    /// let registry = Registry::new();
    /// let bare = registry.build_bare("memory", &ProviderConfig::new()).unwrap();
    /// let layered = layer::standard(bare); // what `build` gives
    /// assert!(registry.build_bare("nope", &ProviderConfig::new()).is_err());
    /// # drop(layered);
    /// ```
    pub fn build_bare(
        &self,
        name: &str,
        config: &ProviderConfig,
    ) -> Result<Box<dyn ContactProvider>> {
        let factory = self.factories.get(name).ok_or_else(|| {
            Error::invalid(
                "provider",
                format!(
                    "unknown provider {name:?}; known providers: {}",
                    self.names().collect::<Vec<_>>().join(", ")
                ),
            )
        })?;
        let provider = factory(config)?;
        refuse_unread(name, config)?;
        Ok(provider)
    }

    /// Registered names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.factories.keys().map(String::as_str)
    }
}

/// `InvalidInput` for the first key of `config` that the factory of `name` never looked up.
fn refuse_unread(name: &str, config: &ProviderConfig) -> Result<()> {
    let Some(key) = config.unread_keys().first().map(|k| (*k).to_owned()) else {
        return Ok(());
    };
    let known: Vec<String> = config.asked_keys().into_iter().collect();
    let nearest = known
        .iter()
        .map(|k| (strsim::jaro_winkler(&key, k), k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| format!(" (did you mean {k}?)"))
        .unwrap_or_default();
    Err(Error::invalid(
        key,
        format!(
            "provider {name} has no such setting{nearest}; its settings are {}",
            known.join(", ")
        ),
    ))
}
