//! The whole conformance suite on both real servers, a new address book per check (deleted
//! after it), as applications get the provider (standard layers).

use provider_carddav::testing as common;

use common::{Kind, Server};
use contacts_conformance::{Config, Factory, Report, run};
use contacts_core::{AddressBookId, ContactProvider};
use std::sync::{Arc, Mutex};

fn factory(server: &Server) -> Factory {
    let books = server.books();
    let made: Arc<Mutex<Vec<AddressBookId>>> = Arc::default();
    let (make_books, make_list) = (books.clone(), Arc::clone(&made));
    Factory::bare(
        format!("carddav-{:?}", server.kind).to_lowercase(),
        move || {
            let (books, made) = (make_books.clone(), Arc::clone(&make_list));
            async move {
                let book = books.create("conformance").await?;
                made.lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(book.id.clone());
                Ok(Box::new(books.open(&book.id)?) as Box<dyn ContactProvider>)
            }
        },
    )
    .teardown(move |_provider| {
        let books = books.clone();
        let doomed = std::mem::take(&mut *made.lock().unwrap_or_else(|p| p.into_inner()));
        async move {
            for id in doomed {
                books.delete(&id).await?;
            }
            Ok(())
        }
    })
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
