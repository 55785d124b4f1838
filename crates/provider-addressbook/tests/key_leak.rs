//! The access token never appears in any tracing output (every level, every crate, span
//! fields too), nor in the Display or Debug of any error or client value: the test kit's one
//! check for every HTTP provider, run against the Atom emulator and a server echoing the token.

use async_trait::async_trait;
use contacts_core::{AddressBookId, ContactId, ContactPatch, ContactProvider, NewContact};
use contacts_emulator::addressbook::AddressBookEmulator;
use contacts_testkit::secret::{Echo, Exercise, Subject, assert_never_leaks, client_options};
use provider_addressbook::AddressBookProvider;

const KEY: &str = "atom-LEAK-CANARY-41c2";

/// provider-addressbook on a book of an emulator that accepts [`KEY`], reached through the
/// books client (its Debug is shown too).
#[derive(Default)]
struct Atom(Option<(AddressBookEmulator, i64)>);

#[async_trait]
impl Subject for Atom {
    async fn start(&mut self) -> String {
        let (emulator, _) = self
            .0
            .insert(contacts_testkit::atom::with_book(KEY, "B").await);
        emulator.base_url()
    }

    async fn provider(&self, url: &str, key: &str) -> (Box<dyn ContactProvider>, Vec<String>) {
        let builder = AddressBookProvider::builder().base_url(url).api_key(key);
        let books = builder
            .client_options(client_options())
            .build_books()
            .unwrap();
        let book = self.0.as_ref().map_or(1, |(_, book)| *book);
        let provider = books.open(&AddressBookId::from(book)).unwrap();
        (Box::new(provider), vec![format!("{books:?}")])
    }
}

#[tokio::test]
async fn the_token_never_leaks() {
    let refused =
        format!("{{\"status\":\"error\",\"error\":\"bad\",\"message\":\"token {KEY} refused\"}}");
    let exercise = Exercise {
        secret: KEY.to_owned(),
        encodings: Vec::new(),
        // Atom answers a refused request with `200` and an error document.
        echoes: vec![Echo::on("POST", 200, refused)],
        contact: NewContact::new().property("phoneNumber", "0412"),
        patch: ContactPatch::new().set("firstName", "x"),
        // Atom has no labels.
        refused: vec![NewContact::new().label("x")],
        unknown: ContactId::new("999"),
    };
    assert_never_leaks(Atom::default(), exercise).await;
}
