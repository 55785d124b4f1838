//! The memory-saving machinery beneath the rules: what both sides list, kept out of memory
//! (the [`scratch`] file, each contact packed into one text, [`packed_contact`]) and found again by id and by
//! number ([`Index`]), then handed to the plan's creates ([`Listing`]).
//!
//! None of it decides anything: what to do with a pair is [`crate::rules`]'s.

mod lookup;
mod number;
pub(crate) mod packed_contact;
pub(crate) mod scratch;

pub(crate) use lookup::{Index, Listing};
pub(crate) use scratch::Reader;
