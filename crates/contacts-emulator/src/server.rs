//! What both emulators share: binding, graceful shutdown, fault injection and statistics.

use crate::DEFAULT_API_KEY;
use crate::faults::{Fault, FaultConfig, FaultInjector};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use derive_setters::Setters;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Largest request body accepted; larger ones get 413.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// What a server has answered so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Requests received.
    pub requests: u64,
    /// Answers by HTTP status (a dropped connection counts under 0).
    pub by_status: BTreeMap<u16, u64>,
    /// Requests that got an injected fault.
    pub faults: u64,
}

impl Stats {
    /// How many answers had `status`.
    pub fn count(&self, status: u16) -> u64 {
        self.by_status.get(&status).copied().unwrap_or(0)
    }
}

/// What every emulator is started with, whatever the vendor: the key it accepts, the faults it
/// injects, and the port it binds on 127.0.0.1. Every emulator's builder has its setters, over
/// its `server` field.
#[derive(Debug, Clone, Setters)]
// Each delegate names its builder's `server` field; clippy reads the second as a repeat.
#[allow(clippy::duplicated_attributes)]
#[setters(
    generate_delegates(
        ty = "crate::addressbook::AddressBookEmulatorBuilder",
        field = "server"
    ),
    generate_delegates(ty = "crate::ip1::Ip1EmulatorBuilder", field = "server")
)]
pub(crate) struct ServerOptions {
    /// The bearer key the server accepts (default [`DEFAULT_API_KEY`]).
    #[setters(into)]
    pub(crate) api_key: String,
    /// Faults to inject.
    pub(crate) faults: FaultConfig,
    /// A fixed port on 127.0.0.1 (default: any free port).
    #[setters(strip_option)]
    pub(crate) port: Option<u16>,
}

impl Default for ServerOptions {
    fn default() -> Self {
        Self {
            api_key: DEFAULT_API_KEY.to_owned(),
            faults: FaultConfig::none(),
            port: None,
        }
    }
}

impl ServerOptions {
    /// Serves `router` behind the shared fault and statistics layer, answering injected errors
    /// with `render`.
    pub(crate) async fn serve(
        &self,
        router: Router,
        render: Render,
    ) -> std::io::Result<(Running, Common)> {
        let common = Common::new(FaultInjector::new(self.faults.clone()), render);
        let router = router.layer(axum::middleware::from_fn_with_state(
            common.clone(),
            fault_layer,
        ));
        Ok((Running::start(router, self.port).await?, common))
    }
}

/// Whether the request carries `Authorization: Bearer <key>`, as both vendors require.
pub(crate) fn has_bearer(request: &Request, key: &str) -> bool {
    request
        .headers()
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        == Some(key)
}

/// A JSON answer with the vendor's `Content-Type`.
pub(crate) fn json_answer(
    status: axum::http::StatusCode,
    body: &impl serde::Serialize,
    content_type: &'static str,
) -> Response {
    let (status, body) = match serde_json::to_vec(body) {
        Ok(bytes) => (status, bytes),
        // Only a map with non-string keys fails; no answer has one.
        Err(_) => (
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            b"{}".to_vec(),
        ),
    };
    let mut response = axum::response::IntoResponse::into_response((status, body));
    response.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static(content_type),
    );
    response
}

/// Renders an error in the vendor's format: `(status, retry_after_secs)`.
pub(crate) type Render = fn(u16, Option<u64>) -> Response;

/// State of the shared middleware.
#[derive(Clone, Debug)]
pub(crate) struct Common {
    pub(crate) faults: Arc<FaultInjector>,
    pub(crate) stats: Arc<Mutex<Stats>>,
    pub(crate) render: Render,
}

impl Common {
    pub(crate) fn new(faults: FaultInjector, render: Render) -> Self {
        Self {
            faults: Arc::new(faults),
            stats: Arc::new(Mutex::new(Stats::default())),
            render,
        }
    }

    pub(crate) fn stats(&self) -> Stats {
        self.stats.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

/// Injects the configured faults around the real handler and counts every answer.
pub(crate) async fn fault_layer(
    State(common): State<Common>,
    request: Request,
    next: Next,
) -> Response {
    let (fault, latency) = common.faults.decide();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let mut response = match fault {
        Fault::None => next.run(request).await,
        Fault::ErrorBefore(status) => (common.render)(status, None),
        Fault::ErrorAfter(status) => {
            let _ = next.run(request).await;
            (common.render)(status, None)
        }
        Fault::RateLimited(secs) => (common.render)(429, Some(secs)),
        Fault::Drop => dropped(),
    };
    if response.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        // The rest of an oversized body may be unread: end the connection after the answer.
        response.headers_mut().insert(
            axum::http::header::CONNECTION,
            axum::http::HeaderValue::from_static("close"),
        );
    }
    let status = if fault == Fault::Drop {
        0
    } else {
        response.status().as_u16()
    };
    let mut stats = common.stats.lock().unwrap_or_else(|p| p.into_inner());
    stats.requests += 1;
    *stats.by_status.entry(status).or_default() += 1;
    if fault != Fault::None {
        stats.faults += 1;
    }
    response
}

/// A response whose body fails at once: hyper closes the connection, and the client sees it
/// drop before a complete answer.
fn dropped() -> Response {
    let failing = futures::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other(
            "connection dropped by fault injection",
        ))
    });
    Response::new(Body::from_stream(failing))
}

/// Most bytes of an oversized body read and thrown away before answering 413, so a client
/// that writes its whole body before reading gets the answer instead of a reset connection.
pub const MAX_DRAINED_BYTES: usize = 64 * 1024 * 1024;

/// Longest time spent throwing an oversized body away before answering 413.
const MAX_DRAIN_TIME: std::time::Duration = std::time::Duration::from_secs(10);

/// Reads a whole request body, refusing more than [`MAX_BODY_BYTES`].
///
/// An oversized body is read on and thrown away (up to [`MAX_DRAINED_BYTES`] in all, for at
/// most 10 s) before the caller answers 413: a client that writes its whole body before
/// reading, as most do, then reads the 413 instead of a connection reset (closing a socket
/// with unread data makes the kernel reset it, which discards the answer on the way).
pub(crate) async fn read_body(body: Body) -> Result<Bytes, ()> {
    use futures::StreamExt;
    let mut stream = body.into_data_stream();
    let mut buf = bytes::BytesMut::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| ())?;
        if buf.len() + chunk.len() > MAX_BODY_BYTES {
            let mut seen = buf.len() + chunk.len();
            drop(buf);
            let deadline = tokio::time::Instant::now() + MAX_DRAIN_TIME;
            while seen < MAX_DRAINED_BYTES {
                match tokio::time::timeout_at(deadline, stream.next()).await {
                    Ok(Some(Ok(chunk))) => seen += chunk.len(),
                    _ => break,
                }
            }
            return Err(());
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}

/// A running server: address, shutdown signal, task.
#[derive(Debug)]
pub(crate) struct Running {
    pub(crate) addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Running {
    /// Binds 127.0.0.1 (`port`, or any free port) and serves `router` until shut down.
    pub(crate) async fn start(router: Router, port: Option<u16>) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port.unwrap_or(0))).await?;
        let addr = listener.local_addr()?;
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
            if let Err(e) = served {
                tracing::warn!(error = %e, "emulator stopped with an error");
            }
        });
        Ok(Self {
            addr,
            shutdown: Some(tx),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub(crate) fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, lets requests in flight finish, and waits for the server to end.
    pub(crate) async fn shutdown(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
