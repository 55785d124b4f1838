//! # provider-ip1
//!
//! The iP1 SMS REST v2 contacts adapter of the `contacts` toolkit.
//!
//! - [`Ip1Provider`]: iP1 behind the `ContactProvider` trait (see its docs for how the
//!   vendor's gaps are filled), plus iP1-only extras: [`Ip1Provider::summary`],
//!   [`Ip1Provider::add_label`], [`Ip1Provider::remove_label_everywhere`], the blacklist, and
//!   [`Ip1Provider::import_background`].
//! - [`register`]: makes it available to tools as `ip1`.
//!
//! ```no_run
//! # async fn demo() -> contacts_core::Result<()> {
//! use contacts_core::{ContactProvider, NewContact};
//! use provider_ip1::Ip1Provider;
//! let ip1 = Ip1Provider::builder().api_key(std::env::var("IP1_API_KEY").unwrap()).build()?;
//! let created = ip1.create(&[NewContact::new().property("phoneNumber", "+46701234567").label("VIP")]).await?;
//! println!("{}", created[0].id);
//! # Ok(()) }
//! ```

mod builder;
mod extras;
mod link;
mod provider;
mod register;
mod wire;

pub use builder::{DEFAULT_BASE_URL, DEFAULT_CREATE_CONCURRENCY, Ip1ProviderBuilder};
pub use extras::{LabelUsage, PropertyUsage, Summary};
pub use link::link_with_rel;
pub use provider::{IP1_PROVIDER, ImportReceipt, Ip1Provider, MAX_SYNC_IMPORT};
pub use register::{from_config, register};
