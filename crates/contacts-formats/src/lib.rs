//! # contacts-formats
//!
//! The formats contacts travel in, read and written in one place for the whole workspace:
//! the CLI's `import`/`export` and provider-carddav use the same vCard reader and writer, so a
//! card exported by one and read by the other comes back the same.
//!
//! - [`vcard`]: vCard 2.1, 3.0 and 4.0 (RFC 2426, RFC 6350) to and from the model's
//!   [`Card`](contacts_core::Card), converted per RFC 9555 by the `calcard` crate, so
//!   properties and parameters JSContact has no name for are kept;
//! - [`jscontact`]: RFC 9553 cards as JSON;
//! - [`csv`] and [`jsonl`]: flat contacts as spreadsheet rows and as JSON Lines (or arrays)
//!   of contact documents, read lazily row by row and written as the CLI exports them;
//! - [`compare`]: two vCards compared the way a person would ([`semantic_diff`]).
//!
//! ```
//! let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\n\
//!             TEL;TYPE=CELL:+44 7700 900001\r\nX-SHOE-SIZE:38\r\nEND:VCARD\r\n";
//! let cards = contacts_formats::vcard::read(text);
//! let card = cards[0].as_ref().unwrap();
//! assert_eq!(card.card.flat_properties().first_name(), Some("Ada"));
//! let back = contacts_formats::vcard::write(&card.card, None).unwrap();
//! assert!(back.starts_with("BEGIN:VCARD\r\nVERSION:3.0\r\n"));
//! assert!(back.contains("X-SHOE-SIZE:38"));
//! ```

pub mod compare;
pub mod csv;
mod error;
mod fused;
pub mod jscontact;
pub mod jsonl;
pub mod vcard;

pub use compare::semantic_diff;
pub use error::FormatError;
