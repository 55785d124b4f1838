//! Reading a large file's cards on several threads. Cards are independent once the file is
//! cut ([`super::cards`], which is cheap and stays on one thread), so the cut cards are
//! shared out in runs of about equal size, each run read on a thread of its own, and the
//! results joined back in file order: the numbers and lines of cards and errors are those of
//! the file, as on one thread.

use super::{CardText, ReadCard};
use crate::FormatError;

/// Files smaller than this are read on the calling thread: starting threads costs more
/// than reading them (a 512 KiB file is about 1,000 cards, a few milliseconds).
pub(super) const PARALLEL_FROM: usize = 512 * 1024;

/// The most threads one read uses.
const MAX_THREADS: usize = 8;

/// How many threads reading `bytes` of cards uses.
pub(super) fn threads(bytes: usize) -> usize {
    if bytes < PARALLEL_FROM {
        return 1;
    }
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    cores.clamp(1, MAX_THREADS)
}

type Cut<'a> = Result<CardText<'a>, FormatError>;
type Read = Result<ReadCard, FormatError>;

/// Reads `cut` (the file's cards in order) on `threads` threads; the results are in order.
pub(super) fn read(cut: Vec<Cut<'_>>, threads: usize, one: fn(Cut<'_>) -> Read) -> Vec<Read> {
    let count = cut.len();
    let runs = runs(cut, threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = runs
            .into_iter()
            .map(|run| scope.spawn(move || run.into_iter().map(one).collect::<Vec<_>>()))
            .collect();
        let mut out = Vec::with_capacity(count);
        for handle in handles {
            match handle.join() {
                Ok(read) => out.extend(read),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

/// `cut` in `threads` runs of consecutive cards, of about equal size in bytes (cards with
/// photos are much larger than others).
fn runs(cut: Vec<Cut<'_>>, threads: usize) -> Vec<Vec<Cut<'_>>> {
    let size = |card: &Cut<'_>| card.as_ref().map_or(1, |c| c.text.len());
    let total: usize = cut.iter().map(size).sum();
    let per_run = total.div_ceil(threads.max(1)).max(1);
    let mut runs = Vec::with_capacity(threads);
    let mut run = Vec::with_capacity(cut.len() / threads.max(1) + 1);
    let mut bytes = 0;
    for card in cut {
        bytes += size(&card);
        run.push(card);
        if bytes >= per_run {
            runs.push(std::mem::take(&mut run));
            bytes = 0;
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vcard::{cards, read_card};

    /// 3,000 cards, some with a photo, some malformed, about 600 KiB.
    fn file() -> String {
        let photo = "QUJD".repeat(400);
        (0..3000)
            .map(|i| match i % 97 {
                13 => {
                    format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:P{i}\r\nbroken line\r\nEND:VCARD\r\n")
                }
                41 => format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:P{i}\r\n"),
                n => {
                    let photo = if n % 10 == 0 { &photo[..] } else { "" };
                    format!(
                        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:P{i}\r\nTEL:+46 70 {i}\r\n\
                         NOTE:{photo}\r\nEND:VCARD\r\n"
                    )
                }
            })
            .collect()
    }

    #[test]
    fn cards_read_on_several_threads_come_back_in_file_order_with_their_errors() {
        let text = file();
        assert!(text.len() >= PARALLEL_FROM, "{}", text.len());
        let one: Vec<_> = cards(&text).map(read_card).collect();
        let errors = one.iter().filter(|r| r.is_err()).count();
        assert!(errors > 50, "the file has malformed cards: {errors}");
        for threads in [2, 3, 7] {
            let many = read(cards(&text).collect(), threads, read_card);
            assert_eq!(many, one, "{threads} threads");
        }
        assert_eq!(crate::vcard::read(&text), one);
        let first_error = one.iter().find_map(|r| r.as_ref().err()).unwrap();
        assert!(
            first_error
                .to_string()
                .starts_with("card 14 (line 82): \"broken line\""),
            "{first_error}"
        );
    }

    #[test]
    fn runs_are_consecutive_and_about_equal_in_bytes() {
        let text = file();
        let cut: Vec<_> = cards(&text).collect();
        let count = cut.len();
        let runs = runs(cut, 3);
        assert_eq!(runs.len(), 3);
        let sizes: Vec<usize> = runs
            .iter()
            .map(|run| {
                run.iter()
                    .map(|c| c.as_ref().map_or(1, |c| c.text.len()))
                    .sum()
            })
            .collect();
        let (least, most) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
        assert!(most - least < text.len() / 10, "{sizes:?}");
        let numbers: Vec<usize> = runs
            .iter()
            .flatten()
            .map(|c| match c {
                Ok(card) => card.index,
                Err(FormatError::Card { card, .. }) => *card,
                Err(_) => 0,
            })
            .collect();
        assert_eq!(numbers.len(), count);
        assert!(numbers.windows(2).all(|w| w[0] <= w[1]), "in file order");
    }
}
