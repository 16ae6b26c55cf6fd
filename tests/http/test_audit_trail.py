"""GET /api/v1/audit/entries: who did what, when, from where, for admins, filtered and paged."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer, in_process
from tests.stores import STORES

TRAIL = "/api/v1/audit/entries"


@pytest.fixture(scope="module", params=STORES)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessServer]:
    """A server of this module's own: refusals from one address are counted, not recorded, once a
    few were in the last seconds (application/audit/aggregation.py), and other modules refuse too."""
    with in_process(request.param, tmp_path_factory.mktemp(f"trail-{request.param}")) as app:
        yield app


@pytest.fixture(scope="module")
def admin(server: InProcessServer) -> Person:
    return people.founder(server)


def entries(admin: Person, **filters: Any) -> list[dict[str, Any]]:
    answer = admin.http.get(TRAIL, params={"limit": 1000, **filters})
    answer.raise_for_status()
    return answer.json()["entries"]


def test_a_sign_in_is_recorded_with_its_address_and_means(server: InProcessServer, admin: Person, member: Person):
    people.sign_in(server, member.email)
    signed_in = entries(admin, person=member.id, type="User.SignedIn")
    assert signed_in[-1]["address"] == "testclient"
    assert signed_in[-1]["detail"] == {"outcome": "success", "means": "password"}
    assert signed_in[-1]["actor_id"] == member.id and signed_in[-1]["context"] == "identity"


def test_a_failed_sign_in_is_recorded_with_its_address(server: InProcessServer, admin: Person, member: Person):
    since = time.time()
    with people.anonymous(server) as client:
        refused = client.post("/api/v1/auths/signin", json={"email": member.email, "password": "not it"})
    assert refused.status_code == 400
    failed = entries(admin, type="Refusal.Recorded", since=since)
    assert any(e["address"] == "testclient" and e["detail"]["kind"] == "sign_in"
               and e["detail"]["path"] == "/api/v1/auths/signin" for e in failed)


def test_a_sign_out_is_recorded(server: InProcessServer, admin: Person, member: Person):
    member.http.post("/api/v1/auths/signout").raise_for_status()
    assert [e["address"] for e in entries(admin, person=member.id, type="User.SignedOut")] == ["testclient"]


def test_a_scripts_use_of_a_token_is_recorded_once_per_session_address_and_client(admin: Person, member: Person):
    for _ in range(3):
        member.http.get("/api/v1/chats/").raise_for_status()
    [used] = entries(admin, person=member.id, type="TokenUse.Recorded")
    assert (used["address"], used["detail"]["means"]) == ("testclient", "token")
    assert used["detail"]["client"].startswith("python-httpx")


def test_the_apps_own_requests_are_not_taken_for_a_scripts(server: InProcessServer, admin: Person, member: Person):
    with server.client(headers={**people.bearer(member.token), "Sec-Fetch-Mode": "cors"}) as browser:
        browser.get("/api/v1/chats/").raise_for_status()
    assert entries(admin, person=member.id, type="TokenUse.Recorded") == []


def test_the_trail_holds_every_event_of_every_context(admin: Person, member: Person):
    chat = member.http.post("/api/v1/chats/new", json={"chat": {"title": "any"}}).json()
    found = entries(admin, resource=chat["id"])
    assert [(e["context"], e["type"], e["user_id"]) for e in found] == [("chats", "Chat.Created", member.id)]


def test_pages_follow_one_another_without_gaps_or_repeats(admin: Person, member: Person):
    for n in range(5):
        member.http.post("/api/v1/chats/new", json={"chat": {"title": f"paged {n}"}}).raise_for_status()
    whole = entries(admin, person=member.id)
    paged, after = [], None
    while True:
        page = admin.http.get(TRAIL, params={"person": member.id, "limit": 2, **({"after": after} if after else {})})
        paged += page.json()["entries"]
        after = page.json()["next_after"]
        if after is None:
            break
    assert paged == whole and len(whole) >= 7
    assert [e["timestamp"] for e in whole] == sorted(e["timestamp"] for e in whole)


def test_a_time_window_keeps_only_what_happened_in_it(admin: Person, member: Person):
    member.http.get("/api/v1/chats/").raise_for_status()  # its token's first use, before the window
    since = time.time()
    member.http.post("/api/v1/chats/new", json={"chat": {"title": "late"}}).raise_for_status()
    assert [e["type"] for e in entries(admin, person=member.id, since=since)] == ["Chat.Created"]
    assert entries(admin, person=member.id, until=since - 3600) == []


def test_bad_filters_are_refused_with_a_reason(admin: Person):
    for params, reason in (({"after": "nowhere:3"}, "nowhere"), ({"after": "chats:x"}, "context:position"),
                           ({"context": "nowhere"}, "context must be one of"),
                           ({"since": 20, "until": 10}, "since must not be later than until")):
        answer = admin.http.get(TRAIL, params=params)
        assert answer.status_code == 400 and reason in answer.text, (params, answer.text)


def test_a_member_may_not_read_the_trail(member: Person):
    assert member.http.get(TRAIL).status_code == 401
