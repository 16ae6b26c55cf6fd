"""GET /api/v1/audit/verify: each context's log checked against its hash chain, for admins."""

from __future__ import annotations

from tests.e2e.people import Person


def test_an_admin_hears_every_log_is_intact(admin: Person, member: Person):
    member.http.post("/api/v1/chats/new", json={"chat": {"title": "chained"}}).raise_for_status()
    answer = admin.http.get("/api/v1/audit/verify").json()
    assert answer["intact"] is True
    contexts = {c["context"]: c for c in answer["contexts"]}
    assert {"Identity", "Chats", "Models", "Audit", "Files", "Evaluations"} <= contexts.keys()
    assert contexts["Chats"]["events"] > 0 and contexts["Chats"]["first_disagreement"] is None


def test_a_member_may_not_ask(member: Person):
    assert member.http.get("/api/v1/audit/verify").status_code == 401  # as for every admin route
