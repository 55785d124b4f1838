//! Scenarios of the listing, paging and filter bugs.

use crate::common::{
    create_all, create_labelled, create_n, create_numbered, list_all, listed_names, named, names,
};
use contacts_core::{ContactFilter, ContactProvider, ContactQuery, Order};

async fn descending_pages_reverse_ascending(p: &dyn ContactProvider) -> bool {
    create_n(p, 7).await;
    let down = list_all(p, ContactQuery::new().page_size(3).order(Order::Descending)).await;
    let want: Vec<String> = (0..7).rev().map(|i| format!("c{i}")).collect();
    down.is_ok_and(|d| names(&d) == want)
}
scenario!(
    descending_next_link_loses_sort,
    descending_pages_reverse_ascending
);

async fn filter_holds_on_every_page(p: &dyn ContactProvider) -> bool {
    let company = |i: usize| if i.is_multiple_of(2) { "ACME" } else { "Other" };
    create_numbered(p, 6, |i, doc| doc.property("company", company(i))).await;
    let q = ContactQuery::new()
        .filter(ContactFilter::new().property("company", "ACME"))
        .page_size(2);
    let found = list_all(p, q).await.unwrap();
    names(&found) == ["c0", "c2", "c4"]
}
scenario!(
    property_filter_lost_on_next_page,
    filter_holds_on_every_page
);

async fn twelve_contacts_in_pages_of_five(p: &dyn ContactProvider) -> bool {
    create_n(p, 12).await;
    let found = list_all(p, ContactQuery::new().page_size(5)).await.unwrap();
    found.len() == 12
}
scenario!(
    keyset_compares_ids_as_strings,
    twelve_contacts_in_pages_of_five
);

async fn two_labels_across_pages(p: &dyn ContactProvider) -> bool {
    create_numbered(p, 6, |i, doc| {
        let doc = doc.label("Alpha");
        if i == 0 || i == 5 {
            doc.label("Beta")
        } else {
            doc
        }
    })
    .await;
    let q = ContactQuery::new()
        .filter(ContactFilter::new().label("Alpha").label("Beta"))
        .page_size(2);
    names(&list_all(p, q).await.unwrap()) == ["c0", "c5"]
}
scenario!(short_page_taken_as_end, two_labels_across_pages);

async fn retried_page_is_the_same(p: &dyn ContactProvider) -> bool {
    create_n(p, 6).await;
    let q = ContactQuery::new().page_size(2);
    let first = p.list_page(&q, None).await.unwrap();
    let second = p.list_page(&q, first.next.clone()).await.unwrap();
    let again = p.list_page(&q, first.next.clone()).await;
    again.is_ok_and(|a| a.items == second.items)
}
scenario!(scroll_cursor_advances_on_reuse, retried_page_is_the_same);

async fn big_pages_list_everyone(p: &dyn ContactProvider) -> bool {
    create_n(p, 250).await;
    list_all(p, ContactQuery::new().page_size(150))
        .await
        .unwrap()
        .len()
        == 250
}
scenario!(vendor_caps_pages_at_100, big_pages_list_everyone);

async fn labels_are_all_of(p: &dyn ContactProvider) -> bool {
    create_all(
        p,
        &[
            named("x").label("X"),
            named("y").label("Y"),
            named("xy").label("X").label("Y"),
        ],
    )
    .await;
    let filter = ContactFilter::new().label("X").label("Y");
    listed_names(p, filter).await == ["xy"]
}
scenario!(label_filter_any_of, labels_are_all_of);

async fn labels_keep_case(p: &dyn ContactProvider) -> bool {
    create_all(
        p,
        &[named("upper").label("VIP"), named("lower").label("vip")],
    )
    .await;
    let filter = ContactFilter::new().label("VIP");
    listed_names(p, filter).await == ["upper"]
}
scenario!(label_filter_folds_case, labels_keep_case);

async fn property_filter_is_equality(p: &dyn ContactProvider) -> bool {
    create_all(p, &[named("Ann"), named("Anna")]).await;
    let filter = ContactFilter::new().property("firstName", "Ann");
    listed_names(p, filter).await == ["Ann"]
}
scenario!(property_filter_prefix_match, property_filter_is_equality);

async fn email_filter_is_exact(p: &dyn ContactProvider) -> bool {
    create_all(
        p,
        &[
            named("lower").property("email", "ada@example.com"),
            named("mixed").property("email", "Ada@Example.com"),
        ],
    )
    .await;
    let filter = ContactFilter::new().property("email", "ada@example.com");
    listed_names(p, filter).await == ["lower"]
}
scenario!(email_filter_folds_case, email_filter_is_exact);

async fn no_metadata_unless_asked(p: &dyn ContactProvider) -> bool {
    create_all(p, &[named("a").label("VIP"), named("b")]).await;
    let q = ContactQuery::new().filter(ContactFilter::new().label("VIP"));
    let found = list_all(p, q).await.unwrap();
    found.len() == 1 && found.iter().all(|c| c.metadata.is_none())
}
scenario!(label_listing_leaks_metadata, no_metadata_unless_asked);

async fn nothing_found_is_an_empty_page(p: &dyn ContactProvider) -> bool {
    create_all(p, &[named("a").property("company", "ACME")]).await;
    let q = ContactQuery::new().filter(ContactFilter::new().property("company", "Nobody"));
    p.list_page(&q, None)
        .await
        .is_ok_and(|page| page.items.is_empty() && page.next.is_none())
}
scenario!(empty_search_is_not_found, nothing_found_is_an_empty_page);

async fn filtered_descending_is_reversed(p: &dyn ContactProvider) -> bool {
    create_labelled(p, &[("a", "L"), ("b", "L"), ("c", "L")]).await;
    let q = ContactQuery::new()
        .filter(ContactFilter::new().label("L"))
        .order(Order::Descending);
    names(&list_all(p, q).await.unwrap()) == ["c", "b", "a"]
}
scenario!(
    filtered_descending_comes_ascending,
    filtered_descending_is_reversed
);
