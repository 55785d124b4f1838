#!/usr/bin/env python3
"""A contact store that speaks the contacts provider protocol, in Python's standard library only.

Copy it to write an adapter of your own: replace `Store` with calls to your system and keep the
rest. The protocol is described in docs/protocol.md and docs/openapi.json; the rules every
provider obeys are the "contract" in docs/architecture.md. Each rule this file implements has a
comment starting with `Rule:` that says which one.

    python3 adapter.py --port 8080                  # memory only
    python3 adapter.py --port 0 --print-port        # a free port, printed on the first line
    python3 adapter.py --data contacts.json         # kept in a JSON file between runs
    CONTACTS_ADAPTER_TOKEN=secret python3 adapter.py   # every call but GET /v1 needs the token

It serves the core operations only (create, get, patch, replace, delete, listings, delete by
filter); the optional ones (books, labels administration, blocklist, summary, imports, change
feed) answer the `unsupported` problem, as its capabilities say.
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import secrets
import signal
import sys
import threading
import traceback
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote

PROTOCOL = "contacts-provider"
VERSION = "1.0"
PROVIDER = "python-example"

# The property keys this store keeps. Rule: capabilities tell the truth, so the service document
# lists exactly these (`keys: fixed`) and any other key is refused as invalidInput.
KEYS = ["phoneNumber", "email", "firstName", "lastName", "company", "department", "note"]
MAX_BATCH = 100
DEFAULT_PAGE = 50
MAX_PAGE = 200
MAX_VALUE_CHARS = 500
MAX_BODY_BYTES = 4 * 1024 * 1024

CAPABILITIES = {
    "labels": True,
    "metadata": False,
    "keys": {"kind": "fixed", "keys": KEYS},
    "requiredKeys": [],
    "labelFilter": "server",
    "propertyFilter": "server",
    "metadataFilter": "unsupported",
    "descendingOrder": True,
    "patch": True,
    "replace": True,
    "massDelete": True,
    "addressBooks": False,
    "maxBatchSize": MAX_BATCH,
    "atomicBatches": True,
    "defaultPageSize": DEFAULT_PAGE,
    "maxPageSize": MAX_PAGE,
    "maxValueChars": MAX_VALUE_CHARS,
    "validatesPhoneNumbers": False,
    "rateLimit": None,
    "addressBookAdmin": False,
    "labelAdmin": False,
    "blocklist": False,
    "accountSummary": False,
    "backgroundImport": False,
    "changeFeed": False,
    "cardParts": [],
}


# --- Problems (RFC 9457 application/problem+json) -------------------------------------------

# Rule: every error is a problem document whose `kind` is one of the model's error kinds, with
# that kind's status; a program reads `kind` and the members, a person reads `detail`.
KINDS = {
    "notFound": (404, "Not found"),
    "invalidInput": (422, "Invalid input"),
    "unauthenticated": (401, "Authentication required"),
    "permissionDenied": (403, "Permission denied"),
    "unsupported": (404, "Not supported by this provider"),
    "conflict": (409, "Conflict"),
    "unavailable": (503, "Service unavailable"),
}


class Problem(Exception):
    """An error answer: raise it anywhere below and the handler sends it."""

    def __init__(self, kind, detail, status=None, headers=None, **members):
        super().__init__(detail)
        self.kind = kind
        self.status = status or KINDS[kind][0]
        self.headers = headers or {}
        self.body = {
            "type": "urn:contacts:problem:" + kind,
            "title": KINDS[kind][1],
            "status": self.status,
            "detail": detail,
            "kind": kind,
            **members,
        }


def not_found(what):
    return Problem("notFound", f"{what} was not found", what=what)


def invalid(field, reason):
    # Rule: invalidInput names the field at fault, as a JSON path into the request.
    return Problem("invalidInput", f"invalid {field}: {reason}", field=field, reason=reason)


def unsupported(operation, status=None, headers=None):
    # Rule: an operation the capabilities do not declare is `unsupported`, never a silent no-op.
    return Problem(
        "unsupported",
        f"{PROVIDER} does not support {operation}",
        status=status,
        headers=headers,
        provider=PROVIDER,
        operation=operation,
    )


# --- Reading request documents ---------------------------------------------------------------


def obj(value, field, allowed):
    """`value` as a JSON object with no member outside `allowed`."""
    if not isinstance(value, dict):
        raise invalid(field or "body", "expected a JSON object")
    for key in value:
        if key not in allowed:
            # Rule: a misspelt member is refused, never ignored (it would be data lost).
            where = f"{field}.{key}" if field else key
            raise invalid(where, "unknown member; expected one of " + ", ".join(allowed))
    return value


def join(field, key):
    return f"{field}.{key}" if field else key


def member(doc, name, field, default):
    """A member of a request object: `default` when absent; null only where the schema says."""
    if name not in doc:
        return default
    if doc[name] is None:
        raise invalid(join(field, name), "must not be null; leave the member out instead")
    return doc[name]


def string_list(value, field):
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise invalid(field, "expected an array of strings")
    return value


def labels_of(value, field):
    labels = string_list(value, field)
    if any(label == "" for label in labels):
        raise invalid(field, "labels must not be empty strings")
    # Rule: labels are a set: a label given twice is there once, order does not matter.
    return set(labels)


def check_key(key, value, field):
    if key == "":
        raise invalid(field, "property keys must not be empty")
    if key not in KEYS:
        raise invalid(
            join(field, key),
            f"this provider cannot store the key {key!r}; it stores only: " + ", ".join(KEYS),
        )
    if value is not None and len(value) > MAX_VALUE_CHARS:
        raise invalid(
            join(field, key), f"{len(value)} characters, at most {MAX_VALUE_CHARS} allowed"
        )


def no_card_or_book(doc, field):
    # Rule: a provider that stores flat properties refuses a whole card, and one without
    # address books refuses a book: `unsupported`, never dropped in silence.
    if doc.get("card") is not None:
        raise unsupported("whole cards (it stores flat properties only; send the properties)")
    if doc.get("addressBook") is not None:
        raise unsupported("address books")


def new_contact(value, field):
    """A NewContact document: {"properties": {...}, "labels": [...]} -> (properties, labels)."""
    doc = obj(value, field, ["properties", "labels", "addressBook", "card"])
    no_card_or_book(doc, field)
    props_field = join(field, "properties")
    props = obj(member(doc, "properties", field, {}), props_field, _AnyKey())
    stored = {}
    for key, val in props.items():
        if not isinstance(val, str):
            raise invalid(join(props_field, key), "a property value is a string")
        check_key(key, val, props_field)
        # Rule: an empty string is no value: writing "" stores nothing.
        if val != "":
            stored[key] = val
    return stored, labels_of(member(doc, "labels", field, []), join(field, "labels"))


class _AnyKey:
    """Allows every member name (property maps have free member names)."""

    def __contains__(self, key):
        return True

    def __iter__(self):
        return iter(())


def patch_doc(value):
    """A ContactPatch: -> (changes {key: value or None}, labels to add, labels to remove)."""
    doc = obj(value, "", ["properties", "addLabels", "removeLabels", "card"])
    no_card_or_book(doc, "")
    changes = obj(member(doc, "properties", "", {}), "properties", _AnyKey())
    for key, val in changes.items():
        if val is not None and not isinstance(val, str):
            raise invalid(join("properties", key), "a value is a string, or null to remove")
        check_key(key, val, "properties")
    add = labels_of(member(doc, "addLabels", "", []), "addLabels")
    remove = labels_of(member(doc, "removeLabels", "", []), "removeLabels")
    return changes, add, remove


def contact_filter(value, field):
    """A ContactFilter -> (labels, properties); metadata filters are not declared."""
    doc = obj(value, field, ["labels", "properties", "metadata"])
    if obj(member(doc, "metadata", field, {}), join(field, "metadata"), _AnyKey()):
        raise unsupported("metadata filters")
    labels = string_list(member(doc, "labels", field, []), join(field, "labels"))
    if any(label == "" for label in labels):
        # Rule: an empty filter value matches nothing and a vendor may read it as no filter:
        # refused, naming the field.
        raise invalid(join(field, "labels"), "an empty filter value matches no contact")
    props_field = join(field, "properties")
    props = obj(member(doc, "properties", field, {}), props_field, _AnyKey())
    for key, val in props.items():
        if key == "":
            raise invalid(props_field, "empty property key")
        if not isinstance(val, str) or val == "":
            raise invalid(join(props_field, key), "a filter value is a non-empty string")
    return set(labels), dict(props)


def list_request(value):
    """A ListRequest -> (labels, properties, descending, page size, page token or None)."""
    doc = obj(value, "", ["query", "pageToken"])
    query = obj(member(doc, "query", "", {}), "query", ["filter", "includeMetadata", "pageSize", "order"])
    labels, props = contact_filter(member(query, "filter", "query", {}), "query.filter")
    metadata = member(query, "includeMetadata", "query", False)
    if metadata is True:
        raise unsupported("metadata")
    if metadata is not False:
        raise invalid("query.includeMetadata", "expected true or false")
    order = member(query, "order", "query", "ascending")
    if order not in ("ascending", "descending"):
        raise invalid("query.order", "expected \"ascending\" or \"descending\"")
    size = query.get("pageSize")
    if size is None:
        size = DEFAULT_PAGE
    # Rule: a page size is 1 to maxPageSize; anything else is invalidInput (bool is not a size).
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_PAGE:
        raise invalid("query.pageSize", f"{size!r} is out of range; use 1 to {MAX_PAGE}")
    token = doc.get("pageToken")
    if token is not None and not isinstance(token, str):
        raise invalid("pageToken", "a page token is the string a previous page gave as `next`")
    return labels, props, order == "descending", size, token


# --- The store -------------------------------------------------------------------------------


class Store:
    """Contacts in memory, in creation order, optionally kept in a JSON file.

    Every method runs under one lock, so two requests at once behave as one after the other.
    """

    def __init__(self, path=None):
        self.path = path
        self.lock = threading.Lock()
        self.contacts = {}  # id -> {"seq": int, "properties": {...}, "labels": set()}
        self.next_seq = 1
        self.identity = "python-example:" + str(uuid.uuid4())
        self.token_key = secrets.token_bytes(32)
        if path and os.path.exists(path):
            self._load()

    def _load(self):
        with open(self.path, encoding="utf-8") as f:
            data = json.load(f)
        self.next_seq = data["nextSeq"]
        self.identity = data["storeIdentity"]
        self.token_key = bytes.fromhex(data["pageTokenKey"])
        for c in data["contacts"]:
            self.contacts[c["id"]] = {
                "seq": c["seq"],
                "properties": c["properties"],
                "labels": set(c["labels"]),
            }

    def _save(self):
        """Writes the file whole and renames it into place, so a crash never leaves half."""
        if not self.path:
            return
        data = {
            "nextSeq": self.next_seq,
            "storeIdentity": self.identity,
            # Signs page tokens, so tokens handed out before a restart still resume.
            "pageTokenKey": self.token_key.hex(),
            "contacts": [
                {"id": cid, "seq": c["seq"], "properties": c["properties"],
                 "labels": sorted(c["labels"])}
                for cid, c in self.contacts.items()
            ],
        }
        tmp = self.path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
        os.replace(tmp, self.path)

    @staticmethod
    def view(cid, c):
        return {"id": cid, "properties": dict(c["properties"]), "labels": sorted(c["labels"])}

    def _find(self, cid):
        # Rule: ids are compared as the exact strings they are ("01" is not "1").
        if cid not in self.contacts:
            raise not_found(f"contact {cid}")
        return self.contacts[cid]

    def create(self, docs):
        with self.lock:
            out = []
            for props, labels in docs:
                # Rule: ids are never reused: the counter only grows, and is kept in the file.
                cid = str(self.next_seq)
                self.contacts[cid] = {"seq": self.next_seq, "properties": props, "labels": labels}
                self.next_seq += 1
                out.append(self.view(cid, self.contacts[cid]))
            self._save()
            return out

    def get(self, cid):
        with self.lock:
            return self.view(cid, self._find(cid))

    def patch(self, cid, changes, add, remove):
        with self.lock:
            c = self._find(cid)
            # Rule: three states per key: absent untouched, null removes, "" removes, value sets.
            for key, val in changes.items():
                if val is None or val == "":
                    c["properties"].pop(key, None)
                else:
                    c["properties"][key] = val
            # Rule: labels are added, then removed (a label in both ends up removed); other
            # labels are left alone.
            c["labels"] |= add
            c["labels"] -= remove
            self._save()
            return self.view(cid, c)

    def replace(self, cid, props, labels):
        with self.lock:
            c = self._find(cid)
            # Rule: after a replace the contact is exactly the new document (same id).
            c["properties"], c["labels"] = props, labels
            self._save()
            return self.view(cid, c)

    def delete(self, cid):
        with self.lock:
            self._find(cid)
            del self.contacts[cid]
            self._save()

    def _matching(self, labels, props):
        # Rule: a label filter matches contacts carrying all of its labels; property filters
        # are exact string equality (no case folding, trimming or normalisation).
        return [
            (cid, c)
            for cid, c in self.contacts.items()
            if labels <= c["labels"] and all(c["properties"].get(k) == v for k, v in props.items())
        ]

    def delete_matching(self, labels, props):
        with self.lock:
            gone = self._matching(labels, props)
            for cid, _ in gone:
                del self.contacts[cid]
            self._save()
            return [self.view(cid, c) for cid, c in gone]

    def page(self, labels, props, descending, size, token):
        with self.lock:
            query = query_fingerprint(labels, props, descending)
            after = self._read_token(token, query) if token is not None else None
            rows = sorted(self._matching(labels, props), key=lambda r: r[1]["seq"],
                          reverse=descending)
            # Rule: every contact appears exactly once across pages, even when contacts are
            # created or deleted between pages: a token holds the position (the creation
            # sequence number) of the last contact it showed, never an offset.
            if after is not None:
                rows = [r for r in rows if (r[1]["seq"] < after if descending else r[1]["seq"] > after)]
            items = rows[:size]
            answer = {"items": [self.view(cid, c) for cid, c in items]}
            # Rule: the last page has no `next`; an empty result is an empty page.
            if len(rows) > size:
                answer["next"] = self._make_token(items[-1][1]["seq"], query)
            return answer

    def _make_token(self, seq, query):
        payload = base64.urlsafe_b64encode(json.dumps([seq, query]).encode()).decode().rstrip("=")
        return payload + "." + self._sign(payload)

    def _sign(self, payload):
        return hmac.new(self.token_key, payload.encode(), hashlib.sha256).hexdigest()[:32]

    def _read_token(self, token, query):
        # Rule: a token this store never issued (made up, truncated, altered) is invalidInput,
        # and so is a token handed back with another query than the one it continues.
        payload, _, signature = token.partition(".")
        if not hmac.compare_digest(signature.encode(), self._sign(payload).encode()):
            raise invalid("pageToken", "not a page token of this store; start from the first page")
        seq, issued_for = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        if issued_for != query:
            raise invalid("pageToken", "this token continues another query; send the same query")
        return seq


def query_fingerprint(labels, props, descending):
    text = json.dumps([sorted(labels), sorted(props.items()), descending])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# --- HTTP --------------------------------------------------------------------------------------


def service_document(store):
    return {
        "protocol": PROTOCOL,
        "version": VERSION,
        "provider": PROVIDER,
        "capabilities": CAPABILITIES,
        "storeIdentity": store.identity,
    }


def get_service(h, params, query):
    return 200, service_document(h.server.store)


def create_contacts(h, params, query):
    doc = obj(h.json_body(), "", ["contacts"])
    items = doc.get("contacts")
    if not isinstance(items, list):
        raise invalid("contacts", "expected an array of contacts")
    # Rule: an empty batch or one over maxBatchSize is invalidInput.
    if not items:
        raise invalid("contacts", "the batch is empty")
    if len(items) > MAX_BATCH:
        raise invalid("contacts", f"{len(items)} contacts in one batch, at most {MAX_BATCH} allowed; split the batch")
    # Rule: the batch is validated whole before anything is written (atomicBatches).
    docs = [new_contact(item, f"contacts[{i}]") for i, item in enumerate(items)]
    created = h.server.store.create(docs)
    # Rule: the stored contacts come back with their ids, in input order.
    return 201, {"results": [{"index": i, "contact": c} for i, c in enumerate(created)]}


def get_contact(h, params, query):
    for name, value in query:
        if name != "includeMetadata":
            raise invalid(name, "unknown query parameter; this path takes includeMetadata")
        if value == "true":
            raise unsupported("metadata")
        if value != "false":
            raise invalid("includeMetadata", "expected true or false")
    return 200, h.server.store.get(params["id"])


def update_contact(h, params, query):
    changes, add, remove = patch_doc(h.json_body())
    return 200, h.server.store.patch(params["id"], changes, add, remove)


def replace_contact(h, params, query):
    props, labels = new_contact(h.json_body(), "")
    return 200, h.server.store.replace(params["id"], props, labels)


def delete_contact(h, params, query):
    h.server.store.delete(params["id"])
    return 204, None


def list_contacts(h, params, query):
    return 200, h.server.store.page(*list_request(h.json_body()))


def delete_matching(h, params, query):
    doc = obj(h.json_body(), "", ["target"])
    target = doc.get("target")
    if target == "everyContact":
        labels, props = set(), {}
    elif isinstance(target, dict) and list(target) == ["matching"]:
        labels, props = contact_filter(target["matching"], "target.matching")
        # Rule: no call wipes the store by accident: an empty filter is refused; wiping
        # everything takes the explicit "everyContact".
        if not labels and not props:
            raise invalid("target.matching", "an empty filter would delete every contact; send \"everyContact\" to mean that")
    else:
        raise invalid("target", "expected \"everyContact\" or {\"matching\": filter}")
    return 200, {"contacts": h.server.store.delete_matching(labels, props)}


def undeclared(capability):
    def answer(h, params, query):
        raise unsupported(capability)

    return answer


# Every path of the protocol with the methods it serves. Paths of optional capabilities this
# store does not declare answer `unsupported` (404) for their methods.
ROUTES = [
    ("/v1", {"GET": get_service}),
    ("/v1/contacts", {"POST": create_contacts}),
    ("/v1/contacts/{id}", {"GET": get_contact, "PATCH": update_contact,
                           "PUT": replace_contact, "DELETE": delete_contact}),
    ("/v1/contact-queries", {"POST": list_contacts}),
    ("/v1/contact-deletions", {"POST": delete_matching}),
    ("/v1/contacts/{id}/move", {"POST": undeclared("address book administration")}),
    ("/v1/books", dict.fromkeys(["GET", "POST"], undeclared("address book administration"))),
    ("/v1/books/{book}", dict.fromkeys(["PATCH", "DELETE"], undeclared("address book administration"))),
    ("/v1/labels", {"GET": undeclared("label administration")}),
    ("/v1/labels/{label}", {"DELETE": undeclared("label administration")}),
    ("/v1/labels/{label}/add", {"POST": undeclared("label administration")}),
    ("/v1/labels/{label}/remove", {"POST": undeclared("label administration")}),
    ("/v1/blocklist", {"GET": undeclared("the blocklist")}),
    ("/v1/blocklist/{number}", dict.fromkeys(["GET", "PUT", "DELETE"], undeclared("the blocklist"))),
    ("/v1/summary", {"GET": undeclared("the account summary")}),
    ("/v1/imports", {"POST": undeclared("background import")}),
    ("/v1/imports/progress", {"POST": undeclared("background import")}),
    ("/v1/changes/current", {"GET": undeclared("the change feed")}),
    ("/v1/changes", {"GET": undeclared("the change feed")}),
]


def route(path):
    """(template, {param: value}, methods) for a raw request path, or None."""
    # Rule: ids are data, never paths: split the raw path first, then percent-decode each
    # segment, so an id holding "/", "?" or "%" stays one segment.
    segments = path.split("/")
    for template, methods in ROUTES:
        parts = template.split("/")
        if len(parts) != len(segments):
            continue
        params = {}
        for part, segment in zip(parts, segments):
            if part.startswith("{"):
                try:
                    params[part[1:-1]] = unquote(segment, errors="strict")
                except UnicodeDecodeError:
                    params[part[1:-1]] = None
            elif part != segment:
                break
        else:
            return template, params, methods
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: one connection serves many requests
    server_version = "contacts-python-example/" + VERSION

    def __getattr__(self, name):
        # http.server answers 501 for a method it has no do_<METHOD> for. Rule: a method a path
        # does not serve is 405 with Allow, never 501 or 500, so every method comes here.
        if name.startswith("do_"):
            return self.answer
        raise AttributeError(name)

    def answer(self):
        self.template = "(no route)"
        try:
            # The body is read first, whatever the answer, so the connection stays usable.
            self.raw_body = self.rfile.read(self.body_length())
            path, _, raw_query = self.path.partition("?")
            found = route(path)
            if found is None:
                raise not_found("no such path")
            self.template, params, methods = found
            handler = methods.get(self.command)
            if handler is None:
                allow = ", ".join(methods)
                raise unsupported(f"{self.command} {self.template} (this path serves {allow})",
                                  status=405, headers={"Allow": allow})
            self.check_token()
            if any(value is None for value in params.values()):
                raise not_found("a path segment that is not UTF-8")
            query = parse_qsl(raw_query, keep_blank_values=True)
            status, body = handler(self, params, query)
            self.send(status, body)
        except Problem as problem:
            self.send(problem.status, problem.body, problem.headers, "application/problem+json")
        except Exception:  # a bug here: say so as a problem, and log the trace
            traceback.print_exc()
            problem = Problem("unavailable", "the adapter failed; its log says why", status=500,
                              message="internal error")
            self.send(500, problem.body, {}, "application/problem+json")

    def check_token(self):
        token = self.server.token
        # Rule: the service document answers without a token, so a client can read the
        # version first; every other call needs `Authorization: Bearer <token>` when set.
        if token is None or (self.command == "GET" and self.template == "/v1"):
            return
        sent = self.headers.get("Authorization", "")
        scheme, _, value = sent.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
            # Rule: the token never appears in an answer or a log, not even a wrong one.
            raise Problem("unauthenticated", "authentication failed: send Authorization: Bearer <token>",
                          headers={"WWW-Authenticate": "Bearer"},
                          message="no token, or not this server's token")

    def body_length(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            raise Problem("invalidInput", "invalid Content-Length: send the body with a Content-Length",
                          status=411, field="Content-Length", reason="chunked bodies are not read")
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            raise invalid("Content-Length", "not a length")
        if length > MAX_BODY_BYTES:
            self.close_connection = True  # the body is not read: the connection cannot be reused
            raise Problem("invalidInput", "invalid body: larger than this adapter accepts", status=413,
                          field="body", reason=f"at most {MAX_BODY_BYTES} bytes")
        return length

    def json_body(self):
        raw = self.raw_body
        media = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media != "application/json" and not (media.startswith("application/") and media.endswith("+json")):
            raise Problem("invalidInput", "invalid Content-Type: send the body as application/json",
                          status=415, field="Content-Type", reason="the body must be JSON")
        try:
            value = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
        except (UnicodeDecodeError, ValueError) as e:
            raise invalid("body", f"not JSON: {e}")
        try:
            # JSON may escape a lone surrogate ("\\ud800"), which is no Unicode text: a store
            # could not keep it, and it must not be mangled, so it is refused.
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise invalid("body", "a string holds a lone surrogate escape (\\ud800 to \\udfff), which is not text")
        return value

    def send(self, status, body, headers=None, content_type="application/json"):
        data = b"" if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_request(self, code="-", size="-"):
        # Rule: no personal data or secrets in logs: the path template, never the raw path
        # (ids are personal data), never a header.
        if not self.server.quiet:
            sys.stderr.write(f"{self.command} {self.template} {code}\n")


def _no_constant(name):
    raise ValueError(f"{name} is not JSON")


def main(argv=None):
    parser = argparse.ArgumentParser(description="A contacts provider protocol adapter over its own store.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port; 0 picks a free one (default 8080)")
    parser.add_argument("--print-port", action="store_true", help="print the port on the first line of stdout")
    parser.add_argument("--data", help="JSON file to keep the contacts in (default: memory only)")
    parser.add_argument("--token", default=os.environ.get("CONTACTS_ADAPTER_TOKEN"),
                        help="bearer token every call but GET /v1 must send (or set CONTACTS_ADAPTER_TOKEN, "
                             "which other users of the machine cannot read from the process list)")
    parser.add_argument("--quiet", action="store_true", help="no access log on stderr")
    args = parser.parse_args(argv)
    if args.host not in ("127.0.0.1", "::1", "localhost"):
        sys.stderr.write("warning: plain HTTP beyond loopback carries the token and contacts in the clear; "
                         "put a TLS proxy in front\n")
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.store = Store(args.data)
    server.token = args.token or None
    server.quiet = args.quiet
    if args.print_port:
        print(server.server_address[1], flush=True)
    # A TERM (from a script, a container runtime) stops the server as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
