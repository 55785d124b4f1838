//! What JSContact has no name for: RFC 9555's `vCard` member, and the namespace of custom
//! flat properties.

use super::entries::Extra;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The prefix under which a custom flat property (any key besides the well-known ones) is
/// kept in a card, as a JSContact vendor extension property (RFC 9553 §1.8):
/// `firstName` is the name's given component, but `shoeSize` is the card member
/// `"contacts-rs.github.io:shoeSize"`. vCard carries it as
/// `JSPROP;JSPTR="contacts-rs.github.io:shoeSize":"42"` (RFC 9555 §3.2.2), so it survives a
/// CardDAV server and comes back as the same flat property.
pub const CUSTOM_PROPERTY_PREFIX: &str = "contacts-rs.github.io:";

/// RFC 9555's `vCard` member: the vCard properties and parameters a conversion had no
/// JSContact name for, so converting back gives the same vCard.
///
/// `properties` are jCard-style arrays (`["x-custom", {"x-param":"1"}, "unknown", "value"]`);
/// `convertedProperties` maps a JSON pointer in the card (`"phones/k1/number"`) to the vCard
/// parameters and name it came from (a group such as `item1`, `X-ABLABEL`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct VCardExtension {
    /// Pointer to the vCard name and parameters of a converted property.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub converted_properties: BTreeMap<String, Value>,
    /// vCard properties with no JSContact counterpart, as jCard arrays.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<Value>,
    /// Everything else, kept as written.
    #[serde(flatten)]
    pub extra: Extra,
}

impl VCardExtension {
    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.converted_properties.is_empty() && self.properties.is_empty() && self.extra.is_empty()
    }

    /// The vCard version the card was read from (`3.0`, `4.0`), kept so that a card written
    /// back goes out in its own version.
    pub fn version(&self) -> Option<&str> {
        self.properties.iter().find_map(|p| {
            let name = p.get(0)?.as_str()?;
            name.eq_ignore_ascii_case("version")
                .then(|| p.get(3)?.as_str())
                .flatten()
        })
    }

    /// The names of the vCard properties kept here (`x-custom-thing`), the version left out.
    pub fn property_names(&self) -> impl Iterator<Item = &str> {
        self.properties
            .iter()
            .filter_map(|p| p.get(0)?.as_str())
            .filter(|name| !name.eq_ignore_ascii_case("version"))
    }
}
