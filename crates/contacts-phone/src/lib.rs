//! Phone numbers as people's identity: reading what people and vendors write
//! (`0412 345 678`, `46712345678`, `0046 70 123 45 67`, `+1 520-878-2491`) into one
//! international form, E.164, with a default region for national numbers.
//!
//! Two records of the same person share a [`PhoneNumber::match_key`]. A text that is not a
//! number at all is a [`PhoneError`] that says why; no input panics.
//!
//! ```
//! use contacts_phone::{normalize, NumberType, Region};
//!
//! let au: Region = "AU".parse()?;
//! let mobile = normalize("0412 345 678", Some(au))?;
//! assert_eq!(mobile.e164(), "+61412345678");
//! assert_eq!(mobile.number_type(), NumberType::Mobile);
//!
//! // An MSISDN as iP1 writes it: digits with the country code, no `+`.
//! assert_eq!(normalize("46701234567", None)?.e164(), "+46701234567");
//!
//! let err = normalize("12", Some(au)).unwrap_err();
//! assert_eq!(err.to_string(), r#""12" is not a phone number: too short for AU"#);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Numbering-plan data comes from Google's libphonenumber, the metadata the `phonenumber` crate
//! is built from (chosen by measurement, `docs/performance.md`), compiled at build time into
//! tables (`build.rs`): each territory's prefixes and lengths, and each range pattern as a DFA
//! over the ten digits. A number's type, validity and region are read by that crate's rules
//! over these tables (a walk from the first digit; property tests compare the answers with
//! the crate's own for every calling code). Digits are read into a calling code and national
//! number by the same crate's parsing rules, run here over each region's prefixes where they
//! come down to prefixes (the common case: over 2 million numbers a second on one core), and
//! by its parser otherwise (its metadata then loaded one calling code at a time); a
//! differential test compares both over a million generated inputs. Nothing is loaded or
//! compiled when a process reads its first number: tens of microseconds, not the ~70 ms of
//! `phonenumber`'s own database (`docs/performance.md`, row 12).

mod database;
#[cfg(test)]
mod differential;
mod error;
mod lengths;
mod matcher;
mod memo;
mod normalizer;
mod number;
mod parse;
mod ranges;
mod region;
mod scan;
mod tables;

pub use error::PhoneError;
#[doc(hidden)]
pub use memo::readings_on_this_thread;
pub use normalizer::Normalizer;
pub use number::{NumberType, PhoneNumber};
pub use region::{Region, RegionError};

/// Reads `raw` as a phone number, national numbers in `default_region`.
///
/// The same as [`Normalizer::new(default_region).normalize(raw)`](Normalizer::normalize); see
/// [`Normalizer`] for the rules and for a cache.
///
/// ```
/// use contacts_phone::normalize;
///
/// assert_eq!(normalize("0046 70 123 45 67", None)?.e164(), "+46701234567");
/// assert_eq!(normalize("+33 6 12 34 56 78", None)?.e164(), "+33612345678");
/// assert!(normalize("0412 345 678", None).is_err()); // national: needs a region
/// # Ok::<(), contacts_phone::PhoneError>(())
/// ```
///
/// # Errors
/// A [`PhoneError`] saying what was given and why it is not a phone number.
pub fn normalize(raw: &str, default_region: Option<Region>) -> Result<PhoneNumber, PhoneError> {
    Normalizer::new(default_region).normalize(raw)
}
