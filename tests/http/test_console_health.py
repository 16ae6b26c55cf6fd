"""The console's health page: each context's head, its views' positions and lag, its checkpoint."""

from __future__ import annotations

import re

from tests.e2e.people import Person
from tests.http.app import InProcessServer


def test_each_context_shows_its_head_and_its_views_positions(server: InProcessServer, admin: Person):
    page = admin.http.get("/console/health").text
    for name in server.container.contexts:
        assert re.search(rf"<h2>{name}: head at \d+</h2>", page)
        for view in server.container.runner.views_of(name):
            assert f"<td>{view}</td>" in page


def test_a_caught_up_view_shows_no_lag(server: InProcessServer, admin: Person):
    server.container.runner.catch_up_all()
    page = admin.http.get("/console/health").text
    assert "caught up" in page and "behind" not in page


def test_the_page_offers_to_verify_the_logs_now(admin: Person):
    assert "data-verify=" in admin.http.get("/console/health").text


def test_a_member_may_not_see_the_health_page(server: InProcessServer, member: Person):
    assert member.http.get("/console/health").status_code == 403


def test_a_verification_of_one_context_is_recorded_and_shown_as_its_last(admin: Person):
    answer = admin.http.get("/api/v1/audit/verify", params={"context": "chats"}).json()
    assert [c["context"] for c in answer["contexts"]] == ["Chats"] and answer["intact"]
    page = admin.http.get("/console/health").text
    shown = re.search(r'data-verified="chats">(.*?)</span></p>', page, re.DOTALL)
    assert shown and "intact" in shown[1] and f"/console/people/{admin.id}" in shown[1]


def test_a_verification_is_an_entry_of_the_audit_trail(admin: Person):
    admin.http.get("/api/v1/audit/verify", params={"context": "identity"}).raise_for_status()
    entries = admin.http.get("/api/v1/audit/entries", params={"type": "Verification.Recorded",
                                                              "person": admin.id}).json()["entries"]
    assert entries[-1]["detail"]["context"] == "Identity" and entries[-1]["detail"]["first_disagreement"] is None


def test_an_unknown_context_is_refused_with_the_known_ones(admin: Person):
    refused = admin.http.get("/api/v1/audit/verify", params={"context": "nowhere"})
    assert refused.status_code == 422 and "chats" in refused.text


def test_the_page_says_whether_a_view_is_being_rebuilt(admin: Person):
    assert "Rebuild status:" in admin.http.get("/console/health").text
