//! One module per command.

pub mod capabilities;
pub mod crud;
pub mod export;
pub mod import;
pub mod list;
