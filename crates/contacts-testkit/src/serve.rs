//! A router served on a free loopback port: the fake servers of the tests (odd answers, echo
//! servers, proxies) never listen beyond 127.0.0.1.

use axum::Router;

/// Serves `router` on 127.0.0.1:0 on the current runtime and returns its base URL
/// (`http://127.0.0.1:<port>/`). The server runs until the runtime ends.
pub async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port on 127.0.0.1");
    let addr = listener.local_addr().expect("the bound address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}/")
}
