//! Whether the provider's answer to a call is the model's, up to the freedoms the contract
//! leaves (id values, metadata values, the order of a mass delete's report, the form of a
//! blocked number).

use super::call::{Answer, Call, Plain};
use super::ids::Ids;
use crate::case_line::value;
use contacts_core::{Contact, Error};
use std::collections::BTreeSet;

fn outcome<T: std::fmt::Debug>(r: &Result<T, Error>) -> String {
    match r {
        Ok(v) => {
            let text = format!("{v:?}");
            value(&text)
        }
        Err(e) => format!("{} ({e})", e.kind()),
    }
}

/// A contact as the provider answered it against the model's: the same properties, labels
/// and (corresponding) book; metadata exactly when asked.
pub(crate) fn same_contact(
    ids: &Ids,
    a: &Contact,
    b: &Contact,
    metadata: bool,
) -> Result<(), String> {
    if a.properties != b.properties {
        return Err(format!(
            "{} has properties {:?}, the model {:?}",
            a.id, a.properties, b.properties
        ));
    }
    if a.labels != b.labels {
        return Err(format!(
            "{} has labels {:?}, the model {:?}",
            a.id, a.labels, b.labels
        ));
    }
    if !ids.same_book(&a.address_book, &b.address_book) {
        return Err(format!(
            "{} is in address book {:?}, where the model's contact is in {:?}, which another \
             contact's book stands for",
            a.id, a.address_book, b.address_book
        ));
    }
    match (metadata, &a.metadata) {
        (true, None) => Err(format!("{} comes without the metadata asked for", a.id)),
        (false, Some(m)) => Err(format!("{} carries metadata {m:?} nobody asked for", a.id)),
        _ => Ok(()),
    }
}

fn same_contacts(ids: &Ids, a: &[Contact], b: &[Contact]) -> Result<(), String> {
    if a.len() != b.len() {
        return Err(format!(
            "{} contacts answered, the model {}",
            a.len(),
            b.len()
        ));
    }
    a.iter()
        .zip(b)
        .try_for_each(|(a, b)| same_contact(ids, a, b, false))
}

/// A mass delete reports exactly the contacts the model's does, in any order.
fn same_deleted(ids: &Ids, a: &[Contact], b: &[Contact]) -> Result<(), String> {
    let mut reported = BTreeSet::new();
    for contact in a {
        let Some(mid) = ids.model_of(&contact.id) else {
            return Err(format!(
                "reported {} deleted, which was not in view",
                contact.id
            ));
        };
        let Some(theirs) = b.iter().find(|c| &c.id == mid) else {
            return Err(format!(
                "reported {} deleted, which the model kept",
                contact.id
            ));
        };
        same_contact(ids, contact, theirs, false)?;
        if !reported.insert(mid.clone()) {
            return Err(format!("reported {} deleted twice", contact.id));
        }
    }
    if reported.len() != b.len() {
        return Err(format!(
            "reported {} deleted, the model {}",
            a.len(),
            b.len()
        ));
    }
    Ok(())
}

/// A blocked number's digits: providers may list `+46…` or `46…`.
pub(crate) fn digits(number: &str) -> &str {
    number.trim_start_matches('+')
}

fn all_digits(numbers: &[String]) -> BTreeSet<&str> {
    numbers.iter().map(|n| digits(n)).collect()
}

/// Whether the provider's answer `a` to `call` agrees with the model's `b`.
pub(crate) fn agree(
    ids: &Ids,
    call: &Call,
    a: &Result<Answer, Error>,
    b: &Result<Answer, Error>,
) -> Result<(), String> {
    use Answer as A;
    let mismatch = || {
        format!(
            "the provider answered {}, the model {}",
            outcome(a),
            outcome(b)
        )
    };
    let (a, b) = match (a, b) {
        (Err(x), Err(y)) if std::mem::discriminant(x) == std::mem::discriminant(y) => return Ok(()),
        (Ok(a), Ok(b)) => (a, b),
        _ => return Err(mismatch()),
    };
    match (call, a, b) {
        (Call::Get(id, metadata), A::Contact(x), A::Contact(y)) => {
            same_id(id, x)?;
            same_contact(ids, x, y, *metadata)
        }
        (Call::Update(id, _) | Call::Replace(id, _), A::Contact(x), A::Contact(y)) => {
            same_id(id, x)?;
            same_contact(ids, x, y, false)
        }
        (Call::Create(_), A::Contacts(x), A::Contacts(y)) => same_contacts(ids, x, y),
        (Call::DeleteMatching(_), A::Contacts(x), A::Contacts(y)) => same_deleted(ids, x, y),
        (_, A::Numbers(x), A::Numbers(y)) => (all_digits(x) == all_digits(y))
            .then_some(())
            .ok_or_else(mismatch),
        (_, A::Book(x), A::Book(y)) => (x.name == y.name).then_some(()).ok_or_else(mismatch),
        (_, A::Books(x), A::Books(y)) => same_books(ids, x, y),
        (_, x, y) => (x == y).then_some(()).ok_or_else(mismatch),
    }
}

fn same_id(id: &contacts_core::ContactId, x: &Contact) -> Result<(), String> {
    if &x.id == id {
        Ok(())
    } else {
        Err(format!("the answer for {id} carries id {}", x.id))
    }
}

/// The books the sequence made are listed, with their names, on both; the provider lists no
/// book it did not have before or make.
fn same_books(
    ids: &Ids,
    a: &[contacts_core::optional::AddressBookInfo],
    b: &[contacts_core::optional::AddressBookInfo],
) -> Result<(), String> {
    for (pid, mid) in &ids.books {
        let mine = a.iter().find(|x| &x.id == pid).map(|x| &x.name);
        let theirs = b.iter().find(|x| &x.id == mid).map(|x| &x.name);
        if mine != theirs {
            return Err(format!(
                "book {pid} is listed as {mine:?}, the model's as {theirs:?}"
            ));
        }
    }
    let known = |id| ids.initial_books.contains(id) || ids.books.iter().any(|(p, _)| p == id);
    match a.iter().find(|x| !known(&x.id)) {
        Some(stray) => Err(format!(
            "lists book {} ({:?}), which was neither there nor made",
            stray.id, stray.name
        )),
        None => Ok(()),
    }
}

/// Characters a provider may be unable to store, and so refuse with `InvalidInput` where the
/// model stores them: controls, line and paragraph separators, noncharacters.
fn hard_to_store(text: &str) -> bool {
    text.chars().any(|c| {
        c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || (c as u32 & 0xfffe) == 0xfffe
    })
}

/// Whether the provider's refusal of `call` where the model wrote is the contract's
/// freedom: "a provider that cannot store a character rejects the write with `InvalidInput`,
/// never mangles it".
///
/// So is refusing a book name with white space at its ends, and a write that names an
/// address book (`InvalidInput`, `Unsupported` or
/// `PermissionDenied`): a provider scoped to one book may refuse others, as
/// `address_books_declared` allows.
pub(crate) fn permitted_refusal(call: &Call, a: &Result<Answer, Error>) -> bool {
    let names_a_book = match call {
        Call::Create(docs) => docs.iter().any(|d| d.address_book.is_some()),
        Call::Replace(_, doc) => doc.address_book.is_some(),
        _ => false,
    };
    if names_a_book
        && matches!(
            a,
            Err(Error::InvalidInput { .. }
                | Error::Unsupported { .. }
                | Error::PermissionDenied { .. })
        )
    {
        return true;
    }
    if !matches!(a, Err(Error::InvalidInput { .. })) {
        return false;
    }
    // A name with white space at its ends: some stores trim it, and may refuse it instead.
    if let Call::Plain(Plain::CreateBook(name)) | Call::RenameBook(_, name) = call {
        return name.trim() != name;
    }
    let doc_hard = |d: &contacts_core::NewContact| {
        d.properties.iter().any(|(_, v)| hard_to_store(v)) || d.labels.iter().any(hard_to_store)
    };
    match call {
        Call::Create(docs) => docs.iter().any(doc_hard),
        Call::Replace(_, doc) => doc_hard(doc),
        Call::Update(_, patch) => {
            patch
                .properties
                .values()
                .flatten()
                .any(|v| hard_to_store(v))
                || patch.add_labels.iter().any(hard_to_store)
        }
        _ => false,
    }
}
