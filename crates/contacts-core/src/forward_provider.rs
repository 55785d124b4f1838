//! [`forward_provider!`](crate::forward_provider): `ContactProvider` methods that a wrapper
//! hands to the provider it holds, unchanged, written once.
//!
//! A test double or a wrapper changes one or two operations and passes the rest through; by
//! hand that is five to ten methods of the same two lines in every such type. The macro writes
//! the ones it is *named*, so what a wrapper overrides stays written out in its impl and what
//! it forwards is one line that lists them. A method neither named nor written keeps the
//! trait's default (e.g. an optional capability a wrapper does not offer).

/// Writes, inside an `#[async_trait] impl ContactProvider for …` block, the named methods as
/// calls of the same method on the field `field`:
/// `forward_provider!(field: method, method, …)`.
///
/// Any method of [`ContactProvider`](crate::ContactProvider) may be named: the operations
/// (`get`, `list_page`, `list_page_deferred`, `create`, `update`, `replace`, `delete`,
/// `delete_matching`), `store_identity` and the optional capability accessors
/// (`address_books`, `label_admin`, `blocklist`, `account_summary`, `background_import`,
/// `change_feed`). For `name` and `capabilities` use
/// [`provider_identity!`](crate::provider_identity). The operations are written as
/// `#[async_trait]` writes them, returning the inner provider's future as it is.
///
/// ```
/// use async_trait::async_trait;
/// use contacts_core::{
///     Contact, ContactId, ContactProvider, ContactProviderExt, GetOptions, InMemoryProvider,
///     NewContact, Result,
/// };
/// use std::sync::atomic::{AtomicUsize, Ordering};
///
/// /// Counts the contacts read by id; everything else goes to `inner` unchanged.
/// #[derive(Debug)]
/// struct Counted {
///     inner: InMemoryProvider,
///     gets: AtomicUsize,
/// }
///
/// #[async_trait]
/// impl ContactProvider for Counted {
///     contacts_core::provider_identity!(inner inner);
///     contacts_core::forward_provider!(inner:
///         list_page, create, update, replace, delete, delete_matching);
///
///     async fn get(&self, id: &ContactId, options: &GetOptions) -> Result<Contact> {
///         self.gets.fetch_add(1, Ordering::SeqCst);
///         self.inner.get(id, options).await
///     }
/// }
///
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let counted = Counted { inner: InMemoryProvider::new(), gets: AtomicUsize::new(0) };
/// let made = counted.create_one(NewContact::new().property("firstName", "Ada")).await.unwrap();
/// counted.get(&made.id, &GetOptions::default()).await.unwrap();
/// assert_eq!(counted.gets.load(Ordering::SeqCst), 1);
/// assert_eq!(counted.name(), "memory");
/// # });
/// ```
#[macro_export]
macro_rules! forward_provider {
    ($inner:ident: $($method:ident),+ $(,)?) => {
        $($crate::forward_provider!(@one |this| this.$inner; $method);)+
    };
    // The same for a target that is not a field: `$target`, an expression of `$this` (which
    // stands for `&self`), such as `(**this)` for a smart pointer. Internal to this crate.
    (@to |$this:ident| $target:expr; $($method:ident),+) => {
        $($crate::forward_provider!(@one |$this| $target; $method);)+
    };
    (@one |$this:ident| $target:expr; get) => {
        $crate::forward_provider!(@op |$this| $target; get<'a, 'b>(id: &'a $crate::ContactId,
            options: &'b $crate::GetOptions) -> $crate::Contact);
    };
    (@one |$this:ident| $target:expr; list_page) => {
        $crate::forward_provider!(@op |$this| $target; list_page<'a>(
            query: &'a $crate::ContactQuery,
            token: Option<$crate::PageToken>) -> $crate::Page);
    };
    (@one |$this:ident| $target:expr; list_page_deferred) => {
        $crate::forward_provider!(@op |$this| $target; list_page_deferred<'a>(
            query: &'a $crate::ContactQuery,
            token: Option<$crate::PageToken>) -> $crate::PendingPage);
    };
    (@one |$this:ident| $target:expr; create) => {
        $crate::forward_provider!(@op |$this| $target; create<'a>(
            contacts: &'a [$crate::NewContact]) -> Vec<$crate::Contact>);
    };
    (@one |$this:ident| $target:expr; update) => {
        $crate::forward_provider!(@op |$this| $target; update<'a, 'b>(id: &'a $crate::ContactId,
            patch: &'b $crate::ContactPatch) -> $crate::Contact);
    };
    (@one |$this:ident| $target:expr; replace) => {
        $crate::forward_provider!(@op |$this| $target; replace<'a, 'b>(id: &'a $crate::ContactId,
            contact: &'b $crate::NewContact) -> $crate::Contact);
    };
    (@one |$this:ident| $target:expr; delete) => {
        $crate::forward_provider!(@op |$this| $target; delete<'a>(id: &'a $crate::ContactId) -> ());
    };
    (@one |$this:ident| $target:expr; delete_matching) => {
        $crate::forward_provider!(@op |$this| $target; delete_matching<'a>(
            target: &'a $crate::DeleteTarget) -> Vec<$crate::Contact>);
    };
    (@one |$this:ident| $target:expr; store_identity) => {
        fn store_identity(&self) -> Option<String> {
            let $this = self;
            $target.store_identity()
        }
    };
    // An optional-capability accessor (`address_books`, …): its trait is looked up in
    // `optional_accessors!`'s table.
    (@one |$this:ident| $target:expr; $accessor:ident) => {
        $crate::optional_accessors!(@row [forward_provider @optional |$this| $target;] $accessor);
    };
    // An operation, in the shape `#[async_trait]` gives the trait's declaration: a lifetime
    // for `&self`, one for each reference argument, in order, all outliving the future.
    (@op |$this:ident| $target:expr;
        $method:ident<$($lt:lifetime),+>($($arg:ident: $ty:ty),+) -> $out:ty) => {
        fn $method<'this, $($lt,)+ 'async_trait>(
            &'this self,
            $($arg: $ty),+
        ) -> ::core::pin::Pin<Box<
            dyn ::core::future::Future<Output = $crate::Result<$out>>
                + ::core::marker::Send + 'async_trait,
        >>
        where
            'this: 'async_trait,
            $($lt: 'async_trait,)+
            Self: 'async_trait,
        {
            let $this = self;
            $target.$method($($arg),+)
        }
    };
    (@optional |$this:ident| $target:expr; $accessor:ident: $trait:ident if $flag:ident) => {
        fn $accessor(&self) -> Option<&dyn $crate::optional::$trait> {
            let $this = self;
            $target.$accessor()
        }
    };
}
