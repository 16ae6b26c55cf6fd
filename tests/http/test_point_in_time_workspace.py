"""``?as_of=`` on the workspace's own resources: a knowledge base, a group (its members and
permissions) and the members' default permissions, each as it was at a log position."""

from __future__ import annotations

import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.groups import add, create_group, remove, set_defaults
from tests.http.knowledge import create_base, may_make_knowledge
from tests.http.test_point_in_time import as_of, disclosures, position
from tests.http.workspaces import own_workspace

server, admin = own_workspace("past-workspace")


@pytest.fixture(scope="module")
def maker(server: InProcessServer, admin: Person) -> Person:
    person = people.member(server, admin, "maker")
    may_make_knowledge(admin, person)
    return person


def test_a_knowledge_base_as_it_was_has_its_old_name_and_description(server: InProcessServer, maker: Person):
    base = create_base(maker, "Before")
    then = position(server, "Knowledge")
    maker.http.post(f"/api/v1/knowledge/{base['id']}/update",
                    json={"name": "After", "description": "Changed"}).raise_for_status()
    past = as_of(maker, f"/api/v1/knowledge/{base['id']}", then).json()
    assert (past["name"], past["description"], past["user_id"]) == ("Before", "How we work", maker.id)
    assert maker.http.get(f"/api/v1/knowledge/{base['id']}").json()["name"] == "After"


def test_someone_elses_private_base_has_no_past_for_a_member(server: InProcessServer, admin: Person, maker: Person):
    base = create_base(maker, "Private")
    stranger = people.member(server, admin, "stranger")
    assert as_of(stranger, f"/api/v1/knowledge/{base['id']}", position(server, "Knowledge")).status_code == 404


def test_an_admin_reading_a_members_past_base_is_recorded(server: InProcessServer, admin: Person, maker: Person):
    base = create_base(maker, "Recorded")
    assert as_of(admin, f"/api/v1/knowledge/{base['id']}", position(server, "Knowledge")).status_code == 200
    assert disclosures(admin)[-1]["data"]["owners"] == [maker.id]


def test_a_group_as_it_was_has_its_members_and_permissions_then(server: InProcessServer, admin: Person,
                                                                 maker: Person):
    group = create_group(admin, "Then", permissions={"chat": {"file_upload": False}})
    add(admin, group, maker)
    then = position(server, "Groups")
    remove(admin, group, maker)
    admin.http.post(f"/api/v1/groups/id/{group['id']}/update", json={
        "name": "Now", "description": "", "permissions": {"chat": {"file_upload": True}}}).raise_for_status()
    past = as_of(admin, f"/api/v1/groups/id/{group['id']}", then).json()
    assert (past["name"], past["user_ids"], past["member_count"]) == ("Then", [maker.id], 1)
    assert past["permissions"]["chat"]["file_upload"] is False
    now = admin.http.get(f"/api/v1/groups/id/{group['id']}").json()
    assert (now["name"], now["member_count"], now["permissions"]["chat"]["file_upload"]) == ("Now", 0, True)


def test_the_default_permissions_as_they_were_saved(server: InProcessServer, admin: Person):
    set_defaults(admin, "chat", file_upload=False)
    then = position(server, "Groups")
    set_defaults(admin, "chat", file_upload=True)
    assert as_of(admin, "/api/v1/users/default/permissions", then).json()["chat"]["file_upload"] is False
    assert admin.http.get("/api/v1/users/default/permissions").json()["chat"]["file_upload"] is True


def test_a_member_reads_neither_a_groups_past_nor_the_defaults(server: InProcessServer, admin: Person,
                                                               maker: Person):
    group = create_group(admin, "Closed")
    point = position(server, "Groups")
    assert as_of(maker, f"/api/v1/groups/id/{group['id']}", point).status_code in (401, 403)
    assert as_of(maker, "/api/v1/users/default/permissions", point).status_code in (401, 403)
