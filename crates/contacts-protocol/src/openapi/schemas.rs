//! The `components/schemas` of the document: every body type's JSON Schema, as schemars
//! writes it for the model and this crate.

use crate::bodies::{
    BlockStatus, BookName, ContactIds, ContactList, CreateRequest, CreateResults, CurrentToken,
    DeleteRequest, ImportRequest, ListRequest, MoveRequest, NumberList,
};
use crate::{Problem, ServiceDocument};
use contacts_core::optional::{
    AccountSummary, AddressBookInfo, ChangeSet, ImportJob, ImportProgress, LabelCount,
};
use contacts_core::{Contact, ContactPatch, NewContact, Page};
use schemars::JsonSchema;
use schemars::generate::{SchemaGenerator, SchemaSettings};
use serde_json::{Map, Value};

/// Where the document keeps its schemas, as a JSON pointer.
const DEFINITIONS: &str = "/components/schemas";

/// Adds `T`'s schema (and those it refers to) to the generator, under `T`'s schema name.
fn add<T: JsonSchema>(generator: &mut SchemaGenerator) {
    let reference = generator.subschema_for::<T>();
    // Types that schemars inlines (never the case for the body types listed below) would
    // leave no named schema for the operations to refer to.
    debug_assert!(
        reference.get("$ref").is_some(),
        "{} is inlined",
        T::schema_name()
    );
}

/// Every named schema the operations refer to, with the schemas they refer to in turn.
pub(super) fn components() -> Map<String, Value> {
    let settings = SchemaSettings::draft2020_12().with(|s| {
        s.definitions_path = DEFINITIONS.into();
    });
    let mut generator = SchemaGenerator::new(settings);
    add::<ServiceDocument>(&mut generator);
    add::<Problem>(&mut generator);
    add::<Contact>(&mut generator);
    add::<NewContact>(&mut generator);
    add::<ContactPatch>(&mut generator);
    add::<Page>(&mut generator);
    add::<ListRequest>(&mut generator);
    add::<CreateRequest>(&mut generator);
    add::<CreateResults>(&mut generator);
    add::<DeleteRequest>(&mut generator);
    add::<ContactList>(&mut generator);
    add::<AddressBookInfo>(&mut generator);
    add::<BookName>(&mut generator);
    add::<MoveRequest>(&mut generator);
    add::<LabelCount>(&mut generator);
    add::<ContactIds>(&mut generator);
    add::<NumberList>(&mut generator);
    add::<BlockStatus>(&mut generator);
    add::<AccountSummary>(&mut generator);
    add::<ImportRequest>(&mut generator);
    add::<ImportJob>(&mut generator);
    add::<ImportProgress>(&mut generator);
    add::<CurrentToken>(&mut generator);
    add::<ChangeSet>(&mut generator);
    let mut definitions = generator.take_definitions(true);
    definitions.values_mut().for_each(closed_objects);
    definitions
}

/// Marks every object schema that lists its members and says nothing of others as closed
/// (`additionalProperties: false`), recursively: the server refuses an unknown member of
/// every body (a misspelt `lables` would otherwise be lost in silence), and what it answers
/// has exactly the listed members, so the document says so and a tester does not send
/// members the server will refuse. Maps (a schema with `additionalProperties` already) and
/// schemas that combine others (`allOf`, `oneOf`, `anyOf`: a closed part would refuse the
/// other parts' members) are left as they are.
fn closed_objects(schema: &mut Value) {
    let Value::Object(map) = schema else {
        return;
    };
    let combines = ["allOf", "oneOf", "anyOf"]
        .iter()
        .any(|k| map.contains_key(*k));
    let lists_members = map.contains_key("properties");
    let open = map.contains_key("additionalProperties")
        || map.contains_key("unevaluatedProperties")
        || map.contains_key("patternProperties");
    if lists_members && !open && !combines {
        map.insert("additionalProperties".into(), Value::Bool(false));
    }
    // Walk only into what holds schemas: a `properties` object maps member *names* to
    // schemas (a type may have a member called `properties`), and `enum`, `const`, `default`
    // or `examples` hold data, not schemas.
    for (key, value) in map.iter_mut() {
        match (key.as_str(), value) {
            ("properties" | "patternProperties" | "$defs", Value::Object(members)) => {
                members.values_mut().for_each(closed_objects);
            }
            ("allOf" | "anyOf" | "oneOf" | "prefixItems", Value::Array(schemas)) => {
                schemas.iter_mut().for_each(closed_objects);
            }
            ("items" | "additionalProperties" | "not" | "if" | "then" | "else", inner) => {
                closed_objects(inner);
            }
            _ => {}
        }
    }
}
