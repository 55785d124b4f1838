//! Small helpers the bugs share: reading a whole listing and paging it client-side, as many
//! adapters over vendors without usable server-side paging do.

use contacts_core::optional::{
    AddressBookAdmin, BackgroundImport, Blocklist, ChangeFeed, LabelAdmin, Summarize,
};
use contacts_core::{
    Capabilities, Contact, ContactFilter, ContactId, ContactProvider, ContactQuery, Error,
    InMemoryProvider, Order, Page, PageToken, Result,
};

/// The contract words that a deleted contact's id no longer reads, which the bugs that
/// resurrect a deleted contact (from a cache, or by handing its id out again) break.
pub const GET_AFTER_DELETE: &str =
    "DESIGN.md, The contract: \"**get** after delete is `NotFound`.\"";

/// The reference store every red-team adapter wraps (short, so that a hook's signature
/// reads on one line).
pub type Store = InMemoryProvider;

/// The default capabilities of the reference model: every core operation, label
/// administration and the account summary.
pub fn full() -> Capabilities {
    Store::new().capabilities().clone()
}

/// The reference capabilities with address books administered (scoped to the home book `1`),
/// as [`InMemoryProvider::with_books`] declares them.
pub fn with_admin() -> Capabilities {
    Store::with_books().capabilities().clone()
}

/// The optional capability `found`, or `Unsupported` naming `what`: the store does not
/// declare it, so neither does the adapter over it.
fn need<'a, T: ?Sized>(found: Option<&'a T>, what: &str) -> Result<&'a T> {
    found.ok_or_else(|| Error::unsupported("redteam", what))
}

/// Declares one accessor of the store's optional capabilities per line,
/// `$(#[$meta])* fn name -> Trait = store_accessor, "what it is called";`: the capability, or
/// `Unsupported` naming it (see [`need`]). Six accessors by hand were the same three lines
/// with one varying part each.
macro_rules! capability_accessors {
    ($($(#[$meta:meta])* fn $name:ident -> $trait:ident = $accessor:ident, $what:literal;)*) => {$(
        $(#[$meta])*
        pub fn $name(p: &Store) -> Result<&dyn $trait> {
            need(p.$accessor(), $what)
        }
    )*};
}

capability_accessors! {
    /// The store's label administration.
    fn labels -> LabelAdmin = label_admin, "label administration";
    /// The store's account summary.
    fn summary -> Summarize = account_summary, "an account summary";
    /// The store's blocklist.
    fn blocklist -> Blocklist = blocklist, "a blocklist";
    /// The store's address-book administration.
    fn books -> AddressBookAdmin = address_books, "address books";
    /// The store's background import.
    fn importer -> BackgroundImport = background_import, "background import";
    /// The store's change feed.
    fn feed -> ChangeFeed = change_feed, "a change feed";
}

/// Every contact matching `filter`, in `order`, read page by page from the store.
pub async fn fetch_all(
    p: &Store,
    filter: ContactFilter,
    order: Order,
    include_metadata: bool,
) -> Result<Vec<Contact>> {
    let mut query = ContactQuery::new()
        .filter(filter)
        .order(order)
        .page_size(p.capabilities().max_page_size);
    query.include_metadata = include_metadata;
    let mut all = Vec::new();
    let mut token = None;
    loop {
        let page = p.list_page(&query, token).await?;
        all.extend(page.items);
        match page.next {
            Some(next) => token = Some(next),
            None => return Ok(all),
        }
    }
}

/// The numeric position of an id issued by the store (decimal sequence numbers).
pub fn seq(id: &ContactId) -> u64 {
    id.as_str().parse().unwrap_or(0)
}

/// The page size a query asks for, or the provider's default.
pub fn page_size(p: &Store, q: &ContactQuery) -> usize {
    q.page_size.unwrap_or(p.capabilities().default_page_size) as usize
}

fn bad_token() -> Error {
    Error::invalid("page_token", "not a token this adapter issued")
}

/// The position an adapter token (`rt.<id>`) carries, as the text after its prefix;
/// `InvalidInput` for a token this adapter did not issue.
pub fn token_position(token: &PageToken) -> Result<&str> {
    token.as_str().strip_prefix("rt.").ok_or_else(bad_token)
}

/// The first `size` of `rest` (what follows the token, filtered and in order) as a page,
/// with a token after its last contact when more remain.
pub fn first_page_of(rest: Vec<Contact>, size: usize) -> Page {
    let more = rest.len() > size;
    let items: Vec<Contact> = rest.into_iter().take(size).collect();
    let next = match (more, items.last()) {
        (true, Some(last)) => Some(PageToken::new(format!("rt.{}", last.id))),
        _ => None,
    };
    Page { items, next }
}

/// One page of `items` (already filtered and in `order`), keyset-paged on the numeric id
/// with the adapter's own tokens (`rt.<id>`).
pub fn paginate(
    items: Vec<Contact>,
    token: Option<PageToken>,
    size: usize,
    order: Order,
) -> Result<Page> {
    let after = match token {
        None => None,
        Some(t) => Some(
            token_position(&t)?
                .parse::<u64>()
                .map_err(|_| bad_token())?,
        ),
    };
    let rest: Vec<Contact> = items
        .into_iter()
        .filter(|c| match (after, order) {
            (None, _) => true,
            (Some(pos), Order::Ascending) => seq(&c.id) > pos,
            (Some(pos), Order::Descending) => seq(&c.id) < pos,
        })
        .collect();
    Ok(first_page_of(rest, size))
}
