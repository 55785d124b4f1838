//! What the server's benches share: a configuration whose rate limit never makes the client
//! wait, and a listener on 127.0.0.1:0 with its base URL.

use contacts_core::RateLimit;
use contacts_server::{ServeConfig, Tokens};

/// A configuration accepting `tokens`, with the rate raised out of reach: the default (200
/// a second per token) would make the client wait, not the server work.
pub fn unlimited(tokens: Tokens) -> ServeConfig {
    ServeConfig {
        tokens,
        rate: RateLimit {
            requests_per_second: 1e9,
            burst: u32::MAX,
        },
        ..ServeConfig::default()
    }
}

/// A listener on 127.0.0.1:0 and its base URL, `http://<address>`.
pub async fn listen() -> (tokio::net::TcpListener, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("its address"));
    (listener, base)
}
