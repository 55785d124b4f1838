//! What an address book says it takes, read once per provider: the vCard versions
//! (`CARDDAV:supported-address-data`, RFC 6352 §6.2.2) and the largest card
//! (`CARDDAV:max-resource-size`, §6.2.3). A card goes out in its own version unless the book
//! excludes that version, and a card over the limit is refused before it is sent.
//!
//! What the test servers advertise: Radicale 3.9 lists `text/vcard` 3.0 only while its
//! vobject is older than 1.0 (as installed by `.ci/dav-servers`; with vobject 1.x it lists
//! 4.0 and 3.0), and its `max_resource_size` (10,000,000 by default) only as CalDAV's
//! `max-resource-size` (RFC 4791 §5.2.5), which is read too; over it, its `PUT` answers a
//! bare `412`, which would read as a conflict, so the limit is checked here first. Xandikos 0.4 answers with
//! `content-type` elements where RFC 6352 has `address-data-type`, which, read as the RFC
//! writes it, lists nothing; it stores 4.0 intact, and gives no `max-resource-size`.

use crate::client::{Dav, too_large};
use contacts_core::{Card, Result};
use contacts_formats::vcard::{UriCommas, Version};
use url::Url;

/// The versions and size an address book takes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct BookLimits {
    /// The vCard versions it lists that the writer can produce; empty: it lists none, so
    /// any version goes.
    pub versions: Vec<Version>,
    /// The largest vCard it stores, in octets, when it says.
    pub max_size: Option<u64>,
}

impl BookLimits {
    /// Reads the book's properties (one `PROPFIND`). The properties are advisory: a server
    /// that cannot answer them (an old or minimal server, a proxy) gets no limits, and its
    /// answer to the `PUT` itself decides.
    pub async fn read(dav: &Dav, book: &Url) -> Self {
        let props = "<c:supported-address-data/><c:max-resource-size/>\
            <cal:max-resource-size xmlns:cal=\"urn:ietf:params:xml:ns:caldav\"/>";
        let answer = dav.propfind(book, "0", props, "the address book").await;
        let ms = match answer {
            Ok(ms) => ms,
            Err(e) => {
                tracing::debug!(error = %e, "the address book's supported-address-data and max-resource-size are unknown");
                return Self::default();
            }
        };
        let mut limits = Self::default();
        for r in ms.responses {
            for version in &r.props.vcard_versions {
                let known = match version.as_str() {
                    "3.0" => Some(Version::V3),
                    "4.0" => Some(Version::V4),
                    _ => None,
                };
                limits
                    .versions
                    .extend(known.filter(|v| !limits.versions.contains(v)));
            }
            limits.max_size = limits.max_size.or(r.props.max_resource_size);
        }
        limits
    }

    /// The version `card` is written in: `wanted`, else the card's own ([`Version::of_card`]:
    /// a 3.0 card stays 3.0). What the book advertises is not consulted first: Radicale lists
    /// only 3.0 yet stores 4.0, and converting every 4.0 card to 3.0 there would lose what 3.0
    /// cannot say. A server that refuses the version gets [`fallback`](Self::fallback).
    pub fn version_for(&self, card: &Card, wanted: Option<Version>) -> Version {
        wanted.unwrap_or_else(|| Version::of_card(card))
    }

    /// How a 4.0 inline photo's comma is written: escaped in a book that lists only 3.0 (its
    /// server parses values with 3.0's text rules: Radicale stores an unescaped
    /// `PHOTO:data:image/png;base64,…` cut at the comma), plain elsewhere.
    pub fn uri_commas(&self) -> UriCommas {
        if !self.versions.is_empty() && !self.versions.contains(&Version::V4) {
            UriCommas::Escaped
        } else {
            UriCommas::Plain
        }
    }

    /// The version to try after the server refused `tried` (RFC 6352 §6.3.2.1's
    /// `supported-address-data` precondition, or `415`): one the book lists, 4.0 first.
    pub fn fallback(&self, tried: Version) -> Option<Version> {
        [Version::V4, Version::V3]
            .into_iter()
            .find(|v| *v != tried && self.versions.contains(v))
    }

    /// Refuses, before it is sent, a card of `bytes` over the book's limit.
    pub fn check_size(&self, what: &str, bytes: usize) -> Result<()> {
        match self.max_size {
            Some(limit) if bytes as u64 > limit => Err(too_large(what, bytes, Some(limit))),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contacts_core::Error;

    fn card_of(text: &str) -> Card {
        contacts_formats::vcard::read_one(text).unwrap().0
    }

    #[test]
    fn a_card_keeps_its_version_and_falls_back_to_one_the_book_lists() {
        let v3 = card_of("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jo\r\nEND:VCARD\r\n");
        let v4 = card_of("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jo\r\nEND:VCARD\r\n");
        let any = BookLimits::default();
        assert_eq!(any.version_for(&v3, None), Version::V3);
        assert_eq!(any.version_for(&v4, None), Version::V4);
        assert_eq!(any.version_for(&Card::new(), None), Version::V4);
        let only_3 = BookLimits {
            versions: vec![Version::V3],
            max_size: None,
        };
        assert_eq!(only_3.version_for(&v4, None), Version::V4);
        assert_eq!(only_3.fallback(Version::V4), Some(Version::V3));
        assert_eq!(only_3.fallback(Version::V3), None);
        assert_eq!(any.fallback(Version::V4), None);
        let both = BookLimits {
            versions: vec![Version::V4, Version::V3],
            max_size: None,
        };
        assert_eq!(both.version_for(&v3, None), Version::V3);
    }

    #[test]
    fn a_card_over_the_limit_names_its_size_and_the_limit() {
        let limits = BookLimits {
            versions: Vec::new(),
            max_size: Some(1000),
        };
        assert!(limits.check_size("contact x.vcf", 1000).is_ok());
        let err = limits.check_size("contact x.vcf", 1001).unwrap_err();
        let Error::InvalidInput { field, reason } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(field, "card");
        assert!(
            reason.starts_with("contact x.vcf is 1001 bytes as a vCard, over the address book's limit of 1000 bytes"),
            "{reason}"
        );
    }
}
