//! The CardDAV provider's optional capabilities behind the neutral traits of
//! `contacts_core::optional`, one file per capability, named as core names the trait's
//! module: address books (`books`) and the change feed over `sync-collection` (`changes`).

mod books;
mod changes;
