"""A flood of refused requests leaves a few audit records that count it, not a record apiece."""

from __future__ import annotations

import uuid
from typing import Any

from application.audit.aggregation import PER_GROUP
from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.waiting import wait_for

FLOOD = 300


def _token_refusals(admin: Person, after: int) -> list[dict[str, Any]]:
    response = admin.http.get("/api/v1/events", params={"context": "audit", "type": "Refusal.Recorded",
                                                        "after": after, "limit": 1000})
    return [e["data"] for e in response.json()["events"] if e["data"]["kind"] == "token"]


def _last_position(admin: Person) -> int:
    events = admin.http.get("/api/v1/events", params={"context": "audit", "limit": 1000}).json()["events"]
    return events[-1]["position"] if events else 0


def test_a_flood_of_bad_tokens_leaves_a_few_records_that_count_it(server: InProcessServer, admin: Person) -> None:
    after = _last_position(admin)
    with people.anonymous(server) as client:
        for n in range(FLOOD):
            client.get(f"/api/v1/chats/{uuid.uuid4()}", headers=people.bearer(f"bad.token.{n}"))
    wait_for(lambda: sum(1 + r["folded"] for r in _token_refusals(admin, after)) >= FLOOD, timeout=30,
             what="the flood's count in the audit trail")
    assert len(_token_refusals(admin, after)) <= 2 * (PER_GROUP + 1)  # one interval, or two if it straddled


def test_a_long_path_is_recorded_cut_short(server: InProcessServer, admin: Person) -> None:
    after = _last_position(admin)
    with people.anonymous(server) as client:
        client.get("/api/v1/chats/" + "x" * 20_000, headers=people.bearer("bad.token"))
    wait_for(lambda: bool(_token_refusals(admin, after)), timeout=30, what="the refusal's record")
    assert all(len(r["path"]) <= 512 for r in _token_refusals(admin, after))
