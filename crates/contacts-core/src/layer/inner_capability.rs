//! The optional capability of the provider a layer wraps, or `Unsupported` naming it. Both
//! `Checked` and `Traced` implement every capability trait and forward to the inner one; this
//! is the one place that reaches it (their accessors offer a capability only where the inner
//! provider has it, so the error is seen only by calling the trait on a layer directly).

use crate::optional::{
    AddressBookAdmin, BackgroundImport, Blocklist, ChangeFeed, LabelAdmin, Summarize,
};
use crate::{ContactProvider, Error, Result};

fn need<'a, T: ?Sized, P: ContactProvider + ?Sized>(
    provider: &P,
    found: Option<&'a T>,
    operation: &str,
) -> Result<&'a T> {
    found.ok_or_else(|| Error::unsupported(provider.name(), operation))
}

pub(super) fn books<P: ContactProvider + ?Sized>(p: &P) -> Result<&dyn AddressBookAdmin> {
    need(p, p.address_books(), "address books")
}

pub(super) fn labels<P: ContactProvider + ?Sized>(p: &P) -> Result<&dyn LabelAdmin> {
    need(p, p.label_admin(), "label administration")
}

pub(super) fn blocklist<P: ContactProvider + ?Sized>(p: &P) -> Result<&dyn Blocklist> {
    need(p, p.blocklist(), "a blocklist")
}

pub(super) fn summary<P: ContactProvider + ?Sized>(p: &P) -> Result<&dyn Summarize> {
    need(p, p.account_summary(), "an account summary")
}

pub(super) fn imports<P: ContactProvider + ?Sized>(p: &P) -> Result<&dyn BackgroundImport> {
    need(p, p.background_import(), "background import")
}

pub(super) fn feed<P: ContactProvider + ?Sized>(p: &P) -> Result<&dyn ChangeFeed> {
    need(p, p.change_feed(), "a change feed")
}
