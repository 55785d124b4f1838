//! One stored vCard: its name in the collection, ETag and text, read into the model.

use crate::vcard::{self, Mapped};
use calcard::vcard::VCard;
use contacts_core::{AddressBookId, Contact, ContactId, Error, Result};

/// A vCard as stored, parsed and mapped.
#[derive(Debug, Clone)]
pub(crate) struct Stored {
    pub name: String,
    pub etag: Option<String>,
    pub text: String,
    pub card: VCard,
    pub mapped: Mapped,
}

impl Stored {
    /// Parses `text`; a resource that is not a vCard is a `Protocol` error naming it.
    pub fn read(name: String, etag: Option<String>, text: String) -> Result<Self> {
        let card = vcard::parse(&text).map_err(|why| Error::Protocol {
            status: None,
            message: format!("the resource {name:?} is not a vCard the provider can read: {why}"),
            body_excerpt: contacts_http::excerpt(text.as_bytes(), None),
        })?;
        let mapped = vcard::map(&card);
        Ok(Self {
            name,
            etag,
            text,
            card,
            mapped,
        })
    }

    /// The contact it is, in `book`.
    pub fn contact(&self, book: &AddressBookId) -> Contact {
        Contact {
            id: ContactId::new(self.name.clone()),
            owner_id: None,
            properties: self.mapped.properties.clone(),
            labels: self.mapped.labels.clone(),
            metadata: None,
            address_book: Some(book.clone()),
        }
    }
}
