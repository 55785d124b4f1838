//! Watching a CSV file's quotes as the parser reads it, to tell a value that spans lines on
//! purpose from a quote that was never closed.
//!
//! A quote opened and never closed makes every following row part of one value, which is
//! legal CSV up to the end of the file, so the CSV parser reads it without complaint. The
//! parser does not say that it ended inside quotes; this reader follows the same rules as it
//! (RFC 4180 with `""` for a quote, a quote after the start of a field is text) and remembers
//! where an unclosed quote opened.

use std::io::{self, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Where the reader is in the CSV grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: the end of it, or the first of `""`.
    QuoteInQuoted,
}

/// A reader that passes bytes through and follows their quoting (see the module).
pub struct QuoteWatch<R> {
    inner: R,
    delimiter: u8,
    state: State,
    line: u64,
    opened_at: u64,
    /// Once the input has ended inside quotes: the line the quote opened on (0: not so).
    unclosed: Arc<AtomicU64>,
}

impl<R: Read> QuoteWatch<R> {
    /// Watches `inner`, a CSV file separated by `delimiter`; `unclosed` is set at the end.
    pub fn new(inner: R, delimiter: u8, unclosed: Arc<AtomicU64>) -> Self {
        Self {
            inner,
            delimiter,
            state: State::FieldStart,
            line: 1,
            opened_at: 0,
            unclosed,
        }
    }

    fn step(&mut self, b: u8) {
        let ends_field = b == self.delimiter || b == b'\n' || b == b'\r';
        self.state = match (self.state, b) {
            (State::FieldStart, b'"') => {
                self.opened_at = self.line;
                State::Quoted
            }
            (State::FieldStart | State::Unquoted, _) if ends_field => State::FieldStart,
            (State::FieldStart | State::Unquoted, _) => State::Unquoted,
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (State::QuoteInQuoted, _) if ends_field => State::FieldStart,
            (State::QuoteInQuoted, _) => State::Unquoted,
        };
        if b == b'\n' {
            self.line += 1;
        }
    }
}

impl<R: Read> Read for QuoteWatch<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && !buf.is_empty() && self.state == State::Quoted {
            self.unclosed.store(self.opened_at, Ordering::Relaxed);
        }
        for &b in &buf[..n] {
            self.step(b);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unclosed(text: &str) -> u64 {
        let flag = Arc::new(AtomicU64::new(0));
        let mut watch = QuoteWatch::new(text.as_bytes(), b',', flag.clone());
        std::io::copy(&mut watch, &mut std::io::sink()).unwrap();
        flag.load(Ordering::Relaxed)
    }

    #[test]
    fn only_a_quote_open_at_the_end_is_unclosed() {
        assert_eq!(unclosed("a,b\n1,\"x\ny\"\n2,\"say \"\"hi\"\"\"\n"), 0);
        assert_eq!(unclosed("a,b\n1,ab\"c\n"), 0, "a quote inside text is text");
        assert_eq!(unclosed("a,b\n1,2\n3,\"Ada\n4,Bob\n5,Cy\n"), 3);
    }
}
