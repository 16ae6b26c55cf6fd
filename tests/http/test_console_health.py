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
    assert 'data-call="GET /api/v1/audit/verify"' in admin.http.get("/console/health").text


def test_a_member_may_not_see_the_health_page(server: InProcessServer, member: Person):
    assert member.http.get("/console/health").status_code == 403
