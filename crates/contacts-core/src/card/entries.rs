//! The multi-valued parts of a card (RFC 9553 §2.3–2.8): phones, e-mails, addresses, online
//! services, organisations, titles, notes, anniversaries, media and links.
//!
//! Each keeps what this model does not name in `extra`, so a card read from one system and
//! written to another carries properties neither of them was written for.
//!
//! A `kind` (`surname`, `postcode`, `photo`, `birth`) is one of a few short names, so it is a
//! [`CompactString`], held inside the entry: every card read from a file has several, and an
//! allocation each was a measurable part of reading one.

use super::flags::Flags;
use compact_str::CompactString;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Properties of an entry this model has no field for, kept as they were.
pub type Extra = Map<String, Value>;

/// Whether a flag set is empty, for `skip_serializing_if`.
fn none(flags: &Flags) -> bool {
    flags.is_empty()
}

/// A phone number (RFC 9553 §2.3.3, `Phone`).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Phone {
    /// The number as written (a `tel:` URI or free text).
    pub number: String,
    /// What it is for: `mobile`, `voice`, `fax`, `text`, ...
    #[serde(default, skip_serializing_if = "none")]
    pub features: Flags,
    /// Where it applies: `private`, `work`.
    #[serde(default, skip_serializing_if = "none")]
    pub contexts: Flags,
    /// Preference, 1 (most preferred) to 100.
    pub pref: Option<u32>,
    /// A label a person gave it.
    pub label: Option<String>,
    /// Everything else, kept as written.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An e-mail address (RFC 9553 §2.3.1, `EmailAddress`).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmailAddress {
    /// The address.
    pub address: String,
    /// Where it applies: `private`, `work`.
    #[serde(default, skip_serializing_if = "none")]
    pub contexts: Flags,
    /// Preference, 1 (most preferred) to 100.
    pub pref: Option<u32>,
    /// A label a person gave it.
    pub label: Option<String>,
    /// Everything else, kept as written.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One part of an address (RFC 9553 §2.5.1.3, `AddressComponent`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AddressComponent {
    /// `name` (street), `number`, `locality`, `region`, `postcode`, `country`, ...
    #[schemars(with = "String")]
    pub kind: CompactString,
    /// The value.
    pub value: String,
    /// Everything else, kept as written.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A postal address (RFC 9553 §2.5.1, `Address`).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    /// The parts, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<AddressComponent>,
    /// The whole address as one text.
    pub full: Option<String>,
    /// ISO 3166-1 country code.
    pub country_code: Option<String>,
    /// Where it applies: `private`, `work`, `billing`, `delivery`.
    #[serde(default, skip_serializing_if = "none")]
    pub contexts: Flags,
    /// Preference, 1 (most preferred) to 100.
    pub pref: Option<u32>,
    /// Everything else (coordinates, time zone, ...), kept as written.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An account on an online service (RFC 9553 §2.3.2, `OnlineService`).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OnlineService {
    /// The service's name (`Skype`, `Mastodon`).
    pub service: Option<String>,
    /// The account as a URI (`xmpp:alice@example.com`).
    pub uri: Option<String>,
    /// The account name, where there is no URI.
    pub user: Option<String>,
    /// Where it applies.
    #[serde(default, skip_serializing_if = "none")]
    pub contexts: Flags,
    /// Preference, 1 (most preferred) to 100.
    pub pref: Option<u32>,
    /// A label a person gave it.
    pub label: Option<String>,
    /// Everything else, kept as written.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A unit of an organisation, outermost first (RFC 9553 §2.2.3, `OrgUnit`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrgUnit {
    /// The unit's name.
    pub name: String,
    /// Everything else, kept as written.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An organisation the person belongs to (RFC 9553 §2.2.3, `Organization`).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    /// The organisation's name.
    pub name: Option<String>,
    /// Its units, outermost first (department, team, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<OrgUnit>,
    /// Where it applies.
    #[serde(default, skip_serializing_if = "none")]
    pub contexts: Flags,
    /// Everything else, kept as written.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A job title or role (RFC 9553 §2.2.5, `Title`).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Title {
    /// The title.
    pub name: String,
    /// `title` or `role`.
    #[schemars(with = "Option<String>")]
    pub kind: Option<CompactString>,
    /// The id of the organisation it belongs to, in [`Card::organizations`](super::Card).
    pub organization_id: Option<String>,
    /// Everything else, kept as written.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A free-text note (RFC 9553 §2.8.3, `Note`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    /// The text.
    pub note: String,
    /// Everything else (author, created), kept as written.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A birthday, wedding day or other date (RFC 9553 §2.8.1, `Anniversary`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Anniversary {
    /// `birth`, `death`, `wedding`, or another kind.
    #[schemars(with = "String")]
    pub kind: CompactString,
    /// A `PartialDate` (`{"@type":"PartialDate","year":1980,"month":2,"day":29}`, any part may
    /// be missing) or a `Timestamp` (`{"@type":"Timestamp","utc":"…"}`), kept as written.
    pub date: Value,
    /// Everything else, kept as written.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Anniversary {
    /// The date as `YYYY-MM-DD`, `--MM-DD` (no year) or `YYYY`, for display; `None` for a
    /// date without year, month or day.
    pub fn date_text(&self) -> Option<String> {
        if let Some(utc) = self.date.get("utc").and_then(Value::as_str) {
            return Some(utc.to_owned());
        }
        let part = |name| self.date.get(name).and_then(Value::as_u64);
        match (part("year"), part("month"), part("day")) {
            (Some(y), Some(m), Some(d)) => Some(format!("{y:04}-{m:02}-{d:02}")),
            (None, Some(m), Some(d)) => Some(format!("--{m:02}-{d:02}")),
            (Some(y), Some(m), None) => Some(format!("{y:04}-{m:02}")),
            (Some(y), None, None) => Some(format!("{y:04}")),
            _ => None,
        }
    }
}

/// A photo, logo or sound (RFC 9553 §2.6.4, `Media`): by URI, a `data:` URI when the bytes
/// are inside the card.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Media {
    /// `photo`, `logo` or `sound`.
    #[schemars(with = "String")]
    pub kind: CompactString,
    /// Where it is, or `data:<type>;base64,<bytes>`.
    pub uri: String,
    /// The media type, where the URI does not say.
    pub media_type: Option<String>,
    /// Where it applies.
    #[serde(default, skip_serializing_if = "none")]
    pub contexts: Flags,
    /// Preference, 1 (most preferred) to 100.
    pub pref: Option<u32>,
    /// Everything else, kept as written.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Media {
    /// Whether the bytes are inside the card (a `data:` URI) rather than linked.
    pub fn is_inline(&self) -> bool {
        Self::is_inline_uri(&self.uri)
    }

    /// Whether `uri` holds the bytes themselves: a `data:` URI (RFC 2397), its scheme in any
    /// case. What [`Media::is_inline`] asks of a media's URI, for a URI not (yet) in a
    /// [`Media`].
    ///
    /// ```
    /// use contacts_core::card::Media;
    /// assert!(Media::is_inline_uri("DATA:image/png;base64,iVBORw0KGgo="));
    /// assert!(!Media::is_inline_uri("https://example.com/a.png"));
    /// ```
    pub fn is_inline_uri(uri: &str) -> bool {
        uri.get(..5)
            .is_some_and(|s| s.eq_ignore_ascii_case("data:"))
    }
}

/// A link to a resource about the person (RFC 9553 §2.6.3, `Link`).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Link {
    /// `contact`, or none for a general link.
    #[schemars(with = "Option<String>")]
    pub kind: Option<CompactString>,
    /// The URI.
    pub uri: String,
    /// Where it applies.
    #[serde(default, skip_serializing_if = "none")]
    pub contexts: Flags,
    /// Preference, 1 (most preferred) to 100.
    pub pref: Option<u32>,
    /// A label a person gave it.
    pub label: Option<String>,
    /// Everything else, kept as written.
    #[serde(flatten)]
    pub extra: Extra,
}
