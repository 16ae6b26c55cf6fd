"""A process's own reading of the identity log for its sockets: who changed since the last look."""

from __future__ import annotations

import pytest

from application.identity.commands import SignIn, SignOut
from application.identity.service import Identity
from interfaces.socketio.identity_log import IdentityLog
from tests.unit.application.given import INITIAL_AUTH_CONFIG, PASSWORD, POPO, Commits, founding_admin, sign_up
from tests.unit.application.passwords import CheapPasswords


@pytest.fixture
def identity() -> Identity:
    return Identity(POPO, Commits(), hasher=CheapPasswords(), initial_auth_config=INITIAL_AUTH_CONFIG)


def test_the_first_look_starts_where_the_log_stands(identity: Identity) -> None:
    sign_up(identity, "ann@example.org")
    assert IdentityLog(identity).changed_since_last_look() == set()


def test_each_look_names_the_people_changed_since_the_one_before(identity: Identity) -> None:
    ann, bob = founding_admin(identity, "ann@example.org"), sign_up(identity, "bob@example.org")
    identity.sign_in(SignIn(email="ann@example.org", password=PASSWORD, session_id="s-1"))
    log = IdentityLog(identity)
    log.changed_since_last_look()
    identity.sign_out(SignOut(user_id=ann, session_id="s-1"))
    assert str(ann) in log.changed_since_last_look()
    assert log.changed_since_last_look() == set()
    assert str(bob) not in log.changed_since_last_look()


def test_a_backlog_longer_than_a_page_is_read_to_its_end(identity: Identity) -> None:
    founding_admin(identity, "ann@example.org")
    log = IdentityLog(identity, page=2)
    log.changed_since_last_look()
    people = {str(sign_up(identity, f"p{n}@example.org")) for n in range(5)}
    assert people <= log.changed_since_last_look()
