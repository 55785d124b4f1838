//! Layers: behaviour that wraps any provider, written once instead of in every adapter.
//!
//! A layer turns a provider into another provider, in the spirit of tower's `Layer` and
//! OpenDAL's layers: the wrapped value is still a [`ContactProvider`], so layers compose and
//! every tool that takes a provider takes a layered one.
//!
//! - [`CheckedLayer`]: refuses everything the contract says a provider must refuse (undeclared
//!   operations, input [`validate`](crate::validate) refuses, the empty filter of a mass
//!   delete) before the provider sees it.
//! - [`TracingLayer`]: one `contact_provider` span per operation, the optional capabilities'
//!   calls included.
//! - [`ReadOnlyLayer`]: every write is `PermissionDenied`; reads pass.
//!
//! [`standard`] applies the layers every provider gets ([`Checked`] inside [`Traced`]):
//! [`Registry::build`](crate::Registry::build), the provider builders and the conformance
//! `Factory` all return providers wrapped this way, so an adapter holds only what only it can
//! know (its wire format and its vendor's quirks).
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
//! let err = explore.create(&[NewContact::new().property("firstName", "Bob")]).await.unwrap_err();
//! assert!(matches!(err, contacts_core::Error::PermissionDenied { .. }));
//! assert_eq!(memory.snapshot().len(), 1, "nothing reached the store");
//! # Ok::<_, contacts_core::Error>(()) }).unwrap();
//! ```
//!
//! # Reaching inside
//!
//! A wrapper does not `Deref` to what it wraps: a call that auto-deref had resolved to the
//! inner provider would skip the layer without a word (no refusal from `CheckedLayer`, no
//! span from `TracingLayer`, a write through `ReadOnlyLayer`). As tower's wrappers do, each
//! offers [`get_ref`](Checked::get_ref), [`get_mut`](Checked::get_mut) and
//! [`into_inner`](Checked::into_inner) instead, so skipping a layer is written down.
//!
//! # Vendor extras
//!
//! A provider's own methods (a vendor's extras) are reached in one of two ways, both keeping
//! the layers that can apply:
//!
//! 1. **Through an optional capability** (preferred). What has a neutral meaning (labels
//!    across contacts, address books and moves between them, the blocklist, the account
//!    summary, background import, the change feed) is an [optional capability](crate::optional)
//!    trait that the provider implements and offers through its accessor
//!    ([`label_admin`](crate::ContactProvider::label_admin), …). Every layer implements those
//!    traits too: `CheckedLayer` hides an undeclared one and validates inputs, `TracingLayer`
//!    opens a span per call, `ReadOnlyLayer` refuses the writes. It works through
//!    `dyn ContactProvider`, so the CLI and every tool reach the extra the same way.
//! 2. **Through [`Traced::in_span`]**, for a call no trait names (a CardDAV conditional write
//!    by ETag, iP1's raw summary with value lengths): it runs a closure on the wrapped provider
//!    inside the `contact_provider` span, and the closure steps inside with `get_ref`, visibly
//!    leaving behind the layers that have no rule for that call.
//!
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use contacts_core::{ContactProvider, InMemoryProvider, NewContact, layer};
//! let provider = layer::standard(InMemoryProvider::new());
//! let made = provider.create(&[NewContact::new().property("firstName", "Ada")]).await?;
//! // 1. A neutral extra: validated by Checked (an empty label is refused), traced.
//! let labels = provider.label_admin().expect("declared");
//! assert!(labels.add_label("", &[made[0].id.clone()]).await.is_err());
//! labels.add_label("VIP", &[made[0].id.clone()]).await?;
//! // 2. A provider's own method, in the layer's span.
//! let held = provider.in_span("snapshot", async |checked| Ok(checked.get_ref().snapshot().len())).await?;
//! assert_eq!(held, 1);
//! # Ok::<_, contacts_core::Error>(()) }).unwrap();
//! ```

mod checked;
mod checked_optional;
mod inner_capability;
mod read_only;
mod read_only_optional;
mod traced;
mod traced_optional;

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
/// [`Layer`] impl, the `$wrapper<P>` type holding the inner provider, and
/// `get_ref`/`get_mut`/`into_inner` (as tower's wrappers have; deliberately no `Deref`, which
/// would let a call skip the layer without saying so). Each layer's file then holds only its
/// docs and its `ContactProvider` impl.
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
            /// The wrapped provider, by reference.
            ///
            /// A call made on it skips this layer: no refusal, span or guard of the layer
            /// applies. For a provider's own methods (a vendor's extras) that should keep the
            /// layers, see [the module docs](crate::layer#vendor-extras).
            pub fn get_ref(&self) -> &P {
                &self.inner
            }

            /// The wrapped provider, mutably (to change its settings in place; the layer keeps
            /// no state of its own about it, so nothing goes stale).
            ///
            /// As with [`get_ref`](Self::get_ref), calls made on it skip this layer.
            pub fn get_mut(&mut self) -> &mut P {
                &mut self.inner
            }

            /// Unwraps the provider, giving up this layer.
            pub fn into_inner(self) -> P {
                self.inner
            }
        }
    };
}
use layer_type;
