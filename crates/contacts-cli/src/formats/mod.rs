//! The CLI's glue around the file formats: opening an import's input, telling its format, and
//! streaming its rows (CSV, JSON Lines, JSON arrays, vCard and JSContact cards). The formats
//! themselves are read and written by `contacts-formats`.

pub mod cards;
pub mod reader;
pub mod sniff;
pub mod source;

pub use contacts_formats::csv::{Row, RowError};
