//! Optional capabilities: what only some providers have, as small object-safe traits.
//!
//! A [`ContactProvider`](crate::ContactProvider) offers each through an accessor with a
//! default of `None` ([`address_books`](crate::ContactProvider::address_books),
//! [`label_admin`](crate::ContactProvider::label_admin),
//! [`blocklist`](crate::ContactProvider::blocklist),
//! [`change_feed`](crate::ContactProvider::change_feed),
//! [`account_summary`](crate::ContactProvider::account_summary),
//! [`background_import`](crate::ContactProvider::background_import)), so a tool holding a
//! `dyn ContactProvider` discovers them at run time, and declares each in
//! [`Capabilities`](crate::Capabilities). Every layer wraps them: `CheckedLayer` hides
//! the undeclared ones and validates inputs, `TracingLayer` gives each call a span,
//! `ReadOnlyLayer` refuses their writes. This is also how a vendor's extra with a neutral
//! meaning is reached without skipping the layers (see
//! [the layers' docs](crate::layer#vendor-extras)).
//!
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use contacts_core::{ContactProvider, InMemoryProvider, NewContact};
//! let memory = InMemoryProvider::new();
//! let created = memory.create(&[NewContact::new().property("firstName", "Ada")]).await?;
//! let labels = memory.label_admin().expect("the reference model administers labels");
//! labels.add_label("VIP", &[created[0].id.clone()]).await?;
//! assert_eq!(labels.label_counts().await?[0].count, 1);
//! assert!(memory.address_books().is_none(), "declared only by with_capabilities");
//! # Ok::<_, contacts_core::Error>(()) }).unwrap();
//! ```

pub mod blocklist;
pub mod books;
pub mod changes;
pub mod import;
pub mod labels;
pub mod summary;

pub use blocklist::Blocklist;
pub use books::{AddressBookAdmin, AddressBookInfo};
pub use changes::{ChangeFeed, ChangeSet, ChangeToken, RevisionTokens};
pub use import::{BackgroundImport, ImportJob, ImportProgress};
pub use labels::{LabelAdmin, LabelCount};
pub use summary::{AccountSummary, PropertyCount, Summarize};

/// The six optional-capability accessors of a [`ContactProvider`](crate::ContactProvider)
/// impl, written once from one table (accessor, trait, [`Capabilities`](crate::Capabilities)
/// flag) instead of six times in every type that offers them. Write it inside the
/// `impl ContactProvider` block, in one of three modes:
/// - `declared`: the provider itself, where its capabilities declare it (the reference model,
///   an adapter that implements every optional trait and declares what its account has);
/// - `wrap`: the wrapper itself, where the provider in its field `inner` has one, so the
///   wrapper's `AddressBookAdmin`/… impls see every call (a layer; none passes the inner
///   provider's own through: a call that reached it directly would skip the layer);
/// - `wrap declared`: as `wrap`, and only where the capabilities declare it.
///
/// The type must implement the six traits ([`AddressBookAdmin`], [`LabelAdmin`],
/// [`Blocklist`], [`Summarize`], [`BackgroundImport`], [`ChangeFeed`]); an accessor hands one
/// out only as its mode says. provider-remote, whose server declares what it offers, is one
/// line of it: `contacts_core::optional_accessors!(declared);` in its `impl ContactProvider`.
#[macro_export]
macro_rules! optional_accessors {
    ($($mode:ident)+) => {
        $crate::optional_accessors!(@for_each [optional_accessors @each [$($mode)+]]
            address_books, label_admin, blocklist, account_summary, background_import,
            change_feed);
    };
    (@each [declared] $accessor:ident: $trait:ident if $flag:ident) => {
        fn $accessor(&self) -> Option<&dyn $crate::optional::$trait> {
            let declared = self.capabilities().$flag;
            declared.then_some(self as &dyn $crate::optional::$trait)
        }
    };
    (@each [wrap] $accessor:ident: $trait:ident if $flag:ident) => {
        fn $accessor(&self) -> Option<&dyn $crate::optional::$trait> {
            self.inner.$accessor().map(|_| self as &dyn $crate::optional::$trait)
        }
    };
    (@each [wrap declared] $accessor:ident: $trait:ident if $flag:ident) => {
        fn $accessor(&self) -> Option<&dyn $crate::optional::$trait> {
            let declared = self.capabilities().$flag;
            self.inner
                .$accessor()
                .filter(|_| declared)
                .map(|_| self as &dyn $crate::optional::$trait)
        }
    };
    // Looks each named accessor up in the table below, handing its row on as `@row` does.
    (@for_each $with:tt $($accessor:ident),+) => {
        $($crate::optional_accessors!(@row $with $accessor);)+
    };
    // The table, one row per accessor: the trait it hands out and the `Capabilities` flag that
    // declares it. `@row [$mac $($args)*] accessor` expands to
    // `$crate::$mac!($($args)* accessor: Trait if flag)`. Internal to this crate; also how
    // `forward_provider!` finds the trait of an accessor it forwards.
    (@row [$mac:ident $($args:tt)*] address_books) => {
        $crate::$mac!($($args)* address_books: AddressBookAdmin if address_book_admin);
    };
    (@row [$mac:ident $($args:tt)*] label_admin) => {
        $crate::$mac!($($args)* label_admin: LabelAdmin if label_admin);
    };
    (@row [$mac:ident $($args:tt)*] blocklist) => {
        $crate::$mac!($($args)* blocklist: Blocklist if blocklist);
    };
    (@row [$mac:ident $($args:tt)*] account_summary) => {
        $crate::$mac!($($args)* account_summary: Summarize if account_summary);
    };
    (@row [$mac:ident $($args:tt)*] background_import) => {
        $crate::$mac!($($args)* background_import: BackgroundImport if background_import);
    };
    (@row [$mac:ident $($args:tt)*] change_feed) => {
        $crate::$mac!($($args)* change_feed: ChangeFeed if change_feed);
    };
}
