//! Telling what a file holds from its first bytes, so that a vCard or a JSON file is never
//! read as CSV whatever its name.

/// What the start of a file looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// `BEGIN:VCARD`.
    Vcard,
    /// JSON (an object or an array) whose first object is a JSContact card
    /// (`"@type": "Card"`).
    JsContact,
    /// A JSON array (`[`): one document holding every contact.
    JsonArray,
    /// A JSON object (`{`): JSON Lines, one contact per line.
    JsonLines,
    /// Anything else: text, read as CSV unless told otherwise.
    Text,
}

impl Content {
    /// Its name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Content::Vcard => "a vCard file",
            Content::JsContact => "JSContact cards",
            Content::JsonArray => "a JSON array",
            Content::JsonLines => "JSON Lines",
            Content::Text => "CSV",
        }
    }
}

/// What `start` (the first bytes of a decoded file) holds; leading whitespace is passed over.
pub fn content(start: &[u8]) -> Content {
    let text = start.trim_ascii_start();
    match text.first() {
        Some(b'[' | b'{') if is_jscontact(text) => Content::JsContact,
        Some(b'[') => Content::JsonArray,
        Some(b'{') => Content::JsonLines,
        _ if text.len() >= 11 && text[..11].eq_ignore_ascii_case(b"BEGIN:VCARD") => Content::Vcard,
        _ => Content::Text,
    }
}

/// Whether the JSON in `text` (the file's first bytes) has a member `"@type": "Card"` (white
/// space around the colon allowed) anywhere: a contact document has no `@type` key, a
/// JSContact card always has it. The text `"@type"` followed by a colon can only be a key (a
/// string value is followed by `,`, `}` or `]`), so a value that mentions it does not count.
fn is_jscontact(text: &[u8]) -> bool {
    const KEY: &[u8] = b"\"@type\"";
    let mut rest = text;
    while let Some(at) = rest.windows(KEY.len()).position(|w| w == KEY) {
        let after = rest[at + KEY.len()..].trim_ascii_start();
        if let Some(value) = after.strip_prefix(b":") {
            return value.trim_ascii_start().starts_with(b"\"Card\"");
        }
        rest = &rest[at + KEY.len()..];
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_tells_the_format() {
        assert_eq!(content(b"BEGIN:VCARD\r\nVERSION:4.0"), Content::Vcard);
        assert_eq!(content(b"\n  begin:vcard\n"), Content::Vcard);
        assert_eq!(content(b" [{\"properties\":{}}]"), Content::JsonArray);
        assert_eq!(content(b"{\"properties\":{}}\n"), Content::JsonLines);
        assert_eq!(content(b"phoneNumber,firstName\n"), Content::Text);
        assert_eq!(content(b""), Content::Text);
    }

    #[test]
    fn a_card_object_or_array_is_jscontact() {
        let array = b"[\n  {\n    \"@type\" : \"Card\",\n    \"version\": \"1.0\"";
        assert_eq!(content(array), Content::JsContact);
        assert_eq!(
            content(b"{\"uid\":\"u\",\"@type\":\"Card\"}"),
            Content::JsContact
        );
        // A contact document that mentions the text in a value is not a card.
        let doc = b"{\"properties\":{\"note\":\"@type Card\"}}\n";
        assert_eq!(content(doc), Content::JsonLines);
    }
}
