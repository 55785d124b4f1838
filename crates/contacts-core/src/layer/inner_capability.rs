//! The optional capability of the provider a layer wraps, or `Unsupported` naming it, and the
//! [`capability_impls!`] macro that writes a layer's impls of the capability traits around it.
//!
//! Every layer implements every capability trait and, for what it lets through, forwards to
//! the inner provider's; this is the one place that reaches it (the layers' accessors offer a
//! capability only where the inner provider has it, so the error is seen only by calling the
//! trait on a layer directly).

use crate::optional::{
    AddressBookAdmin, BackgroundImport, Blocklist, ChangeFeed, LabelAdmin, Summarize,
};
use crate::{ContactProvider, Error, Result};

fn need<'a, T: ?Sized, P: ContactProvider + ?Sized>(
    provider: &P,
    found: Option<&'a T>,
    operation: &str,
) -> Result<&'a T> {
    found.ok_or_else(|| Error::unsupported(provider.name(), operation))
}

/// Writes, for each capability, the function that finds it on a provider (or is `Unsupported`
/// naming what is missing): `finder: Trait = accessor, "what the error names";`.
macro_rules! finders {
    ($($finder:ident: $trait:ident = $accessor:ident, $what:literal;)+) => {$(
        #[doc = concat!("The provider's `", stringify!($trait), "`, or `Unsupported` naming ",
            $what, ".")]
        pub(super) fn $finder<P: ContactProvider + ?Sized>(p: &P) -> Result<&dyn $trait> {
            need(p, p.$accessor(), $what)
        }
    )+};
}

finders! {
    books: AddressBookAdmin = address_books, "address books";
    labels: LabelAdmin = label_admin, "label administration";
    blocklist: Blocklist = blocklist, "a blocklist";
    summary: Summarize = account_summary, "an account summary";
    imports: BackgroundImport = background_import, "background import";
    feed: ChangeFeed = change_feed, "a change feed";
}

/// Writes a layer's `#[async_trait]` impls of optional-capability traits, so that each layer's
/// file holds only what the layer does to each call (its checks, its span fields, its
/// refusals), not the same forwarding written out for all eighteen methods.
///
/// ```text
/// capability_impls! { Wrapper, around method:
///     Trait via finder {
///         /// docs and attributes pass through
///         async fn read(&self, id: &Id) -> Result<Answer>;
///         async fn write(&self, name: &str) -> Result<()> { validate::name("name", name)?; }
///         async fn refused(&self, _name: &str) -> Result<()> = hook;
///     }
/// }
/// ```
///
/// - A method ending in `;` calls the same method, with the same arguments, on the inner
///   provider's capability found by `finder` (one of this module's finders).
/// - A method with a block runs the block's statements first (a validation that returns early
///   with `?`), then forwards the same way.
/// - A method `= hook` forwards nothing: it is `Err(self.hook("method"))` (`ReadOnly`'s
///   refusal, say).
/// - With `, around method`, the forwarding (statements included) is the future given to
///   `self.method("method", future)`, which awaits it in its own way (`Traced` opens a span
///   around it, so the statements see it as `Span::current()`).
///
/// `&self` is passed in by the caller so that the statements it writes can use `self`.
macro_rules! capability_impls {
    ($wrapper:ident $(, around $around:ident)?: $($impls:tt)+) => {
        $crate::layer::inner_capability::capability_impls!(@impls $wrapper [$($around)?]
            $($impls)+);
    };
    (@impls $wrapper:ident $around:tt $(
        $trait:ident via $find:ident {$(
            $(#[$meta:meta])*
            async fn $method:ident(&$this:ident $(, $arg:ident: $ty:ty)*) -> $ret:ty
                $(= $hook:ident)? $({ $($pre:tt)* })? $(;)?
        )+}
    )+) => {$(
        #[::async_trait::async_trait]
        impl<P: $crate::ContactProvider> $crate::optional::$trait for $wrapper<P> {$(
            $(#[$meta])*
            async fn $method(&$this $(, $arg: $ty)*) -> $ret {
                $crate::layer::inner_capability::capability_impls!(@body $this $around
                    [$($hook)?] $method $find ($($arg),*) { $($($pre)*)? })
            }
        )+}
    )+};
    (@body $this:ident $around:tt [$hook:ident] $method:ident $find:ident $args:tt $pre:tt) => {
        Err($this.$hook(stringify!($method)))
    };
    (@body $this:ident [] [] $method:ident $find:ident ($($arg:ident),*) { $($pre:tt)* }) => {{
        $($pre)*
        $crate::layer::inner_capability::$find($this.get_ref())?
            .$method($($arg),*)
            .await
    }};
    (@body $this:ident [$around:ident] [] $method:ident $find:ident ($($arg:ident),*)
        { $($pre:tt)* }) => {
        $this
            .$around(stringify!($method), async {
                $($pre)*
                $crate::layer::inner_capability::$find($this.get_ref())?
                    .$method($($arg),*)
                    .await
            })
            .await
    };
}
pub(super) use capability_impls;
