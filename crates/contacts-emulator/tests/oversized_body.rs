//! A client that writes a whole oversized body before reading (as most do) reads the 413, not
//! a reset connection, from both emulators.

use contacts_emulator::RateLimit;
use contacts_emulator::addressbook::AddressBookEmulator;
use contacts_emulator::ip1::Ip1Emulator;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// 40 MB: ten times the limit, well under the bound the server drains.
const BODY_BYTES: usize = 40_000_000;

/// POSTs `BODY_BYTES` of JSON-ish bytes to `path` on `base` (`http://127.0.0.1:PORT`), writing
/// all of it before reading anything, and returns what the server answered.
async fn post_everything_then_read(base: &str, path: &str, key: &str) -> String {
    let addr = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {key}\r\n\
         Content-Type: application/json\r\nContent-Length: {BODY_BYTES}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = vec![b' '; 64 * 1024];
    let mut written = 0;
    while written < BODY_BYTES {
        let n = chunk.len().min(BODY_BYTES - written);
        stream
            .write_all(&chunk[..n])
            .await
            .expect("the server reads the whole body instead of resetting the connection");
        written += n;
    }
    stream.flush().await.unwrap();
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .await
        .expect("the answer arrives and the connection closes gracefully");
    String::from_utf8_lossy(&answer).into_owned()
}

/// What the emulator at `base` answers the oversized POST to `path`: checked to come within
/// 60 s and to be a 413 (the vendor-specific body is the caller's to check).
async fn answer_413(base: &str, path: &str, key: &str) -> String {
    let answer = tokio::time::timeout(
        Duration::from_secs(60),
        post_everything_then_read(base, path, key),
    )
    .await
    .expect("answered within 60 s");
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    answer
}

#[tokio::test]
async fn ip1_answers_a_40_mb_body_with_a_readable_413() {
    let emu = Ip1Emulator::builder().api_key("key").start().await.unwrap();
    let answer = answer_413(&emu.base_url(), "/v2/contacts?sync", "key").await;
    assert!(
        answer.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );
    assert!(answer.contains("application/problem+json"), "{answer}");
    assert!(answer.contains("\"status\":413"), "{answer}");
    assert!(emu.contacts().is_empty());
}

#[tokio::test]
async fn atom_answers_a_40_mb_body_with_a_readable_413() {
    let emu = AddressBookEmulator::builder()
        .api_key("tok")
        .rate_limit(RateLimit::unlimited())
        .start()
        .await
        .unwrap();
    let answer = answer_413(&emu.base_url(), "/api/contact/new", "tok").await;
    assert!(answer.contains("payload_too_large"), "{answer}");
}
