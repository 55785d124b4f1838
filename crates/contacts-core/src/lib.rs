//! # contacts-core
//!
//! The neutral contact model and the [`ContactProvider`] trait that every adapter of the
//! `contacts` toolkit implements, with typed [`Error`]s, truthful [`Capabilities`] and
//! [`InMemoryProvider`], the reference model the conformance suite compares every provider to.
//!
//! Rules every provider must obey are enforced once, in [`layer`]s that wrap any provider:
//! [`CheckedLayer`](layer::CheckedLayer) refuses what the contract refuses before the provider
//! sees it, [`TracingLayer`](layer::TracingLayer) opens one span per operation, and
//! [`ReadOnlyLayer`](layer::ReadOnlyLayer) refuses writes. [`Registry::build`], the provider
//! builders and the conformance suite's `Factory` return providers in the [`Standard`] layers,
//! so an adapter holds only what only it can know.
//!
//! This crate knows no vendor and no HTTP: adapters live in their own crates
//! (`provider-ip1`, `provider-addressbook`) and share transport code in `contacts-http`.
//!
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use contacts_core::{ContactPatch, ContactProvider, GetOptions, InMemoryProvider, NewContact};
//!
//! let provider = InMemoryProvider::new();
//! let [ada] = <[_; 1]>::try_from(
//!     provider.create(&[NewContact::new().property("firstName", "Ada").label("VIP")]).await?,
//! ).unwrap();
//! let ada = provider.update(&ada.id, &ContactPatch::new().set("email", "ada@example.com")).await?;
//! assert_eq!(ada.properties.email(), Some("ada@example.com"));
//! provider.delete(&ada.id).await?;
//! assert!(provider.get(&ada.id, &GetOptions::default()).await.unwrap_err().is_not_found());
//! # Ok::<_, contacts_core::Error>(()) }).unwrap();
//! ```

mod capabilities;
pub mod card;
mod contact;
mod error;
mod ext;
mod forward_provider;
mod id;
mod id_forms;
mod labels;
pub mod layer;
mod map_entries;
mod memory;
mod metadata;
#[cfg(feature = "mock")]
pub mod mock;
pub mod optional;
mod page;
mod patch;
mod properties;
mod provider;
mod provider_identity;
mod query;
mod random;
mod registry;
mod token_bucket;
pub mod validate;

pub use capabilities::{Capabilities, FilterSupport, KeySupport, RateLimit};
pub use card::Card;
pub use contact::{Contact, NewContact};
pub use error::{Error, PartialFailure, Result};
pub use ext::{ContactProviderExt, DeleteReport, Upserted};
pub use id::{AddressBookId, ContactId};
pub use id_forms::{decimal_id, path_segment, percent_encode};
pub use labels::Labels;
pub use layer::{Layer, Standard};
pub use memory::{InMemoryProvider, MEMORY_PROVIDER};
pub use metadata::{Metadata, PhoneMetadata};
#[cfg(feature = "mock")]
pub use mock::MockContactProvider;
pub use page::{Page, PageToken, PendingPage};
pub use patch::ContactPatch;
pub use properties::{Properties, keys};
pub use provider::ContactProvider;
pub use query::{ContactFilter, ContactQuery, DeleteTarget, GetOptions, Order};
pub use registry::{ProviderConfig, ProviderFactory, Registry, is_secret_key};
pub use token_bucket::TokenBucket;

/// Re-exported so implementors use the same `async_trait` as the trait.
pub use async_trait::async_trait;
