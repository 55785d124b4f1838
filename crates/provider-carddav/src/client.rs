//! The WebDAV requests this provider sends, over `contacts-http`'s `HttpClient` (retries with
//! `Retry-After`, the rate limit, timeouts, the password never printed), and how their answers
//! become typed errors.

use crate::xml::{self, Multistatus};
use contacts_core::{Error, Result};
use contacts_http::{HttpClient, Idempotency, Method, Request, Response};
use percent_encoding::percent_decode_str;
use url::Url;

const XML: &str = "application/xml; charset=utf-8";
const VCARD: &str = "text/vcard; charset=utf-8";

/// The decoded last segment of an href (`/a/b/x%20y.vcf` → `x y.vcf`).
pub(crate) fn last_segment(href: &str) -> String {
    let path = href.trim_end_matches('/');
    let last = path.rsplit('/').next().unwrap_or(path);
    percent_decode_str(last).decode_utf8_lossy().into_owned()
}

/// Whether `haystack` holds `needle`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The error of a card an address book refuses as too large: `InvalidInput` on `card`,
/// naming its size and the book's limit (when the book says it), and what to do.
pub(crate) fn too_large(what: &str, bytes: usize, limit: Option<u64>) -> Error {
    let limit = match limit {
        Some(limit) => format!("the address book's limit of {limit} bytes"),
        None => "the server's limit (it does not say how large that is)".to_owned(),
    };
    Error::invalid(
        "card",
        format!(
            "{what} is {bytes} bytes as a vCard, over {limit}; photos are the usual cause:              store a smaller photo, or a link to it"
        ),
    )
}

/// A stored vCard as a GET answers it.
#[derive(Debug, Clone)]
pub(crate) struct Fetched {
    pub etag: Option<String>,
    pub text: String,
}

/// The precondition of a `PUT`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Precondition<'a> {
    /// `If-None-Match: *`: only if nothing is there.
    Absent,
    /// `If-Match: <etag>`: only if unchanged since it was read.
    Unchanged(&'a str),
}

/// `HttpClient` speaking WebDAV.
#[derive(Debug, Clone)]
pub(crate) struct Dav {
    pub http: HttpClient,
}

fn method(name: &'static str) -> Method {
    Method::from_bytes(name.as_bytes()).unwrap_or(Method::GET)
}

impl Dav {
    /// A request to `url` (an absolute URL on the configured origin).
    fn to(&self, m: Method, url: &Url) -> Result<Request> {
        self.http.request_to(m, url.as_str())
    }

    /// The URL of an href the server gave (a path, or an absolute URL), kept on the
    /// configured origin.
    pub fn url(&self, href: &str, current: &Url) -> Result<Url> {
        self.http.resolve_link(href, current)
    }

    /// The typed error of a non-success answer: 412 is a `Conflict` (the resource changed
    /// since it was read, or exists already), everything else as `contacts-http` maps it.
    pub fn error(&self, response: &Response, what: &str) -> Error {
        match response.status {
            412 => Error::Conflict {
                message: format!(
                    "{what} was changed by someone else since it was read (its ETag no longer \
                     matches); read it again and repeat the change"
                ),
            },
            _ => self.http.error_for(response, what),
        }
    }

    async fn multistatus(&self, request: Request, what: &str) -> Result<Multistatus> {
        self.multistatus_or(request, what, |_| None).await
    }

    /// A multistatus answer, or the error `refusal` reads in a non-success answer (a
    /// precondition named in its body), or else the usual typed error.
    async fn multistatus_or(
        &self,
        request: Request,
        what: &str,
        refusal: impl FnOnce(&Response) -> Option<Error>,
    ) -> Result<Multistatus> {
        let response = self.http.send(request).await?;
        if response.status != 207 {
            if !response.is_success()
                && let Some(refused) = refusal(&response)
            {
                return Err(refused);
            }
            if response.is_success() {
                return Err(Error::Protocol {
                    status: Some(response.status),
                    message: format!("{what}: expected 207 Multi-Status"),
                    body_excerpt: contacts_http::excerpt(&response.body, self.http.secret()),
                });
            }
            return Err(self.error(&response, what));
        }
        xml::parse_multistatus(response.status, &response.body, self.http.secret())
    }

    /// `PROPFIND` with `Depth` asking for `props` (see [`xml::propfind`]).
    pub async fn propfind(
        &self,
        url: &Url,
        depth: &str,
        props: &str,
        what: &str,
    ) -> Result<Multistatus> {
        let request = self
            .to(method("PROPFIND"), url)?
            .header("Depth", depth)?
            .header("Accept", "application/xml, text/xml")?
            .body(XML, xml::propfind(props));
        self.multistatus(request, what).await
    }

    /// `REPORT` with `body` on a collection.
    pub async fn report(&self, url: &Url, body: String, what: &str) -> Result<Multistatus> {
        self.report_or(url, body, what, |_| None).await
    }

    /// `REPORT` with `body` on a collection, where `refusal` reads what a refusal's body says
    /// (see [`multistatus_or`](Self::multistatus_or)).
    pub async fn report_or(
        &self,
        url: &Url,
        body: String,
        what: &str,
        refusal: impl FnOnce(&Response) -> Option<Error>,
    ) -> Result<Multistatus> {
        let request = self
            .to(method("REPORT"), url)?
            .header("Depth", "1")?
            .header("Accept", "application/xml, text/xml")?
            .body(XML, body);
        self.multistatus_or(request, what, refusal).await
    }

    /// `GET` of one vCard; `NotFound` naming `what` when it is not there.
    pub async fn get(&self, url: &Url, what: &str) -> Result<Fetched> {
        let request = self
            .to(Method::GET, url)?
            .header("Accept", "text/vcard, text/x-vcard")?;
        let response = self.http.send(request).await?;
        if !response.is_success() {
            return Err(self.error(&response, what));
        }
        let text = String::from_utf8(response.body.to_vec()).map_err(|_| Error::Protocol {
            status: Some(response.status),
            message: format!("{what} is not UTF-8 text"),
            body_excerpt: contacts_http::excerpt(&response.body, self.http.secret()),
        })?;
        Ok(Fetched {
            etag: response.header("etag").map(str::to_owned),
            text,
        })
    }

    /// `PUT` of a vCard under a precondition; the new ETag if the server says it. A refusal
    /// of the card as too large (`413`, or RFC 6352 §6.3.2.1's `CARDDAV:max-resource-size`
    /// precondition in the body of whatever status) is [`too_large`], naming the card's size
    /// and `limit` (the book's `max-resource-size`, when it says one): never a retry, never
    /// a bare status.
    pub async fn put(
        &self,
        url: &Url,
        card: String,
        precondition: Precondition<'_>,
        limit: Option<u64>,
        what: &str,
    ) -> Result<Option<String>> {
        let bytes = card.len();
        let request = self.to(Method::PUT, url)?.body(VCARD, card);
        let request = match precondition {
            Precondition::Absent => request.header("If-None-Match", "*")?,
            Precondition::Unchanged(etag) => request.header("If-Match", etag)?,
        };
        let response = self.http.send(request).await?;
        if !response.is_success() {
            let says_size = contains(&response.body, b"max-resource-size");
            if response.status == 413 || says_size {
                return Err(too_large(what, bytes, limit));
            }
            return Err(self.error(&response, what));
        }
        Ok(response.header("etag").map(str::to_owned))
    }

    /// `DELETE`, with `If-Match` when an ETag is given.
    pub async fn delete(&self, url: &Url, etag: Option<&str>, what: &str) -> Result<()> {
        let mut request = self.to(Method::DELETE, url)?;
        if let Some(etag) = etag {
            request = request.header("If-Match", etag)?;
        }
        let response = self.http.send(request).await?;
        if !response.is_success() {
            return Err(self.error(&response, what));
        }
        Ok(())
    }

    /// Extended `MKCOL` (RFC 5689) of an address book named `name`. Never repeated blindly.
    pub async fn mkcol(&self, url: &Url, name: &str) -> Result<()> {
        let request = self
            .to(method("MKCOL"), url)?
            .idempotency(Idempotency::NotIdempotent)
            .body(XML, xml::mkcol_addressbook(name));
        let response = self.http.send(request).await?;
        match response.status {
            200..=299 => Ok(()),
            405 => Err(Error::Conflict {
                message: "something exists already at the new address book's URL".into(),
            }),
            _ => Err(self.error(&response, "the new address book")),
        }
    }

    /// `PROPPATCH` of the display name.
    pub async fn set_displayname(&self, url: &Url, name: &str, what: &str) -> Result<()> {
        let request = self
            .to(method("PROPPATCH"), url)?
            .body(XML, xml::set_displayname(name));
        let ms = self.multistatus(request, what).await?;
        // A PROPPATCH answers 207 even when the change was refused: look at the propstat.
        match ms.responses.first() {
            Some(r)
                if r.status.is_none_or(|s| (200..300).contains(&s))
                    && r.props.displayname.is_some() =>
            {
                Ok(())
            }
            Some(_) | None => Err(Error::PermissionDenied {
                message: format!("the server refused to rename {what}"),
            }),
        }
    }
}
