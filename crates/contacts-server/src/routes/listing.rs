//! Listing one page of a query, and deleting by filter (or every contact, explicitly).

use crate::extract::JsonBody;
use axum::Json;
use contacts_core::Page;
use contacts_protocol::bodies::{ContactList, DeleteRequest, ListRequest};

rows! { provider as provider;
    "listContacts" => fn list(request: JsonBody<ListRequest>) -> Json<Page> {
        Json(provider.list_page(&request.query, request.page_token).await?)
    }
    "deleteMatching" => fn delete_matching(request: JsonBody<DeleteRequest>) -> Json<ContactList> {
        Json(ContactList { contacts: provider.delete_matching(&request.target).await? })
    }
}
