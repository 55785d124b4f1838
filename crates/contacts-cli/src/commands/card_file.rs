//! `create --card FILE` / `replace ID --card FILE`: the one card a file holds.

use crate::error::{CliError, CliResult};
use crate::formats::sniff::{self, Content};
use crate::formats::source;
use contacts_core::Card;
use std::io::Read;
use std::path::Path;

/// The card of the vCard or JSContact file at `path` (told by its content), decoded as an
/// import decodes its file ([`source::open`]: a UTF-8 byte-order mark dropped, UTF-16 as
/// Windows writes it decoded). A file holding no card, several cards or something else is a
/// usage error saying what it holds.
pub fn read(path: &Path) -> CliResult<Card> {
    let name = path.display();
    let source = source::open(path, None).map_err(CliError::Failed)?;
    let content = sniff::content(&source.start);
    let several = |n: usize| {
        CliError::Usage(format!(
            "{name} holds {n} cards; --card takes one (import the file to make a contact of \
             each: contacts import {name})"
        ))
    };
    let mut reader = source.reader;
    match content {
        Content::Vcard => {
            let mut text = String::new();
            reader
                .read_to_string(&mut text)
                .map_err(|e| CliError::io(name.to_string(), e))?;
            let (card, more) = contacts_formats::vcard::read_one(&text)
                .map_err(|e| CliError::Usage(format!("{name}: {e}")))?;
            match more {
                0 => Ok(card),
                more => Err(several(more + 1)),
            }
        }
        Content::JsContact => {
            let mut cards = contacts_formats::jscontact::read_in(reader)
                .map_err(|e| CliError::Usage(format!("{name}: {e}")))?;
            match cards.len() {
                1 => cards
                    .remove(0)
                    .card
                    .map_err(|e| CliError::Usage(format!("{name}: {e}"))),
                n => Err(several(n)),
            }
        }
        other => Err(CliError::Usage(format!(
            "{name} holds {}, not a card: --card reads a vCard (BEGIN:VCARD) or a JSContact \
             Card (\"@type\": \"Card\")",
            other.name()
        ))),
    }
}
