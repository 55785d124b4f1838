//! The OpenAPI 3.1 description of the protocol, generated from the model's own JSON Schemas
//! (schemars, draft 2020-12, which OpenAPI 3.1 uses as is), so the document cannot drift from
//! the types both ends serialise. `cargo xtask openapi` writes it to `docs/openapi.json`, and
//! CI fails when that file is stale.
//!
//! Every error answer is a [`Problem`](crate::Problem) (`application/problem+json`), described
//! once as each operation's `default` answer. The answer to creating contacts links to the
//! operations on a created contact (OpenAPI links), so a stateful tester can follow them.
//!
//! ```
//! let doc = contacts_protocol::openapi::document();
//! assert_eq!(doc["openapi"], "3.1.0");
//! assert!(doc["paths"]["/v1/contacts/{id}"]["get"].is_object());
//! ```

mod operations;
mod schemas;

use crate::{PROBLEM_CONTENT_TYPE, PROTOCOL_VERSION};
use serde_json::{Map, Value, json};

pub use operations::{OPERATIONS, Operation};

/// The whole OpenAPI 3.1 document, as JSON.
pub fn document() -> Value {
    let schemas = schemas::components();
    let mut paths = Map::new();
    for op in OPERATIONS {
        let entry = paths
            .entry(op.path.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(methods) = entry {
            methods.insert(op.method.to_ascii_lowercase(), op.to_openapi());
        }
    }
    json!({
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "contacts provider protocol",
            "version": PROTOCOL_VERSION,
            "description": "Any contact store behind one HTTP and JSON interface: the operations \
                of the contacts toolkit's ContactProvider trait and its optional capabilities. \
                Read docs/protocol.md for the rules every server obeys.",
            "license": { "name": "MIT OR Apache-2.0", "identifier": "MIT OR Apache-2.0" }
        },
        "security": [ { "bearer": [] } ],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token from `contacts serve token add`; read-only tokens may only read."
                }
            },
            "responses": {
                "Problem": {
                    "description": "The request failed; the problem document says why (kind, detail and the kind's members).",
                    "content": { PROBLEM_CONTENT_TYPE: { "schema": { "$ref": "#/components/schemas/Problem" } } }
                }
            },
            "schemas": schemas,
        }
    })
}

/// The document as the pretty-printed text `docs/openapi.json` holds (with a final newline).
pub fn document_text() -> String {
    let mut text = serde_json::to_string_pretty(&document()).unwrap_or_default();
    text.push('\n');
    text
}
