"""/api/v1/retention: admins set how long chats, files and audit records are kept; the sweep
purges what is due and proves it in the audit trail. A workspace of the module's own: a policy
must not purge other modules' old imported chats."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.e2e.documents import chat, message
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.workspaces import own_workspace

server, admin = own_workspace("retention")
RETENTION = "/api/v1/retention"
DAY = 86400


@pytest.fixture(autouse=True)
def forever(admin: Person) -> None:
    """Each test starts from a policy that keeps everything."""
    admin.http.post(RETENTION, json={"chat_days": 0, "file_days": 0, "audit_days": 0}).raise_for_status()


def old_chat(person: Person, days_ago: int) -> str:
    when = int(time.time()) - days_ago * DAY
    document = chat("Old", message("q1", "Hello?"))
    imported = person.http.post("/api/v1/chats/import", json={"chats": [
        {"chat": document, "meta": {}, "pinned": False, "archived": False, "created_at": when, "updated_at": when}]})
    imported.raise_for_status()
    return str(imported.json()[0]["id"])


def test_an_admin_sets_the_policy_and_reads_it_back(admin: Person) -> None:
    set_ = admin.http.post(RETENTION, json={"chat_days": 90, "audit_days": 365})
    assert set_.status_code == 200, set_.text
    assert {k: v for k, v in admin.http.get(RETENTION).json().items() if k.endswith("_days")} == {
        "chat_days": 90, "file_days": 0, "audit_days": 365}


def test_null_keeps_forever_and_a_field_left_out_is_unchanged(admin: Person) -> None:
    admin.http.post(RETENTION, json={"chat_days": 90, "file_days": 30}).raise_for_status()
    policy = admin.http.post(RETENTION, json={"chat_days": None}).json()
    assert (policy["chat_days"], policy["file_days"]) == (0, 30)


@pytest.mark.parametrize("body", [{"chat_days": -1}, {"file_days": 36_501}, {"audit_days": "thirty"},
                                  {"chat_days": 1.5}, {"chat_days": True}, {"messages_days": 3}])
def test_bad_days_are_refused_with_the_reason(admin: Person, body: dict[str, Any]) -> None:
    answer = admin.http.post(RETENTION, json=body)
    assert answer.status_code == 422, answer.text
    assert next(iter(body)) in answer.text


def test_a_member_may_neither_read_nor_set_the_policy(member: Person) -> None:
    assert member.http.get(RETENTION).status_code == 401
    assert member.http.post(RETENTION, json={"chat_days": 1}).status_code == 401


def test_a_purge_is_proven_in_the_audit_trail_with_its_counts(server: InProcessServer, admin: Person,
                                                             member: Person) -> None:
    gone, kept = old_chat(member, days_ago=40), old_chat(member, days_ago=5)
    admin.http.post(RETENTION, json={"chat_days": 30}).raise_for_status()
    server.container.retention_purge.apply_due()
    assert member.http.get(f"/api/v1/chats/{gone}").status_code == 404
    assert member.http.get(f"/api/v1/chats/{kept}").status_code == 200
    [proof] = admin.http.get("/api/v1/audit/entries", params={"type": "RetentionPolicy.Applied"}).json()["entries"]
    assert proof["detail"]["counts"] == {"chats": 1, "files": 0, "audit": 0}
