//! `contacts serve` as a user runs it: tokens made and shown once, the local store served over
//! the provider protocol, scopes enforced, the access log free of secrets and personal data,
//! other addresses refused, and a clean stop on SIGTERM.

mod common;

use common::{command, config_file, contacts, json_lines, ok, on_db, refused, stderr};
use reqwest::Method;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};

/// `contacts serve token add` into `tokens`, returning the secret it printed.
fn add_token(home: &Path, tokens: &Path, scope: &str) -> String {
    let tokens = tokens.to_str().expect("a UTF-8 path");
    let out = ok(contacts(
        home,
        &[
            "serve", "token", "add", "--tokens", tokens, "--scope", scope,
        ],
    ));
    out.trim().to_owned()
}

/// A running `contacts serve` over the local store `db`, its base URL and its log file.
struct Server {
    child: Child,
    url: String,
    log: PathBuf,
}

impl Server {
    fn start(home: &Path, db: &Path, tokens: &Path) -> Server {
        let log = home.join("serve.log");
        let mut child = command(
            home,
            &[
                "--db",
                db.to_str().expect("a UTF-8 path"),
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--tokens",
                tokens.to_str().expect("a UTF-8 path"),
            ],
        )
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).expect("a log file"))
        .spawn()
        .expect("the binary runs");
        let url = common::served_url(&mut child, "contacts serve");
        Server { child, url, log }
    }

    /// Sends `method` to `path` (below the base URL) with `token` and the JSON `body`: the
    /// status, headers and JSON body (`Null` when the body is not JSON) of the answer.
    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> (u16, reqwest::header::HeaderMap, serde_json::Value) {
        let url = format!("{}{path}", self.url);
        let mut request = reqwest::Client::new().request(method, url);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer = request.send().await.expect("the server answers");
        let status = answer.status().as_u16();
        let headers = answer.headers().clone();
        let text = answer.text().await.expect("a body");
        let json = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
        (status, headers, json)
    }

    /// Sends SIGTERM and waits: the server finishes what is in flight and exits 0.
    fn stop(mut self) -> String {
        let pid = self.child.id().to_string();
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let status = self.child.wait().expect("the server exits");
        let log = std::fs::read_to_string(&self.log).expect("its log");
        assert!(status.success(), "exit {status:?}; log:\n{log}");
        log
    }
}

#[test]
fn a_token_is_shown_once_and_only_its_hash_is_kept() {
    let home = tempfile::tempdir().expect("a temp dir");
    let tokens = home.path().join("tokens.json");
    let secret = add_token(home.path(), &tokens, "read-only");
    assert!(secret.starts_with("cts_") && secret.len() > 30, "{secret}");
    let file = std::fs::read_to_string(&tokens).expect("the token file");
    assert!(!file.contains(&secret), "the secret itself is never stored");
    let tokens_arg = tokens.to_str().expect("a UTF-8 path");
    let listed = ok(contacts(
        home.path(),
        &["serve", "token", "list", "--tokens", tokens_arg],
    ));
    assert!(listed.contains("read-only"), "{listed}");
    assert!(
        !listed.contains(&secret),
        "list never shows a secret: {listed}"
    );
    let id = listed.split('\t').next().expect("an id").to_owned();
    ok(contacts(
        home.path(),
        &["serve", "token", "remove", &id, "--tokens", tokens_arg],
    ));
    let after = ok(contacts(
        home.path(),
        &["serve", "token", "list", "--tokens", tokens_arg],
    ));
    assert!(after.trim().is_empty(), "{after}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_local_store_is_served_with_scopes_and_a_log_without_secrets() {
    let home = tempfile::tempdir().expect("a temp dir");
    let tokens = home.path().join("tokens.json");
    let db = home.path().join("store.db");
    let writer = add_token(home.path(), &tokens, "read-write");
    let reader = add_token(home.path(), &tokens, "read-only");
    let server = Server::start(home.path(), &db, &tokens);
    let ada = serde_json::json!({"contacts": [
        {"properties": {"firstName": "Ada", "phoneNumber": "+46701234567"}}
    ]});

    let (status, _, created) = server
        .send(
            Method::POST,
            "/v1/contacts",
            Some(&writer),
            Some(ada.clone()),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["results"][0]["contact"]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let one = format!("/v1/contacts/{id}");
    let (status, _, got) = server.send(Method::GET, &one, Some(&reader), None).await;
    assert_eq!(
        (status, &got["properties"]["firstName"]),
        (200, &"Ada".into())
    );
    // Refused, with the problem kind a client acts on: a write with a read-only token, a read
    // with no token.
    let refusals = [
        (
            Method::POST,
            "/v1/contacts",
            Some(reader.as_str()),
            Some(ada),
            403,
            "permissionDenied",
        ),
        (
            Method::GET,
            one.as_str(),
            None,
            None,
            401,
            "unauthenticated",
        ),
    ];
    for (method, path, token, body, wanted_status, wanted_kind) in refusals {
        let case = format!("{method} {path}");
        let (status, _, problem) = server.send(method, path, token, body).await;
        assert_eq!(
            (status, &problem["kind"]),
            (wanted_status, &wanted_kind.into()),
            "{case}"
        );
    }
    let (status, headers, _) = server
        .send(Method::PUT, "/v1/contacts", Some(&writer), None)
        .await;
    assert_eq!(status, 405);
    assert_eq!(headers["allow"], "POST");

    let log = server.stop();
    assert!(log.contains("contacts_server::access"), "{log}");
    assert!(
        log.contains("path=/v1/contacts/{id}"),
        "the template, not the id: {log}"
    );
    for secret_or_personal in [writer.as_str(), reader.as_str(), "+46701234567", "Ada"] {
        assert!(
            !log.contains(secret_or_personal),
            "{secret_or_personal} in the log:\n{log}"
        );
    }
    // What the server wrote is in the store for every other command.
    let listed = ok(on_db(home.path(), &db, &["list", "--output", "json"]));
    assert!(listed.contains("+46701234567"), "{listed}");
}

#[test]
fn other_addresses_and_anonymous_access_beyond_loopback_are_refused() {
    let home = tempfile::tempdir().expect("a temp dir");
    let tokens = home.path().join("tokens.json");
    let tokens = tokens.to_str().expect("a UTF-8 path");
    let out = contacts(
        home.path(),
        &["serve", "--listen", "0.0.0.0:0", "--tokens", tokens],
    );
    refused(
        &out,
        2,
        &["refusing to listen on 0.0.0.0:0", "in the clear"],
    );
    let out = contacts(
        home.path(),
        &[
            "serve",
            "--listen",
            "0.0.0.0:0",
            "--allow-plain-http-remote",
            "--anonymous",
            "--tokens",
            tokens,
        ],
    );
    refused(&out, 2, &["--anonymous", "not a loopback address"]);
    let out = contacts(
        home.path(),
        &[
            "serve", "token", "add", "--tokens", tokens, "--scope", "admin",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// `contacts sync` with a store behind `contacts serve` on one side (the `far` profile,
/// provider `remote`) and the local store on the other, in both directions.
#[test]
fn sync_reaches_a_store_behind_contacts_serve_both_ways() {
    let home = tempfile::tempdir().expect("a temp dir");
    let tokens = home.path().join("tokens.json");
    let token = add_token(home.path(), &tokens, "read-write");
    let far_db = home.path().join("far.db");
    let server = Server::start(home.path(), &far_db, &tokens);
    let cfg = config_file(
        home.path(),
        &format!(
            "[profiles.far]\nprovider = \"remote\"\nbase_url = \"{}\"\napi_key = \"{token}\"\n",
            server.url
        ),
    );
    let near = home.path().join("near.db");
    let near_arg = near.to_str().expect("a UTF-8 path");
    ok(on_db(
        home.path(),
        &near,
        &[
            "create",
            "--set",
            "firstName=Ada",
            "--set",
            "phoneNumber=+46701234567",
        ],
    ));
    let sync = |from: &str, to: &str| {
        // One state file per direction (a state file belongs to its pair).
        let state = home.path().join(format!("{from}-{to}.db"));
        let state = state.to_str().expect("a UTF-8 path");
        ok(contacts(
            home.path(),
            &[
                "--config", &cfg, "--db", near_arg, "-q", "sync", from, to, "--state", state,
            ],
        ))
    };
    sync("local", "far");
    let far = json_lines(&ok(contacts(
        home.path(),
        &[
            "--config",
            &cfg,
            "--profile",
            "far",
            "list",
            "--output",
            "json",
        ],
    )));
    assert_eq!(far.len(), 1, "{far:?}");
    assert_eq!(far[0]["properties"]["firstName"], "Ada");

    ok(contacts(
        home.path(),
        &[
            "--config",
            &cfg,
            "--profile",
            "far",
            "create",
            "--set",
            "firstName=Grace",
            "--set",
            "phoneNumber=+46707654321",
        ],
    ));
    sync("far", "local");
    let near_list = json_lines(&ok(on_db(
        home.path(),
        &near,
        &["list", "--output", "json"],
    )));
    let mut names: Vec<&str> = near_list
        .iter()
        .filter_map(|c| c["properties"]["firstName"].as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        ["Ada", "Grace"],
        "Grace arrived and Ada was not doubled"
    );
    let log = server.stop();
    assert!(!log.contains(&token), "the token in the server's log");
}
