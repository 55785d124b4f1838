//! What stands between the network and the provider: bearer tokens with a scope, the body
//! size limit, the request rate per token, a concurrency limit, the access log, and the
//! refusal to listen in the clear beyond loopback.

mod access_log;
mod config;
mod gate;
mod listen;
mod rate;
mod tokens;

pub use access_log::ACCESS_TARGET;
pub use config::ServeConfig;
pub use gate::Caller;
pub use listen::ListenPolicy;
pub use tokens::{SECRET_PREFIX, Scope, Secret, TokenRecord, TokenStore, Tokens};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use std::sync::Arc;

/// Wraps `router` in the protection `config` asks for. From the outside in: the access log
/// (so refused requests are logged too), the gate (token, scope, rate, concurrency), the
/// body size limit.
pub fn protect(router: Router, config: &ServeConfig) -> Router {
    let gate = Arc::new(gate::Gate::new(config));
    router
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .layer(middleware::from_fn_with_state(gate, gate::gate))
        .layer(middleware::from_fn(access_log::log))
}
