//! provider-ip1 on emulators that deviate where a real iP1 deployment may: `Link` URLs without
//! the filters (the vendor's only example carries none) and a `DELETE` the API gateway does
//! not route (answered 404, while the document's `POST` deletes). The provider must still list
//! exactly the matches and delete what it is asked to, and the whole conformance suite must
//! pass against both.

use contacts_conformance::{Config, Factory, run};
use contacts_core::{
    ContactFilter, ContactId, ContactProvider, ContactProviderExt, ContactQuery, DeleteTarget,
    NewContact, Standard,
};
use contacts_emulator::ip1::{Ip1Deviation, Ip1Emulator};
use contacts_testkit::conformance::matrix;
use futures::TryStreamExt;
use provider_ip1::Ip1Provider;

mod labels;
use labels::delete_the_one_labelled_x_and_y;

async fn on(deviation: Ip1Deviation) -> (Ip1Emulator, Standard<Ip1Provider>) {
    contacts_testkit::ip1::started(Ip1Emulator::builder().deviation(deviation)).await
}

fn person(phone: &str) -> NewContact {
    NewContact::new().property("phoneNumber", phone)
}

#[tokio::test]
async fn links_without_filters_still_list_and_delete_exactly_the_matches() {
    let (emu, p) = on(Ip1Deviation::LinksDropFilters).await;
    let mut batch: Vec<NewContact> = (0..6).map(|i| person(&format!("+4670000000{i}"))).collect();
    batch[1] = person("+46123456789").label("Coworker");
    batch[4] = person("+46123456789").label("Coworker");
    p.create(&batch).await.unwrap();
    let filter = ContactFilter::new().property("phoneNumber", "+46123456789");
    let phones: Vec<String> = p
        .list(ContactQuery::new().filter(filter.clone()).page_size(1))
        .map_ok(|c| c.properties.get("phoneNumber").unwrap().to_owned())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        phones,
        ["+46123456789", "+46123456789"],
        "exactly the two matches"
    );
    let deleted = p
        .delete_matching(&DeleteTarget::Matching(filter))
        .await
        .unwrap();
    assert_eq!(deleted.len(), 2);
    assert_eq!(
        emu.contacts().len(),
        4,
        "the four others are all still there"
    );
}

#[tokio::test]
async fn a_delete_the_gateway_does_not_route_is_sent_as_post() {
    let (emu, p) = on(Ip1Deviation::UnmatchedMethodNotFound).await;
    let created = p
        .create(&[
            person("+46700000001"),
            person("+46700000002").label("X").label("Y"),
        ])
        .await
        .unwrap();
    p.delete(&created[0].id).await.expect("deleted by POST");
    delete_the_one_labelled_x_and_y(&p).await;
    assert!(emu.contacts().is_empty(), "{:?}", emu.contacts());
    let err = p
        .delete(&ContactId::new("606312a5ffffffffffffffff"))
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
}

/// The whole suite against each deviation in turn (links without filters, a `DELETE` answered
/// 404); a failure names the deviation before the report's matrix.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_conformance_suite_passes_on_every_deviation() {
    for deviation in [
        Ip1Deviation::LinksDropFilters,
        Ip1Deviation::UnmatchedMethodNotFound,
    ] {
        let factory = Factory::bare(format!("ip1 ({deviation:?})"), move || async move {
            let (emu, provider) = on(deviation).await;
            // Keep the emulator alive as long as the provider.
            std::mem::forget(emu);
            Ok(Box::new(provider) as Box<dyn ContactProvider>)
        });
        let report = run(&factory, &Config::default().cases(8).seed(2)).await;
        assert!(report.passed(), "{deviation:?}:\n{}", matrix(&report));
    }
}
