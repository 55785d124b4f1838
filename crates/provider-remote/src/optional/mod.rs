//! The optional capabilities, each a request per method on the protocol's path for it. The
//! provider offers each only when the server's service document declares it (see
//! `RemoteProvider`'s accessors); a server that declares one and then refuses it answers
//! `unsupported`, which comes back as the same error.

mod blocklist;
mod books;
mod changes;
mod import;
mod labels;
mod summary;
