"""Signing in, and changing one's password."""

from __future__ import annotations

import pytest

from application.identity.commands import ChangePassword, SignIn
from application.identity.service import Identity
from domain.identity.errors import InvalidCredentialsError
from infrastructure.passwords import Argon2Passwords
from tests.unit.application.given import (
    INITIAL_AUTH_CONFIG,
    PASSWORD,
    POPO,
    Commits,
    sign_up,
    topics,
)
from tests.unit.application.passwords import CheapPasswords


def test_signing_in_records_the_session(identity: Identity):
    ann = sign_up(identity, "ann@example.org")
    position = identity.sign_in(SignIn(email="ann@example.org", password=PASSWORD, session_id="s-1"))
    assert topics(identity)[-1] == "User.SignedIn"
    assert position == identity.position and identity.user(ann).version == 2


def test_signing_in_ignores_the_case_of_the_email(identity: Identity):
    sign_up(identity, "ann@example.org")
    assert identity.sign_in(SignIn(email="ANN@Example.org", password=PASSWORD, session_id="s-1"))


def test_a_wrong_password_is_refused(identity: Identity):
    sign_up(identity, "ann@example.org")
    with pytest.raises(InvalidCredentialsError):
        identity.sign_in(SignIn(email="ann@example.org", password="guess", session_id="s-1"))
    assert "User.SignedIn" not in topics(identity)


def test_an_unknown_email_is_refused_like_a_wrong_password(identity: Identity):
    with pytest.raises(InvalidCredentialsError):
        identity.sign_in(SignIn(email="nobody@example.org", password=PASSWORD, session_id="s-1"))


def test_an_unknown_email_costs_a_password_check_as_a_known_one_does(identity: Identity,
                                                                    passwords: CheapPasswords):
    with pytest.raises(InvalidCredentialsError):
        identity.sign_in(SignIn(email="nobody@example.org", password=PASSWORD, session_id="s-1"))
    assert passwords.verified == 1


def test_an_outdated_hash_is_rehashed_at_sign_in_without_revoking_tokens(
    identity: Identity, passwords: CheapPasswords
):
    ann = sign_up(identity, "ann@example.org")
    passwords.scheme = "v2"
    identity.sign_in(SignIn(email="ann@example.org", password=PASSWORD, session_id="s-1"))
    user = identity.user(ann)
    assert (user.password_hash, user.token_generation) == (f"v2:{PASSWORD}", 0)
    assert topics(identity)[-2:] == ["User.PasswordRehashed", "User.SignedIn"]


def test_a_current_hash_is_left_alone_at_sign_in(identity: Identity):
    sign_up(identity, "ann@example.org")
    identity.sign_in(SignIn(email="ann@example.org", password=PASSWORD, session_id="s-1"))
    assert "User.PasswordRehashed" not in topics(identity)


def test_changing_the_password_revokes_earlier_tokens(identity: Identity):
    ann = sign_up(identity, "ann@example.org")
    identity.change_password(ChangePassword(user_id=ann, current_password=PASSWORD, new_password="a new passphrase"))
    assert identity.user(ann).token_generation == 1
    identity.sign_in(SignIn(email="ann@example.org", password="a new passphrase", session_id="s-2"))


def test_changing_the_password_needs_the_current_one(identity: Identity):
    ann = sign_up(identity, "ann@example.org")
    with pytest.raises(InvalidCredentialsError):
        identity.change_password(ChangePassword(user_id=ann, current_password="guess", new_password="a new passphrase"))
    assert identity.user(ann).token_generation == 0


def test_argon2_hashes_let_the_right_password_in_and_keep_a_wrong_one_out(commits: Commits):
    identity = Identity(POPO, commits, hasher=Argon2Passwords(), initial_auth_config=INITIAL_AUTH_CONFIG)
    ann = sign_up(identity, "ann@example.org")
    assert identity.user(ann).password_hash.startswith("$argon2id$")
    assert identity.sign_in(SignIn(email="ann@example.org", password=PASSWORD, session_id="s-1"))
    with pytest.raises(InvalidCredentialsError):
        identity.sign_in(SignIn(email="ann@example.org", password=PASSWORD.upper(), session_id="s-2"))
