//! An operation with concrete ids, run the same way on the provider and on the model.

use contacts_core::optional::{AccountSummary, AddressBookInfo, LabelCount};
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
    DeleteLabel(String),
    LabelCounts,
    Summary,
    Block(String),
    Unblock(String),
    CheckBlocked(String),
    ListBlocked,
    CreateBook(String),
    RenameBook(AddressBookId, String),
    DeleteBook(AddressBookId),
    ListBooks,
    Move(ContactId, AddressBookId),
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

async fn exec_optional(p: &dyn ContactProvider, call: &Call) -> Result<Answer> {
    use Answer as A;
    let labels = || {
        p.label_admin()
            .ok_or_else(|| missing(p, "label administration"))
    };
    let blocked = || p.blocklist().ok_or_else(|| missing(p, "a blocklist"));
    let books = || p.address_books().ok_or_else(|| missing(p, "address books"));
    match call {
        Call::AddLabel(l, ids) => labels()?.add_label(l, ids).await.map(|()| A::Done),
        Call::RemoveLabel(l, ids) => labels()?.remove_label(l, ids).await.map(|()| A::Done),
        Call::DeleteLabel(l) => labels()?.delete_label(l).await.map(|()| A::Done),
        Call::LabelCounts => labels()?.label_counts().await.map(A::Counts),
        Call::Summary => {
            let summary = p.account_summary().ok_or_else(|| missing(p, "a summary"))?;
            summary.summarize().await.map(A::Summary)
        }
        Call::Block(n) => blocked()?.block_number(n).await.map(|()| A::Done),
        Call::Unblock(n) => blocked()?.unblock_number(n).await.map(|()| A::Done),
        Call::CheckBlocked(n) => blocked()?.check_number(n).await.map(A::Blocked),
        Call::ListBlocked => blocked()?.list_blocked().await.map(A::Numbers),
        Call::CreateBook(n) => books()?.create_book(n).await.map(A::Book),
        Call::RenameBook(id, n) => books()?.rename_book(id, n).await.map(A::Book),
        Call::DeleteBook(id) => books()?.delete_book(id).await.map(|()| A::Done),
        Call::ListBooks => books()?.list_books().await.map(A::Books),
        Call::Move(id, to) => books()?.move_contact(id, to).await.map(|()| A::Done),
        _ => unreachable_call(call),
    }
}

/// The core calls are answered by [`exec`]; this keeps the match total without a panic.
fn unreachable_call(call: &Call) -> Result<Answer> {
    Err(Error::invalid(
        "call",
        format!("{call:?} is not an optional capability's call"),
    ))
}
