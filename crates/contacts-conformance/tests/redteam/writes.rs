//! Bugs of create and replace: what is stored and what is returned.

use super::Bug;
use super::adapter::hook;
use super::support::{Store, full};
use contacts_core::{
    Capabilities, Contact, ContactId, ContactProvider, GetOptions, NewContact, Properties, Result,
    keys,
};

/// The contract words of what `create` returns, which several of these bugs break.
const STORED_IN_ORDER: &str = "DESIGN.md, The contract: \"**create** returns the stored contacts \
                              with their ids, in input order\"";
/// The contract words of Unicode round trips, which several of these bugs break.
const NEVER_MANGLED: &str = "DESIGN.md, Values: \"Any Unicode survives a round trip; a provider \
                            that cannot store a character rejects the write with `InvalidInput`, \
                            never mangles it.\"";
/// The contract words of `replace`, which several of these bugs break.
const EXACTLY_DOC: &str = "DESIGN.md, The contract: \"**replace**: the contact afterwards is \
                          exactly the new document\"";

hook! {
    /// Meant to send big batches as concurrent chunks of ten; the author concatenated the answers
    /// in the order the chunks completed, and the short last chunk always completes first.
    struct ChunksReturnedOutOfOrder;
    bug create_chunks_returned_out_of_order over full();
    breaks STORED_IN_ORDER;
    when "a batch of more than 10 contacts";

    async fn create(&self, p: &Store, c: &[NewContact]) -> Result<Vec<Contact>> {
        let mut answers = Vec::new();
        for chunk in c.chunks(10) {
            answers.push(p.create(chunk).await?);
        }
        if answers.len() > 1 {
            let last = answers.pop().unwrap_or_default();
            answers.insert(0, last);
        }
        Ok(answers.into_iter().flatten().collect())
    }
}

hook! {
    /// Meant to post a batch to `/books/{book}/contacts`; the answer does not say which book, and
    /// the author stamped the first item's book on every returned contact (each is stored in its
    /// own book).
    struct BatchBookFromFirstItem;
    bug create_returns_first_items_book over with_books();
    breaks STORED_IN_ORDER;
    when "one batch whose contacts go to different address books";

    async fn create(&self, p: &Store, c: &[NewContact]) -> Result<Vec<Contact>> {
        let mut created = p.create(c).await?;
        let first = c.first().and_then(|n| n.address_book.clone());
        for contact in &mut created {
            contact.address_book = first.clone();
        }
        Ok(created)
    }
}

/// Characters outside the Basic Multilingual Plane (emoji, some CJK), as a utf8mb3 column
/// stores them: replaced by `?`.
fn bmp_only(props: &Properties) -> Properties {
    props
        .iter()
        .map(|(k, v)| {
            let v: String = v
                .chars()
                .map(|ch| if u32::from(ch) > 0xFFFF { '?' } else { ch })
                .collect();
            (k.to_owned(), v)
        })
        .collect()
}

hook! {
    /// Meant to store any text; the vendor's database keeps three bytes per character, and the
    /// adapter neither refuses nor reports it: emoji come back as `?`.
    struct EmojiBecomeQuestionMarks;
    bug emoji_stored_as_question_marks over full();
    breaks NEVER_MANGLED;
    when "a value with a character outside the BMP (emoji) on create or replace";

    fn kept(&self, doc: &NewContact) -> NewContact {
        NewContact {
            properties: bmp_only(&doc.properties),
            ..doc.clone()
        }
    }
}

/// At most `max` bytes of `value`, cut at a character boundary.
fn cut_bytes(value: &str, max: usize) -> String {
    let mut end = value.len().min(max);
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    value[..end].to_owned()
}

hook! {
    /// Meant to keep values within the vendor's 20-character limit, which the vendor enforces in
    /// bytes; the adapter cuts every value to 20 bytes, so a non-ASCII value of at most 20
    /// characters (accepted by the declared limit) is silently shortened.
    struct TruncatesAtBytes;
    bug value_limit_counted_in_bytes over twenty_chars();
    breaks "capabilities.rs, max_value_chars: \"The longest property value, in \
            characters\"; DESIGN.md Values: \"never mangles it\"";
    when "a value over 20 bytes (within the limit: non-ASCII, at most 20 characters)";

    fn kept(&self, doc: &NewContact) -> NewContact {
        let properties = doc.properties.iter().map(|(k, v)| (k, cut_bytes(v, 20)));
        NewContact {
            properties: properties.collect(),
            ..doc.clone()
        }
    }

    /// The replace path sends the document as it is: only `create` cuts.
    async fn replace(&self, p: &Store, id: &ContactId, c: &NewContact) -> Result<Contact> {
        p.replace(id, c).await
    }
}

/// A reference store limiting values to 20 characters.
fn twenty_chars() -> Capabilities {
    let mut caps = full();
    caps.max_value_chars = Some(20);
    caps
}

/// A reference store whose contacts live in address books.
fn with_books() -> Capabilities {
    let mut caps = full();
    caps.address_books = true;
    caps
}

hook! {
    /// Meant to replace with `PUT`; the vendor's PUT replaces the fixed fields and merges custom
    /// fields, so a custom key missing from the new document survives the replace.
    struct ReplaceKeepsCustomKeys;
    bug replace_keeps_custom_keys over full();
    breaks EXACTLY_DOC;
    when "replacing a contact whose custom key the new document lacks";

    async fn replace(&self, p: &Store, id: &ContactId, c: &NewContact) -> Result<Contact> {
        let old = p.get(id, &GetOptions::default()).await?;
        let mut doc = c.clone();
        for (k, v) in old.properties.iter() {
            if !keys::ALL.contains(&k) && !doc.properties.contains_key(k) {
                doc.properties.set(k, v);
            }
        }
        p.replace(id, &doc).await
    }
}

hook! {
    /// Meant to send the new labels with the document; the serialiser skips an empty label list,
    /// and the vendor keeps the old labels when the field is missing.
    struct ReplaceKeepsLabelsWhenEmpty;
    bug replace_keeps_labels_when_empty over full();
    breaks EXACTLY_DOC;
    when "replacing a labelled contact with a document without labels";

    async fn replace(&self, p: &Store, id: &ContactId, c: &NewContact) -> Result<Contact> {
        if !c.labels.is_empty() {
            return p.replace(id, c).await;
        }
        let old = p.get(id, &GetOptions::default()).await?;
        let doc = NewContact {
            labels: old.labels,
            ..c.clone()
        };
        p.replace(id, &doc).await
    }
}

/// The create and replace bugs.
pub fn bugs() -> Vec<Bug> {
    vec![
        ChunksReturnedOutOfOrder::bug(),
        BatchBookFromFirstItem::bug(),
        EmojiBecomeQuestionMarks::bug(),
        TruncatesAtBytes::bug(),
        ReplaceKeepsCustomKeys::bug(),
        ReplaceKeepsLabelsWhenEmpty::bug(),
    ]
}
