"""An admin sees the events a view could not apply, and can have them applied again."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from eventsourcing.persistence import StoredEvent

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer, in_process
from tests.stores import STORES


@pytest.fixture(params=STORES)
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[InProcessServer]:
    """A workspace of its own: the poison injected here stays in its log for good."""
    with in_process(request.param, tmp_path) as server:
        yield server


def poison(server: InProcessServer) -> int:
    """Below every boundary, as a bug would write it: a registration the projectors cannot read."""
    identity = server.container.identity
    identity.recorder.insert_events([StoredEvent(
        originator_id=uuid.uuid4(), originator_version=1, topic="domain.identity.user:User.Registered",
        state=b'{"not": "a registration"}')])
    return identity.position


def test_a_poison_event_is_shown_to_admins_and_everyone_else_is_served(fresh: InProcessServer):
    admin = people.founder(fresh)
    position = poison(fresh)
    member = people.member(fresh, admin, "member")
    assert member.http.get("/api/v1/auths/").status_code == 200
    faults = admin.http.get("/api/v1/events/faults").json()["faults"]
    assert {(f["view"], f["position"]) for f in faults} >= {("users", position)}
    assert all(f["error"] and f["topic"] == "domain.identity.user:User.Registered" for f in faults)


def test_retrying_rebuilds_the_faulted_views_and_reports_what_remains(fresh: InProcessServer):
    admin = people.founder(fresh)
    position = poison(fresh)
    people.member(fresh, admin, "member")
    answer = admin.http.post("/api/v1/events/faults/retry").json()
    assert "users" in {r["view"] for r in answer["rebuilt"]}
    assert ("users", position) in {(f["view"], f["position"]) for f in answer["faults"]}


def test_members_may_not_see_faults(fresh: InProcessServer):
    admin = people.founder(fresh)
    member: Person = people.member(fresh, admin, "member")
    assert member.http.get("/api/v1/events/faults").status_code in (401, 403)
    assert member.http.post("/api/v1/events/faults/retry").status_code in (401, 403)


def test_metrics_count_each_views_faults_and_lag(fresh: InProcessServer):
    admin = people.founder(fresh)
    poison(fresh)
    people.member(fresh, admin, "member")
    response = admin.http.get("/metrics")
    assert response.headers["content-type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert 'annals_projection_faults{view="users"} 1.0' in lines
    assert 'annals_projection_faults{view="chats"} 0.0' in lines
    assert any(line.startswith('annals_view_lag{context="Identity",view="users"}') for line in lines)
    assert any(line.startswith('annals_log_position{context="Identity"}') for line in lines)


def test_members_may_not_read_metrics(fresh: InProcessServer):
    admin = people.founder(fresh)
    assert people.member(fresh, admin, "member").http.get("/metrics").status_code == 401
