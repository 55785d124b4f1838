//! The generated OpenAPI document holds together: every reference resolves, every path
//! parameter is declared, every operation of the table is in it once, and the errors are
//! problem documents.

use contacts_protocol::openapi::{OPERATIONS, document};
use serde_json::Value;
use std::collections::BTreeSet;

fn refs(value: &Value, found: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                found.insert(target.clone());
            }
            map.values().for_each(|v| refs(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
        _ => {}
    }
}

#[test]
fn every_reference_resolves() {
    let doc = document();
    let mut found = BTreeSet::new();
    refs(&doc, &mut found);
    assert!(
        found.len() > 20,
        "the document refers to the model's schemas: {found:?}"
    );
    for target in found {
        let pointer = target
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{target} is not a local reference"));
        assert!(
            doc.pointer(pointer).is_some(),
            "{target} resolves to nothing"
        );
    }
}

#[test]
fn every_operation_is_in_the_document_once_with_its_parameters() {
    let doc = document();
    let mut ids = BTreeSet::new();
    for op in OPERATIONS {
        assert!(ids.insert(op.id), "operationId {} twice", op.id);
        let entry = &doc["paths"][op.path][op.method.to_ascii_lowercase()];
        assert_eq!(entry["operationId"], op.id, "{} {}", op.method, op.path);
        let declared: BTreeSet<&str> = entry["parameters"]
            .as_array()
            .map(|params| {
                params
                    .iter()
                    .filter(|p| p["in"] == "path")
                    .filter_map(|p| p["name"].as_str())
                    .collect()
            })
            .unwrap_or_default();
        let in_template: BTreeSet<&str> = op
            .path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        assert_eq!(declared, in_template, "{} {}", op.method, op.path);
        assert_eq!(
            entry["responses"]["default"]["$ref"], "#/components/responses/Problem",
            "{}: errors are problem documents",
            op.id
        );
        assert!(
            entry["responses"][op.success.to_string()].is_object(),
            "{}: its success status is documented",
            op.id
        );
    }
}

#[test]
fn links_from_a_created_batch_name_real_operations() {
    let doc = document();
    let links = doc["paths"]["/v1/contacts"]["post"]["responses"]["201"]["links"]
        .as_object()
        .expect("the create answer has links");
    let ids: BTreeSet<&str> = OPERATIONS.iter().map(|op| op.id).collect();
    assert_eq!(links.len(), 5);
    assert!(
        doc["paths"]["/v1/contacts"]["post"]["requestBody"]["content"]["application/json"]
            ["example"]["contacts"][0]["properties"]["phoneNumber"]
            .is_string(),
        "the create operation carries a valid example batch"
    );
    for (name, link) in links {
        let target = link["operationId"].as_str().unwrap_or_default();
        assert!(ids.contains(target), "{name} links to unknown {target}");
    }
}

#[test]
fn writing_operations_are_the_ones_that_change_the_store() {
    for op in OPERATIONS {
        let reads_by_post = matches!(op.id, "listContacts" | "importProgress");
        let expected = op.method != "GET" && !reads_by_post;
        assert_eq!(op.writes, expected, "{} {}", op.method, op.path);
    }
}

#[test]
fn bodies_with_listed_members_refuse_others_and_maps_stay_open() {
    let doc = document();
    let schemas = &doc["components"]["schemas"];
    for name in [
        "NewContact",
        "ContactPatch",
        "ContactQuery",
        "CreateRequest",
        "ListRequest",
    ] {
        assert_eq!(
            schemas[name]["additionalProperties"],
            Value::Bool(false),
            "{name} refuses unknown members, as the server does"
        );
    }
    assert_eq!(
        schemas["CreateRequest"]["properties"]["contacts"]["minItems"],
        1
    );
    let properties = &schemas["NewContact"]["properties"]["properties"];
    let map = if properties["$ref"].is_string() {
        let name = properties["$ref"].as_str().unwrap_or_default();
        doc.pointer(name.trim_start_matches('#'))
            .cloned()
            .unwrap_or_default()
    } else {
        properties.clone()
    };
    assert_ne!(
        map["additionalProperties"],
        Value::Bool(false),
        "a contact's property map takes any key the provider declares"
    );
}

/// Found by Schemathesis: closing objects once walked into a `properties` map as if it were a
/// schema, and so gave every type with a member called `properties` (a contact, a vCard
/// extension) a forbidden member called `additionalProperties`.
#[test]
fn no_member_is_named_like_a_keyword_by_the_closing_of_objects() {
    let doc = document();
    let schemas = doc["components"]["schemas"]
        .as_object()
        .expect("the schemas");
    for (name, schema) in schemas {
        let members = schema["properties"].as_object();
        let bogus = members.and_then(|m| m.get("additionalProperties"));
        assert!(
            bogus.is_none(),
            "{name} has a member named additionalProperties"
        );
    }
    assert_eq!(
        schemas["Contact"]["additionalProperties"],
        Value::Bool(false),
        "the contact itself is still closed"
    );
}
