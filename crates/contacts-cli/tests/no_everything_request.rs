//! No command line can send a request that a vendor may read as "every contact": an empty
//! filter value, an empty id or a dot id is refused before anything is sent, and only
//! `delete --all` reaches the unfiltered delete. The server here records every request and
//! answers as if it read an empty filter as none (as common web frameworks bind query strings).

mod common;

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn recording_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("[]"))
        .mount(&server)
        .await;
    server
}

/// Whether a request could delete the whole collection: `DELETE` (or the documented `POST`
/// delete) on `/v2/contacts` itself, with or without a trailing slash or a query.
fn reads_as_everything(request: &wiremock::Request) -> bool {
    let path = request.url.path().trim_end_matches('/');
    let deleting = request.method.as_str() == "DELETE";
    deleting && (path == "/v2/contacts" || path == "/v2" || path.is_empty())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_cli_form_but_delete_all_reaches_the_unfiltered_delete() {
    let server = recording_server().await;
    let dir = tempfile::tempdir().unwrap();
    let url = server.uri();
    let base = [
        "--provider",
        "ip1",
        "--base-url",
        url.as_str(),
        "--api-key",
        "k",
    ];
    let forms: [&[&str]; 6] = [
        &["delete", "--where", "phoneNumber=", "--yes"],
        &["delete", "--label", "", "--yes"],
        &["delete", "", "--yes"],
        &["delete", ".", "--yes"],
        &["delete", "..", "--yes"],
        &["delete", "--where", "phoneNumber=", "--dry-run"],
    ];
    for form in forms {
        let mut args = base.to_vec();
        args.extend_from_slice(form);
        let out = common::contacts(dir.path(), &args);
        assert!(!out.status.success(), "{form:?} must be refused");
        let requests = server.received_requests().await.unwrap_or_default();
        let bad: Vec<String> = requests
            .iter()
            .filter(|r| reads_as_everything(r))
            .map(|r| format!("{} {}", r.method, r.url))
            .collect();
        assert!(bad.is_empty(), "{form:?} sent {bad:?}");
    }
    let mut all = base.to_vec();
    all.extend_from_slice(&["delete", "--all", "--yes"]);
    let _ = common::contacts(dir.path(), &all);
    let requests = server.received_requests().await.unwrap_or_default();
    assert!(
        requests.iter().any(reads_as_everything),
        "the explicit --all is the one form that may reach it"
    );
}
