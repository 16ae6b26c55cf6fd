"""Whom an account awaiting approval may ask (``GET /api/v1/auths/admin/details``, the app's
pending page): the first admin, or the address the admins set, unless they chose to show nobody."""

from __future__ import annotations

import pytest

from tests.e2e import people
from tests.e2e.people import Person, anonymous, auth_config, sign_up
from tests.http.app import InProcessServer
from tests.http.workspaces import own_workspace

DETAILS = "/api/v1/auths/admin/details"

# The first admin is the workspace's founder, so the workspace is the module's own.
server, admin = own_workspace("admin-details")


@pytest.fixture(scope="module")
def waiting(server: InProcessServer, admin: Person) -> Person:
    person = sign_up(server, "waiting")
    assert person.account["role"] == "pending"
    return person


def test_a_pending_account_is_shown_the_first_admin(waiting: Person, admin: Person) -> None:
    answer = waiting.http.get(DETAILS)
    assert answer.status_code == 200
    assert answer.json() == {"name": admin.account["name"], "email": admin.account["email"]}


def test_an_admin_made_later_does_not_take_the_founders_place(server: InProcessServer, admin: Person,
                                                              waiting: Person) -> None:
    later = people.member(server, admin, "later-admin")
    admin.http.post(f"/api/v1/users/{later.id}/update", json={"role": "admin"}).raise_for_status()
    assert waiting.http.get(DETAILS).json()["email"] == admin.account["email"]


def test_the_address_the_admins_set_is_shown_with_its_accounts_name(server: InProcessServer, admin: Person,
                                                                    waiting: Person) -> None:
    helper = people.member(server, admin, "helpdesk")
    with auth_config(admin, ADMIN_EMAIL=helper.account["email"].upper()):
        shown = waiting.http.get(DETAILS).json()
    assert shown == {"name": helper.account["name"], "email": helper.account["email"].upper()}


def test_an_address_of_no_account_is_shown_without_a_name(admin: Person, waiting: Person) -> None:
    with auth_config(admin, ADMIN_EMAIL="it-desk@example.org"):
        assert waiting.http.get(DETAILS).json() == {"name": None, "email": "it-desk@example.org"}


def test_nothing_is_shown_once_the_admins_chose_so(admin: Person, waiting: Person) -> None:
    with auth_config(admin, SHOW_ADMIN_DETAILS=False):
        answer = waiting.http.get(DETAILS)
    assert answer.status_code == 400
    assert "chose not to show" in answer.json()["detail"]
    assert waiting.http.get(DETAILS).status_code == 200


def test_nobody_signed_in_is_shown_anything(server: InProcessServer, admin: Person) -> None:
    assert anonymous(server).get(DETAILS).status_code == 401
