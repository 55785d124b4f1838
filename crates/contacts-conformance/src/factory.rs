//! How the suite gets a provider to test: a fresh, isolated one per check.

mod fresh_book;

use contacts_core::{ContactProvider, Result, layer};
use futures::future::BoxFuture;
use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex};

type Make = dyn Fn() -> BoxFuture<'static, Result<Box<dyn ContactProvider>>> + Send + Sync;
type Teardown = dyn Fn(Arc<dyn ContactProvider>) -> BoxFuture<'static, Result<()>> + Send + Sync;

/// Makes providers for the suite. Every call must yield a provider whose data is isolated and
/// empty — a new in-memory store, a new address book, a fresh emulator, a cleaned test account —
/// because checks count what they list.
///
/// [`Factory::new`] puts every provider behind the standard layers, as the registry and the
/// provider builders do, so the suite tests what applications get; [`Factory::bare`] does not,
/// for proving the suite itself, testing an adapter's own refusals, or providers that are
/// layered already.
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
    teardown: Option<Arc<Teardown>>,
}

impl fmt::Debug for Factory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Factory").field("name", &self.name).finish()
    }
}

impl Factory {
    /// A factory called `name` (shown in reports) that runs `make` for each provider and wraps
    /// what it makes in [`contacts_core::layer::standard`] (the `CheckedLayer` inside the
    /// `TracingLayer`).
    ///
    /// This is what an adapter's tests want: applications get providers behind these layers
    /// (from the registry or a provider builder), so the contract's refusals — undeclared
    /// operations, input the declared capabilities rule out — are enforced for the adapter, and
    /// it need implement only what only it can know. Wrapping an already layered provider again
    /// is harmless: the refusals are the same.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use contacts_conformance::Factory;
    /// use contacts_core::{Capabilities, ContactProvider, InMemoryProvider, NewContact};
    /// let factory = Factory::new("memory", || async {
    ///     Ok(Box::new(InMemoryProvider::with_capabilities(Capabilities::default()))
    ///         as Box<dyn ContactProvider>)
    /// });
    /// let provider = factory.fresh().await?;
    /// let refused = provider.create(&[NewContact::new().label("VIP")]).await.unwrap_err();
    /// assert!(refused.is_unsupported(), "labels are not declared");
    /// # Ok::<_, contacts_core::Error>(()) }).unwrap();
    /// ```
    pub fn new<F, Fut>(name: impl Into<String>, make: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Box<dyn ContactProvider>>> + Send + 'static,
    {
        Self::bare(name, move || {
            let made = make();
            async move { Ok(Box::new(layer::standard(made.await?)) as Box<dyn ContactProvider>) }
        })
    }

    /// A factory called `name` that runs `make` for each provider and uses what it makes as it
    /// is, without the standard layers.
    ///
    /// For proving the suite itself — the deliberately broken [`doubles`](crate::doubles) must
    /// reach the checks unmasked, since the `CheckedLayer` would refuse an undeclared operation
    /// a double fails to refuse — and for testing an adapter's own refusals, when it is meant to
    /// be used without the layers. Also for providers that come already layered (from a
    /// registry, a provider builder's `build`, or `InMemoryProvider`), so their operations are
    /// not traced twice.
    pub fn bare<F, Fut>(name: impl Into<String>, make: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Box<dyn ContactProvider>>> + Send + 'static,
    {
        Self {
            name: name.into(),
            make: Arc::new(move || Box::pin(make())),
            teardown: None,
        }
    }

    /// A factory that gives every check a namespace of its own on a shared account — an
    /// address book, a list, a tag — so checks that count what they list start empty: `make`
    /// creates one and returns its key with a provider for it (used as it is, as with
    /// [`Factory::bare`]); after every check, passed or failed, `remove` deletes each namespace
    /// made since the last teardown (the state machine makes one per sequence), unless `keep`
    /// (to look at what a run left).
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use contacts_conformance::{Config, Factory, run};
    /// use contacts_core::{ContactProvider, InMemoryProvider};
    /// use std::sync::{Arc, Mutex};
    /// // Stores stand for address books; `live` counts those not yet removed.
    /// let live = Arc::new(Mutex::new(0));
    /// let (made, removed) = (Arc::clone(&live), Arc::clone(&live));
    /// let factory = Factory::per_namespace(
    ///     "books",
    ///     move || {
    ///         *made.lock().unwrap() += 1;
    ///         async { Ok(((), Box::new(InMemoryProvider::new()) as Box<dyn ContactProvider>)) }
    ///     },
    ///     move |()| {
    ///         *removed.lock().unwrap() -= 1;
    ///         async { Ok(()) }
    ///     },
    ///     false,
    /// );
    /// let report = run(&factory, &Config::default().cases(4).only(["paging"])).await;
    /// assert!(report.passed());
    /// assert_eq!(*live.lock().unwrap(), 0, "every book made was removed");
    /// # });
    /// ```
    pub fn per_namespace<K, M, MF, R, RF>(
        name: impl Into<String>,
        make: M,
        remove: R,
        keep: bool,
    ) -> Self
    where
        K: Send + 'static,
        M: Fn() -> MF + Send + Sync + 'static,
        MF: Future<Output = Result<(K, Box<dyn ContactProvider>)>> + Send + 'static,
        R: Fn(K) -> RF + Send + Sync + 'static,
        RF: Future<Output = Result<()>> + Send + 'static,
    {
        let made: Arc<Mutex<Vec<K>>> = Arc::default();
        let list = Arc::clone(&made);
        let lock =
            |m: &Mutex<Vec<K>>| std::mem::take(&mut *m.lock().unwrap_or_else(|p| p.into_inner()));
        let remove = Arc::new(remove);
        Self::bare(name, move || {
            let (made, list) = (make(), Arc::clone(&list));
            async move {
                let (key, provider) = made.await?;
                list.lock().unwrap_or_else(|p| p.into_inner()).push(key);
                Ok(provider)
            }
        })
        .teardown(move |_provider| {
            let doomed = if keep { Vec::new() } else { lock(&made) };
            let remove = Arc::clone(&remove);
            async move {
                for key in doomed {
                    remove(key).await?;
                }
                Ok(())
            }
        })
    }

    /// Runs `teardown` with the provider after every check, whether it passed or failed: where
    /// an adapter cleans up what a check left (deletes the address book it made, wipes a
    /// sandbox account). A teardown that fails is reported as a failed `teardown` result and
    /// ends the run, since the checks after it would not start clean.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use contacts_conformance::{Config, Factory, run, wipe};
    /// use contacts_core::{ContactProvider, InMemoryProvider};
    /// // One shared store stands for a sandbox account: every check starts and ends empty.
    /// let account = InMemoryProvider::new();
    /// let factory = Factory::bare("sandbox", move || {
    ///     let account = account.clone();
    ///     async move {
    ///         wipe(&account).await?;
    ///         Ok(Box::new(account) as Box<dyn ContactProvider>)
    ///     }
    /// })
    /// .teardown(|provider| async move { wipe(&*provider).await.map(drop) });
    /// let report = run(&factory, &Config::default().cases(4).only(["paging", "bad_input"])).await;
    /// assert!(report.passed(), "{:?}", report.failures());
    /// # });
    /// ```
    #[must_use]
    pub fn teardown<F, Fut>(mut self, teardown: F) -> Self
    where
        F: Fn(Arc<dyn ContactProvider>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<()>> + Send + 'static,
    {
        self.teardown = Some(Arc::new(move |p| Box::pin(teardown(p))));
        self
    }

    /// Runs the teardown, if there is one, with the provider a check used.
    pub async fn clean(&self, provider: Arc<dyn ContactProvider>) -> Result<()> {
        match &self.teardown {
            Some(teardown) => teardown(provider).await,
            None => Ok(()),
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
