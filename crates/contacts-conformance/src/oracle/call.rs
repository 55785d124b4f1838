//! An operation with concrete ids, run the same way on the provider and on the model.

use contacts_core::optional::{
    AccountSummary, AddressBookAdmin, AddressBookInfo, LabelAdmin, LabelCount,
};
use contacts_core::{
    AddressBookId, Contact, ContactId, ContactPatch, ContactProvider, DeleteTarget, Error,
    GetOptions, NewContact, Result,
};

/// A call of one trait or optional-capability method, with the ids of one side.
#[derive(Debug, Clone)]
pub(crate) enum Call {
    Create(Vec<NewContact>),
    Update(ContactId, ContactPatch),
    Replace(ContactId, NewContact),
    Delete(ContactId),
    Get(ContactId, bool),
    DeleteMatching(DeleteTarget),
    AddLabel(String, Vec<ContactId>),
    RemoveLabel(String, Vec<ContactId>),
    RenameBook(AddressBookId, String),
    DeleteBook(AddressBookId),
    Move(ContactId, AddressBookId),
    Plain(Plain),
}

/// An optional-capability call that names no contact and no book, so the provider and the
/// model get the very same one: a sequence's step ([`super::ops::Op::Plain`]) is also its call.
#[derive(Debug, Clone)]
pub(crate) enum Plain {
    DeleteLabel(String),
    LabelCounts,
    Summary,
    Block(String),
    Unblock(String),
    CheckBlocked(String),
    ListBlocked,
    CreateBook(String),
    ListBooks,
}

/// What a call answered.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Answer {
    Contact(Contact),
    Contacts(Vec<Contact>),
    Done,
    Blocked(bool),
    Counts(Vec<LabelCount>),
    Summary(AccountSummary),
    Numbers(Vec<String>),
    Book(AddressBookInfo),
    Books(Vec<AddressBookInfo>),
}

fn missing(p: &dyn ContactProvider, what: &str) -> Error {
    Error::unsupported(p.name(), what)
}

/// Runs `call` on `p`.
pub(crate) async fn exec(p: &dyn ContactProvider, call: &Call) -> Result<Answer> {
    use Answer as A;
    match call {
        Call::Create(docs) => p.create(docs).await.map(A::Contacts),
        Call::Update(id, patch) => p.update(id, patch).await.map(A::Contact),
        Call::Replace(id, doc) => p.replace(id, doc).await.map(A::Contact),
        Call::Delete(id) => p.delete(id).await.map(|()| A::Done),
        Call::Get(id, metadata) => {
            let options = if *metadata {
                GetOptions::with_metadata()
            } else {
                GetOptions::default()
            };
            p.get(id, &options).await.map(A::Contact)
        }
        Call::DeleteMatching(target) => p.delete_matching(target).await.map(A::Contacts),
        _ => exec_optional(p, call).await,
    }
}

fn labels(p: &dyn ContactProvider) -> Result<&dyn LabelAdmin> {
    p.label_admin()
        .ok_or_else(|| missing(p, "label administration"))
}

fn books(p: &dyn ContactProvider) -> Result<&dyn AddressBookAdmin> {
    p.address_books().ok_or_else(|| missing(p, "address books"))
}

async fn exec_optional(p: &dyn ContactProvider, call: &Call) -> Result<Answer> {
    use Answer as A;
    match call {
        Call::AddLabel(l, ids) => labels(p)?.add_label(l, ids).await.map(|()| A::Done),
        Call::RemoveLabel(l, ids) => labels(p)?.remove_label(l, ids).await.map(|()| A::Done),
        Call::RenameBook(id, n) => books(p)?.rename_book(id, n).await.map(A::Book),
        Call::DeleteBook(id) => books(p)?.delete_book(id).await.map(|()| A::Done),
        Call::Move(id, to) => books(p)?.move_contact(id, to).await.map(|()| A::Done),
        Call::Plain(plain) => exec_plain(p, plain).await,
        _ => unreachable_call(call),
    }
}

async fn exec_plain(p: &dyn ContactProvider, call: &Plain) -> Result<Answer> {
    use Answer as A;
    let blocked = || p.blocklist().ok_or_else(|| missing(p, "a blocklist"));
    match call {
        Plain::DeleteLabel(l) => labels(p)?.delete_label(l).await.map(|()| A::Done),
        Plain::LabelCounts => labels(p)?.label_counts().await.map(A::Counts),
        Plain::Summary => {
            let summary = p.account_summary().ok_or_else(|| missing(p, "a summary"))?;
            summary.summarize().await.map(A::Summary)
        }
        Plain::Block(n) => blocked()?.block_number(n).await.map(|()| A::Done),
        Plain::Unblock(n) => blocked()?.unblock_number(n).await.map(|()| A::Done),
        Plain::CheckBlocked(n) => blocked()?.check_number(n).await.map(A::Blocked),
        Plain::ListBlocked => blocked()?.list_blocked().await.map(A::Numbers),
        Plain::CreateBook(n) => books(p)?.create_book(n).await.map(A::Book),
        Plain::ListBooks => books(p)?.list_books().await.map(A::Books),
    }
}

/// The core calls are answered by [`exec`]; this keeps the match total without a panic.
fn unreachable_call(call: &Call) -> Result<Answer> {
    Err(Error::invalid(
        "call",
        format!("{call:?} is not an optional capability's call"),
    ))
}
