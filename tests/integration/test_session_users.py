"""The account behind a session is kept while the identity log stands still, and a change that
refuses the session holds at the next request, even before anything projected it."""

from __future__ import annotations

from application.identity.commands import DeleteUser, SignOut, UpdateUser
from infrastructure.container import Container
from projections.users.sessions import NotHeld
from tests.integration.workload import founding_admin, sign_up


def test_a_sign_out_holds_at_the_next_request_though_nothing_projected_it(container: Container):
    ada = sign_up(container, "ada@example.org", session_id="ada-1")
    assert container.sessions.get(str(ada), "ada-1")["email"] == "ada@example.org"
    container.identity.sign_out(SignOut(user_id=ada, session_id="ada-1"))  # role="cli": nothing projects
    assert container.sessions.get(str(ada), "ada-1") is None


def test_a_session_never_signed_in_has_no_account(container: Container):
    ada = sign_up(container, "ada@example.org", session_id="ada-1")
    assert container.sessions.get(str(ada), "made-up") is None


def test_a_session_belongs_to_the_account_that_signed_in(container: Container):
    founding_admin(container, "ada@example.org", session_id="ada-1")
    bob = sign_up(container, "bob@example.org", session_id="bob-1")
    assert container.sessions.get(str(bob), "ada-1") is None


def test_a_new_role_and_a_deleted_account_hold_at_the_next_request(container: Container):
    founder = founding_admin(container, "founder@example.org", session_id="f-1")
    bob = sign_up(container, "bob@example.org", session_id="bob-1")
    assert container.sessions.get(str(bob), "bob-1")["role"] != "admin"
    container.identity.update_user(UpdateUser(actor_id=founder, user_id=bob, role="admin"))
    assert container.sessions.get(str(bob), "bob-1")["role"] == "admin"
    container.identity.delete_user(DeleteUser(actor_id=founder, user_id=bob))
    assert container.sessions.get(str(bob), "bob-1") is None


def test_an_unchanged_log_is_not_asked_again(container: Container):
    ada = sign_up(container, "ada@example.org", session_id="ada-1")
    first = container.sessions.get(str(ada), "ada-1")
    assert container.sessions.get(str(ada), "ada-1") is first


def test_an_account_is_held_for_the_position_it_was_read_at_and_older_ones_only(container: Container):
    ada = sign_up(container, "ada@example.org", session_id="ada-1")
    assert isinstance(container.sessions.held(str(ada), "ada-1", container.identity.position), NotHeld)
    account = container.sessions.get(str(ada), "ada-1")
    read_at = container.identity.position
    assert container.sessions.held(str(ada), "ada-1", read_at) is account
    assert container.sessions.held(str(ada), "ada-1", read_at - 1) is account
    assert isinstance(container.sessions.held(str(ada), "ada-1", read_at + 1), NotHeld)
