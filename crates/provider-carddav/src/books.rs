//! Discovery and the address books of an account: from a server URL and credentials, the
//! principal (`DAV:current-user-principal`, RFC 5397), its address-book home
//! (`CARDDAV:addressbook-home-set`, RFC 6352 §7.1.1) and the address books in it; creating
//! (extended `MKCOL`, RFC 5689), renaming (`PROPPATCH` of `DAV:displayname`) and deleting
//! them.

use crate::client::Dav;
use contacts_core::{AddressBookId, Error, Result};
use std::sync::Arc;
use tokio::sync::OnceCell;
use url::Url;

/// One address book: its id (the collection's path, e.g. `/alice/contacts/`), its display
/// name, and its URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressBook {
    /// The id: the collection's path on the server.
    pub id: AddressBookId,
    /// The display name (the last path segment when the server has none).
    pub name: String,
    /// The collection's URL.
    pub url: Url,
}

/// The address books of one account on one server. Cheap to clone; clones share the HTTP
/// client (and its rate limiter) and what discovery found.
#[derive(Debug, Clone)]
pub struct AddressBooks {
    pub(crate) dav: Dav,
    pub(crate) start: Url,
    pub(crate) home: Arc<OnceCell<Url>>,
    pub(crate) concurrency: usize,
}

impl AddressBooks {
    /// The address-book home of the account, found once: the principal of the start URL
    /// (or of the server root), then its home set. A server that names no principal or home
    /// is taken to keep books at the start URL itself.
    pub async fn home(&self) -> Result<Url> {
        self.home
            .get_or_try_init(|| async { self.discover().await })
            .await
            .cloned()
    }

    async fn principal(&self) -> Result<Option<Url>> {
        let mut tried = vec![self.start.clone()];
        if self.start.path() != "/" {
            tried.push(self.dav.url("/", &self.start)?);
        }
        let mut unreadable = None;
        for url in tried {
            match self
                .dav
                .propfind(&url, "0", "<d:current-user-principal/>", "the server")
                .await
            {
                Ok(ms) => {
                    if let Some(href) = ms.responses.into_iter().find_map(|r| r.props.principal) {
                        return self.dav.url(&href, &url).map(Some);
                    }
                }
                Err(e) if e.is_not_found() => {}
                Err(e @ Error::Protocol { .. }) => unreadable = Some(e),
                Err(e) => return Err(e),
            }
        }
        unreadable.map_or(Ok(None), Err)
    }

    async fn discover(&self) -> Result<Url> {
        let Some(principal) = self.principal().await? else {
            return Ok(self.start.clone());
        };
        let ms = self
            .dav
            .propfind(
                &principal,
                "0",
                "<c:addressbook-home-set/>",
                "the principal",
            )
            .await?;
        match ms
            .responses
            .into_iter()
            .find_map(|r| r.props.home.into_iter().next())
        {
            Some(href) => self.dav.url(&href, &principal),
            None => Ok(principal),
        }
    }

    /// Every address book in the home, sorted by id.
    pub async fn list(&self) -> Result<Vec<AddressBook>> {
        let home = self.home().await?;
        let ms = self
            .dav
            .propfind(
                &home,
                "1",
                "<d:resourcetype/><d:displayname/>",
                "the address-book home",
            )
            .await?;
        let mut books = Vec::new();
        for r in ms.responses {
            if !r.props.addressbook {
                continue;
            }
            let url = self.dav.url(&r.href, &home)?;
            books.push(book(url, r.props.displayname));
        }
        books.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(books)
    }

    /// Creates an address book named `name` in the home, at a new random path.
    pub async fn create(&self, name: &str) -> Result<AddressBook> {
        check_name(name)?;
        let home = self.home().await?;
        let url = home
            .join(&format!("{}/", uuid::Uuid::new_v4()))
            .map_err(|e| Error::invalid("name", e.to_string()))?;
        self.dav.mkcol(&url, name).await?;
        Ok(book(url, Some(name.to_owned())))
    }

    /// The URL of the book `id` (a path on the server, as [`list`](Self::list) gives it, or
    /// a URL on its origin). An id is data, never a path to resolve: one that is not
    /// absolute (empty, `contacts/`: relative to the start URL, which may be a book itself),
    /// or holds a dot segment, a query or a fragment (`/alice/../`, `/a/?x`), would address
    /// another collection than it names, so it is `NotFound` without a request.
    pub fn url(&self, id: &AddressBookId) -> Result<Url> {
        let missing = || Error::not_found(format!("address book {id}"));
        if !is_book_path(id.as_str()) {
            return Err(missing());
        }
        let mut url = self
            .dav
            .url(id.as_str(), &self.start)
            .map_err(|_| missing())?;
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        Ok(url)
    }

    /// Renames a book (`PROPPATCH` of its display name).
    pub async fn rename(&self, id: &AddressBookId, name: &str) -> Result<AddressBook> {
        check_name(name)?;
        let url = self.url(id)?;
        self.check_book(&url, id).await?;
        self.dav
            .set_displayname(&url, name, &format!("address book {id}"))
            .await?;
        Ok(book(url, Some(name.to_owned())))
    }

    /// `NotFound` unless `url` is an address book. A server may forbid (403) what lies
    /// outside the account rather than say it is missing (Radicale does for an id that is
    /// no book of the user's); for an id that names no book of the account that is the same
    /// answer.
    pub(crate) async fn check_book(&self, url: &Url, id: &AddressBookId) -> Result<()> {
        let what = format!("address book {id}");
        let ms = match self
            .dav
            .propfind(url, "0", "<d:resourcetype/>", &what)
            .await
        {
            Err(Error::PermissionDenied { .. }) => return Err(Error::not_found(what)),
            other => other?,
        };
        if ms.responses.iter().any(|r| r.props.addressbook) {
            Ok(())
        } else {
            Err(Error::not_found(format!("address book {id}")))
        }
    }

    /// Deletes a book and every vCard in it.
    pub async fn delete(&self, id: &AddressBookId) -> Result<()> {
        let url = self.url(id)?;
        self.check_book(&url, id).await?;
        self.dav
            .delete(&url, None, &format!("address book {id}"))
            .await
    }
}

/// Whether `id` can be a book's id as it is: an absolute path (`/alice/contacts/`) or an
/// http(s) URL, with no dot segment (also percent-encoded), query, fragment, back slash or
/// control character, so resolving it changes nothing but its origin.
fn is_book_path(id: &str) -> bool {
    let path = match id.split_once("://") {
        Some(("http" | "https", rest)) => rest.find('/').map_or("/", |at| &rest[at..]),
        Some(_) => return false,
        None => id,
    };
    path.starts_with('/')
        && !path.starts_with("//")
        && !id.contains(['?', '#', '\\'])
        && !id.chars().any(char::is_control)
        && path.split('/').all(|segment| {
            // Servers decode `%2F` and `%5C` into separators, so an encoded one is refused too.
            let decoded = crate::client::last_segment(segment);
            decoded != "." && decoded != ".." && !decoded.contains(['/', '\\'])
        })
}

/// An address book at `url`, named `name` or after its last segment.
pub(crate) fn book(url: Url, name: Option<String>) -> AddressBook {
    let path = url.path().to_owned();
    let name = name
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| crate::client::last_segment(&path));
    AddressBook {
        id: AddressBookId::new(path),
        name,
        url,
    }
}

/// A book's display name as it will read back: not empty, and without white space at its
/// ends, which servers trim from `DAV:displayname` (Xandikos does), so such a name would not
/// read back as written; it is refused rather than changed.
fn check_name(name: &str) -> Result<()> {
    if name.is_empty() {
        return Err(Error::invalid("name", "an address book needs a name"));
    }
    if name.trim() != name {
        return Err(Error::invalid(
            "name",
            format!("{name:?} has white space at its ends, which CardDAV servers trim"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::is_book_path;

    #[test]
    fn a_book_id_is_an_absolute_path_that_resolves_to_itself() {
        for id in [
            "/alice/contacts/",
            "/alice/contacts",
            "/a%20b/",
            "https://dav.example.com/alice/contacts/",
        ] {
            assert!(is_book_path(id), "{id:?}");
        }
        for id in [
            "",
            ".",
            "..",
            "contacts/",
            "a/b",
            "/alice/../",
            "/alice/%2e%2e/",
            "/./",
            "/a/?all=1",
            "/a/#x",
            "//evil.example/x/",
            "/a\\b/",
            "/a\u{0}/",
            "/alice%2F..%2F",
            "/alice/%5C../",
            "ftp://dav.example.com/a/",
            "https://dav.example.com/a/../",
        ] {
            assert!(!is_book_path(id), "{id:?}");
        }
    }
}
