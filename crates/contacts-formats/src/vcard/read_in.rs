//! Reading the cards of a stream (a `.vcf` file of any size) into the model, a chunk at a
//! time: [`super::cards_in`] cuts the stream on the calling thread, and each chunk of about
//! half a megabyte of cards is read on one thread per core, as [`super::read`] reads a file
//! in memory. Memory stays flat (one chunk of texts and their cards at a time); the cards come
//! out in file order with the numbers and lines of the whole file.

use super::parallel::{self, PARALLEL_FROM};
use super::{CardText, CardsIn, ReadCard, cards_in, read_card};
use crate::FormatError;
use std::io::BufRead;

/// Reads every card of `input` (as [`super::read`] does a file in memory), lazily: each item
/// is a card with its number and line, or the error naming them. A card larger than
/// `max_card` bytes is an error of its own and is skipped, as in [`cards_in`].
///
/// ```
/// use contacts_formats::vcard;
///
/// let file = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nTEL:+44 20 7946 0000\r\nEND:VCARD\r\n\
///             BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Broken\r\nno colon here\r\nEND:VCARD\r\n";
/// let read: Vec<_> = vcard::read_in(file.as_bytes(), 1 << 20).collect();
/// assert_eq!(read[0].as_ref().unwrap().card.phones.len(), 1);
/// let error = read[1].as_ref().unwrap_err().to_string();
/// assert!(error.starts_with("card 2 (line 9): \"no colon here\" is not a property"), "{error}");
/// ```
pub fn read_in<R: BufRead>(input: R, max_card: usize) -> ReadIn<R> {
    ReadIn {
        cards: cards_in(input, max_card),
        read: Vec::new().into_iter(),
        chunk: PARALLEL_FROM,
    }
}

/// The iterator of [`read_in`].
#[derive(Debug)]
pub struct ReadIn<R> {
    cards: CardsIn<R>,
    /// The chunk read and not yet given out: the reading's own list, handed out from where
    /// it is (copying a chunk's cards, about 600 KB, into a queue cost a copy of every card).
    read: std::vec::IntoIter<Result<ReadCard, FormatError>>,
    /// The bytes of card text a chunk holds before it is read.
    chunk: usize,
}

impl<R: BufRead> ReadIn<R> {
    /// Cuts the next chunk of cards from the stream and reads it; nothing at the stream's end.
    fn read_chunk(&mut self) {
        let mut cut: Vec<Result<CardText<'static>, FormatError>> = Vec::new();
        let mut bytes = 0;
        for card in self.cards.by_ref() {
            bytes += card.as_ref().map_or(1, |c| c.text.len());
            cut.push(card);
            if bytes >= self.chunk {
                break;
            }
        }
        let read = match parallel::threads(bytes) {
            0 | 1 => cut.into_iter().map(read_card).collect(),
            threads => parallel::read(cut, threads, read_card),
        };
        self.read = read.into_iter();
    }
}

impl<R: BufRead> Iterator for ReadIn<R> {
    type Item = Result<ReadCard, FormatError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(read) = self.read.next() {
            return Some(read);
        }
        self.read_chunk();
        self.read.next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2,500 cards of about 1 KiB (three chunks of several threads), every 97th malformed.
    fn file() -> String {
        let note = "n".repeat(900);
        (0..2500)
            .map(|i| {
                let bad = if i % 97 == 0 { "no colon\r\n" } else { "" };
                format!(
                    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:P {i}\r\nTEL:+4670{i:07}\r\n{bad}\
                     NOTE:{note}\r\nEND:VCARD\r\n"
                )
            })
            .collect()
    }

    #[test]
    fn a_stream_read_in_chunks_gives_what_a_read_in_memory_gives_in_order() {
        let text = file();
        let streamed: Vec<_> = read_in(text.as_bytes(), 1 << 20).collect();
        assert_eq!(streamed.len(), 2500);
        assert_eq!(streamed, super::super::read(&text));
        let errors = streamed.iter().filter(|r| r.is_err()).count();
        assert_eq!(errors, 26, "every 97th card is malformed and named");
        let last = streamed[2499].as_ref().unwrap();
        assert_eq!((last.index, last.line), (2500, 2499 * 6 + 26 + 1));
    }
}
