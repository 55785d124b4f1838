//! WebDAV XML: the request bodies this provider sends, and a namespace-aware reader of the
//! `207 Multi-Status` answers (RFC 4918 §14.16) it gets back, written with `quick-xml`.
//!
//! The reader keeps only what the provider uses (hrefs, statuses, ETags, address data, display
//! names, resource types, sync tokens, principal and home-set hrefs, the vCard versions and
//! resource size an address book takes) and fails, with a bounded
//! excerpt, on anything that is not well-formed XML or not a multistatus.

use contacts_core::Error;
use quick_xml::NsReader;
use quick_xml::escape::escape;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use std::io::BufRead;

const DAV: &[u8] = b"DAV:";
const CARDDAV: &[u8] = b"urn:ietf:params:xml:ns:carddav";
/// CalDAV's namespace: Radicale gives an address book's size limit as CalDAV's
/// `max-resource-size` (RFC 4791 §5.2.5) only.
const CALDAV: &[u8] = b"urn:ietf:params:xml:ns:caldav";

/// What one `propstat` with a 2xx status said about a resource.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Props {
    /// `DAV:getetag`, quotes included (it is sent back as is in `If-Match`).
    pub etag: Option<String>,
    /// `CARDDAV:address-data`: the vCard.
    pub address_data: Option<String>,
    /// `DAV:displayname`.
    pub displayname: Option<String>,
    /// `DAV:resourcetype` holds `DAV:collection`.
    pub collection: bool,
    /// `DAV:resourcetype` holds `CARDDAV:addressbook`.
    pub addressbook: bool,
    /// `DAV:sync-token` as a property of a collection.
    pub sync_token: Option<String>,
    /// The href in `DAV:current-user-principal`.
    pub principal: Option<String>,
    /// The hrefs in `CARDDAV:addressbook-home-set`.
    pub home: Vec<String>,
    /// `DAV:supported-report-set` lists `DAV:sync-collection` (RFC 6578 §3.1).
    pub sync_collection: bool,
    /// The `version` of every `CARDDAV:address-data-type` of content type `text/vcard` in
    /// `CARDDAV:supported-address-data` (RFC 6352 §6.2.2): the vCard versions the book takes.
    pub vcard_versions: Vec<String>,
    /// `CARDDAV:max-resource-size` (RFC 6352 §6.2.3), or CalDAV's as Radicale gives it: the
    /// largest vCard the book takes, in octets.
    pub max_resource_size: Option<u64>,
}

/// One `DAV:response`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct DavResponse {
    /// The first `DAV:href`.
    pub href: String,
    /// The status of the response itself (`404` for a member that is gone), if it has one.
    pub status: Option<u16>,
    /// Every property found with a 2xx propstat.
    pub props: Props,
}

/// A whole `DAV:multistatus`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Multistatus {
    /// The responses, in document order.
    pub responses: Vec<DavResponse>,
    /// The new `DAV:sync-token` of a `sync-collection` report.
    pub sync_token: Option<String>,
}

/// Elements the reader tells apart; everything else is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Multistatus,
    Response,
    Href,
    Status,
    Propstat,
    GetEtag,
    DisplayName,
    ResourceType,
    Collection,
    SyncToken,
    Principal,
    AddressData,
    AddressBook,
    HomeSet,
    SyncCollection,
    AddressDataType,
    MaxResourceSize,
    Other,
}

fn tag(ns: &ResolveResult<'_>, local: &[u8]) -> Tag {
    let ResolveResult::Bound(Namespace(ns)) = ns else {
        return Tag::Other;
    };
    match (*ns, local) {
        (DAV, b"multistatus") => Tag::Multistatus,
        (DAV, b"response") => Tag::Response,
        (DAV, b"href") => Tag::Href,
        (DAV, b"status") => Tag::Status,
        (DAV, b"propstat") => Tag::Propstat,
        (DAV, b"getetag") => Tag::GetEtag,
        (DAV, b"displayname") => Tag::DisplayName,
        (DAV, b"resourcetype") => Tag::ResourceType,
        (DAV, b"collection") => Tag::Collection,
        (DAV, b"sync-token") => Tag::SyncToken,
        (DAV, b"current-user-principal") => Tag::Principal,
        (DAV, b"sync-collection") => Tag::SyncCollection,
        (CARDDAV, b"address-data") => Tag::AddressData,
        (CARDDAV, b"addressbook") => Tag::AddressBook,
        (CARDDAV, b"addressbook-home-set") => Tag::HomeSet,
        (CARDDAV, b"address-data-type") => Tag::AddressDataType,
        (CARDDAV | CALDAV, b"max-resource-size") => Tag::MaxResourceSize,
        _ => Tag::Other,
    }
}

/// The status code of a `DAV:status` line such as `HTTP/1.1 404 Not Found`.
fn status_code(line: &str) -> Option<u16> {
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The state of the reader between events.
#[derive(Default)]
struct State {
    stack: Vec<Tag>,
    text: String,
    out: Multistatus,
    response: Option<DavResponse>,
    propstat: Option<(Props, Option<u16>)>,
}

impl State {
    fn parent(&self) -> Tag {
        self.stack
            .iter()
            .rev()
            .nth(1)
            .copied()
            .unwrap_or(Tag::Other)
    }

    fn props(&mut self) -> Option<&mut Props> {
        self.propstat.as_mut().map(|(props, _)| props)
    }

    fn open(&mut self, tag: Tag) {
        self.text.clear();
        match tag {
            Tag::Response => self.response = Some(DavResponse::default()),
            Tag::Propstat => self.propstat = Some((Props::default(), None)),
            Tag::Collection if self.parent() == Tag::ResourceType => {
                if let Some(p) = self.props() {
                    p.collection = true;
                }
            }
            Tag::SyncCollection => {
                if let Some(p) = self.props() {
                    p.sync_collection = true;
                }
            }
            Tag::AddressBook if self.parent() == Tag::ResourceType => {
                if let Some(p) = self.props() {
                    p.addressbook = true;
                }
            }
            _ => {}
        }
    }

    fn close(&mut self, tag: Tag) {
        let text = std::mem::take(&mut self.text);
        let parent = self.parent();
        match (tag, parent) {
            (Tag::Response, _) => {
                if let Some(r) = self.response.take() {
                    self.out.responses.push(r);
                }
            }
            (Tag::Propstat, _) => {
                if let (Some((props, status)), Some(r)) =
                    (self.propstat.take(), self.response.as_mut())
                    && status.is_some_and(|s| (200..300).contains(&s))
                {
                    merge(&mut r.props, props);
                }
            }
            (Tag::Href, Tag::Response) => {
                if let Some(r) = self.response.as_mut().filter(|r| r.href.is_empty()) {
                    r.href = text.trim().to_owned();
                }
            }
            (Tag::Href, Tag::Principal) => {
                if let Some(p) = self.props() {
                    p.principal = Some(text.trim().to_owned());
                }
            }
            (Tag::Href, Tag::HomeSet) => {
                if let Some(p) = self.props() {
                    p.home.push(text.trim().to_owned());
                }
            }
            (Tag::Status, Tag::Response) => {
                if let Some(r) = self.response.as_mut() {
                    r.status = status_code(&text);
                }
            }
            (Tag::Status, Tag::Propstat) => {
                if let Some((_, status)) = self.propstat.as_mut() {
                    *status = status_code(&text);
                }
            }
            (Tag::SyncToken, Tag::Multistatus) => {
                self.out.sync_token = Some(text.trim().to_owned())
            }
            (Tag::SyncToken, _) => self.set(|p| p.sync_token = Some(text.trim().to_owned())),
            (Tag::GetEtag, _) => self.set(|p| p.etag = Some(text.trim().to_owned())),
            (Tag::DisplayName, _) => self.set(|p| p.displayname = Some(text)),
            (Tag::AddressData, _) => self.set(|p| p.address_data = Some(text)),
            (Tag::MaxResourceSize, _) => {
                let size = text.trim().parse().ok();
                self.set(|p| p.max_resource_size = size);
            }
            _ => {}
        }
    }

    /// What an element says in its attributes: the vCard version of an `address-data-type`.
    fn attributes(&mut self, tag: Tag, start: &BytesStart<'_>) {
        if tag == Tag::AddressDataType
            && let Some(version) = vcard_version(start)
        {
            self.set(|p| p.vcard_versions.push(version));
        }
    }

    fn set(&mut self, f: impl FnOnce(&mut Props)) {
        if let Some(p) = self.props() {
            f(p);
        }
    }
}

fn merge(into: &mut Props, from: Props) {
    into.etag = from.etag.or(into.etag.take());
    into.address_data = from.address_data.or(into.address_data.take());
    into.displayname = from.displayname.or(into.displayname.take());
    into.collection |= from.collection;
    into.addressbook |= from.addressbook;
    into.sync_token = from.sync_token.or(into.sync_token.take());
    into.principal = from.principal.or(into.principal.take());
    into.home.extend(from.home);
    into.sync_collection |= from.sync_collection;
    into.vcard_versions.extend(from.vcard_versions);
    into.max_resource_size = from.max_resource_size.or(into.max_resource_size);
}

/// The vCard version an `address-data-type` element names, if its content type is vCard
/// (RFC 6352 §6.2.2: `content-type` defaults to `text/vcard`, `version` to `3.0`).
fn vcard_version(start: &BytesStart<'_>) -> Option<String> {
    let mut content_type = "text/vcard".to_owned();
    let mut version = "3.0".to_owned();
    for attribute in start.attributes().flatten() {
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()?
            .into_owned();
        match attribute.key.local_name().as_ref() {
            b"content-type" => content_type = value,
            b"version" => version = value,
            _ => {}
        }
    }
    content_type
        .trim()
        .eq_ignore_ascii_case("text/vcard")
        .then(|| version.trim().to_owned())
}

/// The text of a predefined entity or a character reference (`amp`, `#x41`).
fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// Reads a multistatus from `input`, handing each `DavResponse` to `emit` as soon as it is
/// complete (in document order) and stopping early when `emit` returns `false`. Returns the
/// top-level `DAV:sync-token`, or why the input is not a multistatus.
pub(crate) fn read_multistatus<R: BufRead>(
    input: R,
    mut emit: impl FnMut(DavResponse) -> bool,
) -> Result<Option<String>, String> {
    let mut reader = NsReader::from_reader(input);
    let mut state = State::default();
    let mut seen_root = false;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let (ns, event) = reader
            .read_resolved_event_into(&mut buf)
            .map_err(|e| format!("not well-formed XML: {e}"))?;
        match event {
            Event::Start(ref start) | Event::Empty(ref start) if !seen_root => {
                if tag(&ns, start.local_name().as_ref()) != Tag::Multistatus {
                    return Err("the root element is not DAV:multistatus".into());
                }
                seen_root = true;
                // An empty `<multistatus/>` has no end to pop it.
                if matches!(event, Event::Start(_)) {
                    state.stack.push(Tag::Multistatus);
                }
            }
            Event::Start(start) => {
                let tag = tag(&ns, start.local_name().as_ref());
                state.stack.push(tag);
                state.open(tag);
                state.attributes(tag, &start);
            }
            Event::Empty(start) => {
                let tag = tag(&ns, start.local_name().as_ref());
                state.stack.push(tag);
                state.open(tag);
                state.attributes(tag, &start);
                state.close(tag);
                state.stack.pop();
            }
            Event::End(_) => {
                let tag = state.stack.last().copied().unwrap_or(Tag::Other);
                state.close(tag);
                state.stack.pop();
            }
            Event::Text(t) => {
                let t = t.xml10_content().map_err(|e| format!("bad text: {e}"))?;
                state.text.push_str(&t);
            }
            Event::CData(t) => {
                let t = t.xml10_content().map_err(|e| format!("bad CDATA: {e}"))?;
                state.text.push_str(&t);
            }
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| format!("bad reference: {e}"))?;
                let c = entity(&name).ok_or_else(|| format!("unknown entity &{name};"))?;
                state.text.push(c);
            }
            Event::Eof => break,
            _ => {}
        }
        for response in state.out.responses.drain(..) {
            if !emit(response) {
                return Ok(state.out.sync_token);
            }
        }
    }
    if !seen_root {
        return Err("the body is empty".into());
    }
    if !state.stack.is_empty() {
        return Err("the document ends inside an element".into());
    }
    Ok(state.out.sync_token)
}

/// Reads a whole `207 Multi-Status` body. `Protocol` with the status and a bounded excerpt
/// (the secret redacted) when it is not well-formed XML or not a `DAV:multistatus`.
pub(crate) fn parse_multistatus(
    status: u16,
    body: &[u8],
    secret: Option<&str>,
) -> Result<Multistatus, Error> {
    let mut responses = Vec::new();
    let sync_token = read_multistatus(body, |r| {
        responses.push(r);
        true
    })
    .map_err(|why| protocol(status, &why, body, secret))?;
    Ok(Multistatus {
        responses,
        sync_token,
    })
}

/// The error for a multistatus that cannot be read.
pub(crate) fn protocol(status: u16, why: &str, body: &[u8], secret: Option<&str>) -> Error {
    Error::Protocol {
        status: Some(status),
        message: format!("cannot read the WebDAV multistatus answer: {why}"),
        body_excerpt: contacts_http::excerpt(body, secret),
    }
}

/// The conditions a `DAV:error` body names (RFC 4918 §16): the local names of the root's
/// children in the `DAV:` namespace, such as RFC 6578's `valid-sync-token`. Empty when the
/// body is no `DAV:error` (HTML from a proxy, nothing at all), so a caller never reads a
/// condition into a body that does not state it.
pub(crate) fn error_conditions(body: &[u8]) -> Vec<String> {
    let mut reader = NsReader::from_reader(body);
    let mut buf = Vec::new();
    let (mut depth, mut found) = (0usize, Vec::new());
    loop {
        buf.clear();
        let Ok((ns, event)) = reader.read_resolved_event_into(&mut buf) else {
            return found;
        };
        match event {
            Event::Start(ref start) | Event::Empty(ref start) => {
                let dav = matches!(ns, ResolveResult::Bound(Namespace(n)) if n == DAV);
                let local = start.local_name();
                if depth == 0 && !(dav && local.as_ref() == b"error") {
                    return Vec::new();
                }
                if depth == 1 && dav {
                    found.push(String::from_utf8_lossy(local.as_ref()).into_owned());
                }
                match event {
                    Event::Start(_) => depth += 1,
                    _ if depth == 0 => return found,
                    _ => {}
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return found;
                }
            }
            Event::Eof => return found,
            _ => {}
        }
    }
}

/// Escapes text for an XML body.
pub(crate) fn text(value: &str) -> std::borrow::Cow<'_, str> {
    escape(value)
}

/// `PROPFIND` body asking for `props` (already written as elements with the `d:` prefix for
/// DAV and `c:` for CardDAV).
pub(crate) fn propfind(props: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:prop>{props}</d:prop></d:propfind>"#
    )
}

/// `addressbook-query` body (RFC 6352 §8.6) for every card of the collection (an empty
/// filter matches all), with the vCards or only their ETags.
pub(crate) fn query_all(with_data: bool) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><c:addressbook-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/>{}</d:prop><c:filter/></c:addressbook-query>"#,
        if with_data { "<c:address-data/>" } else { "" }
    )
}

/// `addressbook-multiget` body for `hrefs` (RFC 6352 §8.7), asking for the ETag and the vCard.
pub(crate) fn multiget<'a>(hrefs: impl IntoIterator<Item = &'a str>) -> String {
    let mut body = String::from(
        r#"<?xml version="1.0" encoding="utf-8"?><c:addressbook-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/><c:address-data/></d:prop>"#,
    );
    for href in hrefs {
        body.push_str("<d:href>");
        body.push_str(&text(href));
        body.push_str("</d:href>");
    }
    body.push_str("</c:addressbook-multiget>");
    body
}

/// `sync-collection` body (RFC 6578 §3.2) from `token` (empty: the initial sync).
pub(crate) fn sync_collection(token: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:"><d:sync-token>{}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"#,
        text(token)
    )
}

/// Extended `MKCOL` body (RFC 5689) making an address book named `name`.
pub(crate) fn mkcol_addressbook(name: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><d:mkcol xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:set><d:prop><d:resourcetype><d:collection/><c:addressbook/></d:resourcetype><d:displayname>{}</d:displayname></d:prop></d:set></d:mkcol>"#,
        text(name)
    )
}

/// `PROPPATCH` body setting the display name.
pub(crate) fn set_displayname(name: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><d:propertyupdate xmlns:d="DAV:"><d:set><d:prop><d:displayname>{}</d:displayname></d:prop></d:set></d:propertyupdate>"#,
        text(name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_prefixed_and_default_namespaces_alike() {
        let radicale = br#"<?xml version='1.0' encoding='utf-8'?>
<multistatus xmlns="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav"><response><href>/a/b/nope.vcf</href><status>HTTP/1.1 404 Not Found</status></response><response><href>/a/b/u%201.vcf</href><propstat><prop><getetag>"e1"</getetag><CR:address-data>BEGIN:VCARD&#13;
FN:A &amp; B
END:VCARD
</CR:address-data></prop><status>HTTP/1.1 200 OK</status></propstat><propstat><prop><displayname/></prop><status>HTTP/1.1 404 Not Found</status></propstat></response></multistatus>"#;
        let ms = parse_multistatus(207, radicale, None).unwrap();
        assert_eq!(ms.responses.len(), 2);
        assert_eq!(ms.responses[0].status, Some(404));
        let r = &ms.responses[1];
        assert_eq!(r.href, "/a/b/u%201.vcf");
        assert_eq!(r.props.etag.as_deref(), Some("\"e1\""));
        assert_eq!(
            r.props.address_data.as_deref(),
            Some("BEGIN:VCARD\r\nFN:A & B\nEND:VCARD\n")
        );
        assert_eq!(r.props.displayname, None, "a 404 propstat says nothing");
        let xandikos = br#"<ns0:multistatus xmlns:ns0="DAV:" xmlns:ns1="urn:ietf:params:xml:ns:carddav"><ns0:response><ns0:href>/u/c/b/</ns0:href><ns0:propstat><ns0:status>HTTP/1.1 200 OK</ns0:status><ns0:prop><ns0:resourcetype><ns0:collection /><ns1:addressbook /></ns0:resourcetype><ns0:displayname>Friends</ns0:displayname></ns0:prop></ns0:propstat></ns0:response><ns0:sync-token>t2</ns0:sync-token></ns0:multistatus>"#;
        let ms = parse_multistatus(207, xandikos, None).unwrap();
        assert!(
            parse_multistatus(207, br#"<multistatus xmlns="DAV:" />"#, None)
                .unwrap()
                .responses
                .is_empty()
        );
        let p = &ms.responses[0].props;
        assert!(p.collection && p.addressbook);
        assert_eq!(p.displayname.as_deref(), Some("Friends"));
        assert_eq!(ms.sync_token.as_deref(), Some("t2"));
    }

    #[test]
    fn sync_collection_is_seen_only_in_a_successful_report_set() {
        let with = br#"<d:multistatus xmlns:d="DAV:"><d:response><d:href>/b/</d:href><d:propstat><d:prop><d:supported-report-set><d:supported-report><d:report><d:sync-collection/></d:report></d:supported-report></d:supported-report-set></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>"#;
        assert!(
            parse_multistatus(207, with, None).unwrap().responses[0]
                .props
                .sync_collection
        );
        let without = br#"<d:multistatus xmlns:d="DAV:"><d:response><d:href>/b/</d:href><d:propstat><d:prop><d:supported-report-set/></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>"#;
        assert!(
            !parse_multistatus(207, without, None).unwrap().responses[0]
                .props
                .sync_collection
        );
    }

    /// RFC 6352 §6.2.2 and §6.2.3 as Radicale writes them (with vobject 0.9: 3.0 only), and
    /// Xandikos 0.4's answer, whose elements are named `content-type` instead of
    /// `address-data-type`: read strictly, it names no version.
    #[test]
    fn the_versions_and_size_a_book_takes_are_read_from_its_properties() {
        let radicale = br#"<multistatus xmlns="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav"><response><href>/a/b/</href><propstat><prop><CR:supported-address-data><CR:address-data-type content-type="text/vcard" version="3.0"/><CR:address-data-type content-type="application/vcard+json" version="4.0"/></CR:supported-address-data><CR:max-resource-size>10000000</CR:max-resource-size></prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>"#;
        let p = &parse_multistatus(207, radicale, None).unwrap().responses[0].props;
        assert_eq!(p.vcard_versions, ["3.0"]);
        assert_eq!(p.max_resource_size, Some(10_000_000));
        let xandikos = br#"<ns0:multistatus xmlns:ns0="DAV:" xmlns:ns1="urn:ietf:params:xml:ns:carddav"><ns0:response><ns0:href>/u/c/b/</ns0:href><ns0:propstat><ns0:status>HTTP/1.1 200 OK</ns0:status><ns0:prop><ns1:supported-address-data><ns1:content-type content-type="text/vcard" version="3.0" /></ns1:supported-address-data></ns0:prop></ns0:propstat></ns0:response></ns0:multistatus>"#;
        let p = &parse_multistatus(207, xandikos, None).unwrap().responses[0].props;
        assert!(p.vcard_versions.is_empty());
        assert_eq!(p.max_resource_size, None);
    }

    #[test]
    fn garbage_is_a_protocol_error_with_a_redacted_excerpt() {
        for body in [
            &b"<html><body>oops pw-1</body></html>"[..],
            b"<multistatus xmlns=\"DAV:\"><response>",
            b"not xml at all pw-1",
            b"",
            b"<d:multistatus xmlns:d=\"DAV:\"><d:response></d:href></d:multistatus>",
        ] {
            let err = parse_multistatus(207, body, Some("pw-1")).unwrap_err();
            let (status, _, body_excerpt) = contacts_testkit::protocol::parts(&err);
            assert_eq!(status, Some(207));
            assert!(!body_excerpt.contains("pw-1"), "{body_excerpt}");
        }
    }

    /// RFC 6578 §3.2's precondition as Radicale (403) and Xandikos (412) write it, read
    /// namespace-aware; a body that only mentions the name, or is not a `DAV:error`, names
    /// nothing.
    #[test]
    fn error_conditions_are_the_dav_children_of_a_dav_error() {
        let radicale = br#"<?xml version='1.0' encoding='utf-8'?>
<error xmlns="DAV:"><valid-sync-token /></error>"#;
        assert_eq!(error_conditions(radicale), ["valid-sync-token"]);
        let xandikos = br#"<ns0:error xmlns:ns0="DAV:"><ns0:valid-sync-token /><ns0:responsedescription>Requested sync token x is invalid</ns0:responsedescription></ns0:error>"#;
        assert_eq!(
            error_conditions(xandikos),
            ["valid-sync-token", "responsedescription"]
        );
        for nothing in [
            &b"<html><body>valid-sync-token</body></html>"[..],
            b"<error><valid-sync-token/></error>",
            b"<d:error xmlns:d=\"DAV:\" xmlns:x=\"urn:x\"><x:valid-sync-token/></d:error>",
            b"valid-sync-token",
            b"",
        ] {
            assert!(error_conditions(nothing).is_empty(), "{nothing:?}");
        }
    }

    #[test]
    fn request_bodies_escape_what_they_carry() {
        assert!(multiget(["/a/<b>&.vcf"]).contains("<d:href>/a/&lt;b&gt;&amp;.vcf</d:href>"));
        assert!(mkcol_addressbook("A & B").contains(">A &amp; B<"));
    }
}
