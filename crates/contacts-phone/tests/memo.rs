//! A number read once and handed on as its E.164 form is not read again: the local store
//! reads what its caller (`contacts import --normalize-phones`, `contacts sync`) read and wrote.
//! Alone in its test binary, so no other test's readings share the process-wide memo.

use contacts_phone::{Normalizer, NumberType, normalize, readings_on_this_thread};

#[test]
fn the_store_reading_what_its_caller_read_costs_no_second_reading() {
    let se = Normalizer::new(Some("SE".parse().unwrap()));
    let before = readings_on_this_thread();
    let caller = se.normalize("070-123 45 67").unwrap();
    assert_eq!(caller.e164(), "+46701234567");
    // The store, as provider-sqlite's metadata reads every number it writes.
    let store = normalize(caller.e164(), None).unwrap();
    assert_eq!(
        readings_on_this_thread() - before,
        1,
        "one reading for both"
    );
    assert_eq!(store, caller);
    assert!(store.is_valid());
    assert_eq!(store.number_type(), NumberType::Mobile);
    assert_eq!(store.region().map(|r| r.to_string()).as_deref(), Some("SE"));
    // A text that only looks like it (spaced) is read: the memo takes E.164 texts only.
    normalize("+46 70 123 45 67", None).unwrap();
    assert_eq!(readings_on_this_thread() - before, 2);
    // Another number is read, and then known too.
    normalize("+61412345678", Some("SE".parse().unwrap())).unwrap();
    normalize("+61412345678", None).unwrap();
    assert_eq!(readings_on_this_thread() - before, 3);
}
