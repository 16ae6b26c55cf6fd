"""A person's API key: one at most, kept as its digest, and revoked by whatever revokes their tokens."""

from __future__ import annotations

import pytest

from domain.identity.api_keys import KEY_LENGTH, api_key_digest, looks_like_api_key, new_api_key
from domain.identity.user import User
from tests.unit.domain.given import new_events, recorded
from tests.unit.domain.test_user import a_user

DIGEST = "a" * 64


def keyed(role: str = "user") -> User:
    user = a_user(role)
    user.issue_api_key(DIGEST)
    recorded(user)
    return user


def test_a_new_key_is_sk_and_256_random_bits_in_hex():
    key = new_api_key()
    assert looks_like_api_key(key) and len(key) == KEY_LENGTH == 67
    assert int(key.removeprefix("sk-"), 16) >= 0 and new_api_key() != key


def test_the_digest_is_the_keys_sha256_and_never_the_key():
    key = new_api_key()
    assert len(api_key_digest(key)) == 64 and key.removeprefix("sk-") not in api_key_digest(key)


def test_issuing_a_key_records_only_its_digest():
    user = a_user()
    user.issue_api_key(DIGEST)
    [issued] = recorded(user)
    assert (type(issued).__name__, issued.key_digest, user.api_key_digest) == ("ApiKeyIssued", DIGEST, DIGEST)


def test_a_new_key_replaces_the_one_before():
    user = keyed()
    user.issue_api_key("b" * 64)
    revoked, issued = recorded(user)
    assert (revoked.key_digest, revoked.reason, issued.key_digest) == (DIGEST, "replaced", "b" * 64)


def test_deleting_the_key_revokes_it():
    user = keyed()
    user.revoke_api_key()
    [revoked] = recorded(user)
    assert (revoked.reason, user.api_key_digest) == ("deleted", None)


def test_deleting_when_there_is_no_key_records_nothing():
    user = a_user()
    user.revoke_api_key()
    assert new_events(user) == []


@pytest.mark.parametrize(("change", "reason"), [
    (lambda user: user.change_role("pending"), "role_changed"),
    (lambda user: user.change_role("admin"), "role_changed"),
    (lambda user: user.change_password("hash-2"), "password_changed"),
    (lambda user: user.delete("an admin"), "account_deleted"),
    (lambda user: user.forget("an admin"), "account_deleted"),
])
def test_what_ends_the_sessions_revokes_the_key_first(change, reason):
    user = keyed()
    change(user)
    revoked, *rest = recorded(user)
    assert (type(revoked).__name__, revoked.reason, user.api_key_digest) == ("ApiKeyRevoked", reason, None)
    assert rest


def test_a_role_kept_keeps_the_key():
    user = keyed()
    user.change_role("user")
    assert (new_events(user), user.api_key_digest) == ([], DIGEST)
