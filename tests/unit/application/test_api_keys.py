"""API keys in the identity context: issued and revoked by digest."""

from __future__ import annotations

from application.identity.commands import IssueApiKey, RevokeApiKey
from application.identity.service import Identity
from tests.unit.application.given import founding_admin

DIGEST = "d" * 64


def test_an_issued_key_is_kept_as_its_digest(identity: Identity):
    person = founding_admin(identity, "ann@example.org")
    identity.issue_api_key(IssueApiKey(user_id=person, key_digest=DIGEST))
    assert identity.user(person).api_key_digest == DIGEST


def test_revoking_twice_answers_the_log_as_it_stands(identity: Identity):
    person = founding_admin(identity, "ann@example.org")
    identity.issue_api_key(IssueApiKey(user_id=person, key_digest=DIGEST))
    first = identity.revoke_api_key(RevokeApiKey(user_id=person))
    assert identity.revoke_api_key(RevokeApiKey(user_id=person)) == first
    assert identity.user(person).api_key_digest is None

