//! The service document: what a client reads first, to know it speaks the same protocol.

use contacts_core::Capabilities;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The protocol's name, in every service document.
pub const PROTOCOL_NAME: &str = "contacts-provider";

/// The protocol's version: `MAJOR.MINOR`. A client refuses a server of another major version
/// (its paths or bodies may mean something else); a higher minor version only adds.
pub const PROTOCOL_VERSION: &str = "1.0";

/// The answer to `GET /v1`: the protocol and version the server speaks, and the provider
/// behind it with its capabilities (which optional paths answer is read from them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
// Not `deny_unknown_fields`: a later minor version may add members, and a client of this one
// must still read the document.
#[serde(rename_all = "camelCase")]
pub struct ServiceDocument {
    /// Always [`PROTOCOL_NAME`].
    pub protocol: String,
    /// `MAJOR.MINOR`, see [`PROTOCOL_VERSION`].
    pub version: String,
    /// The provider's registry name, e.g. `sqlite` or `my-crm`.
    pub provider: String,
    /// What the provider supports; an undeclared operation answers `unsupported`.
    pub capabilities: Capabilities,
    /// The store's stable identity (see `ContactProvider::store_identity`), if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store_identity: Option<String>,
}

impl ServiceDocument {
    /// The document for a provider of this name and capabilities, at this crate's version.
    pub fn new(provider: &str, capabilities: Capabilities, store_identity: Option<String>) -> Self {
        Self {
            protocol: PROTOCOL_NAME.to_owned(),
            version: PROTOCOL_VERSION.to_owned(),
            provider: provider.to_owned(),
            capabilities,
            store_identity,
        }
    }

    /// Whether a client of this crate's version can talk to the server that sent this
    /// document: the same protocol and the same major version. `Err` says what differs.
    ///
    /// ```
    /// use contacts_core::Capabilities;
    /// use contacts_protocol::ServiceDocument;
    /// let mut doc = ServiceDocument::new("memory", Capabilities::full(), None);
    /// assert!(doc.compatible().is_ok());
    /// doc.version = "2.0".into();
    /// assert!(doc.compatible().unwrap_err().contains("2.0"));
    /// ```
    pub fn compatible(&self) -> Result<(), String> {
        if self.protocol != PROTOCOL_NAME {
            return Err(format!(
                "the server speaks `{}`, not `{PROTOCOL_NAME}`",
                self.protocol
            ));
        }
        if major(&self.version) != major(PROTOCOL_VERSION) {
            return Err(format!(
                "the server speaks version {} of the protocol; this client speaks {PROTOCOL_VERSION}",
                self.version
            ));
        }
        Ok(())
    }
}

fn major(version: &str) -> &str {
    version.split('.').next().unwrap_or(version)
}
