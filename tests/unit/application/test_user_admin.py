"""An admin managing accounts: roles, email addresses, deletion, and who is protected from whom."""

from __future__ import annotations

import uuid

import pytest

from application.identity.commands import DeleteUser, SignIn, UpdateUser
from application.identity.service import Identity
from domain.identity.errors import (
    CannotActOnSelfError,
    EmailAlreadyRegisteredError,
    InvalidCredentialsError,
    InvalidRoleError,
    PrimaryAdminProtectedError,
    UserNotFoundError,
)
from tests.unit.application.given import PASSWORD, founding_admin, sign_up


@pytest.fixture
def founder(identity: Identity) -> uuid.UUID:
    return founding_admin(identity, "founder@example.org")


@pytest.fixture
def admin(identity: Identity, founder: uuid.UUID) -> uuid.UUID:
    """A second admin, appointed by the founder."""
    admin = sign_up(identity, "admin@example.org")
    identity.update_user(UpdateUser(actor_id=founder, user_id=admin, role="admin"))
    return admin


@pytest.fixture
def bob(identity: Identity, founder: uuid.UUID) -> uuid.UUID:
    return sign_up(identity, "bob@example.org")


def test_promoting_a_user_revokes_their_earlier_tokens(identity: Identity, founder, bob):
    identity.update_user(UpdateUser(actor_id=founder, user_id=bob, role="user"))
    assert (identity.user(bob).role, identity.user(bob).token_generation) == ("user", 1)


def test_an_unknown_role_is_refused(identity: Identity, founder, bob):
    with pytest.raises(InvalidRoleError):
        identity.update_user(UpdateUser(actor_id=founder, user_id=bob, role="owner"))


def test_the_primary_admin_cannot_be_demoted(identity: Identity, founder, admin):
    with pytest.raises(PrimaryAdminProtectedError) as refusal:
        identity.update_user(UpdateUser(actor_id=admin, user_id=founder, role="user"))
    assert refusal.value.user_id == str(founder)
    assert identity.user(founder).role == "admin"


def test_the_primary_admin_cannot_be_deleted(identity: Identity, founder, admin):
    with pytest.raises(PrimaryAdminProtectedError):
        identity.delete_user(DeleteUser(actor_id=admin, user_id=founder))
    assert not identity.user(founder).deleted


@pytest.mark.parametrize("change", [{"password": "taken-over"}, {"email": "mine@example.org"},
                                    {"name": "Renamed"}], ids=["password", "email", "name"])
def test_no_other_admin_may_edit_the_primary_admins_account(identity: Identity, founder, admin, change):
    before = identity.user(founder).version
    with pytest.raises(PrimaryAdminProtectedError):
        identity.update_user(UpdateUser(actor_id=admin, user_id=founder, **change))
    assert identity.user(founder).version == before
    identity.sign_in(SignIn(email="founder@example.org", password=PASSWORD, session_id="s-2"))


def test_an_admin_cannot_demote_themselves(identity: Identity, admin):
    with pytest.raises(CannotActOnSelfError) as refusal:
        identity.update_user(UpdateUser(actor_id=admin, user_id=admin, role="user"))
    assert refusal.value.action == "change the role of"


def test_an_admin_cannot_delete_themselves(identity: Identity, admin):
    with pytest.raises(CannotActOnSelfError):
        identity.delete_user(DeleteUser(actor_id=admin, user_id=admin))
    assert identity.user(admin).role == "admin"


def test_the_primary_admin_may_still_edit_their_own_profile(identity: Identity, founder):
    identity.update_user(UpdateUser(actor_id=founder, user_id=founder, name="Founder", role="admin"))
    assert identity.user(founder).name == "Founder"


def test_a_deleted_account_is_gone(identity: Identity, founder, bob):
    identity.delete_user(DeleteUser(actor_id=founder, user_id=bob))
    with pytest.raises(UserNotFoundError):
        identity.user(bob)
    with pytest.raises(InvalidCredentialsError):
        identity.sign_in(SignIn(email="bob@example.org", password=PASSWORD, session_id="s-1"))


def test_deleting_an_account_frees_its_email(identity: Identity, founder, bob):
    identity.delete_user(DeleteUser(actor_id=founder, user_id=bob))
    newcomer = sign_up(identity, "Bob@example.org")
    assert identity.user_by_email("bob@example.org").id == newcomer


def test_changing_an_email_frees_the_old_address(identity: Identity, founder, bob):
    identity.update_user(UpdateUser(actor_id=founder, user_id=bob, email="robert@example.org"))
    newcomer = sign_up(identity, "bob@example.org")
    assert identity.user_by_email("bob@example.org").id == newcomer
    assert identity.user_by_email("robert@example.org").id == bob


def test_a_changed_email_is_kept_in_lower_case(identity: Identity, founder, bob):
    identity.update_user(UpdateUser(actor_id=founder, user_id=bob, email="Robert@Example.org"))
    assert identity.user(bob).email == "robert@example.org"


def test_changing_an_email_to_one_that_is_taken_is_refused(identity: Identity, founder, bob):
    with pytest.raises(EmailAlreadyRegisteredError):
        identity.update_user(UpdateUser(actor_id=founder, user_id=bob, email="FOUNDER@example.org"))
    assert identity.user(bob).email == "bob@example.org"


def test_restating_an_email_in_another_case_or_with_spaces_changes_nothing(identity: Identity, founder, bob):
    assert identity.update_user(UpdateUser(actor_id=founder, user_id=bob, email=" Bob@Example.org ")) is None
    assert identity.user_by_email("bob@example.org").id == bob


def test_an_admin_reset_password_replaces_the_old_one(identity: Identity, founder, bob):
    identity.update_user(UpdateUser(actor_id=founder, user_id=bob, password="reset by the admin"))
    assert identity.user(bob).token_generation == 1
    with pytest.raises(InvalidCredentialsError):
        identity.sign_in(SignIn(email="bob@example.org", password=PASSWORD, session_id="s-1"))
