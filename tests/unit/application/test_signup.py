"""Signing up: who founds the workspace, which role newcomers get, and unique email addresses."""

from __future__ import annotations

import uuid

import pytest

from application.identity.commands import ChangeAuthConfig, SignUp
from application.identity.service import Identity
from domain.identity.errors import EmailAlreadyRegisteredError, SignupDisabledError
from tests.unit.application.given import POPO, Commits, founding_admin, sign_up, topics
from tests.unit.application.passwords import CheapPasswords


def test_the_first_signup_founds_the_workspace_as_its_admin(identity: Identity):
    first = sign_up(identity, "ann@example.org")
    assert identity.user(first).role == "admin"
    assert identity.workspace().primary_admin_id == first


def test_the_first_signup_closes_signup_in_the_same_commit(identity: Identity, commits: Commits):
    sign_up(identity, "ann@example.org")
    assert topics(identity)[:2] == ["Workspace.Founded", "Workspace.AuthConfigChanged"]
    assert (identity.auth_config()["ENABLE_SIGNUP"], commits) == (False, [("Identity", 4)])


def test_signup_is_refused_after_the_first_account_until_an_admin_opens_it(identity: Identity):
    sign_up(identity, "ann@example.org")
    with pytest.raises(SignupDisabledError):
        sign_up(identity, "bob@example.org")
    identity.change_auth_config(ChangeAuthConfig(changes={"ENABLE_SIGNUP": True}))
    assert identity.user(sign_up(identity, "bob@example.org")).role == "pending"


def test_later_signups_get_the_default_role(identity: Identity):
    founding_admin(identity, "ann@example.org")
    assert identity.user(sign_up(identity, "bob@example.org")).role == "pending"


def test_the_default_role_follows_the_auth_config(identity: Identity):
    founding_admin(identity, "ann@example.org")
    identity.change_auth_config(ChangeAuthConfig(changes={"DEFAULT_USER_ROLE": "user"}))
    assert identity.user(sign_up(identity, "bob@example.org")).role == "user"


def test_signup_is_refused_once_disabled(identity: Identity):
    founding_admin(identity, "ann@example.org")
    identity.change_auth_config(ChangeAuthConfig(changes={"ENABLE_SIGNUP": False}))
    with pytest.raises(SignupDisabledError):
        sign_up(identity, "bob@example.org")
    assert identity.user_by_email("bob@example.org") is None


def test_the_first_signup_founds_the_workspace_even_when_signup_starts_disabled(commits: Commits):
    identity = Identity(POPO, commits, hasher=CheapPasswords(), initial_auth_config={"ENABLE_SIGNUP": False})
    first = sign_up(identity, "ann@example.org")
    assert identity.user(first).role == "admin"
    with pytest.raises(SignupDisabledError):
        sign_up(identity, "bob@example.org")


def test_an_email_is_registered_once_whatever_its_case(identity: Identity):
    founding_admin(identity, "Ann@Example.org")
    with pytest.raises(EmailAlreadyRegisteredError) as refusal:
        sign_up(identity, " ann@EXAMPLE.org")
    assert refusal.value.email == " ann@EXAMPLE.org"


def test_an_email_is_kept_in_lower_case_without_surrounding_spaces(identity: Identity):
    """The user directory finds accounts by that form: an address kept as typed went unfound."""
    assert identity.user(sign_up(identity, " Ann@Example.org ")).email == "ann@example.org"


def test_an_account_is_found_by_its_email_in_any_case(identity: Identity):
    ann = sign_up(identity, "Ann@Example.org")
    assert identity.user_by_email("ANN@example.ORG").id == ann


def test_signing_up_with_a_session_signs_in_within_the_same_commit(identity: Identity, commits: Commits):
    sign_up(identity, "ann@example.org", session_id="session-1")
    assert topics(identity) == ["Workspace.Founded", "Workspace.AuthConfigChanged", "EmailIndex.Claimed",
                                "User.Registered", "User.SignedIn"]
    assert commits == [("Identity", 5)]


def test_signup_returns_the_position_of_its_last_event(identity: Identity):
    founding_admin(identity, "ann@example.org")
    position = identity.sign_up(SignUp(user_id=uuid.uuid4(), email="bob@example.org",
                                       password="Bob's own secret", name="Bob"))
    assert position == identity.position == len(topics(identity))


def test_a_signup_that_loses_the_founding_race_is_refused_as_sign_up_has_closed(identity: Identity):
    rival: list[uuid.UUID] = []
    identity.recorder.rivals.append(lambda: rival.append(sign_up(identity, "rival@example.org")))
    with pytest.raises(SignupDisabledError):
        sign_up(identity, "late@example.org")
    assert identity.workspace().primary_admin_id == rival[0]
    assert (identity.user(rival[0]).role, identity.user_by_email("late@example.org")) == ("admin", None)


def test_a_signup_that_loses_the_founding_race_joins_if_sign_up_is_open(identity: Identity):
    rival: list[uuid.UUID] = []
    identity.recorder.rivals.append(lambda: rival.append(founding_admin(identity, "rival@example.org")))
    late = sign_up(identity, "late@example.org")
    assert (identity.user(rival[0]).role, identity.user(late).role) == ("admin", "pending")


def test_a_signup_that_loses_the_race_for_its_email_is_refused(identity: Identity):
    founding_admin(identity, "ann@example.org")
    rival: list[uuid.UUID] = []
    identity.recorder.rivals.append(lambda: rival.append(sign_up(identity, "bob@example.org")))
    with pytest.raises(EmailAlreadyRegisteredError):
        sign_up(identity, "BOB@example.org")
    assert identity.user_by_email("bob@example.org").id == rival[0]
