//! One page of a listing and the token that continues it.

use crate::{Contact, Error, Order, Result};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An opaque continuation token. Hand it back to
/// [`ContactProvider::list_page`](crate::ContactProvider::list_page) unchanged, with the same
/// query; it is serialisable so a long export can resume after a restart.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct PageToken(String);

impl PageToken {
    /// Wraps a provider's token. Only providers should construct tokens.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// The raw token, for providers to decode.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A keyset token: the listing continues in `order` after `position`, a provider's own sort
    /// key (a creation sequence, an integer id). `scheme` tells one provider's tokens from
    /// another's (and may carry a scope, e.g. `ab1.7` for book 7), so a token is never read by
    /// a provider that did not issue it.
    ///
    /// ```
    /// use contacts_core::{Order, PageToken};
    /// let token = PageToken::keyset("mem1", Order::Ascending, 42);
    /// assert_eq!(token.keyset_position("mem1", Order::Ascending).unwrap(), 42);
    /// assert!(token.keyset_position("mem1", Order::Descending).is_err(), "issued for the other order");
    /// assert!(token.keyset_position("sq1", Order::Ascending).is_err(), "issued by another provider");
    /// ```
    pub fn keyset(scheme: &str, order: Order, position: u64) -> Self {
        Self(format!("{scheme}.{}.{position}", direction(order)))
    }

    /// The position of a token made by [`PageToken::keyset`] with the same scheme and order;
    /// `InvalidInput` on `page_token` for any other token.
    pub fn keyset_position(&self, scheme: &str, order: Order) -> Result<u64> {
        let bad = || {
            Error::invalid(
                "page_token",
                "not a token this provider issued for this query; start again without a token",
            )
        };
        let rest = self
            .0
            .strip_prefix(scheme)
            .and_then(|r| r.strip_prefix('.'))
            .ok_or_else(bad)?;
        let (dir, position) = rest.split_once('.').ok_or_else(bad)?;
        if dir != direction(order) {
            return Err(bad());
        }
        position.parse().map_err(|_| bad())
    }
}

fn direction(order: Order) -> &'static str {
    match order {
        Order::Ascending => "a",
        Order::Descending => "d",
    }
}

impl fmt::Debug for PageToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PageToken({:?})", self.0)
    }
}

/// One page of contacts. `next` is `None` on the last page; an empty result is a page with no
/// items and no `next`, not an error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    /// The contacts of this page.
    pub items: Vec<Contact>,
    /// Where to continue, if anything is left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<PageToken>,
}

/// A page whose `next` token is known and whose contacts are decoded on demand, by
/// [`PendingPage::into_page`]: what
/// [`ContactProvider::list_page_deferred`](crate::ContactProvider::list_page_deferred) returns,
/// so a caller can request the next page while this one is decoded (e.g. on another thread).
///
/// ```
/// use contacts_core::{Page, PageToken, PendingPage};
/// let pending = PendingPage::deferred(Some(PageToken::new("t2")), || Ok(Vec::new()));
/// assert_eq!(pending.next(), Some(&PageToken::new("t2")));
/// let page = pending.into_page()?;
/// assert!(page.items.is_empty());
/// assert!(PendingPage::ready(Page::default()).into_page()?.next.is_none());
/// # Ok::<_, contacts_core::Error>(())
/// ```
pub struct PendingPage {
    next: Option<PageToken>,
    items: Items,
}

/// The contacts of a [`PendingPage`]: decoded already, or the work that decodes them.
enum Items {
    Ready(Vec<Contact>),
    Deferred(Box<dyn FnOnce() -> Result<Vec<Contact>> + Send>),
}

impl PendingPage {
    /// A page decoded already.
    pub fn ready(page: Page) -> Self {
        Self {
            next: page.next,
            items: Items::Ready(page.items),
        }
    }

    /// A page continued by `next` whose contacts `decode` produces; `decode` runs once, in
    /// [`PendingPage::into_page`], and its error (e.g. a body that cannot be read) is that
    /// call's error.
    pub fn deferred(
        next: Option<PageToken>,
        decode: impl FnOnce() -> Result<Vec<Contact>> + Send + 'static,
    ) -> Self {
        Self {
            next,
            items: Items::Deferred(Box::new(decode)),
        }
    }

    /// Where to continue, if anything is left; known before the contacts are decoded.
    pub fn next(&self) -> Option<&PageToken> {
        self.next.as_ref()
    }

    /// Decodes the contacts (if not done already) and returns the page.
    pub fn into_page(self) -> Result<Page> {
        let items = match self.items {
            Items::Ready(items) => items,
            Items::Deferred(decode) => decode()?,
        };
        Ok(Page {
            items,
            next: self.next,
        })
    }
}

impl fmt::Debug for PendingPage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let items = match &self.items {
            Items::Ready(items) => format!("{} contacts", items.len()),
            Items::Deferred(_) => "not decoded yet".to_owned(),
        };
        f.debug_struct("PendingPage")
            .field("next", &self.next)
            .field("items", &format_args!("{items}"))
            .finish()
    }
}
