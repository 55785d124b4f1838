//! The password never appears in any tracing output (every level, every crate, span fields
//! too), nor in the Display or Debug of any error or client value, nor does the `Basic`
//! credential that carries it: the test kit's one check for every HTTP provider, run against
//! a real Radicale (Basic authentication) and a server echoing the password.

use async_trait::async_trait;
use base64::Engine;
use contacts_core::{ContactId, ContactPatch, ContactProvider, NewContact};
use contacts_testkit::dav::{Kind, PASSWORD, Server, USER};
use contacts_testkit::secret::{Echo, Exercise, Subject, assert_never_leaks, client_options};
use provider_carddav::CardDavProvider;

/// provider-carddav on a book of a Radicale that accepts [`USER`] with [`PASSWORD`], built
/// beside a books client (its Debug is shown too).
#[derive(Default)]
struct Radicale(Option<(Server, String)>);

#[async_trait]
impl Subject for Radicale {
    async fn start(&mut self) -> String {
        let server = Server::start(Kind::Radicale);
        let book = server.books().create("Leak").await.unwrap().id;
        let (server, _) = self.0.insert((server, book.to_string()));
        server.base_url()
    }

    async fn provider(&self, url: &str, password: &str) -> (Box<dyn ContactProvider>, Vec<String>) {
        let builder = CardDavProvider::builder().base_url(url).username(USER);
        let builder = builder.password(password).client_options(client_options());
        let books = builder.build_books().unwrap();
        let book = self.0.as_ref().map_or("/", |(_, book)| book.as_str());
        let provider = builder.book(book).build().unwrap();
        (Box::new(provider), vec![format!("{books:?}")])
    }
}

#[tokio::test]
async fn the_password_never_leaks() {
    let basic = format!("{USER}:{PASSWORD}");
    let exercise = Exercise {
        secret: PASSWORD.to_owned(),
        // What an `Authorization: Basic` header carries.
        encodings: vec![base64::engine::general_purpose::STANDARD.encode(basic)],
        echoes: vec![Echo::any(
            500,
            format!("<error>password {PASSWORD} refused</error>"),
        )],
        contact: NewContact::new().property("phoneNumber", "+46701234567"),
        patch: ContactPatch::new().add_label("L"),
        refused: Vec::new(),
        unknown: ContactId::new("no-such-card.vcf"),
    };
    assert_never_leaks(Radicale::default(), exercise).await;
}
