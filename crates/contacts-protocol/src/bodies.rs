//! The JSON bodies of requests and answers that are not model types themselves. Model types
//! (`Contact`, `NewContact`, `ContactPatch`, `ContactQuery`, `Page`, `Capabilities`,
//! `DeleteTarget`, the optional capabilities' types) travel as their own JSON.
//!
//! Every body refuses unknown members (`deny_unknown_fields`): a misspelt member is an
//! `invalidInput` naming it, never ignored.

use crate::Problem;
use contacts_core::{
    AddressBookId, Contact, ContactId, ContactQuery, DeleteTarget, NewContact, PageToken,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `POST /v1/contact-queries`: one page of the contacts matching `query`. Send no `pageToken`
/// for the first page, then each answer's `next` with the same query until it is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListRequest {
    /// Filter, order, page size and whether to include metadata.
    #[serde(default)]
    pub query: ContactQuery,
    /// The previous page's `next`; absent for the first page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_token: Option<PageToken>,
}

/// `POST /v1/contacts`: a batch of contacts to create.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateRequest {
    /// The contacts, at least one and at most the provider's `maxBatchSize`.
    #[schemars(length(min = 1))]
    pub contacts: Vec<NewContact>,
}

/// The answer to `POST /v1/contacts` once the batch was attempted: one outcome per input
/// item, in input order. Status 201 when every item was created, 207 when some failed (then
/// a failed item carries its problem; the created ones are stored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateResults {
    /// One outcome per input item, in input order.
    pub results: Vec<ItemOutcome>,
}

/// What became of one item of a batch.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ItemOutcome {
    /// The item's index in the request.
    pub index: usize,
    /// The stored contact, with its id, if the item was created.
    pub contact: Option<Contact>,
    /// Why the item was not created, if it was not.
    pub problem: Option<Problem>,
}

/// `POST /v1/contact-deletions`: what a mass delete removes. `{"target":"everyContact"}`
/// wipes the store; a filter must not be empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteRequest {
    /// The contacts to delete.
    pub target: DeleteTarget,
}

/// A list of contacts: the answer to a mass delete (the contacts deleted).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContactList {
    /// The contacts.
    pub contacts: Vec<Contact>,
}

/// `POST /v1/books` and `PATCH /v1/books/{book}`: a book's (new) name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BookName {
    /// The name.
    pub name: String,
}

/// `POST /v1/contacts/{id}/move`: the book to move the contact to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MoveRequest {
    /// The target book's id.
    pub book: AddressBookId,
}

/// `POST /v1/labels/{label}/add` and `/remove`: the contacts to label or unlabel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContactIds {
    /// The contacts' ids.
    pub ids: Vec<ContactId>,
}

/// `GET /v1/blocklist`: the blocked numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NumberList {
    /// The numbers, as the provider keeps them.
    pub numbers: Vec<String>,
}

/// `GET /v1/blocklist/{number}`: whether the number is blocked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BlockStatus {
    /// `true` when the number is on the blocklist.
    pub blocked: bool,
}

/// `POST /v1/imports`: contacts for a background import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportRequest {
    /// The contacts to import, at least one.
    #[schemars(length(min = 1))]
    pub contacts: Vec<NewContact>,
}

/// `GET /v1/changes/current`: the token to read changes from, taken before a full read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CurrentToken {
    /// The store's current change token.
    pub token: contacts_core::optional::ChangeToken,
}
