#!/usr/bin/env python3
"""Checks a server of the contacts provider protocol from the outside, with nothing but urllib.

    python3 protocol_check.py --url http://127.0.0.1:8080 --token "$TOKEN"

It reads the service document, then creates a few contacts of its own, reads, patches,
replaces and deletes them, pages through a listing of more than two pages, and provokes a
not-found problem, an invalid-input problem and a 405. It adapts to what the service document
declares (keys, labels, patch, replace, batch and page sizes), leaves the other contacts of the
store alone, and deletes what it created. The first deviation stops it with a message and exit
status 1; a server it cannot reach is exit status 2.
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.request
from urllib.parse import quote

PROBLEM = "application/problem+json"


class Deviation(Exception):
    """The server did something the protocol does not allow."""


class Client:
    def __init__(self, url, token):
        self.base = url.rstrip("/")
        self.token = token

    def call(self, method, path, body=None):
        """(status, headers, decoded JSON or None). Never raises for an HTTP status."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", "Bearer " + self.token)
        try:
            with urllib.request.urlopen(request, timeout=30) as resp:
                status, headers, raw = resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as err:
            status, headers, raw = err.code, err.headers, err.read()
        if not raw:
            return status, headers, None
        try:
            return status, headers, json.loads(raw)
        except ValueError:
            excerpt = raw[:200].decode("utf-8", "replace")
            raise Deviation(f"{method} {path} answered {status} with a body that is not JSON: {excerpt!r}")


def expect(condition, message):
    if not condition:
        raise Deviation(message)


def expect_status(what, got, want, body):
    expect(got == want, f"{what}: status {got}, expected {want}; body: {json.dumps(body)[:300]}")


def expect_problem(what, status, headers, body, want_status, kind):
    expect_status(what, status, want_status, body)
    media = (headers.get("Content-Type") or "").split(";")[0].strip()
    expect(media == PROBLEM, f"{what}: Content-Type {media!r}, expected {PROBLEM}")
    expect(isinstance(body, dict), f"{what}: the problem is not a JSON object")
    expect(body.get("kind") == kind, f"{what}: problem kind {body.get('kind')!r}, expected {kind!r}")
    expect(body.get("status") == want_status, f"{what}: the problem says status {body.get('status')!r}")
    expect(body.get("type") == "urn:contacts:problem:" + kind, f"{what}: problem type {body.get('type')!r}")
    expect(isinstance(body.get("detail"), str) and body["detail"], f"{what}: the problem has no detail")


class Check:
    def __init__(self, client, verbose=True):
        self.c = client
        self.verbose = verbose
        self.created = []

    def ok(self, message):
        if self.verbose:
            print("ok   " + message)

    def contact_path(self, cid):
        return "/v1/contacts/" + quote(cid, safe="")

    def service(self):
        status, _, doc = self.c.call("GET", "/v1")
        expect_status("GET /v1", status, 200, doc)
        expect(doc.get("protocol") == "contacts-provider", f"GET /v1: protocol {doc.get('protocol')!r}")
        expect(str(doc.get("version", "")).split(".")[0] == "1", f"GET /v1: version {doc.get('version')!r}, expected 1.x")
        caps = doc.get("capabilities")
        expect(isinstance(caps, dict), "GET /v1: no capabilities")
        self.caps = caps
        keys = caps["keys"]
        self.required = list(caps.get("requiredKeys") or [])
        if keys.get("kind") == "fixed":
            storable = [k for k in keys["keys"] if k not in self.required]
        else:
            storable = ["firstName", "lastName", "company", "note"]
        # Plain text keys first: a server may validate phone numbers or e-mail addresses.
        storable.sort(key=lambda k: k in ("phoneNumber", "email"))
        expect(len(storable) >= 1, "the server declares no optional key it stores; nothing to check with")
        self.key = storable[0]
        self.other_key = storable[1] if len(storable) > 1 else None
        self.ok(f"service document: {doc['protocol']} {doc['version']}, provider {doc.get('provider')!r}")

    def doc(self, n, value=None):
        props = {key: f"+4670123{n:04d}" for key in self.required}
        props[self.key] = value if value is not None else f"protocol check {n}"
        return {"properties": props}

    def create(self, docs):
        out = []
        step = max(1, int(self.caps.get("maxBatchSize", 1)))
        for start in range(0, len(docs), step):
            chunk = docs[start:start + step]
            status, _, body = self.c.call("POST", "/v1/contacts", {"contacts": chunk})
            expect_status("POST /v1/contacts", status, 201, body)
            results = body.get("results")
            expect(isinstance(results, list) and len(results) == len(chunk),
                   f"POST /v1/contacts: {len(chunk)} contacts sent, results {json.dumps(results)[:200]}")
            for i, (item, doc) in enumerate(zip(results, chunk)):
                expect(item.get("index") == i, f"POST /v1/contacts: result {i} has index {item.get('index')!r}")
                contact = item.get("contact") or {}
                expect(isinstance(contact.get("id"), str) and contact["id"],
                       f"POST /v1/contacts: result {i} has no contact id")
                expect(contact.get("properties") == doc["properties"],
                       f"POST /v1/contacts: result {i} is {contact.get('properties')}, sent {doc['properties']}")
                self.created.append(contact["id"])
                out.append(contact)
        return out

    def crud(self):
        labels = bool(self.caps.get("labels"))
        first = self.doc(1, "  kept exactly \u00e9\u0301 \U0001f600 ")
        if labels:
            first["labels"] = ["protocol-check", "drop-me"]
        [contact] = self.create([first])
        cid = contact["id"]
        self.ok(f"create: stored as {cid}")
        status, _, got = self.c.call("GET", self.contact_path(cid))
        expect_status("GET one contact", status, 200, got)
        expect(got.get("id") == cid, f"GET one contact: id {got.get('id')!r}, expected {cid!r}")
        expect(got.get("properties") == first["properties"],
               f"GET one contact: properties {got.get('properties')}, created with {first['properties']}")
        if labels:
            expect(sorted(got.get("labels", [])) == sorted(first["labels"]), f"GET one contact: labels {got.get('labels')}")
        self.ok("get: reads back exactly what was created")
        if self.caps.get("patch"):
            self.patch(cid, first, labels)
        if self.caps.get("replace"):
            new = self.doc(3, "replaced")
            status, _, put = self.c.call("PUT", self.contact_path(cid), new)
            expect_status("PUT one contact", status, 200, put)
            status, _, got = self.c.call("GET", self.contact_path(cid))
            expect(got.get("id") == cid and got.get("properties") == new["properties"] and not got.get("labels"),
                   f"after PUT the contact is {json.dumps(got)[:300]}, expected exactly {new}")
            self.ok("put: the contact is exactly the new document, same id")
        status, _, body = self.c.call("DELETE", self.contact_path(cid))
        expect_status("DELETE one contact", status, 204, body)
        self.created.remove(cid)
        status, headers, body = self.c.call("GET", self.contact_path(cid))
        expect_problem("GET after DELETE", status, headers, body, 404, "notFound")
        status, headers, body = self.c.call("DELETE", self.contact_path(cid))
        expect_problem("a second DELETE", status, headers, body, 404, "notFound")
        self.ok("delete: then get and delete are notFound problems (404)")

    def patch(self, cid, first, labels):
        change = {self.key: "patched"}
        expected = dict(first["properties"], **change)
        if self.other_key:
            # Three states: set one key, remove another with null, leave the rest untouched.
            status, _, _ = self.c.call("PATCH", self.contact_path(cid), {"properties": {self.other_key: "to remove"}})
            expect_status("PATCH setting a second key", status, 200, None)
            change[self.other_key] = None
        body = {"properties": change}
        if labels:
            body["addLabels"], body["removeLabels"] = ["added"], ["drop-me"]
        status, _, patched = self.c.call("PATCH", self.contact_path(cid), body)
        expect_status("PATCH one contact", status, 200, patched)
        status, _, got = self.c.call("GET", self.contact_path(cid))
        for what, contact in (("PATCH answered", patched), ("GET after PATCH read", got)):
            expect(contact.get("properties") == expected,
                   f"{what} properties {contact.get('properties')}, expected {expected}")
            if labels:
                expect(sorted(contact.get("labels", [])) == ["added", "protocol-check"],
                       f"{what} labels {contact.get('labels')}, expected ['added', 'protocol-check']")
        self.ok("patch: sets, removes with null, leaves other keys and labels alone")

    def paging(self):
        size = min(2, int(self.caps.get("maxPageSize", 2)))
        count = 3 * size + 1  # more than two pages, the last one partly full
        mine = [c["id"] for c in self.create([self.doc(10 + i) for i in range(count)])]
        seen, token, pages = [], None, 0
        while True:
            request = {"query": {"pageSize": size}}
            if token is not None:
                request["pageToken"] = token
            status, _, page = self.c.call("POST", "/v1/contact-queries", request)
            expect_status(f"POST /v1/contact-queries (page {pages + 1})", status, 200, page)
            items = page.get("items")
            expect(isinstance(items, list) and len(items) <= size,
                   f"page {pages + 1} has {len(items) if isinstance(items, list) else items!r} items at page size {size}")
            seen += [c["id"] for c in items]
            pages += 1
            token = page.get("next")
            if token is None:
                break
            expect(pages < 10_000, "the listing does not end")
        twice = sorted({i for i in seen if seen.count(i) > 1})
        expect(not twice, f"the listing showed {twice} more than once")
        missing = [i for i in mine if i not in seen]
        expect(not missing, f"the listing never showed {missing}")
        expect(pages > 2, f"{count} contacts at page size {size} came in {pages} pages")
        self.ok(f"paging: {len(seen)} contacts in {pages} pages of {size}, each exactly once")

    def problems(self):
        status, headers, body = self.c.call("GET", "/v1/contacts/" + quote("protocol-check-no-such-id", safe=""))
        expect_problem("GET of an unknown id", status, headers, body, 404, "notFound")
        self.ok("unknown id: a notFound problem (404)")
        bad = self.doc(99)
        bad["properties"][""] = "an empty key"
        status, headers, body = self.c.call("POST", "/v1/contacts", {"contacts": [bad]})
        expect_problem("POST with an empty property key", status, headers, body, 422, "invalidInput")
        expect(isinstance(body.get("field"), str) and body["field"], "the invalidInput problem names no field")
        status, headers, body = self.c.call("POST", "/v1/contact-queries", {"query": {"pageSize": 0}})
        expect_problem("a listing with page size 0", status, headers, body, 422, "invalidInput")
        self.ok(f"bad input: invalidInput problems (422) naming the field ({body.get('field')!r})")
        status, headers, body = self.c.call("PUT", "/v1/contacts", {"contacts": []})
        expect_status("PUT /v1/contacts (a method the path does not serve)", status, 405, body)
        allow = [m.strip() for m in (headers.get("Allow") or "").split(",")]
        expect("POST" in allow, f"the 405 answer's Allow header is {headers.get('Allow')!r}, expected it to name POST")
        expect((headers.get("Content-Type") or "").startswith(PROBLEM), "the 405 answer is not a problem document")
        self.ok(f"method not served: 405 with Allow: {headers.get('Allow')}")

    def cleanup(self):
        for cid in list(self.created):
            status, _, _ = self.c.call("DELETE", self.contact_path(cid))
            if status in (204, 404):
                self.created.remove(cid)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Exercise a contacts provider protocol server.")
    parser.add_argument("--url", required=True, help="the server's base URL, e.g. http://127.0.0.1:8080")
    parser.add_argument("--token", default=os.environ.get("CONTACTS_TOKEN"),
                        help="bearer token (or set CONTACTS_TOKEN)")
    parser.add_argument("--quiet", action="store_true", help="print only a failure")
    args = parser.parse_args(argv)
    check = Check(Client(args.url, args.token), verbose=not args.quiet)
    try:
        try:
            check.service()
            check.crud()
            check.paging()
            check.problems()
        finally:
            if hasattr(check, "caps"):
                check.cleanup()
    except Deviation as deviation:
        print(f"protocol_check: FAILED: {deviation}", file=sys.stderr)
        return 1
    except (urllib.error.URLError, OSError) as err:
        print(f"protocol_check: cannot reach {args.url}: {err}", file=sys.stderr)
        return 2
    if not args.quiet:
        print("protocol_check: every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
