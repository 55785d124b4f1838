//! Identifiers: opaque strings chosen by the provider.

use compact_str::{CompactString, ToCompactString};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The provider's native identifier of a contact.
///
/// Opaque on purpose: iP1 uses 24-hex-digit strings, Atom uses integers (rendered here as
/// decimal strings). Code that compares or stores ids never needs to know which.
///
/// ```
/// use contacts_core::ContactId;
/// let id = ContactId::from(123456_u64);
/// assert_eq!(id.as_str(), "123456");
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct ContactId(#[schemars(with = "String")] CompactString);

/// The identifier of an address book (a container of contacts, where the provider has them).
///
/// ```
/// use contacts_core::AddressBookId;
/// assert_eq!(AddressBookId::from(7_u64).to_string(), "7");
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct AddressBookId(#[schemars(with = "String")] CompactString);

/// Integer ids (as vendors such as Atom issue them) render as decimal.
macro_rules! from_integers {
    ($ty:ty: $($int:ty),*) => {$(
        impl From<$int> for $ty {
            fn from(value: $int) -> Self {
                Self(value.to_compact_string())
            }
        }
    )*};
}

macro_rules! string_id {
    ($ty:ident) => {
        impl $ty {
            /// Wraps a provider's identifier.
            pub fn new(id: impl Into<CompactString>) -> Self {
                Self(id.into())
            }

            /// The identifier as the provider spells it.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Consumes the id, returning the inner string.
            pub fn into_inner(self) -> String {
                self.0.into()
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        /// As the quoted string it is (`"42"`), so a list of ids in a message reads
        /// `["1", "2"]`, not `[ContactId("1"), …]`; quoting keeps spaces at the edges visible.
        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(self.0.as_str(), f)
            }
        }

        impl From<String> for $ty {
            fn from(value: String) -> Self {
                Self(value.into())
            }
        }

        impl From<&str> for $ty {
            fn from(value: &str) -> Self {
                Self(value.into())
            }
        }

        from_integers!($ty: u64, i64, u32, i32);

        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

string_id!(ContactId);
string_id!(AddressBookId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_in_messages_read_as_the_strings_they_are() {
        let ids = vec![ContactId::new("1"), ContactId::new(" 2")];
        assert_eq!(format!("{ids:?}"), r#"["1", " 2"]"#);
        assert_eq!(format!("{:?}", AddressBookId::new("7")), r#""7""#);
    }
}
