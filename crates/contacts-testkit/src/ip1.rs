//! An iP1 emulator on 127.0.0.1:0 and the real iP1 provider on it.

use crate::quick_retries;
use contacts_core::Standard;
use contacts_emulator::ip1::{Ip1Emulator, Ip1EmulatorBuilder};
use contacts_http::ClientOptions;
use provider_ip1::Ip1Provider;

/// Starts an emulator that accepts only `key`.
pub async fn emulator(key: &str) -> Ip1Emulator {
    start(Ip1Emulator::builder().api_key(key)).await
}

/// Starts the emulator `builder` describes (a key, faults, deviations, an import delay).
pub async fn start(builder: Ip1EmulatorBuilder) -> Ip1Emulator {
    builder
        .start()
        .await
        .expect("the iP1 emulator binds 127.0.0.1:0")
}

/// A provider for `emulator` with its key, in the standard layers, retrying quickly
/// ([`quick_retries`]).
pub fn provider(emulator: &Ip1Emulator) -> Standard<Ip1Provider> {
    provider_at(&emulator.base_url(), emulator.api_key(), quick_retries())
}

/// A provider for the server at `base_url` (a fake one, answering what the emulator does
/// not), with `key` and `options`, in the standard layers.
pub fn provider_at(base_url: &str, key: &str, options: ClientOptions) -> Standard<Ip1Provider> {
    Ip1Provider::builder()
        .api_key(key)
        .base_url(base_url)
        .client_options(options)
        .build()
        .expect("a provider for the server's URL")
}

/// The emulator `builder` describes, and a provider on it ([`provider`]).
pub async fn started(builder: Ip1EmulatorBuilder) -> (Ip1Emulator, Standard<Ip1Provider>) {
    let emulator = start(builder).await;
    let provider = provider(&emulator);
    (emulator, provider)
}
