//! One page of a listing and the token that continues it.

use crate::Contact;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An opaque continuation token. Hand it back to
/// [`ContactProvider::list_page`](crate::ContactProvider::list_page) unchanged, with the same
/// query; it is serialisable so a long export can resume after a restart.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct PageToken(String);

impl PageToken {
    /// Wraps a provider's token. Only providers should construct tokens.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// The raw token, for providers to decode.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PageToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PageToken({:?})", self.0)
    }
}

/// One page of contacts. `next` is `None` on the last page; an empty result is a page with no
/// items and no `next`, not an error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    /// The contacts of this page.
    pub items: Vec<Contact>,
    /// Where to continue, if anything is left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<PageToken>,
}
