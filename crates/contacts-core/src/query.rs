//! Filters and list queries.

use crate::{Contact, Labels};
use compact_str::CompactString;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which contacts an operation applies to. An empty filter matches every contact.
///
/// ```
/// use contacts_core::ContactFilter;
/// let filter = ContactFilter::new().label("Sales").label("VIP").property("company", "ACME");
/// assert!(!filter.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContactFilter {
    /// A contact matches when it carries **all** of these labels.
    #[serde(default, skip_serializing_if = "Labels::is_empty")]
    pub labels: Labels,
    /// Exact string equality on each property.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<String, String>,
    /// Exact string equality on metadata fields addressed as `property.field`
    /// (e.g. `phoneNumber.isBlocked` = `false`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

impl ContactFilter {
    /// Matches everything.
    pub fn new() -> Self {
        Self::default()
    }

    /// Requires a label.
    #[must_use]
    pub fn label(mut self, label: impl Into<CompactString>) -> Self {
        self.labels.insert(label);
        self
    }

    /// Requires `key` to equal `value` exactly.
    #[must_use]
    pub fn property(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.properties.insert(key.into(), value.into());
        self
    }

    /// Requires the metadata field `path` (`property.field`) to equal `value`.
    #[must_use]
    pub fn metadata(mut self, path: impl Into<String>, value: impl Into<String>) -> Self {
        self.metadata.insert(path.into(), value.into());
        self
    }

    /// Whether this filter matches every contact.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty() && self.properties.is_empty() && self.metadata.is_empty()
    }

    /// Whether `contact` matches: the reference semantics, which providers without server-side
    /// filtering apply client-side. Metadata conditions need `contact.metadata`; a contact
    /// without metadata matches no metadata condition.
    pub fn matches(&self, contact: &Contact) -> bool {
        contact.labels.contains_all(&self.labels)
            && self
                .properties
                .iter()
                .all(|(k, v)| contact.properties.get(k) == Some(v.as_str()))
            && self.metadata.iter().all(|(path, v)| {
                contact
                    .metadata
                    .as_ref()
                    .and_then(|m| m.lookup(path))
                    .is_some_and(|found| found == v)
            })
    }
}

/// The order of a listing. Providers list in a stable order of their choosing (creation order
/// where they can); `Descending` is exactly the reverse of `Ascending`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Order {
    /// Oldest first.
    #[default]
    Ascending,
    /// Newest first.
    Descending,
}

/// A listing request: which contacts, how many per page, in which order.
///
/// ```
/// use contacts_core::{ContactFilter, ContactQuery, Order};
/// let q = ContactQuery::new()
///     .filter(ContactFilter::new().label("VIP"))
///     .page_size(100)
///     .order(Order::Descending)
///     .with_metadata();
/// assert_eq!(q.page_size, Some(100));
/// assert!(q.include_metadata);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContactQuery {
    /// Which contacts.
    #[serde(default)]
    pub filter: ContactFilter,
    /// Return metadata with each contact.
    #[serde(default)]
    pub include_metadata: bool,
    /// Contacts per page; `None` is the provider's default. Must be between 1 and
    /// [`Capabilities::max_page_size`](crate::Capabilities::max_page_size).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub page_size: Option<u32>,
    /// Listing order.
    #[serde(default)]
    pub order: Order,
}

impl ContactQuery {
    /// Every contact, default page size, ascending, no metadata.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the filter.
    #[must_use]
    pub fn filter(mut self, filter: ContactFilter) -> Self {
        self.filter = filter;
        self
    }

    /// Sets the page size.
    #[must_use]
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size);
        self
    }

    /// Sets the order.
    #[must_use]
    pub fn order(mut self, order: Order) -> Self {
        self.order = order;
        self
    }

    /// Asks for metadata.
    #[must_use]
    pub fn with_metadata(mut self) -> Self {
        self.include_metadata = true;
        self
    }
}

/// Options of a single-contact read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GetOptions {
    /// Return the provider-computed metadata too.
    pub include_metadata: bool,
}

impl GetOptions {
    /// Asks for metadata.
    pub fn with_metadata() -> Self {
        Self {
            include_metadata: true,
        }
    }
}

/// What a mass delete removes. There is deliberately no way to turn an empty filter into
/// "everything": wiping an account needs [`DeleteTarget::EveryContact`], spelled out.
///
/// ```
/// use contacts_core::{ContactFilter, DeleteTarget};
/// let target = DeleteTarget::Matching(ContactFilter::new().label("Imported"));
/// assert!(target.filter().is_some());
/// assert!(DeleteTarget::EveryContact.filter().is_none());
/// ```
///
/// In JSON (the provider protocol's form): `{"matching":{"labels":["Imported"]}}` or
/// `"everyContact"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum DeleteTarget {
    /// Contacts matching a **non-empty** filter; an empty one is refused with `InvalidInput`.
    Matching(ContactFilter),
    /// Every contact the provider can reach. Irreversible.
    EveryContact,
}

impl DeleteTarget {
    /// The filter, unless this is [`DeleteTarget::EveryContact`].
    pub fn filter(&self) -> Option<&ContactFilter> {
        match self {
            DeleteTarget::Matching(f) => Some(f),
            DeleteTarget::EveryContact => None,
        }
    }
}
