//! The whole conformance suite on both real servers, a new address book per check (deleted
//! after it), as applications get the provider (standard layers).

use provider_carddav::testing as common;

use common::{Kind, Server};
use contacts_conformance::{Config, Factory, Report, run};
use contacts_core::{AddressBookId, ContactProvider};

fn factory(server: &Server) -> Factory {
    let (books, made) = (server.books(), server.books());
    Factory::per_namespace(
        format!("carddav-{:?}", server.kind).to_lowercase(),
        move || {
            let books = made.clone();
            async move {
                let book = books.create("conformance").await?;
                let provider = books.open(&book.id)?;
                Ok((book.id, Box::new(provider) as Box<dyn ContactProvider>))
            }
        },
        move |id: AddressBookId| {
            let books = books.clone();
            async move { books.delete(&id).await }
        },
        false,
    )
}

async fn suite(kind: Kind) {
    let server = Server::start(kind);
    // 16 cases and a fixed seed unless CONTACTS_CONFORMANCE_CASES / _SEED say otherwise.
    let report = run(&factory(&server), &Config::default()).await;
    let printed = Report {
        providers: vec![report.clone()],
        ..Report::default()
    };
    println!("{printed}");
    assert!(report.passed(), "{printed}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conformance_on_radicale() {
    suite(Kind::Radicale).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conformance_on_xandikos() {
    suite(Kind::Xandikos).await;
}
