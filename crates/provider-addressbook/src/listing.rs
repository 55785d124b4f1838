//! Listing and mass delete, done client-side: Atom lists a book only as an abbreviated,
//! unpaginated list, so the provider cuts pages, fetches full records and filters itself.

use crate::book_client::BookClient;
use contacts_core::{
    Contact, ContactFilter, ContactId, ContactQuery, DeleteTarget, Error, Order, Page, PageToken,
    Result, keys,
};
use futures::stream::{self, StreamExt, TryStreamExt};
use serde_json::Value;

/// Where a listing continues: after `last` in `order`, within `book`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListToken {
    book: u64,
    order: Order,
    last: u64,
}

impl ListToken {
    /// Tokens are keyset tokens scoped to the book: `ab1.<book>.<a|d>.<last id>`.
    fn scheme(book: u64) -> String {
        format!("ab1.{book}")
    }

    fn encode(self) -> PageToken {
        PageToken::keyset(&Self::scheme(self.book), self.order, self.last)
    }

    /// Reads a token issued by this provider for the same book and order.
    pub fn decode(token: &PageToken, book: u64, order: Order) -> Result<Self> {
        let last = token.keyset_position(&Self::scheme(book), order)?;
        Ok(Self { book, order, last })
    }
}

/// Keys the abbreviated list carries, so filters on them need no full record.
const ABBREVIATED_KEYS: [&str; 3] = [keys::PHONE_NUMBER, keys::FIRST_NAME, keys::LAST_NAME];

/// Ids of the book in listing order, after the token, pre-filtered on the abbreviated fields
/// when the filter allows it. Returns whether the result is already exactly filtered.
async fn candidates(
    book: &BookClient,
    order: Order,
    filter: &ContactFilter,
    after: Option<u64>,
) -> Result<(Vec<u64>, bool)> {
    let mut items: Vec<(u64, Value)> = book.ids().await?;
    items.sort_by_key(|(id, _)| *id);
    if order == Order::Descending {
        items.reverse();
    }
    let exact = filter
        .properties
        .keys()
        .all(|k| ABBREVIATED_KEYS.contains(&k.as_str()));
    let ids = items
        .into_iter()
        .filter(|(id, _)| match (after, order) {
            (None, _) => true,
            (Some(last), Order::Ascending) => *id > last,
            (Some(last), Order::Descending) => *id < last,
        })
        .filter(|(_, abbreviated)| {
            let Some(obj) = abbreviated.as_object() else {
                return true;
            };
            let props = book.fields.from_fields(obj);
            // Only conditions on keys the abbreviated list carries can rule a contact out here.
            filter
                .properties
                .iter()
                .filter(|(k, _)| ABBREVIATED_KEYS.contains(&k.as_str()))
                .all(|(k, v)| props.get(k) == Some(v.as_str()))
        })
        .map(|(id, _)| id)
        .collect();
    Ok((ids, exact))
}

/// Full records of `ids`, in order, fetched with bounded concurrency; contacts deleted
/// meanwhile are skipped.
async fn details(book: &BookClient, ids: &[u64]) -> Result<Vec<Contact>> {
    let fetched: Vec<Option<Contact>> = stream::iter(ids.iter().copied())
        .map(|id| async move {
            match book.detail(id).await {
                Ok(contact) => Ok(Some(contact)),
                Err(e) if e.is_not_found() => Ok(None),
                Err(e) => Err(e),
            }
        })
        .buffered(book.concurrency)
        .try_collect()
        .await?;
    Ok(fetched.into_iter().flatten().collect())
}

/// One page of `size` contacts at most: fetches full records until the page is full and one
/// more match proves there is a next page, so the end is detected exactly (no empty trailing
/// page).
pub async fn page(
    book: &BookClient,
    query: &ContactQuery,
    size: usize,
    token: Option<ListToken>,
) -> Result<Page> {
    let (ids, exact) = candidates(book, query.order, &query.filter, token.map(|t| t.last)).await?;
    let mut matches: Vec<Contact> = Vec::with_capacity(size + 1);
    let mut rest = ids.as_slice();
    while matches.len() <= size && !rest.is_empty() {
        // Without a record-level filter every fetched contact matches, so fetch just enough.
        let want = if exact {
            size + 1 - matches.len()
        } else {
            book.concurrency.max(size + 1 - matches.len())
        };
        let (chunk, tail) = rest.split_at(want.min(rest.len()));
        rest = tail;
        let fetched = details(book, chunk).await?;
        matches.extend(fetched.into_iter().filter(|c| query.filter.matches(c)));
    }
    let more = matches.len() > size;
    matches.truncate(size);
    let next = match (more, matches.last()) {
        (true, Some(last)) => {
            let last = last.id.as_str().parse().map_err(|_| Error::Protocol {
                status: None,
                message: "a contact id that is not an integer".into(),
                body_excerpt: last.id.to_string(),
            })?;
            Some(
                ListToken {
                    book: book.id,
                    order: query.order,
                    last,
                }
                .encode(),
            )
        }
        _ => None,
    };
    Ok(Page {
        items: matches,
        next,
    })
}

/// Deletes every matching contact of the book, one request each.
pub async fn delete_matching(book: &BookClient, target: &DeleteTarget) -> Result<Vec<Contact>> {
    let everything = ContactFilter::new();
    let filter = target.filter().unwrap_or(&everything);
    let (ids, _) = candidates(book, Order::Ascending, filter, None).await?;
    let doomed: Vec<Contact> = details(book, &ids)
        .await?
        .into_iter()
        .filter(|c| filter.matches(c))
        .collect();
    let ids: Vec<ContactId> = doomed.iter().map(|c| c.id.clone()).collect();
    let outcomes: Vec<Result<()>> = stream::iter(ids)
        .map(|id| async move {
            match book.delete_confirmed(&id).await {
                Err(e) if e.is_not_found() => Ok(()),
                other => other,
            }
        })
        .buffered(book.concurrency)
        .collect()
        .await;
    Error::from_items("deletes", outcomes)?;
    Ok(doomed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_tied_to_book_and_order() {
        let t = ListToken {
            book: 7,
            order: Order::Ascending,
            last: 42,
        }
        .encode();
        assert_eq!(ListToken::decode(&t, 7, Order::Ascending).unwrap().last, 42);
        assert!(ListToken::decode(&t, 8, Order::Ascending).is_err());
        assert!(ListToken::decode(&t, 7, Order::Descending).is_err());
        assert!(ListToken::decode(&PageToken::new("x"), 7, Order::Ascending).is_err());
    }
}
