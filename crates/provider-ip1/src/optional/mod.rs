//! iP1's optional capabilities: the inherent extras (`extras.rs`) behind the neutral traits
//! of `contacts_core::optional`, one file per capability, named as core names the trait's
//! module (`labels`, `blocklist`, `summary`, `import`).

mod blocklist;
mod import;
mod labels;
mod summary;
