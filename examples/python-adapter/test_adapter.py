#!/usr/bin/env python3
"""Tests of the example adapter over HTTP: it is started on 127.0.0.1 with a free port and a
data file in a temporary directory, and every test talks to it as a client would.

    python3 -m unittest examples/python-adapter/test_adapter.py -v
"""

import http.client
import json
import os
import subprocess
import sys
import tempfile
import unittest
from urllib.parse import quote

ADAPTER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "adapter.py")
TOKEN = "test-token-7f3a"


class Adapter:
    """The adapter as a child process, and a small client for it."""

    def __init__(self, data_file):
        self.data_file = data_file
        self.proc = subprocess.Popen(
            [sys.executable, ADAPTER, "--port", "0", "--print-port", "--quiet", "--data", data_file],
            stdout=subprocess.PIPE,
            env={**os.environ, "CONTACTS_ADAPTER_TOKEN": TOKEN},
            text=True,
        )
        line = self.proc.stdout.readline()
        if not line.strip().isdigit():
            self.stop()
            raise RuntimeError(f"the adapter did not print its port (printed {line!r})")
        self.port = int(line)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()

    def call(self, method, path, body=None, token=TOKEN, content_type="application/json"):
        """(status, headers, decoded JSON body or None)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {}
        if token is not None:
            headers["Authorization"] = "Bearer " + token
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            if content_type:
                headers["Content-Type"] = content_type
        conn.request(method, path, body=data, headers=headers)
        resp = conn.getresponse()
        raw = resp.read()
        conn.close()
        return resp.status, resp.headers, json.loads(raw) if raw else None


class AdapterTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.adapter = Adapter(os.path.join(self.dir.name, "contacts.json"))
        self.addCleanup(self.dir.cleanup)
        self.addCleanup(lambda: self.adapter.stop())

    # helpers

    def call(self, *args, **kwargs):
        return self.adapter.call(*args, **kwargs)

    def create(self, *docs):
        status, _, body = self.call("POST", "/v1/contacts", {"contacts": list(docs)})
        self.assertEqual(status, 201, body)
        return [item["contact"] for item in body["results"]]

    def problem(self, status, kind, method, path, body=None, **kwargs):
        got, headers, answer = self.call(method, path, body, **kwargs)
        self.assertEqual(got, status, answer)
        self.assertEqual(headers["Content-Type"], "application/problem+json")
        self.assertEqual(answer["kind"], kind, answer)
        self.assertEqual(answer["status"], status)
        self.assertEqual(answer["type"], "urn:contacts:problem:" + kind)
        return answer, headers

    def walk(self, query):
        """Every page of a listing: (ids in order, number of pages)."""
        ids, token, pages = [], None, 0
        while True:
            request = {"query": query}
            if token:
                request["pageToken"] = token
            status, _, page = self.call("POST", "/v1/contact-queries", request)
            self.assertEqual(status, 200, page)
            pages += 1
            self.assertLessEqual(len(page["items"]), query.get("pageSize", 50))
            ids += [c["id"] for c in page["items"]]
            token = page.get("next")
            if token is None:
                return ids, pages
            self.assertLess(pages, 100, "the listing does not end")

    # the service document

    def test_service_document_declares_what_the_adapter_does_and_needs_no_token(self):
        status, _, doc = self.call("GET", "/v1", token=None)
        self.assertEqual(status, 200)
        self.assertEqual((doc["protocol"], doc["version"]), ("contacts-provider", "1.0"))
        caps = doc["capabilities"]
        self.assertEqual(caps["keys"]["kind"], "fixed")
        self.assertIn("email", caps["keys"]["keys"])
        self.assertTrue(caps["labels"] and caps["patch"] and caps["replace"] and caps["massDelete"])
        self.assertFalse(caps["metadata"])
        self.assertEqual(caps["metadataFilter"], "unsupported")

    # create, get, patch, put, delete

    def test_a_batch_is_created_in_input_order_and_reads_back_exactly(self):
        docs = [
            {"properties": {"firstName": "  two spaces  ", "company": "e\u0301"}, "labels": ["VIP"]},
            {"properties": {"lastName": "\u05e9\u05dc\u05d5\u05dd", "email": ""}},
            {"properties": {"note": "\U0001f469\u200d\U0001f4bb tab\there"}, "labels": ["a", "a", "b"]},
        ]
        created = self.create(*docs)
        self.assertEqual(len({c["id"] for c in created}), 3, "ids are distinct")
        expected = [
            ({"firstName": "  two spaces  ", "company": "e\u0301"}, ["VIP"]),
            ({"lastName": "\u05e9\u05dc\u05d5\u05dd"}, []),  # "" is no value: nothing stored
            ({"note": "\U0001f469\u200d\U0001f4bb tab\there"}, ["a", "b"]),
        ]
        for contact, (props, labels) in zip(created, expected):
            self.assertEqual((contact["properties"], contact["labels"]), (props, labels))
            status, _, got = self.call("GET", "/v1/contacts/" + quote(contact["id"], safe=""))
            self.assertEqual(status, 200)
            self.assertEqual((got["properties"], got["labels"]), (props, labels))

    def test_patch_has_three_states_and_removals_follow_additions(self):
        [c] = self.create({"properties": {"firstName": "Ada", "lastName": "L", "email": "a@x", "company": "C"},
                           "labels": ["keep", "drop"]})
        patch = {"properties": {"firstName": "Grace", "lastName": None, "email": ""},
                 "addLabels": ["new", "both"], "removeLabels": ["drop", "both"]}
        status, _, returned = self.call("PATCH", "/v1/contacts/" + c["id"], patch)
        self.assertEqual(status, 200, returned)
        _, _, got = self.call("GET", "/v1/contacts/" + c["id"])
        for contact in (returned, got):
            self.assertEqual(contact["properties"], {"firstName": "Grace", "company": "C"})
            self.assertEqual(contact["labels"], ["keep", "new"])
            self.assertEqual(contact["id"], c["id"])

    def test_put_leaves_exactly_the_new_document(self):
        [c] = self.create({"properties": {"firstName": "Old", "email": "old@x"}, "labels": ["old"]})
        status, _, replaced = self.call("PUT", "/v1/contacts/" + c["id"], {"properties": {"company": "New"}})
        self.assertEqual(status, 200, replaced)
        _, _, got = self.call("GET", "/v1/contacts/" + c["id"])
        self.assertEqual((got["id"], got["properties"], got["labels"]), (c["id"], {"company": "New"}, []))

    def test_a_deleted_contact_is_not_found_and_its_id_never_comes_back(self):
        first, second = self.create({"properties": {"note": "1"}}, {"properties": {"note": "2"}})
        status, _, body = self.call("DELETE", "/v1/contacts/" + first["id"])
        self.assertEqual((status, body), (204, None))
        answer, _ = self.problem(404, "notFound", "GET", "/v1/contacts/" + first["id"])
        self.assertIn(first["id"], answer["what"])
        self.problem(404, "notFound", "DELETE", "/v1/contacts/" + first["id"])
        self.assertEqual(self.call("GET", "/v1/contacts/" + second["id"])[0], 200)
        later = self.create(*[{"properties": {"note": str(i)}} for i in range(5)])
        self.assertNotIn(first["id"], [c["id"] for c in later])

    def test_ids_are_exact_strings_and_never_paths(self):
        [c] = self.create({"properties": {"note": "x"}})
        for near in ["0" + c["id"], " " + c["id"], c["id"] + "/", "+" + c["id"], "a/b", "..", "%2e%2e"]:
            path = "/v1/contacts/" + quote(near, safe="")
            self.problem(404, "notFound", "GET", path)
            self.problem(404, "notFound", "DELETE", path)
            self.problem(404, "notFound", "PATCH", path, {"properties": {"note": "changed"}})
        _, _, got = self.call("GET", "/v1/contacts/" + c["id"])
        self.assertEqual(got["properties"], {"note": "x"})

    # listings

    def test_pages_list_every_contact_once_in_both_orders(self):
        ids = [c["id"] for c in self.create(*[{"properties": {"note": str(i)}} for i in range(11)])]
        for size in (1, 2, 7, 200):
            listed, pages = self.walk({"pageSize": size})
            self.assertEqual(listed, ids, f"page size {size}")
            self.assertEqual(pages, -(-11 // size), f"page size {size}: the end is detected")
        listed, _ = self.walk({"pageSize": 3, "order": "descending"})
        self.assertEqual(listed, ids[::-1])

    def test_a_listing_survives_writes_between_its_pages(self):
        ids = [c["id"] for c in self.create(*[{"properties": {"note": str(i)}} for i in range(6)])]
        _, _, page = self.call("POST", "/v1/contact-queries", {"query": {"pageSize": 2}})
        self.assertEqual([c["id"] for c in page["items"]], ids[:2])
        # Between the pages: the first contact and one not yet listed are deleted, one is added.
        self.call("DELETE", "/v1/contacts/" + ids[0])
        self.call("DELETE", "/v1/contacts/" + ids[3])
        [new] = self.create({"properties": {"note": "new"}})
        rest, token = [], page["next"]
        while token:
            _, _, page = self.call("POST", "/v1/contact-queries", {"query": {"pageSize": 2}, "pageToken": token})
            rest += [c["id"] for c in page["items"]]
            token = page.get("next")
        self.assertEqual(rest, [ids[2], ids[4], ids[5], new["id"]], "none twice, none skipped")

    def test_filters_are_all_of_labels_and_exact_values(self):
        a, b, ab, _, abc = self.create(
            {"properties": {"company": "x"}, "labels": ["A"]},
            {"properties": {"company": "X"}, "labels": ["B"]},
            {"properties": {"company": "x"}, "labels": ["A", "B"]},
            {"properties": {"company": "y"}},
            {"properties": {"company": " x"}, "labels": ["A", "B", "C"]},
        )
        cases = [
            ({"labels": ["A", "B"]}, [ab, abc]),
            ({"labels": ["C"]}, [abc]),
            ({"labels": ["none"]}, []),
            ({"properties": {"company": "x"}}, [a, ab]),
            ({"labels": ["A"], "properties": {"company": "x"}}, [a, ab]),
        ]
        for query_filter, want in cases:
            listed, _ = self.walk({"filter": query_filter, "pageSize": 1})
            self.assertEqual(listed, [c["id"] for c in want], query_filter)

    def test_bad_listings_are_refused_naming_the_field(self):
        self.create(*[{"properties": {"note": str(i)}} for i in range(3)])
        for size in (0, 201, -1, "2", True, 1.5):
            answer, _ = self.problem(422, "invalidInput", "POST", "/v1/contact-queries", {"query": {"pageSize": size}})
            self.assertEqual(answer["field"], "query.pageSize")
        _, _, page = self.call("POST", "/v1/contact-queries", {"query": {"pageSize": 1}})
        token = page["next"]
        for forged in ["forged-token", token[:-1], token + "x", token[:-1] + ("2" if token[-1] == "1" else "1")]:
            answer, _ = self.problem(422, "invalidInput", "POST", "/v1/contact-queries",
                                     {"query": {"pageSize": 1}, "pageToken": forged})
            self.assertEqual(answer["field"], "pageToken")
        answer, _ = self.problem(422, "invalidInput", "POST", "/v1/contact-queries",
                                 {"query": {"pageSize": 1, "order": "descending"}, "pageToken": token})
        self.assertIn("another query", answer["detail"])
        self.problem(404, "unsupported", "POST", "/v1/contact-queries", {"query": {"includeMetadata": True}})
        self.problem(404, "unsupported", "POST", "/v1/contact-queries",
                     {"query": {"filter": {"metadata": {"phoneNumber.isBlocked": "true"}}}})
        answer, _ = self.problem(422, "invalidInput", "POST", "/v1/contact-queries", {"query": {"filter": {"labels": [""]}}})
        self.assertEqual(answer["field"], "query.filter.labels")
        for request, field in [({"query": None}, "query"), ({"query": {"filter": None}}, "query.filter"),
                               ({"query": {"order": "up"}}, "query.order")]:
            answer, _ = self.problem(422, "invalidInput", "POST", "/v1/contact-queries", request)
            self.assertEqual(answer["field"], field)

    # mass delete

    def test_delete_by_filter_removes_exactly_the_matches_and_everything_needs_saying(self):
        doomed, kept, also = self.create(
            {"properties": {"company": "gone"}, "labels": ["old"]},
            {"properties": {"company": "Gone"}},
            {"properties": {"company": "gone"}, "labels": ["old", "x"]},
        )
        answer, _ = self.problem(422, "invalidInput", "POST", "/v1/contact-deletions", {"target": {"matching": {}}})
        self.assertEqual(answer["field"], "target.matching")
        self.assertEqual(len(self.walk({})[0]), 3, "a refused mass delete deletes nothing")
        status, _, gone = self.call("POST", "/v1/contact-deletions",
                                    {"target": {"matching": {"properties": {"company": "gone"}, "labels": ["old"]}}})
        self.assertEqual(status, 200, gone)
        self.assertEqual([c["id"] for c in gone["contacts"]], [doomed["id"], also["id"]])
        self.assertEqual(self.walk({})[0], [kept["id"]])
        status, _, gone = self.call("POST", "/v1/contact-deletions", {"target": "everyContact"})
        self.assertEqual([c["id"] for c in gone["contacts"]], [kept["id"]])
        self.assertEqual(self.walk({})[0], [])

    # refusals

    def test_bad_writes_are_refused_with_the_field_and_store_nothing(self):
        cases = [
            ({"contacts": []}, "contacts"),
            ({"contacts": [{"properties": {"note": "x"}}] * 101}, "contacts"),
            ({"contacts": [{"properties": {"nickname": "x"}}]}, "contacts[0].properties.nickname"),
            ({"contacts": [{"properties": {"": "x"}}]}, "contacts[0].properties"),
            ({"contacts": [{"properties": {"note": "x" * 501}}]}, "contacts[0].properties.note"),
            ({"contacts": [{"properties": {"note": 5}}]}, "contacts[0].properties.note"),
            ({"contacts": [{"lables": ["x"]}]}, "contacts[0].lables"),
            ({"contacts": [{"properties": {"note": "ok"}}, {"properties": {"note": "ok"}},
                           {"labels": [""]}]}, "contacts[2].labels"),
            ({"contact": []}, "contact"),
            ({"contacts": [{"properties": None}]}, "contacts[0].properties"),
            ({"contacts": [{"labels": None}]}, "contacts[0].labels"),
        ]
        for body, field in cases:
            answer, _ = self.problem(422, "invalidInput", "POST", "/v1/contacts", body)
            self.assertEqual(answer["field"], field, body)
        answer, _ = self.problem(422, "invalidInput", "POST", "/v1/contacts",
                                 b'{"contacts": [{"properties": {"note": "\\ud800"}}]}')
        self.assertIn("surrogate", answer["reason"])
        self.problem(404, "unsupported", "POST", "/v1/contacts", {"contacts": [{"card": {"@type": "Card"}}]})
        self.problem(404, "unsupported", "POST", "/v1/contacts", {"contacts": [{"addressBook": "b"}]})
        self.assertEqual(self.walk({})[0], [], "nothing of a refused batch is stored")

    def test_bad_requests_get_the_right_status_and_kind(self):
        [c] = self.create({"properties": {"note": "x"}})
        self.problem(404, "unsupported", "GET", f"/v1/contacts/{c['id']}?includeMetadata=true")
        answer, headers = self.problem(405, "unsupported", "PUT", "/v1/contacts", {"contacts": []})
        self.assertEqual(headers["Allow"], "POST")
        answer, headers = self.problem(405, "unsupported", "POST", "/v1/contacts/" + c["id"], {})
        self.assertEqual(set(headers["Allow"].split(", ")), {"GET", "PATCH", "PUT", "DELETE"})
        self.problem(405, "unsupported", "TRACE", "/v1")
        answer, _ = self.problem(404, "notFound", "GET", "/v2/contacts")
        self.problem(404, "notFound", "GET", "/v1/")
        self.problem(404, "unsupported", "GET", "/v1/labels")
        self.problem(415, "invalidInput", "POST", "/v1/contacts", b'{"contacts":[{}]}', content_type="text/plain")
        answer, _ = self.problem(422, "invalidInput", "POST", "/v1/contacts", b'{"contacts": [')
        self.assertEqual(answer["field"], "body")
        self.assertEqual(self.walk({})[0], [c["id"]])

    def test_the_token_is_required_and_never_echoed(self):
        answer, headers = self.problem(401, "unauthenticated", "POST", "/v1/contacts",
                                       {"contacts": [{"properties": {"note": "x"}}]}, token=None)
        self.assertEqual(headers["WWW-Authenticate"], "Bearer")
        wrong = "wrong-" + TOKEN
        answer, _ = self.problem(401, "unauthenticated", "GET", "/v1/contacts/1", token=wrong)
        self.assertNotIn(wrong, json.dumps(answer))
        self.assertNotIn(TOKEN, json.dumps(answer))
        self.assertEqual(self.walk({})[0], [])

    # persistence

    def test_contacts_ids_and_page_tokens_survive_a_restart(self):
        ids = [c["id"] for c in self.create(*[{"properties": {"note": str(i)}} for i in range(3)])]
        _, _, page = self.call("POST", "/v1/contact-queries", {"query": {"pageSize": 2}})
        self.call("DELETE", "/v1/contacts/" + ids[2])
        self.adapter.stop()
        self.adapter = Adapter(self.adapter.data_file)
        _, _, rest = self.call("POST", "/v1/contact-queries", {"query": {"pageSize": 2}, "pageToken": page["next"]})
        self.assertEqual(rest, {"items": []}, "the token resumes after the restart; the deleted one is gone")
        self.assertEqual(self.walk({})[0], ids[:2])
        [new] = self.create({"properties": {"note": "after"}})
        self.assertNotIn(new["id"], ids, "an id is not reused after a restart")


if __name__ == "__main__":
    unittest.main()
