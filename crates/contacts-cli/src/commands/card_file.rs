//! `create --card FILE` / `replace ID --card FILE`: the one card a file holds.

use crate::error::{CliError, CliResult};
use crate::formats::sniff::{self, Content};
use contacts_core::Card;
use std::path::Path;

/// The card of the vCard or JSContact file at `path` (told by its content). A file holding
/// no card, several cards or something else is a usage error saying what it holds.
pub fn read(path: &Path) -> CliResult<Card> {
    let name = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| CliError::io(name.to_string(), e))?;
    let several = |n: usize| {
        CliError::Usage(format!(
            "{name} holds {n} cards; --card takes one (import the file to make a contact of \
             each: contacts import {name})"
        ))
    };
    match sniff::content(text.as_bytes()) {
        Content::Vcard => {
            let (card, more) = contacts_formats::vcard::read_one(&text)
                .map_err(|e| CliError::Usage(format!("{name}: {e}")))?;
            match more {
                0 => Ok(card),
                more => Err(several(more + 1)),
            }
        }
        Content::JsContact => {
            let mut cards = contacts_formats::jscontact::read(&text)
                .map_err(|e| CliError::Usage(format!("{name}: {e}")))?;
            match cards.len() {
                1 => Ok(cards.remove(0)),
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
