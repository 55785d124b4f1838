//! The Atom endpoints: every call is a POST with a JSON body under `/api`.

use super::envelope::{error, success};
use super::store::{Abbreviated, AtomContact, Detail, FIELDS, Store};
use crate::ratelimit::Bucket;
use crate::server::{has_bearer, read_body};
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::post;
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::sync::{Arc, Mutex, MutexGuard};

/// Shared state of the Atom routes.
#[derive(Clone)]
pub struct AtomState {
    pub(crate) store: Arc<Mutex<Store>>,
    pub(crate) key: Arc<str>,
    pub(crate) bucket: Arc<Bucket>,
    /// The status of an answer about an id that names nothing: 404 by default, 500 with
    /// [`AddressBookDeviation::UnknownIdAnswered500`](super::AddressBookDeviation).
    pub(crate) unknown_id_status: u16,
}

impl AtomState {
    fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The answer about an unknown contact or book (`what`: "Contact", "Address book"):
    /// 404 `not_found`, or with the deviation the vendor's documented server error, 500
    /// `server_error`, whose message still says what was not found.
    fn unknown(&self, what: &str) -> Response {
        let message = format!("{what} not found.");
        match self.unknown_id_status {
            404 => error(404, "not_found", &message),
            status => error(status, "server_error", &message),
        }
    }
}

/// `contact/detail`'s result.
#[derive(Serialize)]
struct ContactResult<'a> {
    contact: Detail<'a>,
}

/// A book in `address-book/list`.
#[derive(Serialize)]
struct Book<'a> {
    id: u64,
    name: &'a str,
}

/// `address-book/detail`'s result (keys in `serde_json`'s sorted order).
#[derive(Serialize)]
struct BookDetail<'a> {
    contacts: Vec<Abbreviated<'a>>,
    id: u64,
    name: &'a str,
}

/// The `/api` router.
pub fn router(state: AtomState) -> Router {
    let api = Router::new()
        .route("/contact/new", post(contact_new))
        .route("/contact/detail", post(contact_detail))
        .route("/contact/edit", post(contact_edit))
        .route("/contact/delete", post(contact_delete))
        .route("/address-book/new", post(book_new))
        .route("/address-book/edit", post(book_edit))
        .route("/address-book/list", post(book_list))
        .route("/address-book/detail", post(book_detail))
        .route("/address-book/delete", post(book_delete))
        .fallback(|| async { error(404, "not_found", "Unknown endpoint.") })
        .method_not_allowed_fallback(|| async {
            error(405, "method_not_allowed", "Every call is a POST.")
        })
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            rate_limit,
        ))
        .with_state(state);
    Router::new().nest("/api", api)
}

async fn rate_limit(State(state): State<AtomState>, request: Request, next: Next) -> Response {
    match state.bucket.take() {
        Ok(()) => next.run(request).await,
        Err(wait) => {
            let secs = wait.as_secs_f64().ceil().max(1.0) as u64;
            let mut response = error(
                429,
                "rate_limited",
                "Rate limit exceeded: 10 requests per second.",
            );
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
            response
        }
    }
}

async fn auth(State(state): State<AtomState>, request: Request, next: Next) -> Response {
    if !has_bearer(&request, &state.key) {
        return error(403, "authentication_failed", "Authentication failed.");
    }
    next.run(request).await
}

async fn object(body: Body) -> Result<Map<String, Value>, Response> {
    let bytes = read_body(body)
        .await
        .map_err(|()| error(413, "payload_too_large", "The request body is too large."))?;
    parse_object(&bytes)
}

/// A body that may be empty: `address-book/list` takes "No parameters required." and the
/// vendor's example sends none (no `-d`, no `Content-Type`).
async fn object_or_nothing(body: Body) -> Result<Map<String, Value>, Response> {
    let bytes = read_body(body)
        .await
        .map_err(|()| error(413, "payload_too_large", "The request body is too large."))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    parse_object(&bytes)
}

fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, Response> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(error(
            400,
            "invalid_request",
            "The request body must be a JSON object.",
        )),
        Err(e) => Err(error(
            400,
            "invalid_json",
            &format!("The request body is not valid JSON: {e}"),
        )),
    }
}

/// An id given as an integer or a string of digits.
fn id(body: &Map<String, Value>, key: &str) -> Result<u64, Response> {
    let parsed = match body.get(key) {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        None | Some(Value::Null) => {
            return Err(error(
                400,
                "invalid_request",
                &format!("{key} is required."),
            ));
        }
        _ => None,
    };
    parsed.ok_or_else(|| {
        error(
            400,
            "invalid_request",
            &format!("{key} must be an integer."),
        )
    })
}

/// Reads the optional string fields; `""` or `null` means "clear".
fn fields(body: &Map<String, Value>) -> Result<Vec<(&'static str, Option<String>)>, Response> {
    let mut out = Vec::new();
    for field in FIELDS {
        match body.get(field) {
            None => {}
            Some(Value::Null) => out.push((field, None)),
            Some(Value::String(s)) if s.is_empty() => out.push((field, None)),
            Some(Value::String(s)) => out.push((field, Some(s.clone()))),
            Some(_) => {
                return Err(error(
                    400,
                    "invalid_request",
                    &format!("{field} must be a string."),
                ));
            }
        }
    }
    Ok(out)
}

macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(response) => return response,
        }
    };
}

async fn contact_new(State(state): State<AtomState>, body: Body) -> Response {
    let body = tri!(object(body).await);
    let group = tri!(id(&body, "group_id"));
    let given = tri!(fields(&body));
    let mut contact = AtomContact {
        group_id: group,
        fields: Default::default(),
    };
    for (field, value) in given {
        if let Some(v) = value {
            contact.fields.insert(field.to_owned(), v);
        }
    }
    if !contact.fields.contains_key("phone_number") {
        return error(400, "invalid_request", "phone_number is required.");
    }
    let mut store = state.store();
    if !store.books.contains_key(&group) {
        return state.unknown("Address book");
    }
    let id = store.new_contact(contact);
    success(json!({"id": id}))
}

async fn contact_detail(State(state): State<AtomState>, body: Body) -> Response {
    let body = tri!(object(body).await);
    let contact = tri!(id(&body, "id"));
    match state.store().detail(contact) {
        Some(detail) => success(ContactResult { contact: detail }),
        None => state.unknown("Contact"),
    }
}

async fn contact_edit(State(state): State<AtomState>, body: Body) -> Response {
    let body = tri!(object(body).await);
    let contact_id = tri!(id(&body, "id"));
    let given = tri!(fields(&body));
    let group = match body.get("group_id") {
        None | Some(Value::Null) => None,
        Some(_) => Some(tri!(id(&body, "group_id"))),
    };
    let mut store = state.store();
    if let Some(group) = group
        && !store.books.contains_key(&group)
    {
        return state.unknown("Address book");
    }
    let Some(contact) = store.contacts.get_mut(&contact_id) else {
        return state.unknown("Contact");
    };
    if given
        .iter()
        .any(|(f, v)| *f == "phone_number" && v.is_none())
    {
        return error(400, "invalid_request", "phone_number cannot be cleared.");
    }
    for (field, value) in given {
        match value {
            Some(v) => {
                contact.fields.insert(field.to_owned(), v);
            }
            None => {
                contact.fields.remove(field);
            }
        }
    }
    if let Some(group) = group {
        contact.group_id = group;
    }
    success(json!({"id": contact_id}))
}

async fn contact_delete(State(state): State<AtomState>, body: Body) -> Response {
    let body = tri!(object(body).await);
    let contact = tri!(id(&body, "id"));
    match state.store().contacts.remove(&contact) {
        Some(_) => success(json!({"id": contact})),
        None => state.unknown("Contact"),
    }
}

fn name(body: &Map<String, Value>) -> Result<String, Response> {
    match body.get("name") {
        Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        _ => Err(error(400, "invalid_request", "name is required.")),
    }
}

async fn book_new(State(state): State<AtomState>, body: Body) -> Response {
    let body = tri!(object(body).await);
    let name = tri!(name(&body));
    let id = state.store().new_book(&name);
    success(json!({"id": id, "name": name}))
}

async fn book_edit(State(state): State<AtomState>, body: Body) -> Response {
    let body = tri!(object(body).await);
    let book = tri!(id(&body, "id"));
    // "namestringoptional New name": an edit without one keeps the name.
    let name = match body.get("name") {
        None | Some(Value::Null) => None,
        Some(_) => Some(tri!(name(&body))),
    };
    let mut store = state.store();
    match store.books.get_mut(&book) {
        // The vendor's example answers with the id as a string here.
        Some(current) => {
            if let Some(name) = name {
                *current = name;
            }
            success(json!({"id": book.to_string(), "name": current}))
        }
        None => state.unknown("Address book"),
    }
}

async fn book_list(State(state): State<AtomState>, body: Body) -> Response {
    let _ = tri!(object_or_nothing(body).await);
    let store = state.store();
    let books: Vec<_> = store
        .books
        .iter()
        .map(|(&id, name)| Book { id, name })
        .collect();
    success(books)
}

async fn book_detail(State(state): State<AtomState>, body: Body) -> Response {
    let body = tri!(object(body).await);
    let book = tri!(id(&body, "id"));
    let store = state.store();
    let Some(name) = store.books.get(&book) else {
        return state.unknown("Address book");
    };
    let contacts: Vec<_> = store
        .contacts
        .iter()
        .filter(|(_, c)| c.group_id == book)
        .map(|(id, c)| store.abbreviated(*id, c))
        .collect();
    success(BookDetail {
        contacts,
        id: book,
        name,
    })
}

async fn book_delete(State(state): State<AtomState>, body: Body) -> Response {
    let body = tri!(object(body).await);
    let book = tri!(id(&body, "id"));
    let mut store = state.store();
    if store.books.remove(&book).is_none() {
        return state.unknown("Address book");
    }
    store.contacts.retain(|_, c| c.group_id != book);
    success(json!({"id": book}))
}
