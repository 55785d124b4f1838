//! Serving: binding within the listen policy, and serving until a shutdown signal, then
//! finishing the requests in flight.

use crate::error::ServerError;
use crate::protection::{ListenPolicy, ServeConfig, protect};
use crate::routes::router;
use axum::Router;
use contacts_core::ContactProvider;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

/// The whole application: every route of the protocol over `provider` (wrapped in the
/// standard layers), behind the protection `config` asks for. Serve it with [`serve`], or
/// test it in process.
pub fn app(provider: Arc<dyn ContactProvider>, config: &ServeConfig) -> Router {
    protect(router(provider), config)
}

/// Binds `addr` if `policy` allows it; the error says why not.
pub async fn bind(addr: SocketAddr, policy: ListenPolicy) -> Result<TcpListener, ServerError> {
    policy.check(addr)?;
    Ok(TcpListener::bind(addr).await?)
}

/// Serves `app` on `listener` until `shutdown` completes; then stops accepting connections
/// and returns once the requests in flight are answered.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}

/// The entry point for `contacts serve`: checks the listener's address against
/// `config.listen`, then serves `provider` with `config` until `shutdown` (e.g. Ctrl-C)
/// completes, finishing the requests in flight.
pub async fn run(
    provider: Arc<dyn ContactProvider>,
    config: ServeConfig,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    config.listen.check(listener.local_addr()?)?;
    serve(listener, app(provider, &config), shutdown).await
}
