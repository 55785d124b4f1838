//! Named profiles from a TOML config file: which provider, where, with which key and settings.
//!
//! `file` reads and checks the file (errors name the file, line and column); `resolve` merges
//! the chosen profile under the command line and environment, which always win.

pub mod file;
pub mod resolve;
