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
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use contacts_core::{ContactFilter, ContactProvider, ContactProviderExt, ContactQuery, NewContact};
//! use futures::TryStreamExt;
//! use provider_ip1::Ip1Provider;
//! # let emulator = contacts_emulator::ip1::Ip1Emulator::builder().api_key("my-key").start().await.unwrap();
//! # let base_url = emulator.base_url(); // in production: leave the default https://api.ip1sms.com
//! let ip1 = Ip1Provider::builder().api_key("my-key").base_url(base_url).build()?;
//! let created = ip1
//!     .create(&[NewContact::new().property("phoneNumber", "+46701234567").label("VIP")])
//!     .await?;
//! let vips: Vec<_> = ip1
//!     .list(ContactQuery::new().filter(ContactFilter::new().label("VIP")))
//!     .try_collect()
//!     .await?;
//! assert_eq!(vips[0].id, created[0].id);
//! // iP1's summary as the neutral capability: through the layers (checked, traced).
//! assert_eq!(ip1.account_summary().unwrap().summarize().await?.total_count, 1);
//! # Ok::<_, contacts_core::Error>(()) }).unwrap();
//! ```

mod builder;
mod delete_verb;
mod deletes;
mod extras;
mod filters;
mod listing;
mod mapping;
mod optional;
mod provider;
mod register;

pub use builder::{DEFAULT_BASE_URL, DEFAULT_CREATE_CONCURRENCY, Ip1ProviderBuilder};
pub use extras::{LabelUsage, PropertyUsage, Summary};
pub use provider::{IP1_PROVIDER, ImportReceipt, Ip1Provider, MAX_SYNC_IMPORT};
pub use register::{from_config, register};
