//! The protocol's routes: exactly the rows of [`OPERATIONS`], one handler per row, over a
//! provider wrapped in the standard layers.
//!
//! The table is the protocol's definition, so the router is built from it: each row's method
//! and path route to the handler its `operationId` names (`endpoint`); a method a path does
//! not serve answers 405 with `Allow` (computed from the table) and a problem; a path no row
//! names answers a `notFound` problem.

/// Declares the handlers of one table of rows, each written once as what only it has: the
/// operation it answers, its extractors, and the answer it builds from the one call it makes.
/// What every handler shares is written here once: the [`Api`] state, a refusal answered as
/// a problem ([`ProblemAnswer`], so `?` works on a provider's result in a row's body), and
/// how the row reaches what it calls, named by the table's header:
/// - `provider as p;` binds `p` to the provider (the rows every provider answers);
/// - `optional accessor as c;` binds `c` to the optional capability the provider's
///   `accessor` finds, or answers `unsupported` naming the row's operation without it.
///
/// A row is `"operationId" => fn name(x: Extractor<T>, ..) -> Answer { body }`, with its doc
/// comments and attributes kept; each argument is the value inside its extractor (`x` for
/// `Extractor(x): Extractor<T>`).
macro_rules! rows {
    (provider as $bind:ident; $($rows:tt)*) => {
        rows!(@rows [] $bind; $($rows)*);
    };
    (optional $accessor:ident as $bind:ident; $($rows:tt)*) => {
        rows!(@rows [$accessor] $bind; $($rows)*);
    };
    (@rows $reach:tt $bind:ident; $(
        $(#[$meta:meta])*
        $op:literal => fn $name:ident($($arg:ident: $ext:ident$(<$ty:ty>)?),* $(,)?)
            -> $answer:ty $body:block
    )*) => {$(
        $(#[$meta])*
        pub(super) async fn $name(
            axum::extract::State(api): axum::extract::State<$crate::routes::Api>,
            $($ext($arg): $ext$(<$ty>)?),*
        ) -> ::std::result::Result<$answer, $crate::problem_answer::ProblemAnswer> {
            let $bind = rows!(@reach $reach api, $op);
            Ok($body)
        }
    )*};
    (@reach [] $api:ident, $op:literal) => {
        $api.provider.as_ref()
    };
    (@reach [$accessor:ident] $api:ident, $op:literal) => {
        $api.capability(|p| p.$accessor(), $op)?
    };
}

mod blocklist;
mod books;
mod changes;
mod contacts;
mod imports;
mod labels;
mod listing;
mod service;
mod summary;

use crate::problem_answer::ProblemAnswer;
use axum::Router;
use axum::extract::Request;
use axum::http::Method;
use axum::routing::{MethodFilter, MethodRouter, on};
use contacts_core::{ContactProvider, Error, layer};
use contacts_protocol::openapi::{OPERATIONS, Operation};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What every handler reaches: the provider, behind the standard layers.
#[derive(Debug, Clone)]
pub(crate) struct Api {
    provider: Arc<dyn ContactProvider>,
}

impl Api {
    /// The optional capability `pick` finds on the provider, or `unsupported` naming
    /// `operation` when the provider lacks it: how every optional row's handler opens.
    fn capability<'a, T: ?Sized>(
        &'a self,
        pick: impl FnOnce(&'a dyn ContactProvider) -> Option<&'a T>,
        operation: &str,
    ) -> Result<&'a T, ProblemAnswer> {
        pick(self.provider.as_ref())
            .ok_or_else(|| Error::unsupported(self.provider.name(), operation).into())
    }
}

/// The router answering every row of [`OPERATIONS`] over `provider`, which it wraps in the
/// standard layers ([`contacts_core::layer::standard`]: validation, then tracing), so the
/// layers' rules apply to every request. It has no protection of its own: tokens, limits
/// and the access log are [`crate::app`]'s.
pub fn router(provider: Arc<dyn ContactProvider>) -> Router {
    let api = Api {
        provider: Arc::new(layer::standard(provider)),
    };
    let mut by_path: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for op in OPERATIONS {
        by_path.entry(op.path).or_default().push(op);
    }
    let mut router = Router::new();
    for (path, ops) in by_path {
        router = router.route(path, path_router(path, &ops));
    }
    router.fallback(no_such_path).with_state(api)
}

/// One path's methods, with a 405 for the others.
fn path_router(path: &'static str, ops: &[&Operation]) -> MethodRouter<Api> {
    let mut methods = MethodRouter::new();
    for op in ops {
        match endpoint(op) {
            Some(handler) => methods = methods.merge(handler),
            // Caught by the unit test below; a release build serves the rest.
            None => tracing::error!(operation = op.id, "no handler for an operation"),
        }
    }
    let allow = allow_header(ops);
    methods.fallback(move |request: Request| async move {
        ProblemAnswer::method_not_allowed(request.method().as_str(), path, &allow)
    })
}

/// The `Allow` value of a path: its rows' methods, and `HEAD` where it has `GET`.
fn allow_header(ops: &[&Operation]) -> String {
    let mut methods: Vec<&str> = ops.iter().map(|op| op.method).collect();
    if methods.contains(&"GET") {
        methods.push("HEAD");
    }
    methods.join(", ")
}

/// A path that no row names.
async fn no_such_path() -> ProblemAnswer {
    Error::not_found("no such path").into()
}

fn method_filter(method: &str) -> Option<MethodFilter> {
    let method = Method::from_bytes(method.as_bytes()).ok()?;
    MethodFilter::try_from(method).ok()
}

/// The handler of one row, routed for the row's method.
fn endpoint(op: &Operation) -> Option<MethodRouter<Api>> {
    let m = method_filter(op.method)?;
    Some(match op.id {
        "getService" => on(m, service::document),
        "createContacts" => on(m, contacts::create),
        "getContact" => on(m, contacts::get),
        "updateContact" => on(m, contacts::update),
        "replaceContact" => on(m, contacts::replace),
        "deleteContact" => on(m, contacts::delete),
        "listContacts" => on(m, listing::list),
        "deleteMatching" => on(m, listing::delete_matching),
        "listBooks" => on(m, books::list),
        "createBook" => on(m, books::create),
        "renameBook" => on(m, books::rename),
        "deleteBook" => on(m, books::delete),
        "moveContact" => on(m, books::move_contact),
        "labelCounts" => on(m, labels::counts),
        "addLabel" => on(m, labels::add),
        "removeLabel" => on(m, labels::remove),
        "deleteLabel" => on(m, labels::delete),
        "listBlocked" => on(m, blocklist::list),
        "checkNumber" => on(m, blocklist::check),
        "blockNumber" => on(m, blocklist::block),
        "unblockNumber" => on(m, blocklist::unblock),
        "accountSummary" => on(m, summary::summarize),
        "submitImport" => on(m, imports::submit),
        "importProgress" => on(m, imports::progress),
        "currentChangeToken" => on(m, changes::current),
        "changesSince" => on(m, changes::since),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_a_handler() {
        for op in OPERATIONS {
            assert!(
                endpoint(op).is_some(),
                "{} {} ({})",
                op.method,
                op.path,
                op.id
            );
        }
    }

    #[test]
    fn allow_lists_the_rows_methods_and_head_for_get() {
        let ops: Vec<&Operation> = OPERATIONS
            .iter()
            .filter(|op| op.path == contacts_protocol::paths::BLOCKED_NUMBER)
            .collect();
        assert_eq!(allow_header(&ops), "GET, PUT, DELETE, HEAD");
    }
}
