"""GET /api/v1/audit/verify: each context's log checked against its hash chain, for admins."""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer


def test_an_admin_hears_every_log_is_intact(admin: Person, member: Person):
    member.http.post("/api/v1/chats/new", json={"chat": {"title": "chained"}}).raise_for_status()
    answer = admin.http.get("/api/v1/audit/verify").json()
    assert answer["intact"] is True
    contexts = {c["context"]: c for c in answer["contexts"]}
    assert {"Identity", "Chats", "Models", "Audit", "Files", "Evaluations"} <= contexts.keys()
    assert contexts["Chats"]["events"] > 0 and contexts["Chats"]["first_disagreement"] is None


def test_a_member_may_not_ask(member: Person):
    assert member.http.get("/api/v1/audit/verify").status_code == 401  # as for every admin route


def test_anyone_may_fetch_the_key_that_checks_the_checkpoints(server: InProcessServer):
    answer = people.anonymous(server).get("/api/v1/audit/checkpoints/key")
    assert answer.status_code == 200 and answer.text.startswith("-----BEGIN PUBLIC KEY-----")
    public = serialization.load_pem_public_key(answer.text.encode())
    assert isinstance(public, Ed25519PublicKey)
