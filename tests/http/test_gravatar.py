"""The app's "Use Gravatar" (Account settings) asks for an e-mail's Gravatar address: Open WebUI's
answer, made here without asking anyone."""

from __future__ import annotations

import hashlib

from tests.e2e.people import Person
from tests.http.app import InProcessServer


def test_the_address_is_the_trimmed_lower_cased_emails_digest(member: Person) -> None:
    answer = member.http.get("/api/v1/utils/gravatar", params={"email": "  Ada@Example.org "})
    assert answer.status_code == 200, answer.text
    digest = hashlib.sha256(b"ada@example.org").hexdigest()
    assert answer.json() == f"https://www.gravatar.com/avatar/{digest}?d=mp"


def test_without_an_email_or_with_a_huge_one_it_is_refused(member: Person) -> None:
    assert member.http.get("/api/v1/utils/gravatar").status_code == 422
    assert member.http.get("/api/v1/utils/gravatar", params={"email": "a" * 400}).status_code == 422


def test_nobody_signed_out_asks(server: InProcessServer) -> None:
    assert server.client().get("/api/v1/utils/gravatar", params={"email": "a@b.c"}).status_code == 401
