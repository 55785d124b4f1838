//! Read-only, provider-computed metadata about a contact's properties.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Metadata as the provider computed it: property name → field → string value.
///
/// The raw map is kept so nothing a provider says is lost; [`Metadata::phone`] gives a typed
/// view of the phone-number fields iP1 documents.
///
/// ```
/// use contacts_core::Metadata;
/// let meta: Metadata = serde_json::from_str(
///     r#"{"phoneNumber":{"isValidPhoneNumber":"true","parsedMSISDN":"46123456789","isBlocked":"false"}}"#,
/// ).unwrap();
/// let phone = meta.phone().unwrap();
/// assert_eq!(phone.valid, Some(true));
/// assert_eq!(phone.blocked, Some(false));
/// assert_eq!(phone.msisdn.as_deref(), Some("46123456789"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Metadata(BTreeMap<String, BTreeMap<String, String>>);

/// Typed view of the metadata of the `phoneNumber` property.
///
/// Every field is optional because providers compute different subsets; a value that is not
/// `"true"`/`"false"` where a flag is expected reads as `None` rather than a guess.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhoneMetadata {
    /// `isPossiblePhoneNumber`: the number has a plausible length for its region.
    pub possible: Option<bool>,
    /// `isValidPhoneNumber`: the number is assigned in its numbering plan.
    pub valid: Option<bool>,
    /// `phoneNumberType`, such as `MOBILE` or `FIXED_LINE`.
    pub number_type: Option<String>,
    /// `parsedMSISDN`: the number in international form without the `+`.
    pub msisdn: Option<String>,
    /// `isBlocked`: the number is on the account's blacklist.
    pub blocked: Option<bool>,
}

impl Metadata {
    /// No metadata.
    pub fn new() -> Self {
        Self::default()
    }

    /// The fields computed for `property`.
    pub fn property(&self, property: &str) -> Option<&BTreeMap<String, String>> {
        self.0.get(property)
    }

    /// One field, addressed as `property.field` (the form iP1 uses in `metadata[…]` filters).
    ///
    /// ```
    /// use contacts_core::Metadata;
    /// let mut meta = Metadata::new();
    /// meta.insert("phoneNumber", "isBlocked", "false");
    /// assert_eq!(meta.lookup("phoneNumber.isBlocked"), Some("false"));
    /// assert_eq!(meta.lookup("phoneNumber"), None);
    /// ```
    pub fn lookup(&self, path: &str) -> Option<&str> {
        let (property, field) = path.split_once('.')?;
        self.0.get(property)?.get(field).map(String::as_str)
    }

    /// Sets one field; used by providers and test doubles that compute metadata.
    pub fn insert(
        &mut self,
        property: impl Into<String>,
        field: impl Into<String>,
        value: impl Into<String>,
    ) {
        self.0
            .entry(property.into())
            .or_default()
            .insert(field.into(), value.into());
    }

    /// Whether there is no metadata at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The raw map.
    pub fn as_map(&self) -> &BTreeMap<String, BTreeMap<String, String>> {
        &self.0
    }

    /// Typed view of the `phoneNumber` metadata, if the provider computed any.
    pub fn phone(&self) -> Option<PhoneMetadata> {
        let fields = self.0.get(crate::keys::PHONE_NUMBER)?;
        let flag = |name: &str| match fields.get(name).map(String::as_str) {
            Some("true") => Some(true),
            Some("false") => Some(false),
            _ => None,
        };
        Some(PhoneMetadata {
            possible: flag("isPossiblePhoneNumber"),
            valid: flag("isValidPhoneNumber"),
            number_type: fields.get("phoneNumberType").cloned(),
            msisdn: fields.get("parsedMSISDN").cloned(),
            blocked: flag("isBlocked"),
        })
    }
}

impl From<BTreeMap<String, BTreeMap<String, String>>> for Metadata {
    fn from(value: BTreeMap<String, BTreeMap<String, String>>) -> Self {
        Self(value)
    }
}
