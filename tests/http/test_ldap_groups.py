"""With LDAP group management on, a person's groups follow their entry's ``memberOf`` at each
sign-in, as Open WebUI syncs them by name: groups missing are made (group creation on), the person
joins those named and leaves those no longer named. Groups follow by a reaction: the tests wait."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.people import Person
from tests.http.app import InProcessServer, in_process
from tests.http.groups import add, create_group
from tests.http.ldap import environment, group_names, signed_in
from tests.ldap_directory import Directory
from tests.stores import STORES
from tests.waiting import wait_for


def _waits_for(admin: Person, person: Person, names: set[str]) -> None:
    wait_for(lambda: group_names(admin, person.id) == names, timeout=10, what=f"{person.email} in exactly {names}")


def test_the_entrys_groups_are_made_and_joined_at_sign_in(ldap_server: InProcessServer, ldap_admin: Person) -> None:
    _waits_for(ldap_admin, signed_in(ldap_server, "ada"), {"engineers", "analysts"})


def test_leaving_a_group_in_the_directory_leaves_it_here_at_the_next_sign_in(
        ldap_server: InProcessServer, ldap_admin: Person, ldap_directory: Directory) -> None:
    ldap_directory.add_member("analysts", "alan")
    try:
        _waits_for(ldap_admin, signed_in(ldap_server, "alan"), {"analysts"})
    finally:
        ldap_directory.remove_member("analysts", "alan")
    _waits_for(ldap_admin, signed_in(ldap_server, "alan"), set())


def test_a_group_the_directory_does_not_name_is_left(ldap_server: InProcessServer, ldap_admin: Person) -> None:
    """Open WebUI's sync: the directory's groups are the person's groups."""
    grace = signed_in(ldap_server, "grace")
    _waits_for(ldap_admin, grace, {"engineers"})
    add(ldap_admin, create_group(ldap_admin, "Visitors"), grace)
    _waits_for(ldap_admin, grace, {"engineers", "Visitors"})
    signed_in(ldap_server, "grace")
    _waits_for(ldap_admin, grace, {"engineers"})


@pytest.mark.parametrize("store", STORES)
def test_the_first_account_made_through_ldap_is_the_admin_and_its_groups_are_left_alone(
        store: str, tmp_path: Path, ldap_directory: Directory) -> None:
    """As sign-up founds the workspace; Open WebUI never syncs an admin's groups."""
    with in_process(store, tmp_path, env=environment(ldap_directory)) as fresh:
        ada = signed_in(fresh, "ada")
        assert ada.account["role"] == "admin"
        reported = ada.http.get("/api/v1/events", params={"context": "identity", "type": "User.GroupsReported"})
        assert reported.status_code == 200 and reported.json()["events"] == []
