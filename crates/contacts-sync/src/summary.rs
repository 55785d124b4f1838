//! A plan as JSON shows what will be written, but not the bytes of inline media: a plan of
//! 2,000 cards with 100 KB photos would be 270 MB of base64. Each inline `uri` is shown as its
//! `data:` header and its size instead ("data:image/jpeg;base64,… (102,400 bytes)").

use contacts_core::card::{Card, Media};
use contacts_core::{ContactPatch, NewContact};
use serde::ser::{Error as _, SerializeStruct};
use serde::{Serialize, Serializer};
use serde_json::Value;

/// `card` as JSON, inline media elided.
fn card_json(card: &Card) -> Result<Value, serde_json::Error> {
    let mut json = serde_json::to_value(card)?;
    if let Some(media) = json.get_mut("media").and_then(Value::as_object_mut) {
        for entry in media.values_mut() {
            if let Some(Value::String(uri)) = entry.get_mut("uri")
                && let Some(short) = elide(uri)
            {
                *uri = short;
            }
        }
    }
    Ok(json)
}

/// An inline `data:` URI as its header and size; `None` for a link.
pub(crate) fn elide(uri: &str) -> Option<String> {
    if !Media::is_inline_uri(uri) {
        return None;
    }
    let head = uri.split_once(',').map_or(uri, |(h, _)| h);
    let head: String = head.chars().take(80).collect();
    Some(format!("{head},… ({} bytes)", uri.len()))
}

/// A document to create, serialised as [`NewContact`] is, its card's inline media elided.
pub(crate) fn new_contact<S: Serializer>(doc: &NewContact, s: S) -> Result<S::Ok, S::Error> {
    let mut out = s.serialize_struct("NewContact", 4)?;
    out.serialize_field("properties", &doc.properties)?;
    out.serialize_field("labels", &doc.labels)?;
    if let Some(book) = &doc.address_book {
        out.serialize_field("addressBook", book)?;
    }
    if let Some(card) = &doc.card {
        out.serialize_field("card", &card_json(card).map_err(S::Error::custom)?)?;
    }
    out.end()
}

/// A patch, serialised as [`ContactPatch`] is, its card's inline media elided.
pub(crate) fn patch<S: Serializer>(patch: &ContactPatch, s: S) -> Result<S::Ok, S::Error> {
    let Some(card) = &patch.card else {
        return patch.serialize(s);
    };
    let mut out = s.serialize_struct("ContactPatch", 4)?;
    out.serialize_field("properties", &patch.properties)?;
    if !patch.add_labels.is_empty() {
        out.serialize_field("addLabels", &patch.add_labels)?;
    }
    if !patch.remove_labels.is_empty() {
        out.serialize_field("removeLabels", &patch.remove_labels)?;
    }
    out.serialize_field("card", &card_json(card).map_err(S::Error::custom)?)?;
    out.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_media_is_shown_by_size_and_links_as_they_are() {
        let uri = format!("data:image/jpeg;base64,{}", "A".repeat(1000));
        assert_eq!(
            elide(&uri).unwrap(),
            format!("data:image/jpeg;base64,… ({} bytes)", uri.len())
        );
        assert_eq!(elide("https://example.com/a.jpg"), None);
    }
}
