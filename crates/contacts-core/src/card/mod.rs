//! The rich contact card: JSContact (RFC 9553), the standard model of real address books.
//!
//! SMS vendors store a handful of flat properties per contact; address books (CardDAV, the
//! files phones export) store whole cards: several numbers, addresses, photos, birthdays,
//! names with every component, and properties of their own. A [`Contact`](crate::Contact)
//! carries both: the [`Properties`](crate::Properties) stay the simple view every provider
//! understands, and [`Contact::card`](crate::Contact::card) holds the whole card where the
//! provider stores one. The flat view is derived from the card in one place
//! ([`Card::flat_properties`], [`Card::flat_labels`]) and flat edits are applied to the card in
//! one place ([`Card::set_property`]), so the two never disagree.
//!
//! The structure follows RFC 9553's JSON names, so a card serialises as a JSContact `Card`
//! object. Whatever this model has no field for (a property of a newer RFC, a vendor's
//! extension, a vCard property RFC 9555 keeps in `vCard`) is kept in `extra` members, so a card
//! read from one system and written to another loses nothing.
//!
//! ```
//! use contacts_core::card::{Card, Phone};
//! let mut card = Card::new();
//! card.phones.insert("p1", Phone { number: "+46701234567".into(), ..Phone::default() });
//! card.phones.insert("p2", Phone { number: "+15550100".into(), pref: Some(1), ..Phone::default() });
//! card.set_property("firstName", Some("Ada"));
//! let flat = card.flat_properties();
//! assert_eq!(flat.phone_number(), Some("+15550100")); // the preferred phone
//! assert_eq!(flat.first_name(), Some("Ada"));
//! let json = serde_json::to_value(&card).unwrap();
//! assert_eq!(json["@type"], "Card");
//! assert_eq!(json["name"]["components"][0]["kind"], "given");
//! ```

mod entries;
mod extension;
mod flags;
mod flat;
mod id_map;
mod name;
mod parts;

pub use entries::{
    Address, AddressComponent, Anniversary, EmailAddress, Extra, Link, Media, Note, OnlineService,
    OrgUnit, Organization, Phone, Title,
};
pub use extension::{CUSTOM_PROPERTY_PREFIX, VCardExtension};
pub use flags::Flags;
pub use id_map::IdMap;
pub use name::{Name, NameComponent};
pub use parts::CardPart;

use compact_str::CompactString;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The JSContact object type this model holds; only `Card` is a contact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum CardType {
    /// A contact card.
    #[default]
    Card,
}

/// The JSContact version written when a card does not say.
const JSCONTACT_VERSION: &str = "1.0";

fn jscontact_version() -> CompactString {
    CompactString::const_new(JSCONTACT_VERSION)
}

/// A contact card (RFC 9553 `Card`).
///
/// Every multi-valued part is an [`IdMap`] in document order. `extra` holds top-level members
/// this model has no field for (nicknames, related people, extension properties such as
/// `"example.com:shoeSize"`); custom flat properties live there too, under
/// [`CUSTOM_PROPERTY_PREFIX`].
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Card {
    /// Always `Card`.
    #[serde(rename = "@type")]
    pub card_type: CardType,
    /// The JSContact version, `1.0`.
    // A `CompactString`: held inside the card, no allocation per card read.
    #[serde(default = "jscontact_version")]
    #[schemars(with = "String")]
    pub version: CompactString,
    /// The card's identity across systems (vCard `UID`). RFC 9553 requires one; a provider
    /// assigns one when a new card has none, and keeps it across copies.
    pub uid: Option<String>,
    /// `individual`, `org`, `group`, `location`, ...
    pub kind: Option<String>,
    /// When the card was last changed (UTC, RFC 3339).
    pub updated: Option<String>,
    /// The program that wrote the card.
    pub prod_id: Option<String>,
    /// The name, with all of its components.
    pub name: Option<Name>,
    /// Organisations, with their units.
    #[serde(default, skip_serializing_if = "IdMap::is_empty")]
    pub organizations: IdMap<Organization>,
    /// Job titles and roles.
    #[serde(default, skip_serializing_if = "IdMap::is_empty")]
    pub titles: IdMap<Title>,
    /// Phone numbers.
    #[serde(default, skip_serializing_if = "IdMap::is_empty")]
    pub phones: IdMap<Phone>,
    /// E-mail addresses.
    #[serde(default, skip_serializing_if = "IdMap::is_empty")]
    pub emails: IdMap<EmailAddress>,
    /// Postal addresses.
    #[serde(default, skip_serializing_if = "IdMap::is_empty")]
    pub addresses: IdMap<Address>,
    /// Accounts on online services (messaging, social).
    #[serde(default, skip_serializing_if = "IdMap::is_empty")]
    pub online_services: IdMap<OnlineService>,
    /// Free-text notes.
    #[serde(default, skip_serializing_if = "IdMap::is_empty")]
    pub notes: IdMap<Note>,
    /// Birthdays and other dates.
    #[serde(default, skip_serializing_if = "IdMap::is_empty")]
    pub anniversaries: IdMap<Anniversary>,
    /// Photos, logos and sounds.
    #[serde(default, skip_serializing_if = "IdMap::is_empty")]
    pub media: IdMap<Media>,
    /// Links to resources about the person.
    #[serde(default, skip_serializing_if = "IdMap::is_empty")]
    pub links: IdMap<Link>,
    /// Keywords (vCard `CATEGORIES`): the contact's labels.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub keywords: BTreeMap<String, bool>,
    /// What a vCard held that JSContact has no name for (RFC 9555 §3.3).
    #[serde(
        default,
        rename = "vCard",
        skip_serializing_if = "VCardExtension::is_empty"
    )]
    pub vcard: VCardExtension,
    /// Every other member, kept as written.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Card {
    /// An empty card (no uid yet).
    pub fn new() -> Self {
        Self {
            version: jscontact_version(),
            ..Self::default()
        }
    }

    /// Gives the card a new `urn:uuid:` uid if it has none (as a provider does when it stores
    /// a new card), and returns the uid.
    pub fn ensure_uid(&mut self) -> &str {
        self.uid.get_or_insert_with(crate::random::urn_uuid)
    }

    /// The card as RFC 9553 JSON.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }

    /// The name a person sees for the card, as address books show one: the full name, else
    /// the name's parts ([`Name::display_name`]), else the first organisation's name, e-mail
    /// address or the phone number; empty when the card has none of them. What vCard's
    /// required `FN` is written from when the card has no full name.
    ///
    /// ```
    /// use contacts_core::card::{Card, EmailAddress};
    /// let mut card = Card::new();
    /// card.emails.insert("e1", EmailAddress { address: "ada@example.com".into(), ..Default::default() });
    /// assert_eq!(card.display_name(), "ada@example.com");
    /// card.set_property("lastName", Some("Lovelace"));
    /// card.set_property("firstName", Some("Ada"));
    /// assert_eq!(card.display_name(), "Ada Lovelace");
    /// ```
    pub fn display_name(&self) -> String {
        self.name
            .as_ref()
            .and_then(Name::display_name)
            .or_else(|| self.organizations.values().find_map(|o| o.name.clone()))
            .or_else(|| self.emails.values().next().map(|e| e.address.clone()))
            .or_else(|| self.flat_properties().phone_number().map(str::to_owned))
            .unwrap_or_default()
    }
}
