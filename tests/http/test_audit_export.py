"""GET /api/v1/audit/export: the trail as JSON lines or CSV, signed byte for byte, ending on signed
checkpoints of the logs."""

from __future__ import annotations

import base64
import csv
import io
import json

from domain.audit.log_chain import checkpoint_message
from infrastructure.audit_keys import valid_under
from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer

EXPORT = "/api/v1/audit/export"


def published_key(server: InProcessServer) -> bytes:
    return people.anonymous(server).get("/api/v1/audit/checkpoints/key").text.encode()


def holds(key: bytes, data: bytes, signature: bytes) -> bool:
    return valid_under(key, data, signature)


def test_an_export_is_signed_by_the_published_key(server: InProcessServer, admin: Person, member: Person):
    answer = admin.http.get(EXPORT, params={"person": member.id})
    signature = base64.b64decode(answer.headers["x-annals-signature"])
    assert answer.status_code == 200 and holds(published_key(server), answer.content, signature)


def test_a_changed_byte_breaks_the_signature(server: InProcessServer, admin: Person, member: Person):
    answer = admin.http.get(EXPORT, params={"person": member.id})
    signature = base64.b64decode(answer.headers["x-annals-signature"])
    changed = bytearray(answer.content)
    changed[len(changed) // 2] ^= 0x01
    assert not holds(published_key(server), bytes(changed), signature)


def test_an_export_ends_on_signed_checkpoints_of_each_log(server: InProcessServer, admin: Person, member: Person):
    member.http.post("/api/v1/chats/new", json={"chat": {"title": "exported"}}).raise_for_status()
    rows = [json.loads(line) for line in admin.http.get(EXPORT).content.splitlines()]
    checkpoints = [row for row in rows if row["type"] == "Checkpoint"]
    assert rows[-len(checkpoints):] == checkpoints and {"identity", "chats"} <= {c["context"] for c in checkpoints}
    for checkpoint in checkpoints:
        detail = checkpoint["detail"]
        message = checkpoint_message(detail["log"], checkpoint["position"], bytes.fromhex(detail["hash"]),
                                     checkpoint["timestamp"])
        assert holds(published_key(server), message, base64.b64decode(detail["signature"]))
        entries = [r for r in rows if r["context"] == checkpoint["context"] and r["type"] != "Checkpoint"]
        assert all(e["position"] <= checkpoint["position"] for e in entries)


def test_a_csv_export_holds_the_same_entries(admin: Person, member: Person):
    filters = {"person": member.id}
    lines = [json.loads(line) for line in admin.http.get(EXPORT, params=filters).content.splitlines()]
    table = list(csv.DictReader(io.StringIO(admin.http.get(EXPORT, params={**filters, "format": "csv"}).text)))
    entries = [(r["context"], r["position"], r["type"]) for r in lines if r["type"] != "Checkpoint"]
    assert [(r["context"], int(r["position"]), r["type"]) for r in table if r["type"] != "Checkpoint"] == entries
    assert [r["actor_id"] for r in table] == [r["actor_id"] or "" for r in lines]


def test_bad_filters_are_refused_before_anything_is_signed(admin: Person):
    for params, reason in (({"format": "xml"}, "format"), ({"context": "nowhere"}, "context must be one of"),
                           ({"since": 20, "until": 10}, "since must not be later than until")):
        answer = admin.http.get(EXPORT, params=params)
        assert answer.status_code in (400, 422) and reason in answer.text, (params, answer.text)


def test_a_member_may_not_export(member: Person):
    assert member.http.get(EXPORT).status_code == 401
