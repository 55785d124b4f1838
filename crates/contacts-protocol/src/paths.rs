//! The protocol's paths: templates (as the server routes them and the OpenAPI document names
//! them) and the functions that fill them for a client, percent-encoding each value so an
//! id holding `/`, `?` or `%` stays one path segment.
//!
//! ```
//! use contacts_core::ContactId;
//! use contacts_protocol::paths;
//! assert_eq!(paths::contact(&ContactId::new("a/b c")), "/v1/contacts/a%2Fb%20c");
//! assert_eq!(paths::contact(&ContactId::new("..")), "/v1/contacts/%2E%2E");
//! ```

use contacts_core::{AddressBookId, ContactId};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// The service document (`GET`).
pub const SERVICE: &str = "/v1";
/// Create a batch (`POST`).
pub const CONTACTS: &str = "/v1/contacts";
/// One contact: `GET` (`?includeMetadata=true`), `PATCH`, `PUT`, `DELETE`.
pub const CONTACT: &str = "/v1/contacts/{id}";
/// Move one contact to another book (`POST`).
pub const CONTACT_MOVE: &str = "/v1/contacts/{id}/move";
/// One page of a listing (`POST`, a [`ListRequest`](crate::bodies::ListRequest)).
pub const CONTACT_QUERIES: &str = "/v1/contact-queries";
/// Delete by filter or every contact (`POST`, a [`DeleteRequest`](crate::bodies::DeleteRequest)).
pub const CONTACT_DELETIONS: &str = "/v1/contact-deletions";
/// Address books: `GET` lists, `POST` creates.
pub const BOOKS: &str = "/v1/books";
/// One address book: `PATCH` renames, `DELETE` deletes.
pub const BOOK: &str = "/v1/books/{book}";
/// Labels with their counts (`GET`).
pub const LABELS: &str = "/v1/labels";
/// One label, everywhere (`DELETE`).
pub const LABEL: &str = "/v1/labels/{label}";
/// Add a label to contacts (`POST`).
pub const LABEL_ADD: &str = "/v1/labels/{label}/add";
/// Remove a label from contacts (`POST`).
pub const LABEL_REMOVE: &str = "/v1/labels/{label}/remove";
/// The blocked numbers (`GET`).
pub const BLOCKLIST: &str = "/v1/blocklist";
/// One number: `GET` checks, `PUT` blocks, `DELETE` unblocks.
pub const BLOCKED_NUMBER: &str = "/v1/blocklist/{number}";
/// The account summary (`GET`).
pub const SUMMARY: &str = "/v1/summary";
/// Submit a background import (`POST`).
pub const IMPORTS: &str = "/v1/imports";
/// Progress of a background import (`POST`, the job as submitted answered it).
pub const IMPORT_PROGRESS: &str = "/v1/imports/progress";
/// The current change token (`GET`).
pub const CHANGES_CURRENT: &str = "/v1/changes/current";
/// What changed since a token (`GET`, `?since=<token>`).
pub const CHANGES: &str = "/v1/changes";

/// Everything but letters, digits and `-_~` is encoded: a value is always one segment, and
/// an id such as `..` never walks up the path (`%2E%2E`).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'~');

/// A value percent-encoded as one path segment or query value.
pub fn encode(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// `/v1/contacts/{id}`.
pub fn contact(id: &ContactId) -> String {
    format!("{CONTACTS}/{}", encode(id.as_str()))
}

/// `/v1/contacts/{id}/move`.
pub fn contact_move(id: &ContactId) -> String {
    format!("{}/move", contact(id))
}

/// `/v1/books/{book}`.
pub fn book(id: &AddressBookId) -> String {
    format!("{BOOKS}/{}", encode(id.as_str()))
}

/// `/v1/labels/{label}`.
pub fn label(label: &str) -> String {
    format!("{LABELS}/{}", encode(label))
}

/// `/v1/labels/{label}/add`.
pub fn label_add(name: &str) -> String {
    format!("{}/add", label(name))
}

/// `/v1/labels/{label}/remove`.
pub fn label_remove(name: &str) -> String {
    format!("{}/remove", label(name))
}

/// `/v1/blocklist/{number}`.
pub fn blocked_number(number: &str) -> String {
    format!("{BLOCKLIST}/{}", encode(number))
}

/// `/v1/changes?since=<token>`.
pub fn changes_since(token: &str) -> String {
    format!("{CHANGES}?since={}", encode(token))
}

/// `?includeMetadata=true`, the query of a `GET` of one contact with its metadata.
pub const WITH_METADATA: &str = "includeMetadata=true";
