"""What groups give their members: permissions laid over the members' defaults (the most
permissive wins, as in Open WebUI 0.12.4), enforced server-side; and model presets shared with a
group, which its members see and use and nobody else does. The defaults an admin saves are kept."""

from __future__ import annotations

import pytest

from projections.groups.projector import GroupViews
from projections.runtime.rebuild import rebuild
from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.chats import create
from tests.http.groups import add, create_group, remove, set_defaults
from tests.http.workspaces import own_workspace
from tests.waiting import wait_for

server, admin = own_workspace("group-permissions")


@pytest.fixture
def outsider(server: InProcessServer, admin: Person) -> Person:
    """A member in none of the test's groups."""
    return people.member(server, admin, "outsider")


@pytest.fixture
def no_deleting(admin: Person):
    """Members may not delete chats by default, for the test; as before after it."""
    set_defaults(admin, "chat", delete=False)
    yield
    set_defaults(admin, "chat", delete=True)


def told(person: Person) -> dict:
    return person.http.get("/api/v1/users/permissions").json()


def test_saved_defaults_are_kept_and_told(admin: Person, member: Person, no_deleting: None) -> None:
    assert admin.http.get("/api/v1/users/default/permissions").json()["chat"]["delete"] is False
    assert told(member)["chat"]["delete"] is False
    assert admin.http.get("/api/v1/users/default/permissions/defaults").json()["chat"]["delete"] is True


def test_defaults_of_an_unknown_shape_are_refused(admin: Person) -> None:
    refused = admin.http.post("/api/v1/users/default/permissions", json={"chat": {"delete": "sometimes"}})
    assert refused.status_code == 400 and "chat.delete" in refused.json()["detail"]


def test_members_may_not_change_the_defaults(member: Person) -> None:
    assert member.http.post("/api/v1/users/default/permissions", json={"chat": {"delete": True}}).status_code == 401


def test_a_groups_permission_enables_what_the_defaults_leave_off_for_its_members_only(
        admin: Person, member: Person, outsider: Person, no_deleting: None) -> None:
    add(admin, create_group(admin, "Deleters", permissions={"chat": {"delete": True}}), member)
    assert (told(member)["chat"]["delete"], told(outsider)["chat"]["delete"]) == (True, False)
    mine, theirs = create(member), create(outsider)
    assert member.http.delete(f"/api/v1/chats/{mine['id']}").status_code == 200
    refused = outsider.http.delete(f"/api/v1/chats/{theirs['id']}")
    assert refused.status_code == 401 and "chat.delete" in refused.json()["detail"]


def test_a_group_cannot_take_away_what_the_defaults_give(admin: Person, member: Person) -> None:
    add(admin, create_group(admin, "Restrained", permissions={"chat": {"delete": False}}), member)
    assert told(member)["chat"]["delete"] is True
    assert member.http.delete(f"/api/v1/chats/{create(member)['id']}").status_code == 200


def test_leaving_the_group_takes_its_permissions_away(admin: Person, member: Person, no_deleting: None) -> None:
    group = add(admin, create_group(admin, "Passing", permissions={"chat": {"delete": True}}), member)
    remove(admin, group, member)
    assert member.http.delete(f"/api/v1/chats/{create(member)['id']}").status_code == 401


def test_a_group_preset_is_seen_and_used_by_its_members_only(admin: Person, member: Person, outsider: Person) -> None:
    group = add(admin, create_group(admin, "Readers"), member)
    grant = {"principal_type": "group", "principal_id": group["id"], "permission": "read"}
    admin.http.post("/api/v1/models/create", json={
        "id": "group-preset", "base_model_id": "some-base", "name": "Group Preset", "meta": {}, "params": {},
        "access_grants": [grant]}).raise_for_status()
    for person, sees in ((member, True), (outsider, False)):
        assert ("group-preset" in {m["id"] for m in person.http.get("/api/models").json()["data"]}) is sees
        read = person.http.get("/api/v1/models/model", params={"id": "group-preset"})
        assert read.status_code == (200 if sees else 404)
    remove(admin, group, member)
    assert "group-preset" not in {m["id"] for m in member.http.get("/api/models").json()["data"]}


def test_a_deleted_person_leaves_their_groups(server: InProcessServer, admin: Person) -> None:
    leaving = people.member(server, admin, "leaving")
    group = add(admin, create_group(admin, "Left behind"), leaving)
    admin.http.delete(f"/api/v1/users/{leaving.id}").raise_for_status()
    wait_for(lambda: admin.http.get(f"/api/v1/groups/id/{group['id']}").json()["member_count"] == 0,
             timeout=30, what="the deleted person to leave the group")


def test_a_rebuild_reproduces_the_group_views(server: InProcessServer, admin: Person, member: Person) -> None:
    group = add(admin, create_group(admin, "Rebuilt", permissions={"chat": {"edit": True}}), member)
    admin.http.post(f"/api/v1/groups/id/{group['id']}/update", json={"name": "Rebuilt again"}).raise_for_status()
    admin.http.delete(f"/api/v1/groups/id/{create_group(admin, 'Gone')['id']}/delete").raise_for_status()
    set_defaults(admin, "features", folders=True)
    report = rebuild(server.container.runner, GroupViews.view)
    assert report.equal and not report.faults, report.differences
