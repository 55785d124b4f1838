//! The API key never appears in any tracing output (TRACE level, every crate), nor in the
//! Display or Debug of any error or client value.

use contacts_core::{
    ContactId, ContactPatch, ContactProvider, ContactQuery, GetOptions, NewContact,
};
use contacts_emulator::ip1::Ip1Emulator;
use contacts_http::{ClientOptions, RetryPolicy};
use provider_ip1::Ip1Provider;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk-LEAK-CANARY-7f3a9";

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_key_never_leaks() {
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let emu = Ip1Emulator::builder().api_key(KEY).start().await.unwrap();
    let p = Ip1Provider::builder()
        .api_key(KEY)
        .base_url(emu.base_url())
        .client_options(ClientOptions::default().retry(
            RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(2)),
        ))
        .build()
        .unwrap();
    let mut shown = vec![format!("{p:?}")];
    let created = p
        .create(&[NewContact::new().property("phoneNumber", "+46701234567")])
        .await
        .unwrap();
    shown.push(format!("{created:?}"));
    shown.push(format!(
        "{:?}",
        p.get(&created[0].id, &GetOptions::with_metadata()).await
    ));
    shown.push(format!(
        "{:?}",
        p.update(&created[0].id, &ContactPatch::new().add_label("L"))
            .await
    ));
    shown.push(format!(
        "{:?}",
        p.list_page(&ContactQuery::new().page_size(1), None).await
    ));
    let errors = vec![
        p.get(
            &ContactId::new("ffffffffffffffffffffffff"),
            &GetOptions::default(),
        )
        .await
        .unwrap_err(),
        p.create(&[]).await.unwrap_err(),
    ];
    let wrong = Ip1Provider::builder()
        .api_key(format!("{KEY}-wrong"))
        .base_url(emu.base_url())
        .build()
        .unwrap();
    let mut errors = errors;
    errors.push(
        wrong
            .list_page(&ContactQuery::new(), None)
            .await
            .unwrap_err(),
    );

    // A server that echoes the key back in its error body.
    let echo = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(500).set_body_string(format!("internal error for key {KEY}")),
        )
        .mount(&echo)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_string(format!(
            "{{\"statusCode\":401,\"message\":\"key {KEY} is unknown\"}}"
        )))
        .mount(&echo)
        .await;
    let echoing = Ip1Provider::builder()
        .api_key(KEY)
        .base_url(echo.uri())
        .client_options(
            ClientOptions::default().retry(
                RetryPolicy::default()
                    .max_attempts(2)
                    .backoff(Duration::from_millis(1), Duration::from_millis(2)),
            ),
        )
        .build()
        .unwrap();
    errors.push(
        echoing
            .get(&ContactId::new("x"), &GetOptions::default())
            .await
            .unwrap_err(),
    );
    errors.push(
        echoing
            .create(&[NewContact::new().property("a", "b")])
            .await
            .unwrap_err(),
    );
    for e in &errors {
        shown.push(format!("{e} {e:?}"));
    }

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("http"), "tracing output was captured: {logs}");
    assert!(!logs.contains(KEY), "the key is in the tracing output");
    for s in &shown {
        assert!(!s.contains(KEY), "the key leaked: {s}");
    }
    assert!(
        shown.iter().any(|s| s.contains("***")),
        "the echoed key is redacted, not dropped silently"
    );
}
