//! Stored contacts and contacts about to be created.

use crate::{AddressBookId, Card, ContactId, Labels, Metadata, Properties};
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
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    /// The provider's native id.
    pub id: ContactId,
    /// The account that owns the contact, where the provider says.
    // A `CompactString`, as ids are: an account name up to 24 bytes costs no allocation,
    // which counts when a listing reads thousands of contacts.
    #[schemars(with = "Option<String>")]
    pub owner_id: Option<CompactString>,
    /// The contact's properties.
    #[serde(default)]
    pub properties: Properties,
    /// User labels (never system labels).
    #[serde(default)]
    pub labels: Labels,
    /// Provider-computed metadata; `None` unless it was asked for.
    pub metadata: Option<Metadata>,
    /// The address book holding the contact, where the provider has address books.
    pub address_book: Option<AddressBookId>,
    /// The whole card, where the provider stores cards
    /// ([`Capabilities::card_parts`](crate::Capabilities::card_parts)); `properties` and
    /// `labels` are then its flat view ([`Card::flat_properties`], [`Card::flat_labels`]).
    // Boxed: most contacts of SMS vendors have none, and listings hold thousands of contacts.
    pub card: Option<Box<Card>>,
}

impl Contact {
    /// The contact `doc` becomes under `id` in a store that keeps every field as written and
    /// computes nothing: no owner, no metadata. For test fixtures and for stores (files,
    /// doubles) that hold documents as they are given; a provider that adds fields builds
    /// the [`Contact`] itself.
    ///
    /// ```
    /// use contacts_core::{Contact, NewContact};
    /// let doc = NewContact::new().property("firstName", "Ada").label("VIP");
    /// let c = Contact::from_new("7", doc.clone());
    /// assert_eq!((c.id.as_str(), c.to_new()), ("7", doc));
    /// assert!(c.owner_id.is_none() && c.metadata.is_none());
    /// ```
    pub fn from_new(id: impl Into<ContactId>, doc: NewContact) -> Self {
        Self {
            id: id.into(),
            owner_id: None,
            properties: doc.properties,
            labels: doc.labels,
            metadata: None,
            address_book: doc.address_book,
            card: doc.card,
        }
    }

    /// The writable part of this contact, e.g. to create a copy elsewhere or to replace.
    pub fn to_new(&self) -> NewContact {
        NewContact {
            properties: self.properties.clone(),
            labels: self.labels.clone(),
            address_book: self.address_book.clone(),
            card: self.card.clone(),
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
#[serde_with::skip_serializing_none]
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
    pub address_book: Option<AddressBookId>,
    /// The whole card, for providers that store cards. When set, `properties` and `labels`
    /// must be its flat view: build the document with [`NewContact::from_card`], and the
    /// builder methods below keep both in step.
    pub card: Option<Box<Card>>,
}

impl NewContact {
    /// An empty document.
    pub fn new() -> Self {
        Self::default()
    }

    /// A document holding `card`, with its flat view as properties and labels.
    ///
    /// ```
    /// use contacts_core::{card::Card, NewContact};
    /// let mut card = Card::new();
    /// card.set_property("email", Some("ada@example.com"));
    /// let doc = NewContact::from_card(card).label("VIP");
    /// assert_eq!(doc.properties.email(), Some("ada@example.com"));
    /// assert!(doc.card.unwrap().keywords.contains_key("VIP"));
    /// ```
    pub fn from_card(card: Card) -> Self {
        Self {
            properties: card.flat_properties(),
            labels: card.flat_labels(),
            address_book: None,
            card: Some(Box::new(card)),
        }
    }

    /// Sets a property (an empty value removes it), in the card too if there is one.
    #[must_use]
    pub fn property(
        mut self,
        key: impl Into<CompactString>,
        value: impl Into<CompactString>,
    ) -> Self {
        let (key, value) = (key.into(), value.into());
        if let Some(card) = &mut self.card {
            card.set_property(&key, Some(&value));
        }
        self.properties.set(key, value);
        self
    }

    /// Adds a label, to the card's keywords too if there is a card.
    #[must_use]
    pub fn label(mut self, label: impl Into<CompactString>) -> Self {
        let label = label.into();
        if let Some(card) = &mut self.card {
            card.keywords.insert(label.to_string(), true);
        }
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
