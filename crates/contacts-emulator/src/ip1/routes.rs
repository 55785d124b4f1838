//! The iP1 v2 endpoints.

use super::problem::{invalid_field, problem, unauthorized};
use super::query::Params;
use super::store::{SYSTEM_LABEL, Store, StoredContact};
use crate::server::{has_bearer, json_answer, read_body};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// Most contacts one `sync` import takes. The document recommends `sync` "only for small
/// collections of contacts (less than 1000)"; the emulator refuses more.
pub const MAX_SYNC_IMPORT: usize = 1000;

/// Shared state of the iP1 routes.
#[derive(Clone)]
pub struct Ip1State {
    pub(crate) store: Arc<Mutex<Store>>,
    pub(crate) key: Arc<str>,
    pub(crate) import_delay: Duration,
    pub(crate) deviations: Arc<[super::Ip1Deviation]>,
}

impl Ip1State {
    fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn deviates(&self, deviation: super::Ip1Deviation) -> bool {
        self.deviations.contains(&deviation)
    }
}

/// The `/v2` router.
pub fn router(state: Ip1State) -> Router {
    let unmatched_is_404 = state.deviates(super::Ip1Deviation::UnmatchedMethodNotFound);
    // The document prints `POST /v2/contacts/{contactId}` for a delete; the vendor's sample
    // sends DELETE. Both delete, unless the deviation leaves DELETE without an operation.
    let mut one_contact = get(read).patch(patch).put(replace).post(remove);
    if !unmatched_is_404 {
        one_contact = one_contact.delete(remove);
    }
    let api = Router::new()
        .route("/contacts", get(list).post(create).delete(mass_delete))
        .route("/contacts/meta", get(summary))
        .route("/contacts/{id}", one_contact)
        .route("/labels/{label}/contacts", post(label_contacts))
        .route("/labels/{label}", delete(delete_label))
        .route("/blacklist", get(blacklist).post(block))
        .route(
            "/blacklist/{msisdn}",
            get(blacklist_entry).put(block_path).delete(unblock),
        )
        .fallback(|| async { problem(404, "No such endpoint.", "", None) })
        // axum answers a wrong method with an empty 405; iP1 answers errors as problem details.
        .method_not_allowed_fallback(move || async move {
            if unmatched_is_404 {
                resource_not_found()
            } else {
                problem(
                    405,
                    "The method is not allowed for the requested URL.",
                    "",
                    None,
                )
            }
        })
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth))
        .with_state(state);
    Router::new().nest("/v2", api)
}

async fn auth(State(state): State<Ip1State>, request: Request, next: Next) -> Response {
    if !has_bearer(&request, &state.key) {
        return unauthorized();
    }
    next.run(request).await
}

/// What an API gateway answers for a method it has no operation for (the
/// `UnmatchedMethodNotFound` deviation): 404 in the gateway's own shape.
fn resource_not_found() -> Response {
    json_answer(
        StatusCode::NOT_FOUND,
        &json!({"statusCode": 404, "message": "Resource not found"}),
        "application/json",
    )
}

fn json_response(status: StatusCode, body: impl Serialize) -> Response {
    json_answer(status, &body, "application/json; charset=utf-8")
}

async fn json_body(body: Body, instance: &str) -> Result<Value, Response> {
    let bytes = read_body(body)
        .await
        .map_err(|()| problem(413, "The request body is too large.", instance, None))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        problem(
            400,
            &format!("The request body is not valid JSON: {e}"),
            instance,
            None,
        )
    })
}

fn bad_params(instance: &str, why: &str) -> Response {
    problem(
        400,
        &format!("Pagination or path parameters invalid: {why}"),
        instance,
        None,
    )
}

fn not_found(id: &str) -> Response {
    problem(
        404,
        &format!("Contact {id} was not found."),
        &format!("/v2/contacts/{id}"),
        None,
    )
}

/// Reads `properties` (strings; `""` stores nothing) and `labels` of a written document.
/// `nulls` allows `null` values (PATCH), returned as removals.
type Written = (BTreeMap<String, Option<String>>, Option<BTreeSet<String>>);

fn read_doc(
    doc: &Value,
    prefix: &str,
    nulls: bool,
    require_props: bool,
    instance: &str,
) -> Result<Written, Response> {
    let Some(obj) = doc.as_object() else {
        return Err(invalid_field(
            prefix.trim_end_matches('.'),
            "A contact must be a JSON object.",
            instance,
        ));
    };
    let props = read_properties(
        obj.get("properties"),
        prefix,
        nulls,
        require_props,
        instance,
    )?;
    let labels = read_labels(obj.get("labels"), prefix, instance)?;
    Ok((props, labels))
}

/// The `properties` of a written document: key → value, `None` for a removal (`""`, or
/// `null` where `nulls` allows it).
fn read_properties(
    value: Option<&Value>,
    prefix: &str,
    nulls: bool,
    required: bool,
    instance: &str,
) -> Result<BTreeMap<String, Option<String>>, Response> {
    let map = match value {
        Some(Value::Object(map)) => map,
        None | Some(Value::Null) if !required => return Ok(BTreeMap::new()),
        _ => {
            return Err(invalid_field(
                &format!("{prefix}properties"),
                "The properties field is required and must be an object.",
                instance,
            ));
        }
    };
    let mut props = BTreeMap::new();
    for (key, value) in map {
        let field = format!("{prefix}properties.{key}");
        if key.is_empty() {
            return Err(invalid_field(
                &field,
                "Property names must not be empty.",
                instance,
            ));
        }
        let value = match value {
            Value::String(s) if s.is_empty() => None,
            Value::String(s) => Some(s.clone()),
            Value::Null if nulls => None,
            _ => {
                return Err(invalid_field(
                    &field,
                    "The value must be a string.",
                    instance,
                ));
            }
        };
        props.insert(key.clone(), value);
    }
    Ok(props)
}

/// The `labels` of a written document, without the system label; `None` when absent.
fn read_labels(
    value: Option<&Value>,
    prefix: &str,
    instance: &str,
) -> Result<Option<BTreeSet<String>>, Response> {
    let items = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Array(items)) => items,
        Some(_) => {
            return Err(invalid_field(
                &format!("{prefix}labels"),
                "Labels must be an array of strings.",
                instance,
            ));
        }
    };
    let mut labels = BTreeSet::new();
    for (i, item) in items.iter().enumerate() {
        let refuse = |reason| invalid_field(&format!("{prefix}labels[{i}]"), reason, instance);
        match item.as_str() {
            Some(SYSTEM_LABEL) => {}
            Some("") => return Err(refuse("Labels must not be empty.")),
            Some(label) => {
                labels.insert(label.to_owned());
            }
            None => return Err(refuse("Labels must be strings.")),
        }
    }
    Ok(Some(labels))
}

fn set_only(props: BTreeMap<String, Option<String>>) -> BTreeMap<String, String> {
    props
        .into_iter()
        .filter_map(|(k, v)| Some((k, v?)))
        .collect()
}

/// The `Link` header of a page; `keep_filters: false` writes only `start`, `limit` and
/// `order`, as the vendor's only example does (the `LinksDropFilters` deviation).
fn link_header(
    headers: &HeaderMap,
    params: &Params,
    total: usize,
    keep_filters: bool,
) -> Option<HeaderValue> {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let order = match params.order {
        super::query::Order::Asc => "ASC",
        super::query::Order::Desc => "DESC",
    };
    let link = |start: usize, rel: &str| {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        if keep_filters {
            for (k, v) in &params.kept {
                query.append_pair(k, v);
            }
        }
        query.append_pair("start", &start.to_string());
        query.append_pair("limit", &params.limit.to_string());
        query.append_pair("order", order);
        format!(
            "<http://{host}/v2/contacts?{}>; rel=\"{rel}\"",
            query.finish()
        )
    };
    let limit = params.limit;
    let last = if total == 0 {
        0
    } else {
        (total - 1) / limit * limit
    };
    let mut links = vec![link(params.start, "self"), link(0, "first")];
    if params.start > 0 {
        links.push(link(params.start.saturating_sub(limit), "prev"));
    }
    if params.start + limit < total {
        links.push(link(params.start + limit, "next"));
    }
    links.push(link(last, "last"));
    HeaderValue::from_str(&links.join(", ")).ok()
}

async fn list(
    State(state): State<Ip1State>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let mut params = match Params::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(why) => return bad_params("/v2/contacts", &why),
    };
    if state.deviates(super::Ip1Deviation::IgnoresDescendingOrder) {
        params.order = super::query::Order::Asc;
    }
    let (body, total) = {
        let store = state.store();
        let page: Vec<_> = store
            .matching(&params)
            .skip(params.start)
            .take(params.limit)
            .map(|c| store.render(c, params.meta))
            .collect();
        let page = json_response(StatusCode::OK, page);
        // Without filters the total is known without walking the account.
        let total = if params.labels.is_empty()
            && params.properties.is_empty()
            && params.metadata.is_empty()
        {
            store.len()
        } else {
            store.matching(&params).count()
        };
        (page, total)
    };
    let mut response = body;
    let keep_filters = !state.deviates(super::Ip1Deviation::LinksDropFilters);
    if let Some(link) = link_header(&headers, &params, total, keep_filters) {
        response.headers_mut().insert(header::LINK, link);
    }
    response
}

/// Parsed documents of a `POST /contacts` body: properties set and labels.
type NewDocs = Vec<(BTreeMap<String, String>, BTreeSet<String>)>;

/// The documents of a `POST /contacts` body, which the document describes as an array and the
/// vendor's own C# sample sends as one object: both are taken. `Ok((docs, single))`.
fn read_new_docs(doc: &Value, instance: &str) -> Result<(NewDocs, bool), Response> {
    let (items, single) = match doc {
        Value::Array(items) => (items.as_slice(), false),
        Value::Object(_) => (std::slice::from_ref(doc), true),
        _ => {
            return Err(problem(
                400,
                "The request body must be a contact or an array of contacts.",
                instance,
                None,
            ));
        }
    };
    let mut parsed = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let prefix = if single {
            String::new()
        } else {
            format!("[{i}].")
        };
        let (props, labels) = read_doc(item, &prefix, false, true, instance)?;
        parsed.push((set_only(props), labels.unwrap_or_default()));
    }
    Ok((parsed, single))
}

async fn create(State(state): State<Ip1State>, RawQuery(raw): RawQuery, body: Body) -> Response {
    let instance = "/v2/contacts";
    let params = match Params::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(why) => return bad_params(instance, &why),
    };
    let parsed = match json_body(body, instance).await {
        Ok(doc) => read_new_docs(&doc, instance),
        Err(r) => Err(r),
    };
    let (parsed, single) = match parsed {
        Ok(parsed) => parsed,
        Err(r) => return r,
    };
    if !params.sync {
        import_later(&state, parsed);
        return StatusCode::ACCEPTED.into_response();
    }
    if parsed.len() > MAX_SYNC_IMPORT {
        return problem(
            400,
            &format!(
                "At most {MAX_SYNC_IMPORT} contacts can be imported with sync; {} were sent.",
                parsed.len()
            ),
            instance,
            None,
        );
    }
    let mut store = state.store();
    let mut created: Vec<Value> = parsed
        .into_iter()
        .map(|(props, labels)| {
            let c = store.insert(props, labels);
            store.render_value(&c, false)
        })
        .collect();
    // Answered in kind: an object for an object, an array for an array.
    let body = match (single, created.pop()) {
        (true, Some(one)) => one,
        (_, last) => {
            created.extend(last);
            Value::Array(created)
        }
    };
    json_response(StatusCode::OK, body)
}

/// Stores `parsed` after the configured import delay, as the background (202) import does.
fn import_later(state: &Ip1State, parsed: NewDocs) {
    let store = Arc::clone(&state.store);
    let delay = state.import_delay;
    tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        let mut store = store.lock().unwrap_or_else(|p| p.into_inner());
        for (props, labels) in parsed {
            store.insert(props, labels);
        }
    });
}

async fn mass_delete(State(state): State<Ip1State>, RawQuery(raw): RawQuery) -> Response {
    let mut params = match Params::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(why) => return bad_params("/v2/contacts", &why),
    };
    params.order = super::query::Order::Asc;
    let mut store = state.store();
    let ids: Vec<String> = store.matching(&params).map(|c| c.id.clone()).collect();
    let removed: Vec<_> = ids.iter().filter_map(|id| store.remove(id)).collect();
    let deleted: Vec<Value> = removed
        .iter()
        .map(|c| store.render_value(c, false))
        .collect();
    json_response(StatusCode::OK, Value::Array(deleted))
}

async fn summary(State(state): State<Ip1State>) -> Response {
    let store = state.store();
    let mut labels: BTreeMap<&str, u64> = BTreeMap::new();
    let mut props: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for c in store.all() {
        for l in &c.labels {
            *labels.entry(l).or_default() += 1;
        }
        for (k, v) in &c.properties {
            props.entry(k).or_default().push(v.chars().count());
        }
    }
    let mut label_list = vec![json!({"labelName": SYSTEM_LABEL, "usageCount": store.len()})];
    label_list.extend(
        labels
            .iter()
            .map(|(l, n)| json!({"labelName": l, "usageCount": n})),
    );
    let prop_list: Vec<Value> = props
        .iter()
        .map(|(name, lengths)| {
            let sum: usize = lengths.iter().sum();
            json!({
                "propertyName": name,
                "usageCount": lengths.len(),
                "averageLength": sum / lengths.len().max(1),
                "maxLength": lengths.iter().max().copied().unwrap_or(0),
                "minLength": lengths.iter().min().copied().unwrap_or(0),
            })
        })
        .collect();
    json_response(
        StatusCode::OK,
        json!({"totalCount": store.len(), "labels": label_list, "properties": prop_list}),
    )
}

async fn read(
    State(state): State<Ip1State>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let meta = match Params::parse(raw.as_deref()) {
        Ok(p) => p.meta,
        Err(why) => return bad_params(&format!("/v2/contacts/{id}"), &why),
    };
    let store = state.store();
    match store.get(&id) {
        Some(c) => json_response(StatusCode::OK, store.render(c, meta)),
        None => not_found(&id),
    }
}

/// A write to `/contacts/{id}`: reads the body as a patch (values may be `null`, properties
/// optional) or a whole document (properties required), applies it to the stored contact and
/// answers with the contact afterwards.
async fn write_contact(
    state: Ip1State,
    id: String,
    body: Body,
    patch: bool,
    apply: impl FnOnce(&mut StoredContact, Written),
) -> Response {
    let instance = format!("/v2/contacts/{id}");
    let written = match json_body(body, &instance).await {
        Ok(doc) => read_doc(&doc, "", patch, !patch, &instance),
        Err(r) => Err(r),
    };
    let written = match written {
        Ok(parts) => parts,
        Err(r) => return r,
    };
    let mut store = state.store();
    let Some(contact) = store.get_mut(&id) else {
        return not_found(&id);
    };
    apply(contact, written);
    let contact = contact.clone();
    json_response(StatusCode::OK, store.render(&contact, false))
}

async fn patch(State(state): State<Ip1State>, Path(id): Path<String>, body: Body) -> Response {
    write_contact(state, id, body, true, |contact, (props, labels)| {
        for (key, value) in props {
            match value {
                Some(v) => contact.properties.insert(key, v),
                None => contact.properties.remove(&key),
            };
        }
        if let Some(labels) = labels {
            contact.labels = labels;
        }
    })
    .await
}

async fn replace(State(state): State<Ip1State>, Path(id): Path<String>, body: Body) -> Response {
    write_contact(state, id, body, false, |contact, (props, labels)| {
        contact.properties = set_only(props);
        contact.labels = labels.unwrap_or_default();
    })
    .await
}

async fn remove(State(state): State<Ip1State>, Path(id): Path<String>) -> Response {
    let mut store = state.store();
    match store.remove(&id) {
        Some(c) => json_response(StatusCode::OK, store.render(&c, false)),
        None => not_found(&id),
    }
}

async fn label_contacts(
    State(state): State<Ip1State>,
    Path(label): Path<String>,
    body: Body,
) -> Response {
    let instance = format!("/v2/labels/{label}/contacts");
    let doc = match json_body(body, &instance).await {
        Ok(doc) => doc,
        Err(r) => return r,
    };
    let Some(ids) = doc
        .as_array()
        .and_then(|a| a.iter().map(Value::as_str).collect::<Option<Vec<_>>>())
    else {
        return problem(
            400,
            "The request body must be an array of contact ids.",
            &instance,
            None,
        );
    };
    let mut store = state.store();
    if label != SYSTEM_LABEL {
        for id in ids {
            if let Some(c) = store.get_mut(id) {
                c.labels.insert(label.clone());
            }
        }
    }
    let count = if label == SYSTEM_LABEL {
        store.len()
    } else {
        store.all().filter(|c| c.labels.contains(&label)).count()
    };
    json_response(
        StatusCode::OK,
        json!({"labelName": label, "usageCount": count}),
    )
}

async fn delete_label(State(state): State<Ip1State>, Path(label): Path<String>) -> Response {
    let mut store = state.store();
    let ids: Vec<String> = store
        .all()
        .filter(|c| c.labels.contains(&label))
        .map(|c| c.id.clone())
        .collect();
    for id in &ids {
        if let Some(c) = store.get_mut(id) {
            c.labels.remove(&label);
        }
    }
    json_response(
        StatusCode::OK,
        json!({"labelName": label, "usageCount": ids.len()}),
    )
}

/// The digits of an MSISDN as the blacklist takes it: "The added entry in MSISDN format"
/// (ip1sms.com/en/developer/blacklist), i.e. digits without `+`; *assumed*: a leading `+` is
/// tolerated, and 1–15 digits (the vendor refuses SMS recipients "longer than 15 characters"
/// or with "non digit characters", ip1sms.com/en/developer/sending-sms).
fn msisdn(raw: &str) -> Option<String> {
    let digits = raw.strip_prefix('+').unwrap_or(raw);
    let plausible = (1..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    plausible.then(|| digits.to_owned())
}

/// An entry as the vendor documents it: `{"msisdn": "46703541190", "created":
/// "2019-11-01T16:32:18.253"}`.
fn entry(digits: &str, created: &str) -> Value {
    json!({"msisdn": digits, "created": created})
}

/// Adds `digits` (keeping the first `created` of a number already listed) and answers its
/// entry with 200 (*assumed*: the page gives the entry's shape, not the status).
fn add_entry(state: &Ip1State, digits: &str) -> Response {
    let mut store = state.store();
    let created = store
        .blacklist
        .entry(digits.to_owned())
        .or_insert_with(super::clock::local_timestamp)
        .clone();
    json_response(StatusCode::OK, entry(digits, &created))
}

async fn blacklist(State(state): State<Ip1State>) -> Response {
    let store = state.store();
    let entries: Vec<Value> = store
        .blacklist
        .iter()
        .map(|(digits, created)| entry(digits, created))
        .collect();
    json_response(StatusCode::OK, Value::Array(entries))
}

/// `POST /v2/blacklist`: the body is undocumented; *assumed* to be an entry as the page shows
/// it, of which `msisdn` is read.
async fn block(State(state): State<Ip1State>, body: Body) -> Response {
    let instance = "/v2/blacklist";
    let doc = match json_body(body, instance).await {
        Ok(doc) => doc,
        Err(r) => return r,
    };
    let Some(number) = doc.get("msisdn").and_then(Value::as_str).and_then(msisdn) else {
        return invalid_field(
            "msisdn",
            "An MSISDN is required: the number's digits in international format, e.g. 46703541190.",
            instance,
        );
    };
    add_entry(&state, &number)
}

async fn blacklist_entry(State(state): State<Ip1State>, Path(number): Path<String>) -> Response {
    on_blacklist(&state, &number, |list, digits| list.get(digits).cloned())
}

/// Answers with the entry of `number` when `listed` finds it on the blacklist (and, for an
/// unblock, takes it off); 404 when it is not there.
fn on_blacklist(
    state: &Ip1State,
    number: &str,
    listed: impl FnOnce(&mut BTreeMap<String, String>, &str) -> Option<String>,
) -> Response {
    let instance = format!("/v2/blacklist/{number}");
    let Some(digits) = msisdn(number) else {
        return bad_params(&instance, "not an MSISDN");
    };
    let found = listed(&mut state.store().blacklist, &digits);
    match found {
        Some(created) => json_response(StatusCode::OK, entry(&digits, &created)),
        None => problem(
            404,
            &format!("{number} is not blacklisted."),
            &instance,
            None,
        ),
    }
}

/// `PUT /v2/blacklist/{msisdn}`: "Add or update an entry"; the vendor's sample sends no body.
async fn block_path(State(state): State<Ip1State>, Path(number): Path<String>) -> Response {
    let Some(digits) = msisdn(&number) else {
        return bad_params(&format!("/v2/blacklist/{number}"), "not an MSISDN");
    };
    add_entry(&state, &digits)
}

async fn unblock(State(state): State<Ip1State>, Path(number): Path<String>) -> Response {
    on_blacklist(&state, &number, |list, digits| list.remove(digits))
}
