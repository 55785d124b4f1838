//! The access token never appears in any tracing output (TRACE level, every crate), nor in the
//! Display or Debug of any error or client value.

use contacts_core::{
    ContactId, ContactPatch, ContactProvider, ContactQuery, GetOptions, NewContact,
};
use contacts_emulator::RateLimit;
use contacts_emulator::addressbook::AddressBookEmulator;
use contacts_http::{ClientOptions, RetryPolicy};
use provider_addressbook::AddressBookProvider;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "atom-LEAK-CANARY-41c2";

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
async fn the_token_never_leaks() {
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let emu = AddressBookEmulator::builder()
        .api_key(KEY)
        .rate_limit(RateLimit::unlimited())
        .start()
        .await
        .unwrap();
    let books = AddressBookProvider::builder()
        .base_url(emu.base_url())
        .api_key(KEY)
        .client_options(ClientOptions::default())
        .build_books()
        .unwrap();
    let book = books.create("B").await.unwrap();
    let p = books.open(&book.id).unwrap();
    let mut shown = vec![format!("{books:?}"), format!("{p:?}")];
    let created = p
        .create(&[NewContact::new().property("phoneNumber", "0412")])
        .await
        .unwrap();
    shown.push(format!(
        "{:?}",
        p.get(&created[0].id, &GetOptions::default()).await
    ));
    shown.push(format!(
        "{:?}",
        p.update(&created[0].id, &ContactPatch::new().set("firstName", "x"))
            .await
    ));
    shown.push(format!(
        "{:?}",
        p.list_page(&ContactQuery::new(), None).await
    ));
    let mut errors = vec![
        p.get(&ContactId::new("999"), &GetOptions::default())
            .await
            .unwrap_err(),
        p.create(&[NewContact::new().label("x")]).await.unwrap_err(),
    ];
    let wrong = AddressBookProvider::builder()
        .base_url(emu.base_url())
        .api_key(format!("{KEY}-wrong"))
        .address_book(1)
        .build()
        .unwrap();
    errors.push(
        wrong
            .get(&ContactId::new("1"), &GetOptions::default())
            .await
            .unwrap_err(),
    );

    let echo = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(format!(
            "{{\"status\":\"error\",\"error\":\"bad\",\"message\":\"token {KEY} refused\"}}"
        )))
        .mount(&echo)
        .await;
    let echoing = AddressBookProvider::builder()
        .base_url(echo.uri())
        .api_key(KEY)
        .address_book(1)
        .client_options(
            provider_addressbook::client_defaults().retry(
                RetryPolicy::default()
                    .max_attempts(2)
                    .backoff(Duration::from_millis(1), Duration::from_millis(2)),
            ),
        )
        .build()
        .unwrap();
    errors.push(
        echoing
            .get(&ContactId::new("1"), &GetOptions::default())
            .await
            .unwrap_err(),
    );
    for e in &errors {
        shown.push(format!("{e} {e:?}"));
    }

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("http"), "tracing output was captured");
    assert!(!logs.contains(KEY), "the token is in the tracing output");
    for s in &shown {
        assert!(!s.contains(KEY), "the token leaked: {s}");
    }
    assert!(
        shown.iter().any(|s| s.contains("***")),
        "the echoed token is redacted"
    );
}
