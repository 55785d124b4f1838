//! The content of every generated file.

use crate::GeneratedFile;
use contacts_core::{
    Capabilities, Contact, ContactFilter, ContactPatch, ContactQuery, NewContact, Page,
};
use schemars::{JsonSchema, schema_for};

fn schema<T: JsonSchema>(name: &str) -> GeneratedFile {
    let schema = schema_for!(T);
    let mut json = serde_json::to_string_pretty(&schema).expect("schemas always serialise");
    json.push('\n');
    (format!("docs/schemas/{name}.json"), json)
}

/// JSON Schemas of every public model type, in `docs/schemas/`.
pub fn schema_files() -> Vec<GeneratedFile> {
    vec![
        schema::<Contact>("Contact"),
        schema::<NewContact>("NewContact"),
        schema::<ContactPatch>("ContactPatch"),
        schema::<ContactFilter>("ContactFilter"),
        schema::<ContactQuery>("ContactQuery"),
        schema::<Capabilities>("Capabilities"),
        schema::<Page>("Page"),
    ]
}
