//! How the suite gets a provider to test: a fresh, isolated one per check.

use contacts_core::{ContactProvider, Result};
use futures::future::BoxFuture;
use std::fmt;
use std::future::Future;
use std::sync::Arc;

type Make = dyn Fn() -> BoxFuture<'static, Result<Box<dyn ContactProvider>>> + Send + Sync;

/// Makes providers for the suite. Every call must yield a provider whose data is isolated and
/// empty — a new in-memory store, a new address book, a fresh emulator, a cleaned test account —
/// because checks count what they list.
///
/// ```
/// use contacts_conformance::Factory;
/// use contacts_core::{ContactProvider, InMemoryProvider};
/// let factory = Factory::new("memory", || async {
///     Ok(Box::new(InMemoryProvider::new()) as Box<dyn ContactProvider>)
/// });
/// assert_eq!(factory.name(), "memory");
/// ```
#[derive(Clone)]
pub struct Factory {
    name: String,
    make: Arc<Make>,
}

impl fmt::Debug for Factory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Factory").field("name", &self.name).finish()
    }
}

impl Factory {
    /// A factory called `name` (shown in reports) that runs `make` for each provider.
    pub fn new<F, Fut>(name: impl Into<String>, make: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Box<dyn ContactProvider>>> + Send + 'static,
    {
        Self {
            name: name.into(),
            make: Arc::new(move || Box::pin(make())),
        }
    }

    /// The name shown in reports.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A fresh, isolated provider.
    pub async fn fresh(&self) -> Result<Box<dyn ContactProvider>> {
        (self.make)().await
    }
}
