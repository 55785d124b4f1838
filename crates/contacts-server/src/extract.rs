//! Extractors that refuse bad input with a problem a person can act on, instead of axum's
//! plain-text rejections: a JSON body ([`JsonBody`]: 415 without a JSON media type, 413 over
//! the size limit, 422 naming the JSON path at fault), one path parameter ([`Segment`]) and
//! the query ([`QueryParams`]).

use crate::problem_answer::ProblemAnswer;
use axum::body::Bytes;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

/// A request body parsed from JSON into `T`, with every failure a problem.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ProblemAnswer;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        check_media_type(req.headers())?;
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ProblemAnswer::invalid(
                    "body",
                    "the request body is larger than this server accepts",
                )
                .with_status(StatusCode::PAYLOAD_TOO_LARGE)
            } else {
                ProblemAnswer::invalid("body", rejection.body_text())
            }
        })?;
        parse(&bytes).map(JsonBody)
    }
}

/// Refuses a body that does not say it is JSON: `application/json` or any `application/*+json`.
fn check_media_type(headers: &HeaderMap) -> Result<(), ProblemAnswer> {
    let refuse = |reason: &str| {
        ProblemAnswer::invalid("Content-Type", reason)
            .with_status(StatusCode::UNSUPPORTED_MEDIA_TYPE)
    };
    let Some(value) = headers.get(CONTENT_TYPE) else {
        return Err(refuse(
            "the request has a body: send it as `Content-Type: application/json`",
        ));
    };
    let essence = value
        .to_str()
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let json = essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"));
    if json {
        Ok(())
    } else {
        Err(refuse(
            "the body must be JSON: send `Content-Type: application/json`",
        ))
    }
}

/// Parses JSON, naming the path of the member at fault (`contacts[0].labels`) in `field`.
/// A member the target type would ignore (a misspelt `lables` inside a contact) is refused
/// too: ignored, it would be data lost in silence.
pub(crate) fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ProblemAnswer> {
    let mut ignored: Option<String> = None;
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let mut note = |path: serde_ignored::Path<'_>| {
        if ignored.is_none() {
            ignored = Some(json_path(&path));
        }
    };
    let watched = serde_ignored::Deserializer::new(&mut deserializer, &mut note);
    let value = serde_path_to_error::deserialize(watched).map_err(|err| {
        let path = err.path().to_string();
        let field = if path == "." { "body".to_owned() } else { path };
        ProblemAnswer::invalid(field, err.inner().to_string())
    })?;
    deserializer
        .end()
        .map_err(|err| ProblemAnswer::invalid("body", err.to_string()))?;
    match ignored {
        Some(field) => Err(ProblemAnswer::invalid(
            field,
            "unknown member: this body has no such member (misspelt?)",
        )),
        None => Ok(value),
    }
}

/// An ignored member's path as serde_path_to_error writes paths: `contacts[0].lables`.
fn json_path(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}[{index}]", json_path(parent)),
        Path::Map { parent, key } => {
            let head = json_path(parent);
            if head.is_empty() {
                key.clone()
            } else {
                format!("{head}.{key}")
            }
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => json_path(parent),
    }
}

/// The one path parameter of a route (a contact id, a book id, a label, a number),
/// percent-decoded, as `T`: the id type the route's operation takes, or the text itself.
#[derive(Debug)]
pub struct Segment<T = String>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Segment<T> {
    type Rejection = ProblemAnswer;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(value) = from_head(parts, state, "path", PathRejection::body_text).await?;
        Ok(Segment(value))
    }
}

/// The query parameters, parsed into `T` (which refuses unknown ones).
#[derive(Debug)]
pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for QueryParams<T> {
    type Rejection = ProblemAnswer;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Query(value) = from_head(parts, state, "query", QueryRejection::body_text).await?;
        Ok(QueryParams(value))
    }
}

/// What [`Segment`] and [`QueryParams`] share: axum's extractor `E` run on the request's
/// head, its rejection refused as invalid input in `field`, in axum's words (`text`).
async fn from_head<S: Send + Sync, E: FromRequestParts<S>>(
    parts: &mut Parts,
    state: &S,
    field: &str,
    text: fn(&E::Rejection) -> String,
) -> Result<E, ProblemAnswer> {
    E::from_request_parts(parts, state)
        .await
        .map_err(|rejection| ProblemAnswer::invalid(field, text(&rejection)))
}
