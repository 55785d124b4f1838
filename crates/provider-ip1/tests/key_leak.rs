//! The API key never appears in any tracing output (every level, every crate, span fields
//! too), nor in the Display or Debug of any error or client value: the test kit's one check
//! for every HTTP provider, run against the iP1 emulator and a server echoing the key.

use async_trait::async_trait;
use contacts_core::{ContactId, ContactPatch, ContactProvider, NewContact};
use contacts_emulator::ip1::Ip1Emulator;
use contacts_testkit::secret::{Echo, Exercise, Subject, assert_never_leaks, client_options};
use provider_ip1::Ip1Provider;

const KEY: &str = "sk-LEAK-CANARY-7f3a9";

/// provider-ip1 on an emulator that accepts [`KEY`].
#[derive(Default)]
struct Ip1(Option<Ip1Emulator>);

#[async_trait]
impl Subject for Ip1 {
    async fn start(&mut self) -> String {
        let emulator = self.0.insert(contacts_testkit::ip1::emulator(KEY).await);
        emulator.base_url()
    }

    async fn provider(&self, url: &str, key: &str) -> (Box<dyn ContactProvider>, Vec<String>) {
        let builder = Ip1Provider::builder().api_key(key).base_url(url);
        let provider = builder.client_options(client_options()).build().unwrap();
        (Box::new(provider), Vec::new())
    }
}

#[tokio::test]
async fn the_key_never_leaks() {
    let unknown = format!("{{\"statusCode\":401,\"message\":\"key {KEY} is unknown\"}}");
    let exercise = Exercise {
        secret: KEY.to_owned(),
        encodings: Vec::new(),
        echoes: vec![
            Echo::on("GET", 500, format!("internal error for key {KEY}")),
            Echo::on("POST", 401, unknown),
        ],
        contact: NewContact::new().property("phoneNumber", "+46701234567"),
        patch: ContactPatch::new().add_label("L"),
        // iP1 refuses an empty batch.
        refused: Vec::new(),
        unknown: ContactId::new("ffffffffffffffffffffffff"),
    };
    assert_never_leaks(Ip1::default(), exercise).await;
}
