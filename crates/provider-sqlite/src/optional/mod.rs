//! The store's optional capabilities behind the neutral traits of `contacts_core::optional`,
//! one file per capability, named as core names the trait's module: the change feed read
//! from the store's change log (`changes`).

mod changes;
