//! One module per command.

pub mod capabilities;
pub mod completions;
pub mod conformance;
pub mod crud;
pub mod emulate;
pub mod export;
pub mod import;
pub mod list;
pub mod profiles;
