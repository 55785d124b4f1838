//! Layers: behaviour that wraps any provider, written once instead of in every adapter.
//!
//! A layer turns a provider into another provider, in the spirit of tower's `Layer` and
//! OpenDAL's layers: the wrapped value is still a [`ContactProvider`], so layers compose and
//! every tool that takes a provider takes a layered one.
//!
//! - [`CheckedLayer`]: refuses everything the contract says a provider must refuse (undeclared
//!   operations, input [`validate`](crate::validate) refuses, the empty filter of a mass
//!   delete) before the provider sees it.
//! - [`TracingLayer`]: one `contact_provider` span per operation.
//! - [`ReadOnlyLayer`]: every write is `PermissionDenied`; reads pass.
//!
//! [`standard`] applies the layers every provider gets ([`Checked`] inside [`Traced`]):
//! [`Registry::build`](crate::Registry::build), the provider builders and the conformance
//! `Factory` all return providers wrapped this way, so an adapter holds only what only it can
//! know (its wire format and its vendor's quirks).
//!
//! Every wrapper derefs to the provider it wraps, so a provider's own methods (a vendor's
//! extras) stay reachable; those bypass the layer.
//!
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use contacts_core::layer::{CheckedLayer, ReadOnlyLayer, TracingLayer};
//! use contacts_core::{ContactProvider, ContactProviderExt, InMemoryProvider, NewContact};
//!
//! let memory = InMemoryProvider::new();
//! memory.create(&[NewContact::new().property("firstName", "Ada")]).await?;
//! // A safe view of the same store: reads work, writes are refused.
//! let explore = memory.clone().layer(ReadOnlyLayer).layer(CheckedLayer).layer(TracingLayer);
//! assert_eq!(explore.snapshot().len(), 1); // Deref reaches the store's own methods
//! let err = explore.create(&[NewContact::new().property("firstName", "Bob")]).await.unwrap_err();
//! assert!(matches!(err, contacts_core::Error::PermissionDenied { .. }));
//! # Ok::<_, contacts_core::Error>(()) }).unwrap();
//! ```

mod checked;
mod checked_optional;
mod read_only;
mod read_only_optional;
mod traced;

pub use checked::{Checked, CheckedLayer};
pub use read_only::{ReadOnly, ReadOnlyLayer};
pub use traced::{Traced, TracingLayer};

use crate::ContactProvider;

/// Wraps a provider of type `P` into another provider.
///
/// Implement it for a new cross-cutting concern (metrics, a cache, a concurrency limit); the
/// wrapper's `ContactProvider` impl should carry `#[deny(clippy::missing_trait_methods)]`, so a
/// method added to the trait later can never be silently left to its default.
pub trait Layer<P> {
    /// The wrapped provider.
    type Provider: ContactProvider;

    /// Wraps `inner`.
    fn layer(&self, inner: P) -> Self::Provider;
}

/// The layers every provider gets: the contract's refusals, inside one span per operation.
pub type Standard<P> = Traced<Checked<P>>;

/// Wraps `provider` in the [`Standard`] layers.
///
/// ```
/// use contacts_core::{ContactProvider, InMemoryProvider, layer};
/// let provider = layer::standard(InMemoryProvider::new());
/// assert_eq!(provider.name(), "memory");
/// ```
pub fn standard<P: ContactProvider>(provider: P) -> Standard<P> {
    TracingLayer.layer(CheckedLayer.layer(provider))
}

/// Defines a layer and its wrapper the same way for every layer: the unit `$layer` type, its
/// [`Layer`] impl, the `$wrapper<P>` type holding the inner provider, `inner`/`into_inner`,
/// and `Deref` to the inner provider. Each layer's file then holds only its docs and its
/// `ContactProvider` impl.
macro_rules! layer_type {
    ($(#[$layer_doc:meta])* $layer:ident, $(#[$wrapper_doc:meta])* $wrapper:ident) => {
        $(#[$layer_doc])*
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $layer;

        impl<P: $crate::ContactProvider> $crate::layer::Layer<P> for $layer {
            type Provider = $wrapper<P>;

            fn layer(&self, inner: P) -> $wrapper<P> {
                $wrapper { inner }
            }
        }

        $(#[$wrapper_doc])*
        #[derive(Debug, Clone)]
        pub struct $wrapper<P> {
            inner: P,
        }

        impl<P> $wrapper<P> {
            /// The wrapped provider.
            pub fn inner(&self) -> &P {
                &self.inner
            }

            /// Unwraps the provider.
            pub fn into_inner(self) -> P {
                self.inner
            }
        }

        impl<P> std::ops::Deref for $wrapper<P> {
            type Target = P;

            fn deref(&self) -> &P {
                &self.inner
            }
        }
    };
}
use layer_type;

/// The six optional-capability accessors of a wrapper whose inner provider is `self.inner`,
/// written once for every layer:
/// - `pass`: the inner provider's own (the wrapper adds nothing to them);
/// - `wrap`: the wrapper itself, where the inner provider has one, so the wrapper's
///   `AddressBookAdmin`/… impls see every call;
/// - `wrap declared`: as `wrap`, and only where the capabilities declare it.
macro_rules! optional_accessors {
    ($($mode:ident)+) => {
        $crate::layer::optional_accessors!(@each [$($mode)+]
            address_books: AddressBookAdmin if address_book_admin,
            label_admin: LabelAdmin if label_admin,
            blocklist: Blocklist if blocklist,
            account_summary: Summarize if account_summary,
            background_import: BackgroundImport if background_import,
            change_feed: ChangeFeed if change_feed);
    };
    (@each [pass] $($accessor:ident: $trait:ident if $flag:ident),*) => {$(
        fn $accessor(&self) -> Option<&dyn $crate::optional::$trait> {
            self.inner.$accessor()
        }
    )*};
    (@each [wrap] $($accessor:ident: $trait:ident if $flag:ident),*) => {$(
        fn $accessor(&self) -> Option<&dyn $crate::optional::$trait> {
            self.inner.$accessor().map(|_| self as &dyn $crate::optional::$trait)
        }
    )*};
    (@each [wrap declared] $($accessor:ident: $trait:ident if $flag:ident),*) => {$(
        fn $accessor(&self) -> Option<&dyn $crate::optional::$trait> {
            let declared = self.capabilities().$flag;
            self.inner
                .$accessor()
                .filter(|_| declared)
                .map(|_| self as &dyn $crate::optional::$trait)
        }
    )*};
}
use optional_accessors;
