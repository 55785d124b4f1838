//! The protocol's paths: templates (as the server routes them and the OpenAPI document names
//! them) and the functions that fill them for a client, each value percent-encoded as exactly
//! one path segment ([`contacts_core::path_segment`]), so an id holding `/`, `?` or `%` stays
//! one segment, and a value no path can carry (empty, `.`, `..`: a URL resolves `..` away even
//! as `%2E%2E`) is refused before any request.
//!
//! ```
//! use contacts_core::ContactId;
//! use contacts_protocol::paths;
//! assert_eq!(paths::contact(&ContactId::new("a/b c"))?, "/v1/contacts/a%2Fb%20c");
//! assert!(paths::contact(&ContactId::new("..")).is_err());
//! # Ok::<(), contacts_core::Error>(())
//! ```

use contacts_core::{AddressBookId, ContactId, Error, Result, path_segment, percent_encode};

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

/// `{template}/{value}`: `value` as exactly one segment, or `InvalidInput` naming the
/// template's parameter (`field`) and the value when no segment can carry it.
fn fill(template: &str, field: &str, value: &str) -> Result<String> {
    let segment = path_segment(value).ok_or_else(|| {
        Error::invalid(
            field,
            format!("{value:?} cannot be a path segment (empty, `.` and `..` never are)"),
        )
    })?;
    Ok(format!("{template}/{segment}"))
}

/// `/v1/contacts/{id}`; `InvalidInput` (field `id`) for an id no path can carry.
pub fn contact(id: &ContactId) -> Result<String> {
    fill(CONTACTS, "id", id.as_str())
}

/// `/v1/contacts/{id}/move`, as [`contact`].
pub fn contact_move(id: &ContactId) -> Result<String> {
    Ok(format!("{}/move", contact(id)?))
}

/// `/v1/books/{book}`; `InvalidInput` (field `book`) for an id no path can carry.
pub fn book(id: &AddressBookId) -> Result<String> {
    fill(BOOKS, "book", id.as_str())
}

/// `/v1/labels/{label}`; `InvalidInput` (field `label`) for a label no path can carry.
pub fn label(label: &str) -> Result<String> {
    fill(LABELS, "label", label)
}

/// `/v1/labels/{label}/add`, as [`label`].
pub fn label_add(name: &str) -> Result<String> {
    Ok(format!("{}/add", label(name)?))
}

/// `/v1/labels/{label}/remove`, as [`label`].
pub fn label_remove(name: &str) -> Result<String> {
    Ok(format!("{}/remove", label(name)?))
}

/// `/v1/blocklist/{number}`; `InvalidInput` (field `number`) for a value no path can carry.
pub fn blocked_number(number: &str) -> Result<String> {
    fill(BLOCKLIST, "number", number)
}

/// `/v1/changes?since=<token>`, the token percent-encoded as a query value.
pub fn changes_since(token: &str) -> String {
    format!("{CHANGES}?since={}", percent_encode(token))
}

/// `?includeMetadata=true`, the query of a `GET` of one contact with its metadata.
pub const WITH_METADATA: &str = "includeMetadata=true";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_no_segment_can_carry_is_refused_naming_it() {
        for value in ["", ".", ".."] {
            let id = ContactId::new(value);
            let book_id = AddressBookId::new(value);
            let filled = [
                ("id", contact(&id)),
                ("id", contact_move(&id)),
                ("book", book(&book_id)),
                ("label", label(value)),
                ("label", label_add(value)),
                ("label", label_remove(value)),
                ("number", blocked_number(value)),
            ];
            for (field, path) in filled {
                assert!(
                    matches!(
                        &path,
                        Err(Error::InvalidInput { field: f, reason })
                            if f == field && reason.starts_with(&format!("{value:?} "))
                    ),
                    "{value:?}: {path:?}"
                );
            }
        }
    }

    #[test]
    fn every_other_value_is_one_segment_of_its_template() {
        let id = ContactId::new("../x");
        assert_eq!(contact(&id).unwrap(), "/v1/contacts/..%2Fx");
        assert_eq!(contact_move(&id).unwrap(), "/v1/contacts/..%2Fx/move");
        let dots = AddressBookId::new("%2e%2e");
        assert_eq!(book(&dots).unwrap(), "/v1/books/%252e%252e");
        assert_eq!(label("...").unwrap(), "/v1/labels/...");
        assert_eq!(label_add("a b").unwrap(), "/v1/labels/a%20b/add");
        assert_eq!(label_remove("?").unwrap(), "/v1/labels/%3F/remove");
        assert_eq!(
            blocked_number("+46 700").unwrap(),
            "/v1/blocklist/%2B46%20700"
        );
        assert_eq!(changes_since("a&b=c"), "/v1/changes?since=a%26b%3Dc");
    }
}
