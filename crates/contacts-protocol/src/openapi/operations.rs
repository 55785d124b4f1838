//! The table of operations: one row per path and method, read by the OpenAPI document, by
//! the server (which routes exactly these) and by the tests that hold the two together.

use crate::paths;
use serde_json::{Map, Value, json};

/// One operation of the protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub method: &'static str,
    /// The path template, e.g. `/v1/contacts/{id}`.
    pub path: &'static str,
    /// The OpenAPI `operationId`.
    pub id: &'static str,
    /// One line on what it does.
    pub summary: &'static str,
    /// Whether it changes the store (a read-only token may not call it).
    pub writes: bool,
    /// The capability (its name in `Capabilities`' JSON) that must be declared for the
    /// operation to answer anything but `unsupported`; `None` for the core operations.
    pub capability: Option<&'static str>,
    /// The request body's schema name, if it has a body.
    pub body: Option<&'static str>,
    /// The status of a successful answer.
    pub success: u16,
    /// The successful answer's schema name; `None` for an answer without a body (204).
    pub answer: Option<&'static str>,
    /// Query parameters: name, whether required, JSON type, description.
    pub query: &'static [(&'static str, bool, &'static str, &'static str)],
}

const fn op(
    method: &'static str,
    path: &'static str,
    id: &'static str,
    summary: &'static str,
) -> Operation {
    Operation {
        method,
        path,
        id,
        summary,
        writes: false,
        capability: None,
        body: None,
        success: 200,
        answer: None,
        query: &[],
    }
}

impl Operation {
    const fn writes(mut self) -> Self {
        self.writes = true;
        self
    }
    const fn needs(mut self, capability: &'static str) -> Self {
        self.capability = Some(capability);
        self
    }
    const fn body(mut self, schema: &'static str) -> Self {
        self.body = Some(schema);
        self
    }
    const fn answers(mut self, status: u16, schema: Option<&'static str>) -> Self {
        self.success = status;
        self.answer = schema;
        self
    }
    const fn query(
        mut self,
        query: &'static [(&'static str, bool, &'static str, &'static str)],
    ) -> Self {
        self.query = query;
        self
    }
}

/// Every operation of version 1.
pub const OPERATIONS: &[Operation] = &[
    op(
        "GET",
        paths::SERVICE,
        "getService",
        "The protocol version, the provider and its capabilities",
    )
    .answers(200, Some("ServiceDocument")),
    op(
        "POST",
        paths::CONTACTS,
        "createContacts",
        "Create a batch of contacts; one outcome per item",
    )
    .writes()
    .body("CreateRequest")
    .answers(201, Some("CreateResults")),
    op("GET", paths::CONTACT, "getContact", "One contact")
        .answers(200, Some("Contact"))
        .query(&[(
            "includeMetadata",
            false,
            "boolean",
            "Include the contact's metadata",
        )]),
    op(
        "PATCH",
        paths::CONTACT,
        "updateContact",
        "Change some properties and labels (three-state patch)",
    )
    .writes()
    .body("ContactPatch")
    .answers(200, Some("Contact")),
    op(
        "PUT",
        paths::CONTACT,
        "replaceContact",
        "Replace the whole contact",
    )
    .writes()
    .body("NewContact")
    .answers(200, Some("Contact")),
    op(
        "DELETE",
        paths::CONTACT,
        "deleteContact",
        "Delete one contact",
    )
    .writes()
    .answers(204, None),
    op(
        "POST",
        paths::CONTACT_QUERIES,
        "listContacts",
        "One page of the contacts matching a query",
    )
    .body("ListRequest")
    .answers(200, Some("Page")),
    op(
        "POST",
        paths::CONTACT_DELETIONS,
        "deleteMatching",
        "Delete every contact matching a filter, or every contact",
    )
    .writes()
    .body("DeleteRequest")
    .answers(200, Some("ContactList")),
    op("GET", paths::BOOKS, "listBooks", "The address books")
        .needs("addressBookAdmin")
        .answers(200, Some("AddressBookList")),
    op("POST", paths::BOOKS, "createBook", "Create an address book")
        .writes()
        .needs("addressBookAdmin")
        .body("BookName")
        .answers(201, Some("AddressBookInfo")),
    op("PATCH", paths::BOOK, "renameBook", "Rename an address book")
        .writes()
        .needs("addressBookAdmin")
        .body("BookName")
        .answers(200, Some("AddressBookInfo")),
    op(
        "DELETE",
        paths::BOOK,
        "deleteBook",
        "Delete an address book",
    )
    .writes()
    .needs("addressBookAdmin")
    .answers(204, None),
    op(
        "POST",
        paths::CONTACT_MOVE,
        "moveContact",
        "Move a contact to another address book",
    )
    .writes()
    .needs("addressBookAdmin")
    .body("MoveRequest")
    .answers(204, None),
    op(
        "GET",
        paths::LABELS,
        "labelCounts",
        "Every label with the number of contacts carrying it",
    )
    .needs("labelAdmin")
    .answers(200, Some("LabelCountList")),
    op(
        "POST",
        paths::LABEL_ADD,
        "addLabel",
        "Add a label to contacts",
    )
    .writes()
    .needs("labelAdmin")
    .body("ContactIds")
    .answers(204, None),
    op(
        "POST",
        paths::LABEL_REMOVE,
        "removeLabel",
        "Remove a label from contacts",
    )
    .writes()
    .needs("labelAdmin")
    .body("ContactIds")
    .answers(204, None),
    op(
        "DELETE",
        paths::LABEL,
        "deleteLabel",
        "Remove a label from every contact",
    )
    .writes()
    .needs("labelAdmin")
    .answers(204, None),
    op(
        "GET",
        paths::BLOCKLIST,
        "listBlocked",
        "The blocked numbers",
    )
    .needs("blocklist")
    .answers(200, Some("NumberList")),
    op(
        "GET",
        paths::BLOCKED_NUMBER,
        "checkNumber",
        "Whether a number is blocked",
    )
    .needs("blocklist")
    .answers(200, Some("BlockStatus")),
    op(
        "PUT",
        paths::BLOCKED_NUMBER,
        "blockNumber",
        "Block a number",
    )
    .writes()
    .needs("blocklist")
    .answers(204, None),
    op(
        "DELETE",
        paths::BLOCKED_NUMBER,
        "unblockNumber",
        "Unblock a number",
    )
    .writes()
    .needs("blocklist")
    .answers(204, None),
    op(
        "GET",
        paths::SUMMARY,
        "accountSummary",
        "Totals of the account",
    )
    .needs("accountSummary")
    .answers(200, Some("AccountSummary")),
    op(
        "POST",
        paths::IMPORTS,
        "submitImport",
        "Submit contacts for a background import",
    )
    .writes()
    .needs("backgroundImport")
    .body("ImportRequest")
    .answers(202, Some("ImportJob")),
    op(
        "POST",
        paths::IMPORT_PROGRESS,
        "importProgress",
        "How far a background import has come",
    )
    .needs("backgroundImport")
    .body("ImportJob")
    .answers(200, Some("ImportProgress")),
    op(
        "GET",
        paths::CHANGES_CURRENT,
        "currentChangeToken",
        "The token to read changes from",
    )
    .needs("changeFeed")
    .answers(200, Some("CurrentToken")),
    op(
        "GET",
        paths::CHANGES,
        "changesSince",
        "What changed since a token",
    )
    .needs("changeFeed")
    .answers(200, Some("ChangeSet"))
    .query(&[(
        "since",
        true,
        "string",
        "A token from currentChangeToken or a previous change set",
    )]),
];

fn schema_ref(name: &str) -> Value {
    match name {
        // Answers that are bare arrays of a model type.
        "AddressBookList" => {
            json!({ "type": "array", "items": { "$ref": "#/components/schemas/AddressBookInfo" } })
        }
        "LabelCountList" => {
            json!({ "type": "array", "items": { "$ref": "#/components/schemas/LabelCount" } })
        }
        _ => json!({ "$ref": format!("#/components/schemas/{name}") }),
    }
}

/// The path parameters of a template: the names between braces.
pub fn path_parameters(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .collect()
}

impl Operation {
    /// This operation as an OpenAPI Operation Object.
    pub fn to_openapi(&self) -> Value {
        let mut parameters: Vec<Value> = path_parameters(self.path)
            .into_iter()
            .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string", "minLength": 1 } }))
            .collect();
        parameters.extend(self.query.iter().map(|(name, required, kind, description)| {
            json!({ "name": name, "in": "query", "required": required, "description": description, "schema": { "type": kind } })
        }));
        let mut success = json!({ "description": self.summary });
        if let Some(answer) = self.answer {
            success["content"] = json!({ "application/json": { "schema": schema_ref(answer) } });
        }
        match self.id {
            "createContacts" => success["links"] = created_contact_links(),
            "createBook" => success["links"] = created_book_links(),
            _ => {}
        }
        let mut responses = Map::new();
        responses.insert(self.success.to_string(), success.clone());
        if self.id == "createContacts" {
            let mut partial = success;
            partial["description"] =
                json!("Some items were created, some failed: each failed item carries its problem");
            responses.insert("207".into(), partial);
        }
        responses.insert(
            "default".into(),
            json!({ "$ref": "#/components/responses/Problem" }),
        );
        let mut operation = json!({
            "operationId": self.id,
            "summary": self.summary,
            "responses": responses,
        });
        if !parameters.is_empty() {
            operation["parameters"] = Value::Array(parameters);
        }
        if let Some(body) = self.body {
            let mut media = json!({ "schema": schema_ref(body) });
            if self.id == "createContacts" {
                // A valid batch for any provider that keeps the two commonest keys, so a
                // tester's stateful phase starts from a contact that exists.
                media["example"] = json!({ "contacts": [
                    { "properties": { "firstName": "Ada", "phoneNumber": "+46701234567" }, "labels": ["VIP"] }
                ] });
            }
            operation["requestBody"] =
                json!({ "required": true, "content": { "application/json": media } });
        }
        if self.method == "GET" && self.path == paths::SERVICE {
            // The service document answers without a token, so a client can learn the
            // version before it authenticates.
            operation["security"] = json!([{}, { "bearer": [] }]);
        }
        let mut description = String::new();
        if self.writes {
            description.push_str("Needs a read-write token. ");
        }
        if let Some(capability) = self.capability {
            description.push_str(&format!(
                "Answers `unsupported` unless the provider declares `{capability}`."
            ));
        }
        if !description.is_empty() {
            operation["description"] = json!(description.trim_end());
        }
        operation
    }
}

/// OpenAPI links from a created book to the operations on it.
fn created_book_links() -> Value {
    let book = json!({ "book": "$response.body#/id" });
    json!({
        "RenameCreatedBook": { "operationId": "renameBook", "parameters": book },
        "DeleteCreatedBook": { "operationId": "deleteBook", "parameters": book },
    })
}

/// OpenAPI links from a created batch's first contact to the operations on it.
fn created_contact_links() -> Value {
    let id = json!({ "id": "$response.body#/results/0/contact/id" });
    json!({
        "GetCreatedContact": { "operationId": "getContact", "parameters": id },
        "UpdateCreatedContact": { "operationId": "updateContact", "parameters": id },
        "ReplaceCreatedContact": { "operationId": "replaceContact", "parameters": id },
        "DeleteCreatedContact": { "operationId": "deleteContact", "parameters": id },
        "MoveCreatedContact": { "operationId": "moveContact", "parameters": id },
    })
}
