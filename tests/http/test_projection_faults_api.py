"""An admin sees the events a view could not apply, and can have them applied again."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import NamedTuple

import pytest
from eventsourcing.persistence import StoredEvent

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer, in_process
from tests.stores import STORES


class Poisoned(NamedTuple):
    server: InProcessServer
    admin: Person
    position: int


@pytest.fixture(scope="module", params=STORES)
def poisoned(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Poisoned]:
    """A workspace of the module's own, founded, then poisoned once: the poison stays in its log
    for good, and a retry finds it again, so each test here sees the same single fault."""
    with in_process(request.param, tmp_path_factory.mktemp("poisoned")) as server:
        admin = people.founder(server)
        yield Poisoned(server, admin, poison(server))


def poison(server: InProcessServer) -> int:
    """Below every boundary, as a bug would write it: a registration the projectors cannot read."""
    identity = server.container.identity
    identity.recorder.insert_events([StoredEvent(
        originator_id=uuid.uuid4(), originator_version=1, topic="domain.identity.user:User.Registered",
        state=b'{"not": "a registration"}')])
    return identity.position


def test_a_poison_event_is_shown_to_admins_and_everyone_else_is_served(poisoned: Poisoned):
    server, admin, position = poisoned
    member = people.member(server, admin, "member")
    assert member.http.get("/api/v1/auths/").status_code == 200
    faults = admin.http.get("/api/v1/events/faults").json()["faults"]
    assert {(f["view"], f["position"]) for f in faults} >= {("users", position)}
    assert all(f["error"] and f["topic"] == "domain.identity.user:User.Registered" for f in faults)


def test_retrying_rebuilds_the_faulted_views_and_reports_what_remains(poisoned: Poisoned):
    server, admin, position = poisoned
    people.member(server, admin, "member")
    answer = admin.http.post("/api/v1/events/faults/retry").json()
    assert "users" in {r["view"] for r in answer["rebuilt"]}
    assert ("users", position) in {(f["view"], f["position"]) for f in answer["faults"]}


def test_members_may_not_see_faults(member: Person):
    assert member.http.get("/api/v1/events/faults").status_code in (401, 403)
    assert member.http.post("/api/v1/events/faults/retry").status_code in (401, 403)


def test_metrics_count_each_views_faults_and_lag(poisoned: Poisoned):
    server, admin, _ = poisoned
    people.member(server, admin, "member")
    response = admin.http.get("/metrics")
    assert response.headers["content-type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert 'annals_projection_faults{view="users"} 1.0' in lines
    assert 'annals_projection_faults{view="chats"} 0.0' in lines
    assert any(line.startswith('annals_view_lag{context="Identity",view="users"}') for line in lines)
    assert any(line.startswith('annals_log_position{context="Identity"}') for line in lines)


def test_members_may_not_read_metrics(member: Person):
    assert member.http.get("/metrics").status_code == 401
