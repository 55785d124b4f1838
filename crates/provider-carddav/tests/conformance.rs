//! The whole conformance suite on both real servers, a new address book per check (deleted
//! after it), as applications get the provider (standard layers).

use provider_carddav::testing as common;

use common::{Kind, Server};
use contacts_conformance::{Config, Factory, run};
use contacts_core::{AddressBookId, ContactProvider};
use contacts_testkit::conformance::matrix;

/// A new book per check through the account's book administration (the layers' checks and
/// spans apply to it), deleted after the check.
async fn factory(server: &Server) -> Factory {
    let books = server.books();
    // Any book of the account reaches its administration: one made for the purpose.
    let home = books.create("conformance account").await.expect("a book");
    let account = books.open(&home.id).expect("a provider");
    Factory::fresh_books(
        format!("carddav-{:?}", server.kind).to_lowercase(),
        account,
        move |id: &AddressBookId| Ok(Box::new(books.open(id)?) as Box<dyn ContactProvider>),
        false,
    )
}

async fn suite(kind: Kind) {
    let server = Server::start(kind);
    // 16 cases and a fixed seed unless CONTACTS_CONFORMANCE_CASES / _SEED say otherwise.
    let report = run(&factory(&server).await, &Config::default()).await;
    let printed = matrix(&report);
    println!("{printed}");
    assert!(report.passed(), "{printed}");
}

contacts_testkit::on_both! {
    the_conformance_suite_passes => suite;
}
