//! What reading a card costs in allocations beyond calcard's own parse. Importing a large
//! `.vcf` is bound by them (row 13 of docs/performance.md: malloc, free and the pages they
//! touch were a fifth of the time): a typical card read into a new contact made 53 more than
//! parsing it with calcard alone, for owned ids, kinds, context names and their maps.
//!
//! Counted per thread, so other tests of this binary running beside it do not disturb it.

use calcard::{Entry, Parser};
use contacts_core::NewContact;
use contacts_formats::vcard;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is forwarded to the system allocator unchanged; the count is a
// thread-local `Cell` without a destructor, which allocates nothing. (A counting allocator
// cannot be written without `unsafe`; it is confined to this test binary.)
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: the caller's layout, as given.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: `ptr` came from this allocator with `layout`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations (and reallocations) `run` makes on this thread.
fn allocations(run: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    run();
    ALLOCATIONS.with(Cell::get) - before
}

/// The card of the import benchmark (`benches/read.rs`): two phones, an e-mail, an address,
/// an organisation with a unit and a note, as phones and address books export them.
const CARD: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person 17 Example\r\n\
    N:Example;Person 17;;;\r\nTEL;TYPE=CELL:+46 70 017 17 00\r\n\
    TEL;TYPE=WORK,VOICE:+46 8 000017\r\nEMAIL;TYPE=INTERNET:person17@example.com\r\n\
    ADR;TYPE=HOME:;;Storgatan 17;Uppsala;;753 20;Sweden\r\nORG:Example AB;Department 3;\r\n\
    NOTE:Met at the meetup\\, spring 2019.\\nLikes coffee\\; not tea. Card number 17\r\n\
    END:VCARD\r\n";

#[test]
fn reading_a_typical_card_into_a_contact_allocates_little_beyond_parsing_it() {
    let parse = allocations(|| match Parser::new(CARD).entry() {
        Entry::VCard(card) => assert_eq!(card.entries.len(), 9),
        other => panic!("calcard reads the card: {other:?}"),
    });
    let read = allocations(|| {
        let (card, more) = vcard::read_one(CARD).expect("the card reads");
        assert_eq!(more, 0);
        let contact = NewContact::from_card(card);
        assert_eq!(contact.properties.phone_number(), Some("+46 70 017 17 00"));
        assert_eq!(contact.properties.department(), Some("Department 3"));
    });
    let extra = read.saturating_sub(parse);
    println!("calcard's parse: {parse} allocations; read into a contact: {read} (+{extra})");
    assert!(
        extra <= 25,
        "reading the card made {read} allocations, {extra} beyond calcard's {parse}: ids, \
         kinds and context names are held inline, values moved, not copied"
    );
}
