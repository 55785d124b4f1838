//! The address book's change feed: the core [`ChangeFeed`] over WebDAV `sync-collection`
//! (RFC 6578), so a sync reads only the cards that changed since its last token — one
//! `REPORT` for what changed, then `addressbook-multiget`s of those cards only — instead of
//! listing the whole book.
//!
//! A [`ChangeToken`] of this provider is `carddav-sync:<book path>:<server token>`. A
//! server's token is valid only in the collection that issued it, but servers cannot always
//! tell another book's token from their own (Radicale's and Xandikos's tokens are hashes of
//! a book's state, so two books in the same state issue the same token), so the book is
//! carried in the token and checked here, before anything is sent.

use crate::client::last_segment;
use crate::listing::{Member, fetch};
use crate::provider::{CARDDAV_PROVIDER, CardDavProvider, MAX_PAGE_SIZE};
use crate::xml::{self, Multistatus};
use async_trait::async_trait;
use contacts_core::optional::{ChangeFeed, ChangeSet, ChangeToken};
use contacts_core::{AddressBookId, ContactId, Error, Result};
use contacts_http::Response;
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use std::collections::BTreeMap;
use url::Url;

/// Tells this provider's change tokens from other providers'.
const SCHEME: &str = "carddav-sync";
/// What is escaped of the book's path inside a token: the separator, white space, and `%`
/// itself, so that the escaping reads back one way.
const IN_TOKEN: &AsciiSet = &CONTROLS.add(b':').add(b'%').add(b' ');
/// Truncated answers (RFC 6578 §3.6) followed in one call before a server that never ends
/// its answer is taken for broken.
const MAX_ROUNDS: usize = 1000;

/// What the sync reports said, by member name: `Some` written, `None` gone.
type Delta = BTreeMap<String, Option<Member>>;

/// The token for the server's token `server` of `book`.
fn token(book: &AddressBookId, server: &str) -> ChangeToken {
    let book = utf8_percent_encode(book.as_str(), IN_TOKEN);
    ChangeToken::new(format!("{SCHEME}:{book}:{server}"))
}

/// The server's token inside `token`, if `token` is one of `book`'s; else `InvalidInput` on
/// `change_token` naming it and why.
fn server_token<'a>(token: &'a ChangeToken, book: &AddressBookId) -> Result<&'a str> {
    let refuse = |why: String| token.refusal(format_args!("address book {book}"), why);
    let rest = token
        .strip_scheme(SCHEME)
        .ok_or_else(|| refuse("no CardDAV provider issued it".into()))?;
    let (issuer, server) = rest
        .split_once(':')
        .ok_or_else(|| refuse("it names no address book".into()))?;
    if issuer != utf8_percent_encode(book.as_str(), IN_TOKEN).to_string() {
        let other = percent_decode_str(issuer).decode_utf8_lossy();
        return Err(refuse(format!(
            "address book {other} issued it, and a token is valid only in its own book"
        )));
    }
    if server.is_empty() {
        return Err(refuse("it carries no server token".into()));
    }
    Ok(server)
}

/// `Unsupported`: the server has no `sync-collection` on `book`.
fn unsupported(book: &AddressBookId) -> Error {
    Error::unsupported(
        CARDDAV_PROVIDER,
        format!(
            "a change feed on address book {book}: the server offers no sync-collection \
             (RFC 6578); list the book instead"
        ),
    )
}

/// What a refused `sync-collection` means, read from its body before its status: RFC 6578
/// §3.2's `DAV:valid-sync-token` is `ExpiredToken` whatever the status (the RFC says 403 or
/// 409; Radicale answers 403, Xandikos 412); RFC 3253 §3.6's `DAV:supported-report`, or a
/// `405`/`501` whose body names no condition, is `Unsupported`. Anything else (a 403 naming
/// another condition, say) is left to the usual mapping: a status alone says nothing of the
/// token.
fn refusal<'a>(book: &'a AddressBookId, sent: &'a str) -> impl FnOnce(&Response) -> Option<Error> {
    move |response| {
        let says = xml::error_conditions(&response.body);
        let names = |condition: &str| says.iter().any(|s| s == condition);
        if names("valid-sync-token") {
            return Some(Error::ExpiredToken {
                message: format!(
                    "address book {book} no longer knows sync token {sent} (HTTP {} with \
                     RFC 6578's DAV:valid-sync-token)",
                    response.status
                ),
            });
        }
        let bare = says.is_empty() && matches!(response.status, 405 | 501);
        (names("supported-report") || bare).then(|| unsupported(book))
    }
}

/// Reads one sync report into `delta` (a later report's word on a member replaces an
/// earlier one's); whether the server cut it short (a `507` for the book itself, RFC 6578
/// §3.6). A member's `404` is a deletion, or a move to another book: gone from this view.
fn read_report(ms: Multistatus, own: &str, delta: &mut Delta) -> bool {
    let mut truncated = false;
    for r in ms.responses {
        if r.href.trim_end_matches('/').ends_with(own) && r.props.etag.is_none() {
            truncated |= r.status == Some(507);
            continue;
        }
        let name = last_segment(&r.href);
        if r.status == Some(404) {
            delta.insert(name, None);
        } else if !r.props.collection {
            let member = Member {
                name: name.clone(),
                href: r.href,
                etag: r.props.etag,
            };
            delta.insert(name, Some(member));
        }
    }
    truncated
}

/// `Protocol`: a sync report the provider cannot go on from.
fn protocol(message: &str) -> Error {
    Error::Protocol {
        status: Some(207),
        message: message.to_owned(),
        body_excerpt: String::new(),
    }
}

impl CardDavProvider {
    /// What changed in `book` since the server's token `since`, following truncated answers,
    /// with the server's token that covers all of it.
    async fn delta(
        &self,
        book: &Url,
        book_id: &AddressBookId,
        since: &str,
    ) -> Result<(Delta, String)> {
        let own = book.path().trim_end_matches('/').to_owned();
        let (mut delta, mut sent) = (Delta::new(), since.to_owned());
        for _ in 0..MAX_ROUNDS {
            let body = xml::sync_collection(&sent);
            let what = format!("address book {book_id}");
            let refused = refusal(book_id, &sent);
            let ms = self.books.dav.report_or(book, body, &what, refused).await?;
            let next = ms
                .sync_token
                .clone()
                .filter(|t| !t.is_empty())
                .ok_or_else(|| protocol("the sync-collection answer carries no sync-token"))?;
            if !read_report(ms, &own, &mut delta) {
                return Ok((delta, next));
            }
            if next == sent {
                return Err(protocol(
                    "the server cut its sync-collection answer short without moving its token on",
                ));
            }
            sent = next;
        }
        Err(protocol(
            "the server cut its sync-collection answer short more than 1000 times",
        ))
    }
}

#[async_trait]
impl ChangeFeed for CardDavProvider {
    /// The book's `DAV:sync-token` property (RFC 6578 §4), by one `PROPFIND Depth: 0`: no
    /// card is read. A book without the property is `Unsupported`.
    async fn current_token(&self) -> Result<ChangeToken> {
        let (book, book_id) = self.book().await?;
        let what = format!("address book {book_id}");
        let ms = self
            .books
            .dav
            .propfind(&book, "0", "<d:sync-token/>", &what)
            .await?;
        ms.responses
            .into_iter()
            .find_map(|r| r.props.sync_token)
            .filter(|t| !t.is_empty())
            .map(|t| token(&book_id, &t))
            .ok_or_else(|| unsupported(&book_id))
    }

    /// One `sync-collection` `REPORT` (more when the server truncates its answer), then the
    /// cards written since, by `addressbook-multiget` in batches of [`MAX_PAGE_SIZE`]. A
    /// card deleted between the two is left out (the next call lists it as deleted); one
    /// that cannot be read is skipped with a warning, as in a listing.
    async fn changes_since(&self, since: &ChangeToken) -> Result<ChangeSet> {
        let (book, book_id) = self.book().await?;
        let server = server_token(since, &book_id)?;
        let (delta, next) = self.delta(&book, &book_id, server).await?;
        let (mut members, mut deleted) = (Vec::new(), Vec::new());
        for (name, member) in delta {
            match member {
                Some(member) => members.push(member),
                None => deleted.push(ContactId::new(name)),
            }
        }
        let mut changed = Vec::with_capacity(members.len());
        for chunk in members.chunks(MAX_PAGE_SIZE as usize) {
            for stored in fetch(&self.books.dav, &book, chunk).await? {
                changed.push(stored.contact(&book_id));
            }
        }
        Ok(ChangeSet {
            changed,
            deleted,
            token: token(&book_id, &next),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_carries_its_book_and_is_refused_by_another() {
        let book = AddressBookId::new("/alice/a b:c%/");
        let issued = token(&book, "http://radicale.org/ns/sync/abc");
        assert_eq!(
            issued.as_str(),
            "carddav-sync:/alice/a%20b%3Ac%25/:http://radicale.org/ns/sync/abc"
        );
        assert_eq!(
            server_token(&issued, &book).unwrap(),
            "http://radicale.org/ns/sync/abc"
        );
        let other = AddressBookId::new("/alice/a b/");
        let err = server_token(&issued, &other).unwrap_err();
        assert!(
            matches!(&err, Error::InvalidInput { field, reason }
                if field == "change_token" && reason.contains("address book /alice/a b:c%/ issued it")),
            "{err}"
        );
        for bad in [
            "http://radicale.org/ns/sync/abc",
            "carddav-sync",
            "carddav-sync:/alice/a%20b%3Ac%25/",
            "carddav-sync:/alice/a%20b%3Ac%25/:",
            "mem1-changes:x:1",
        ] {
            let err = server_token(&ChangeToken::new(bad), &book).unwrap_err();
            assert!(matches!(err, Error::InvalidInput { .. }), "{bad}: {err}");
        }
    }
}
