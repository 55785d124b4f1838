//! Real CardDAV servers (provider-carddav's `testing` feature, re-exported here), a proxy in
//! front of one that counts what a provider asks of it, and [`on_both!`](crate::on_both) to
//! run one test body on Radicale and on Xandikos.
//!
//! The proxy is how a test proves what a sync costs on the wire (one `sync-collection`
//! `REPORT` and one `addressbook-multiget`, never a listing of the book).

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use contacts_core::Standard;
use provider_carddav::CardDavProvider;
pub use provider_carddav::testing::{Kind, PASSWORD, Server, USER, venv};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};

/// One request as the proxy saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// `PROPFIND`, `REPORT`, `GET`, `PUT`, …
    pub method: String,
    /// The path and query.
    pub path: String,
    /// The `Depth` header, if any.
    pub depth: Option<String>,
    /// The request body, as text.
    pub body: String,
}

impl Seen {
    /// Whether this request lists the book: an `addressbook-query` `REPORT` (a listing, a
    /// name snapshot) or a `PROPFIND` of the book's members (any depth but `0`).
    pub fn is_listing(&self) -> bool {
        (self.method == "REPORT" && self.body.contains("addressbook-query"))
            || (self.method == "PROPFIND" && self.depth.as_deref() != Some("0"))
    }

    /// Whether this is a `sync-collection` `REPORT` (RFC 6578).
    pub fn is_sync_report(&self) -> bool {
        self.method == "REPORT" && self.body.contains("sync-collection")
    }

    /// Whether this is an `addressbook-multiget` `REPORT`.
    pub fn is_multiget(&self) -> bool {
        self.method == "REPORT" && self.body.contains("addressbook-multiget")
    }
}

/// What a proxy runs before it forwards a request: "another client" acting between a
/// provider's read and its write, for instance.
type Before = Arc<dyn Fn(Seen) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// A proxy on 127.0.0.1:0 in front of a server that records every request it forwards.
#[derive(Clone)]
pub struct CountingProxy {
    upstream: String,
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    before: Option<Before>,
}

impl std::fmt::Debug for CountingProxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CountingProxy")
            .field("upstream", &self.upstream)
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl CountingProxy {
    /// Starts a proxy forwarding every request to `upstream` (a base URL), unchanged but for
    /// its `Host`.
    pub async fn start(upstream: &str) -> Self {
        Self::launch(upstream, None).await
    }

    /// Like [`start`](Self::start), but each request is first given to `before`, and
    /// forwarded when the future it returns is done.
    pub async fn start_with<F, Fut>(upstream: &str, before: F) -> Self
    where
        F: Fn(Seen) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let before: Before = Arc::new(move |seen| Box::pin(before(seen)));
        Self::launch(upstream, Some(before)).await
    }

    async fn launch(upstream: &str, before: Option<Before>) -> Self {
        let mut proxy = Self {
            upstream: upstream.trim_end_matches('/').to_owned(),
            url: String::new(),
            seen: Arc::default(),
            before,
        };
        let router = Router::new().fallback(forward).with_state(proxy.clone());
        proxy.url = crate::serve(router).await;
        proxy
    }

    /// The proxy's base URL, to build a provider with.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The URL on the server behind the proxy of `path` (a [`Seen::path`]).
    pub fn upstream_url(&self, path: &str) -> String {
        format!("{}{path}", self.upstream)
    }

    /// The requests seen since the last call (or since the start).
    pub fn take(&self) -> Vec<Seen> {
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        std::mem::take(&mut *seen)
    }
}

/// A proxy in front of `server` and a provider of the book at `book` whose every request goes
/// through it (standard layers, the server's credentials, quick retries).
pub async fn counted(server: &Server, book: &str) -> (CountingProxy, Standard<CardDavProvider>) {
    let proxy = CountingProxy::start(&server.base_url()).await;
    let provider = server
        .builder()
        .base_url(proxy.url())
        .book(book)
        .build()
        .expect("a provider for the proxy's URL");
    (proxy, provider)
}

/// A provider (standard layers, no credentials) of the book `/book/` of a fake CardDAV
/// server on 127.0.0.1:0 that answers as `router`: for the answers no real server gives
/// (garbage XML, exact RFC bodies, refusals).
pub async fn fake_book(router: Router) -> Standard<CardDavProvider> {
    CardDavProvider::builder()
        .base_url(crate::serve(router).await)
        .book("/book/")
        .build()
        .expect("a provider for the fake server's URL")
}

/// One answer of a fake server: `status`, with `body` as `content_type`.
pub fn answer(status: u16, content_type: &str, body: impl Into<Body>) -> Response {
    Response::builder()
        .status(status)
        .header("Content-Type", content_type)
        .body(body.into())
        .expect("a valid status and content type")
}

/// Records `request` and forwards it; the answer goes back as the server gave it (its length
/// and transfer encoding left to the proxy's own server).
async fn forward(State(proxy): State<CountingProxy>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body: Bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .expect("the request body");
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let seen = Seen {
        method: parts.method.to_string(),
        path: path.to_owned(),
        depth: parts
            .headers
            .get("depth")
            .and_then(|d| d.to_str().ok())
            .map(str::to_owned),
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    let target = proxy.upstream_url(path);
    proxy
        .seen
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(seen.clone());
    if let Some(before) = &proxy.before {
        before(seen).await;
    }
    let method = reqwest::Method::from_bytes(parts.method.as_str().as_bytes()).expect("a method");
    let mut upstream = reqwest::Client::new().request(method, &target).body(body);
    for (name, value) in &parts.headers {
        if name != "host" {
            upstream = upstream.header(name.as_str(), value.as_bytes());
        }
    }
    let answer = upstream.send().await.expect("the server behind the proxy");
    let status = StatusCode::from_u16(answer.status().as_u16()).expect("a status code");
    let mut response = Response::builder().status(status);
    for (name, value) in answer.headers() {
        if name != "transfer-encoding" && name != "content-length" {
            response = response.header(name.as_str(), value.as_bytes());
        }
    }
    let bytes = answer.bytes().await.expect("the server's answer");
    response
        .body(Body::from(bytes))
        .expect("the server's status and headers")
}

/// Runs each test body on both servers: `name => body;` makes the tests `radicale::name`
/// and `xandikos::name`, each calling `body(Kind::…)` (an `async fn(Kind)` of the calling
/// module) on a two-thread runtime.
///
/// ```text
/// async fn lists_what_changed(kind: Kind) { /* … */ }
/// contacts_testkit::on_both! {
///     lists_what_was_written_since_the_token => lists_what_changed;
/// }
/// ```
#[macro_export]
macro_rules! on_both {
    ($($name:ident => $body:ident;)*) => {
        mod radicale {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$body($crate::dav::Kind::Radicale).await;
                }
            )*
        }
        mod xandikos {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$body($crate::dav::Kind::Xandikos).await;
                }
            )*
        }
    };
}
