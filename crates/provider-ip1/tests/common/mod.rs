//! What the emulator-backed tests share.

use contacts_core::Standard;
use contacts_emulator::ip1::Ip1Emulator;
use provider_ip1::Ip1Provider;
use std::time::Duration;

/// An emulator (key `k1`, background imports after 20 ms) and a provider for it, in the
/// standard layers, retrying quickly.
pub async fn setup() -> (Ip1Emulator, Standard<Ip1Provider>) {
    let emulator = Ip1Emulator::builder()
        .api_key("k1")
        .import_delay(Duration::from_millis(20));
    contacts_testkit::ip1::started(emulator).await
}
