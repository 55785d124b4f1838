//! Reading and writing a 10,000-card `.vcf`: calcard's parser alone (the baseline, on one
//! thread) against reading into the model (cutting, checking, repairing and converting) on
//! one thread, and `vcard::read` (the same, on one thread per core for a file this large), and
//! `vcard::write` over the same cards. Prints the ratio of the two readers first.
//!
//! `cargo bench -p contacts-formats --bench read` (`RATIO_ONLY=1` for the ratio alone;
//! `READ_ONCE=calcard|ours|import|none` reads once, for callgrind). Under `taskset -c 0`
//! the readers see one core and every figure is on one thread, the baseline's condition.

use base64::Engine;
use calcard::{Entry, Parser};
use contacts_formats::vcard;
use criterion::{Criterion, black_box};
use std::fmt::Write;
use std::time::{Duration, Instant};

const CARDS: usize = 10_000;

/// A realistic card: two phones, an e-mail, an address, an organisation, a note, and a
/// 1 KB photo on every tenth card.
fn card(i: usize, photo: &str) -> String {
    let mut c = String::new();
    let _ = write!(
        c,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i} Example\r\nN:Example;Person {i};;;\r\n\
         TEL;TYPE=CELL:+46 70 {:03} {:02} {:02}\r\nTEL;TYPE=WORK,VOICE:+46 8 {:06}\r\n\
         EMAIL;TYPE=INTERNET:person{i}@example.com\r\n\
         ADR;TYPE=HOME:;;Storgatan {i};Uppsala;;753 20;Sweden\r\n\
         ORG:Example AB;Department {};\r\n\
         NOTE:Met at the meetup\\, spring 2019.\\nLikes coffee\\; not tea. Card number {i}\r\n",
        i % 1000,
        i % 100,
        (i / 100) % 100,
        i,
        i % 7
    );
    if i.is_multiple_of(10) {
        c.push_str("PHOTO;ENCODING=b;TYPE=JPEG:");
        for (n, chunk) in photo.as_bytes().chunks(74).enumerate() {
            if n > 0 {
                c.push_str("\r\n ");
            }
            c.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        }
        c.push_str("\r\n");
    }
    c.push_str("END:VCARD\r\n");
    c
}

fn file() -> String {
    let bytes: Vec<u8> = (0..1024u32).map(|b| (b * 37 % 251) as u8).collect();
    let photo = base64::engine::general_purpose::STANDARD.encode(bytes);
    (0..CARDS).map(|i| card(i, &photo)).collect()
}

fn calcard_only(text: &str) -> usize {
    let mut parser = Parser::new(text);
    let mut n = 0;
    loop {
        match parser.entry() {
            Entry::VCard(card) => n += card.entries.len(),
            Entry::Eof => return n,
            _ => {}
        }
    }
}

/// `vcard::read`: on several threads for a file this large (one per core, at most 8).
fn ours(text: &str) -> usize {
    vcard::read(text).into_iter().filter(Result::is_ok).count()
}

/// The same reading on the calling thread alone: the cards cut and read one by one.
fn ours_one_thread(text: &str) -> usize {
    let cut: Vec<_> = vcard::cards(text).collect();
    let read: Vec<_> = cut
        .into_iter()
        .map(|card| card.and_then(|card| card.read()))
        .collect();
    read.into_iter().filter(Result::is_ok).count()
}

/// As `contacts import` reads a file: streamed from its bytes by [`vcard::read_in`] (cut on
/// this thread, each half megabyte of cards read on one thread per core), each card made a new
/// contact, held in batches of 500 (the import's largest) that are then let go, as the import
/// lets go of a batch once it is stored.
fn as_import(text: &str) -> usize {
    let mut batch = Vec::with_capacity(500);
    let mut n = 0;
    for read in vcard::read_in(text.as_bytes(), 32 * 1024 * 1024).flatten() {
        batch.push(contacts_core::NewContact::from_card(read.card));
        if batch.len() == 500 {
            n += batch.len();
            batch.clear();
        }
    }
    n + batch.len()
}

/// The fastest of five runs.
fn best(mut run: impl FnMut()) -> Duration {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn ratio(text: &str) {
    let baseline = best(|| {
        black_box(calcard_only(text));
    });
    let one = best(|| {
        black_box(ours_one_thread(text));
    });
    let read = best(|| {
        black_box(ours(text));
    });
    let import = best(|| {
        black_box(as_import(text));
    });
    let cards: Vec<_> = vcard::read(text).into_iter().flatten().collect();
    let write = best(|| {
        for card in &cards {
            black_box(vcard::write(&card.card, None).ok());
        }
    });
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    println!(
        "{CARDS} cards, {} KB: calcard Parser (one thread) {baseline:?}; one thread: {one:?} \
         (speed {:.2}x of calcard's); vcard::read ({} threads) {read:?} (speed {:.2}x); \
         as `contacts import` reads ({} threads, streamed, batches of 500) {import:?} (speed {:.2}x); \
         vcard::write {write:?}",
        text.len() / 1024,
        baseline.as_secs_f64() / one.as_secs_f64(),
        threads.min(8),
        baseline.as_secs_f64() / read.as_secs_f64(),
        threads.min(8),
        baseline.as_secs_f64() / import.as_secs_f64()
    );
}

fn main() {
    let text = file();
    assert_eq!(ours(&text), CARDS, "every generated card reads");
    // One more read of one kind and nothing else, for `valgrind --tool=callgrind` (whose
    // counts, less those of a run with READ_ONCE=none, are that read's instructions).
    match std::env::var("READ_ONCE").as_deref() {
        Ok("calcard") => {
            black_box(calcard_only(&text));
            return;
        }
        Ok("ours") => {
            black_box(ours_one_thread(&text));
            return;
        }
        Ok("import") => {
            black_box(as_import(&text));
            return;
        }
        Ok(_) => return,
        Err(_) => {}
    }
    ratio(&text);
    if std::env::var_os("RATIO_ONLY").is_some() {
        return;
    }
    let mut criterion = Criterion::default()
        .sample_size(10)
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    criterion.bench_function("calcard Parser, 10k cards", |b| {
        b.iter(|| calcard_only(black_box(&text)))
    });
    criterion.bench_function("vcard::read, 10k cards", |b| {
        b.iter(|| ours(black_box(&text)))
    });
    criterion.bench_function("one thread: cards + CardText::read, 10k cards", |b| {
        b.iter(|| ours_one_thread(black_box(&text)))
    });
    let cards: Vec<_> = vcard::read(&text).into_iter().flatten().collect();
    criterion.bench_function("vcard::write, 10k cards", |b| {
        b.iter(|| {
            for card in &cards {
                black_box(vcard::write(&card.card, None).ok());
            }
        })
    });
    criterion.final_summary();
}
