//! One `addressbook-query` `REPORT` read as it arrives: a cursor over the collection's
//! vCards, in the server's order, holding only what is buffered.
//!
//! The answer's body is fed, chunk by chunk, to the multistatus reader on a blocking thread,
//! which hands each complete `DAV:response` back through a bounded channel; when nobody reads,
//! both channels fill and the transfer waits. Dropping the cursor ends the thread and the
//! transfer.

use crate::client::Dav;
use crate::xml::{self, DavResponse};
use bytes_reader::ChannelReader;
use contacts_core::{Error, Result};
use contacts_http::Method;
use std::collections::VecDeque;
use std::io::BufReader;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;
use tokio::time::Instant;
use url::Url;

/// Responses handed over at once (fewer wake-ups than one by one).
const BATCH: usize = 16;
/// Batches buffered ahead of the reader: at most `(AHEAD + 1) * BATCH` responses read ahead
/// of the page being served, so a book of large photos is not read far ahead either.
const AHEAD: usize = 2;

/// A position in a streamed listing.
#[derive(Debug)]
pub(crate) struct Cursor {
    rx: mpsc::Receiver<Result<Vec<DavResponse>>>,
    pending: VecDeque<DavResponse>,
    /// Responses consumed so far (the offset of the next one in the server's order).
    pub offset: usize,
    /// When the listing started (cursors left unread expire).
    pub born: Instant,
}

impl Cursor {
    /// Sends the query and starts reading its answer.
    pub async fn open(dav: &Dav, book: &Url) -> Result<Self> {
        let request = dav
            .http
            .request_to(
                Method::from_bytes(b"REPORT").unwrap_or(Method::GET),
                book.as_str(),
            )?
            .header("Depth", "1")?
            .header("Accept", "application/xml, text/xml")?
            .body("application/xml; charset=utf-8", xml::query_all(true));
        let mut streaming = match dav.http.send_streaming(request).await? {
            Ok(streaming) => streaming,
            Err(response) => return Err(dav.error(&response, "the address book")),
        };
        let status = streaming.status;
        if status != 207 {
            let response = streaming.into_response().await?;
            return Err(Error::Protocol {
                status: Some(status),
                message: "the address book: expected 207 Multi-Status".into(),
                body_excerpt: contacts_http::excerpt(&response.body, dav.http.secret()),
            });
        }
        let (chunk_tx, chunk_rx) = mpsc::channel::<Result<bytes::Bytes>>(4);
        tokio::spawn(async move {
            loop {
                let chunk = streaming.chunk().await;
                let end = !matches!(chunk, Ok(Some(_)));
                let sent = match chunk {
                    Ok(Some(bytes)) => chunk_tx.send(Ok(bytes)).await,
                    Ok(None) => break,
                    Err(e) => chunk_tx.send(Err(e)).await,
                };
                if sent.is_err() || end {
                    break;
                }
            }
        });
        let (tx, rx) = mpsc::channel(AHEAD);
        let secret = dav.http.secret().map(str::to_owned);
        tokio::task::spawn_blocking(move || {
            let seen = Arc::new(Mutex::new(Vec::new()));
            let reader = ChannelReader::new(chunk_rx, Arc::clone(&seen));
            let mut batch = Vec::with_capacity(BATCH);
            let outcome = xml::read_multistatus(BufReader::new(reader), |r| {
                batch.push(r);
                batch.len() < BATCH
                    || tx
                        .blocking_send(Ok(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))))
                        .is_ok()
            });
            if !batch.is_empty() && tx.blocking_send(Ok(batch)).is_err() {
                return;
            }
            if let Err(why) = outcome {
                let seen = seen.lock().unwrap_or_else(|p| p.into_inner());
                let error = match ChannelReader::failure(&why) {
                    Some(broken) => broken,
                    None => xml::protocol(status, &why, &seen, secret.as_deref()),
                };
                let _ = tx.blocking_send(Err(error));
            }
        });
        Ok(Self {
            rx,
            pending: VecDeque::new(),
            offset: 0,
            born: Instant::now(),
        })
    }

    /// The next response, `None` at the end.
    pub async fn next(&mut self) -> Option<Result<DavResponse>> {
        if self.pending.is_empty() {
            match self.has_more().await {
                Ok(true) => {}
                Ok(false) => return None,
                Err(e) => return Some(Err(e)),
            }
        }
        let next = self.pending.pop_front()?;
        self.offset += 1;
        Some(Ok(next))
    }

    /// Whether another response follows (waiting for it if needed).
    pub async fn has_more(&mut self) -> Result<bool> {
        while self.pending.is_empty() {
            match self.rx.recv().await {
                Some(Ok(batch)) => self.pending.extend(batch),
                Some(Err(e)) => return Err(e),
                None => return Ok(false),
            }
        }
        Ok(true)
    }
}

mod bytes_reader {
    //! `std::io::Read` over the chunks of a streamed body, for the blocking XML reader.

    use bytes::Bytes;
    use contacts_core::{Error, Result};
    use std::io::{self, Read};
    use std::sync::{Arc, Mutex};
    use tokio::sync::mpsc;

    /// The first bytes of the body are kept for an error's excerpt.
    const KEPT: usize = 1024;
    /// How a transport failure is told apart from bad XML in the reader's error text.
    const BROKEN: &str = "contacts-carddav-transport:";

    pub(crate) struct ChannelReader {
        rx: mpsc::Receiver<Result<Bytes>>,
        current: Bytes,
        seen: Arc<Mutex<Vec<u8>>>,
    }

    impl ChannelReader {
        pub(crate) fn new(rx: mpsc::Receiver<Result<Bytes>>, seen: Arc<Mutex<Vec<u8>>>) -> Self {
            Self {
                rx,
                current: Bytes::new(),
                seen,
            }
        }

        /// The transport error a reader failure carries, if it was one.
        pub(crate) fn failure(why: &str) -> Option<Error> {
            let at = why.find(BROKEN)?;
            Some(Error::Unavailable {
                message: why[at + BROKEN.len()..].trim().to_owned(),
                retry_after: None,
            })
        }
    }

    impl Read for ChannelReader {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            while self.current.is_empty() {
                match self.rx.blocking_recv() {
                    Some(Ok(chunk)) => {
                        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
                        let room = KEPT.saturating_sub(seen.len()).min(chunk.len());
                        seen.extend_from_slice(&chunk[..room]);
                        self.current = chunk;
                    }
                    Some(Err(e)) => return Err(io::Error::other(format!("{BROKEN} {e}"))),
                    None => return Ok(0),
                }
            }
            let n = out.len().min(self.current.len());
            out[..n].copy_from_slice(&self.current[..n]);
            self.current = self.current.slice(n..);
            Ok(n)
        }
    }
}
