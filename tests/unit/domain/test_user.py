"""An account: its role and password, and the token generation that revokes earlier tokens."""

from __future__ import annotations

import uuid

import pytest

from domain.identity.errors import InvalidRoleError
from domain.identity.user import User
from tests.unit.domain.given import new_events, recorded


def a_user(role: str = "user") -> User:
    user = User(id=uuid.uuid4(), email="ann@example.org", name="Ann", password_hash="hash-1",
                role=role, profile_image_url="/user.png")
    recorded(user)
    return user


def test_registering_with_an_unknown_role_is_refused():
    with pytest.raises(InvalidRoleError) as refusal:
        a_user(role="superuser")
    assert refusal.value.role == "superuser"


def test_a_new_account_starts_at_token_generation_zero():
    assert a_user().token_generation == 0


def test_changing_the_role_revokes_earlier_tokens():
    user = a_user(role="pending")
    user.change_role("user")
    [changed] = recorded(user)
    assert (type(changed).__name__, changed.role, changed.token_generation) == ("RoleChanged", "user", 1)
    assert (user.role, user.token_generation) == ("user", 1)


def test_changing_to_the_role_held_produces_no_event():
    user = a_user(role="admin")
    user.change_role("admin")
    assert (new_events(user), user.token_generation) == ([], 0)


def test_changing_to_an_unknown_role_is_refused():
    user = a_user()
    with pytest.raises(InvalidRoleError):
        user.change_role("root")
    assert (new_events(user), user.role) == ([], "user")


def test_changing_the_password_revokes_earlier_tokens():
    user = a_user()
    user.change_password("hash-2")
    [changed] = recorded(user)
    assert (type(changed).__name__, changed.token_generation) == ("PasswordChanged", 1)
    assert (user.password_hash, user.token_generation) == ("hash-2", 1)


def test_each_revocation_moves_the_generation_on():
    user = a_user()
    user.change_password("hash-2")
    user.change_role("admin")
    assert user.token_generation == 2


def test_rehashing_the_password_keeps_earlier_tokens_valid():
    user = a_user()
    user.rehash_password("stronger-hash-1")
    assert (new_events(user), user.password_hash, user.token_generation) == (
        ["PasswordRehashed"], "stronger-hash-1", 0)


def test_deleting_an_account_revokes_its_tokens():
    user = a_user()
    user.delete()
    assert (new_events(user), user.deleted, user.token_generation) == (["Deleted"], True, 1)
