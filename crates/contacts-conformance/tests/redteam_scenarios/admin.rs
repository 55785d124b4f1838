//! Scenarios of the blocklist, address-book and background-import bugs.

use crate::common::{create_all, list_all, named};
use contacts_core::optional::{AddressBookAdmin, BackgroundImport, Blocklist};
use contacts_core::{ContactFilter, ContactProvider, ContactQuery, GetOptions};
use contacts_testkit::books::book_names;

fn blocked(p: &dyn ContactProvider) -> &dyn Blocklist {
    p.blocklist().expect("the blocklist is declared")
}

fn books(p: &dyn ContactProvider) -> &dyn AddressBookAdmin {
    p.address_books()
        .expect("address-book administration is declared")
}

fn importer(p: &dyn ContactProvider) -> &dyn BackgroundImport {
    p.background_import()
        .expect("background import is declared")
}

async fn unblocking_unknown_is_not_found(p: &dyn ContactProvider) -> bool {
    blocked(p).block_number("+46701111111").await.unwrap();
    let outcome = blocked(p).unblock_number("+46702222222").await;
    outcome.is_err_and(|e| e.is_not_found())
}
scenario!(
    unblock_unknown_number_succeeds,
    unblocking_unknown_is_not_found
);

async fn blocking_twice_is_fine(p: &dyn ContactProvider) -> bool {
    blocked(p).block_number("+46701234567").await.unwrap();
    let again = blocked(p).block_number("+46701234567").await;
    again.is_ok() && blocked(p).check_number("+46701234567").await.unwrap()
}
scenario!(block_twice_is_conflict, blocking_twice_is_fine);

async fn every_blocked_number_listed(p: &dyn ContactProvider) -> bool {
    for i in 0..101 {
        blocked(p)
            .block_number(&format!("+467000{i:05}"))
            .await
            .unwrap();
    }
    blocked(p).list_blocked().await.unwrap().len() == 101
}
scenario!(list_blocked_first_page_only, every_blocked_number_listed);

async fn check_is_exact(p: &dyn ContactProvider) -> bool {
    blocked(p).block_number("+46701234567").await.unwrap();
    !blocked(p).check_number("+4670123456").await.unwrap()
}
scenario!(check_number_matches_prefix, check_is_exact);

async fn moved_contact_leaves(p: &dyn ContactProvider) -> bool {
    let created = create_all(p, &[named("a").label("VIP")]).await;
    let other = books(p).create_book("Other").await.unwrap();
    books(p)
        .move_contact(&created[0].id, &other.id)
        .await
        .unwrap();
    let gone = p
        .get(&created[0].id, &GetOptions::default())
        .await
        .is_err_and(|e| e.is_not_found());
    gone && list_all(p, ContactQuery::new()).await.unwrap().is_empty()
}
scenario!(move_labelled_contact_copies, moved_contact_leaves);

async fn deleted_book_takes_its_contacts(p: &dyn ContactProvider) -> bool {
    let created = create_all(p, &[named("a"), named("b")]).await;
    let other = books(p).create_book("Old").await.unwrap();
    books(p)
        .move_contact(&created[0].id, &other.id)
        .await
        .unwrap();
    books(p).delete_book(&other.id).await.unwrap();
    let home = list_all(p, ContactQuery::new()).await.unwrap();
    home.len() == 1 && home[0].id == created[1].id
}
scenario!(
    delete_book_rescues_contacts,
    deleted_book_takes_its_contacts
);

async fn renaming_unknown_is_not_found(p: &dyn ContactProvider) -> bool {
    let book = books(p).create_book("Temp").await.unwrap();
    books(p).delete_book(&book.id).await.unwrap();
    let renamed = books(p).rename_book(&book.id, "New").await;
    let names = book_names(books(p)).await;
    renamed.is_err_and(|e| e.is_not_found()) && !names.contains(&"New".to_owned())
}
scenario!(
    rename_unknown_book_creates_it,
    renaming_unknown_is_not_found
);

async fn every_book_listed(p: &dyn ContactProvider) -> bool {
    let before = books(p).list_books().await.unwrap().len();
    for i in 0..20 {
        books(p).create_book(&format!("Book {i}")).await.unwrap();
    }
    books(p).list_books().await.unwrap().len() == before + 20
}
scenario!(list_books_first_page_only, every_book_listed);

async fn listed_import_is_done(p: &dyn ContactProvider) -> bool {
    let job = importer(p)
        .submit_import(&[named("a"), named("b"), named("c")])
        .await
        .unwrap();
    let listed = list_all(p, ContactQuery::new()).await.unwrap().len();
    let progress = importer(p).import_progress(&job).await.unwrap();
    listed == 3 && progress.done && progress.stored == 3
}
scenario!(small_import_never_done, listed_import_is_done);

async fn stored_at_most_submitted(p: &dyn ContactProvider) -> bool {
    let job = importer(p)
        .submit_import(&[named("a"), named("b")])
        .await
        .unwrap();
    create_all(p, &[named("x"), named("y"), named("z")]).await;
    let progress = importer(p).import_progress(&job).await.unwrap();
    progress.stored <= progress.submitted && progress.submitted == 2
}
scenario!(import_progress_counts_others, stored_at_most_submitted);

async fn imported_labels_kept(p: &dyn ContactProvider) -> bool {
    let job = importer(p)
        .submit_import(&[named("a").label("VIP"), named("b")])
        .await
        .unwrap();
    importer(p).import_progress(&job).await.unwrap();
    let filter = ContactFilter::new().label("VIP");
    crate::common::listed_names(p, filter).await == ["a"]
}
scenario!(import_drops_labels, imported_labels_kept);
