//! JSON Lines (and JSON arrays) of contact documents: `{"properties":{…},"labels":[…]}`, as
//! `contacts export --format jsonl` writes them (one per line, the canonical JSON of the
//! model).
//!
//! [`JsonlRows`] reads a file a line at a time, each line bounded, so a file of any size is
//! read in constant memory; [`array::read`] reads one JSON array, as many tools export.
//! Fields an exported contact has and a new one does not (`id`, `ownerId`, `metadata`) are
//! ignored, so an export imports again; a field no contact document has is an error naming it
//! ([`contact_document`]).
//!
//! ```
//! use contacts_formats::jsonl::JsonlRows;
//! let text = "{\"id\":\"7\",\"properties\":{\"email\":\"a@example.com\"}}\n{\"propertes\":{}}\n";
//! let rows: Vec<_> = JsonlRows::new(text.as_bytes()).collect();
//! assert_eq!(rows[0].as_ref().unwrap().contact.properties.email(), Some("a@example.com"));
//! assert!(rows[1].as_ref().unwrap_err().to_string().contains("unknown field \"propertes\""));
//! ```

pub mod array;
mod document;
mod lines;

pub use document::contact_document;
pub use lines::{JsonlRows, MAX_LINE};
