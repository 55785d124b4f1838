//! Stored contacts and contacts about to be created.

use crate::{AddressBookId, ContactId, Labels, Metadata, Properties};
use compact_str::CompactString;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A contact as a provider stores it.
///
/// Serialises to the canonical camelCase JSON:
/// `{"id","ownerId","properties":{…},"labels":[…],"metadata":{…},"addressBook"}`, leaving out
/// what the provider does not have.
///
/// ```
/// use contacts_core::Contact;
/// let c: Contact = serde_json::from_str(
///     r#"{"id":"606312a5d233ab8484e18404","properties":{"phoneNumber":"+46123456789"},"labels":["Coworker"]}"#,
/// ).unwrap();
/// assert_eq!(c.properties.phone_number(), Some("+46123456789"));
/// assert!(c.metadata.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    /// The provider's native id.
    pub id: ContactId,
    /// The account that owns the contact, where the provider says.
    // A `CompactString`, as ids are: an account name up to 24 bytes costs no allocation,
    // which counts when a listing reads thousands of contacts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub owner_id: Option<CompactString>,
    /// The contact's properties.
    #[serde(default)]
    pub properties: Properties,
    /// User labels (never system labels).
    #[serde(default)]
    pub labels: Labels,
    /// Provider-computed metadata; `None` unless it was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// The address book holding the contact, where the provider has address books.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_book: Option<AddressBookId>,
}

impl Contact {
    /// The writable part of this contact, e.g. to create a copy elsewhere or to replace.
    pub fn to_new(&self) -> NewContact {
        NewContact {
            properties: self.properties.clone(),
            labels: self.labels.clone(),
            address_book: self.address_book.clone(),
        }
    }
}

/// A contact to create, or the whole new document for a replace.
///
/// ```
/// use contacts_core::NewContact;
/// let c = NewContact::new()
///     .property("phoneNumber", "+46123456789")
///     .property("firstName", "Icarus")
///     .label("Coworker");
/// assert_eq!(c.properties.len(), 2);
/// assert!(c.labels.contains("Coworker"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewContact {
    /// Properties to store.
    #[serde(default)]
    pub properties: Properties,
    /// Labels to set.
    #[serde(default)]
    pub labels: Labels,
    /// Where the provider has address books and lets a write choose one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_book: Option<AddressBookId>,
}

impl NewContact {
    /// An empty document.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a property (an empty value sets nothing).
    #[must_use]
    pub fn property(
        mut self,
        key: impl Into<CompactString>,
        value: impl Into<CompactString>,
    ) -> Self {
        self.properties.set(key, value);
        self
    }

    /// Adds a label.
    #[must_use]
    pub fn label(mut self, label: impl Into<CompactString>) -> Self {
        self.labels.insert(label);
        self
    }

    /// Chooses the address book.
    #[must_use]
    pub fn address_book(mut self, book: impl Into<AddressBookId>) -> Self {
        self.address_book = Some(book.into());
        self
    }
}
