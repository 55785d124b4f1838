//! One JSON contact document: what it may hold, and what it is when it holds nothing.

use contacts_core::NewContact;

/// The fields a contact document may have (what `export --format jsonl` writes).
const DOCUMENT_FIELDS: [&str; 7] = [
    "properties",
    "labels",
    "id",
    "ownerId",
    "metadata",
    "addressBook",
    "card",
];

/// What one JSON document of an import holds: a contact, nothing (`{}`, skipped and counted),
/// or an error. A field a contact document does not have (`"firstName"` at the top level, a
/// typo such as `"propertes"`) is an error naming it, never a document read as empty. A
/// document with a `card` (as an export of a provider that stores cards writes it) is the
/// card: its properties and labels are the card's flat view, and ones written beside it that
/// disagree with the card are an error rather than one of the two lost.
pub fn contact_document(value: serde_json::Value) -> Result<Option<NewContact>, String> {
    let serde_json::Value::Object(fields) = &value else {
        return Err("a contact document is a JSON object".into());
    };
    if let Some(unknown) = fields
        .keys()
        .find(|k| !DOCUMENT_FIELDS.contains(&k.as_str()))
    {
        return Err(format!(
            "unknown field {unknown:?}; a contact document has {} (properties go inside \
             \"properties\")",
            DOCUMENT_FIELDS.join(", ")
        ));
    }
    let contact: NewContact = serde_json::from_value(value).map_err(|e| e.to_string())?;
    let Some(card) = contact.card else {
        if contact.properties.is_empty() && contact.labels.is_empty() {
            return Ok(None);
        }
        return Ok(Some(contact));
    };
    let written = (!contact.properties.is_empty() || !contact.labels.is_empty())
        .then_some((contact.properties, contact.labels));
    let from_card = NewContact::from_card(*card);
    if let Some((properties, labels)) = written
        && (properties != from_card.properties || labels != from_card.labels)
    {
        return Err(
            "its \"properties\" and \"labels\" are not its card's (the card's preferred phone, \
             name, keywords, …); leave them out or make them agree"
                .into(),
        );
    }
    Ok(Some(from_card))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_exported_contact_with_a_card_comes_back_with_it() {
        let card = json!({"@type": "Card", "version": "1.0",
            "phones": {"p1": {"number": "+46701234567"}, "p2": {"number": "+46701234568"}}});
        let doc = json!({"id": "1", "properties": {"phoneNumber": "+46701234567"},
            "labels": [], "card": card});
        let contact = contact_document(doc).unwrap().unwrap();
        assert_eq!(contact.card.unwrap().phones.len(), 2);
        let disagreeing = json!({"properties": {"phoneNumber": "+1"}, "card": card});
        assert!(contact_document(disagreeing).is_err());
        assert!(contact_document(json!({})).unwrap().is_none());
        let typo = contact_document(json!({"propertes": {}})).unwrap_err();
        assert!(typo.contains("unknown field \"propertes\""), "{typo}");
    }
}
