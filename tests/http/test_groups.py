"""Groups as Open WebUI 0.12.4's admin panel keeps them (Users > Groups): created, described,
given permissions and members, deleted; only admins administer them, members list their own."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.groups import add, create_group, remove
from tests.http.knowledge import create_base, grant
from tests.http.workspaces import own_workspace
from tests.waiting import wait_for

# Open WebUI 0.12.4 models/groups.py: GroupModel, and GroupResponse's member_count.
GROUP_FIELDS = {"parent_group_id", "id", "user_id", "name", "description", "data", "meta", "permissions",
                "created_at", "updated_at", "member_count"}
INFO_FIELDS = {"parent_group_id", "id", "user_id", "name", "description", "member_count", "created_at", "updated_at"}

server, admin = own_workspace("groups")


@pytest.fixture
def ada(server: InProcessServer, admin: Person) -> Person:
    return people.member(server, admin, "ada")


@pytest.fixture
def bob(server: InProcessServer, admin: Person) -> Person:
    return people.member(server, admin, "bob")


def test_a_created_group_is_answered_in_open_webuis_shape(admin: Person) -> None:
    group = create_group(admin, "Research", description="Those who read",
                         permissions={"chat": {"delete": True}})
    assert set(group) == GROUP_FIELDS and group["user_id"] == admin.id and group["member_count"] == 0
    assert (group["name"], group["description"], group["parent_group_id"]) == ("Research", "Those who read", None)
    assert group["data"] == {"config": {"share": "members"}} and group["permissions"] == {"chat": {"delete": True}}
    assert admin.http.get(f"/api/v1/groups/id/{group['id']}").json() == group
    assert group["id"] in [g["id"] for g in admin.http.get("/api/v1/groups/").json()]


def test_a_group_is_renamed_described_and_given_permissions_and_settings(admin: Person) -> None:
    group = create_group(admin, "Old")
    update = {"name": "New", "description": "Changed", "permissions": {"features": {"folders": False}},
              "data": {"config": {"default_models": [" m1 ", "m1", "m2"]}}, "parent_group_id": None}
    changed = admin.http.post(f"/api/v1/groups/id/{group['id']}/update", json=update).json()
    assert (changed["name"], changed["description"]) == ("New", "Changed")
    assert changed["permissions"] == {"features": {"folders": False}}
    assert changed["data"] == {"config": {"share": "members", "default_models": ["m1", "m2"]}}


@pytest.mark.parametrize(("name", "reason"), [("", "needs a name"), ("   ", "needs a name"),
                                               ("x" * 256, "at most 255")])
def test_a_blank_or_overlong_name_is_refused(admin: Person, name: str, reason: str) -> None:
    refused = admin.http.post("/api/v1/groups/create", json={"name": name, "description": ""})
    assert refused.status_code == 400 and reason in refused.json()["detail"]


@pytest.mark.parametrize("permissions", [{"chat": {"delete": "yes"}}, {"chat": {"fly": True}}, {"magic": {}}],
                         ids=["not a switch", "unknown switch", "unknown section"])
def test_permissions_of_an_unknown_shape_are_refused(admin: Person, permissions: dict) -> None:
    refused = admin.http.post("/api/v1/groups/create", json={"name": "Odd", "description": "",
                                                             "permissions": permissions})
    assert refused.status_code == 400 and refused.json()["detail"]


def test_members_are_added_and_removed(admin: Person, ada: Person, bob: Person) -> None:
    group = create_group(admin)
    assert add(admin, group, ada, bob)["member_count"] == 2
    assert add(admin, group, ada)["member_count"] == 2  # already in: nothing changes
    assert sorted(admin.http.get(f"/api/v1/groups/id/{group['id']}/export").json()["user_ids"]) == sorted(
        [ada.id, bob.id])
    assert remove(admin, group, bob)["member_count"] == 1
    listed = admin.http.post(f"/api/v1/groups/id/{group['id']}/users").json()
    assert [(p["id"], p["email"]) for p in listed] == [(ada.id, ada.email)]


def test_the_members_page_answers_direct_members_with_counts(admin: Person, ada: Person) -> None:
    group = create_group(admin)
    add(admin, group, ada)
    page = admin.http.get(f"/api/v1/groups/id/{group['id']}/members", params={"query": "ada"}).json()
    assert page["counts"] == {"direct": 1, "effective": 1, "inherited": 0} and page["total"] == 1
    assert (page["items"][0]["id"], page["items"][0]["membership_type"]) == (ada.id, "direct")


def test_adding_someone_without_an_account_adds_nobody(admin: Person, ada: Person) -> None:
    group = create_group(admin)
    refused = admin.http.post(f"/api/v1/groups/id/{group['id']}/users/add",
                              json={"user_ids": [ada.id, "no-such-person"]})
    assert refused.status_code == 400 and "no-such-person" in refused.json()["detail"]
    assert admin.http.get(f"/api/v1/groups/id/{group['id']}").json()["member_count"] == 0


def test_an_unknown_group_is_not_found(admin: Person) -> None:
    missing = "7b0f4f7e-8d7e-4c59-9a39-0c6f3f1f8a11"
    assert admin.http.get(f"/api/v1/groups/id/{missing}").status_code == 404
    assert admin.http.post(f"/api/v1/groups/id/{missing}/update", json={"name": "x"}).status_code == 404
    assert admin.http.delete(f"/api/v1/groups/id/{missing}/delete").status_code == 404


def test_a_deleted_group_is_gone_with_its_memberships(admin: Person, ada: Person) -> None:
    group = create_group(admin)
    add(admin, group, ada)
    assert admin.http.delete(f"/api/v1/groups/id/{group['id']}/delete").json() is True
    assert admin.http.get(f"/api/v1/groups/id/{group['id']}").status_code == 404
    assert ada.http.get("/api/v1/users/groups").json() == []
    assert admin.http.get(f"/api/v1/users/{ada.id}/groups").json() == []


def test_a_deleted_groups_grants_leave_the_presets_and_bases_that_gave_them(admin: Person) -> None:
    """As Open WebUI deletes them with the group: the app's Access dialog would otherwise look
    up a group that is gone. Other grants stay."""
    group, kept = create_group(admin, "Leaving"), grant("user", "*")
    given = [grant("group", group["id"]), grant("group", group["id"], "write"), kept]
    preset = f"left-{uuid.uuid4().hex[:6]}"
    admin.http.post("/api/v1/models/create", json={"id": preset, "name": "Left", "base_model_id": "echo",
                                                   "meta": {}, "params": {}, "access_grants": given})
    base = create_base(admin, "Left behind", *given)
    admin.http.delete(f"/api/v1/groups/id/{group['id']}/delete").raise_for_status()

    def grants_left() -> list[list[dict[str, Any]]]:
        return [[{k: g[k] for k in kept} for g in answer["access_grants"]] for answer in (
            admin.http.get("/api/v1/models/model", params={"id": preset}).json(),
            admin.http.get(f"/api/v1/knowledge/{base['id']}").json())]

    wait_for(lambda: grants_left() == [[kept], [kept]], timeout=10, what="the group's grants withdrawn")


def test_a_member_cannot_administer_groups(admin: Person, ada: Person) -> None:
    group = create_group(admin)
    base = f"/api/v1/groups/id/{group['id']}"
    assert ada.http.post("/api/v1/groups/create", json={"name": "Mine", "description": ""}).status_code == 401
    assert ada.http.get(base).status_code == 401
    assert ada.http.post(f"{base}/update", json={"name": "Taken", "description": ""}).status_code == 401
    assert ada.http.post(f"{base}/users/add", json={"user_ids": [ada.id]}).status_code == 401
    assert ada.http.delete(f"{base}/delete").status_code == 401
    assert admin.http.get(base).json()["member_count"] == 0


def test_a_member_lists_their_own_groups_only(admin: Person, ada: Person) -> None:
    mine, other = create_group(admin, "Ada's"), create_group(admin, "Not Ada's")
    add(admin, mine, ada)
    assert [g["id"] for g in ada.http.get("/api/v1/groups/").json()] == [mine["id"]]
    assert [g["id"] for g in ada.http.get("/api/v1/users/groups").json()] == [mine["id"]]
    assert set(ada.http.get(f"/api/v1/groups/id/{other['id']}/info").json()) == INFO_FIELDS


def test_a_member_may_share_to_groups_open_to_everyone_or_to_their_members(admin: Person, ada: Person) -> None:
    open_group = create_group(admin, "Open", data={"config": {"share": True}})
    members_only, closed = create_group(admin, "Members only"), create_group(admin, "Closed",
                                                                            data={"config": {"share": False}})
    shareable = {g["id"] for g in ada.http.get("/api/v1/groups/", params={"share": "true"}).json()}
    assert open_group["id"] in shareable and not {members_only["id"], closed["id"]} & shareable
    add(admin, members_only, ada)
    assert members_only["id"] in {g["id"] for g in ada.http.get("/api/v1/groups/", params={"share": "true"}).json()}


def test_the_admins_user_list_and_a_persons_page_name_their_groups(admin: Person, ada: Person) -> None:
    group = create_group(admin, "Named")
    add(admin, group, ada)
    listed = admin.http.get("/api/v1/users/", params={"query": ada.email}).json()["users"]
    assert [u["group_ids"] for u in listed] == [[group["id"]]]
    assert admin.http.get(f"/api/v1/users/{ada.id}").json()["groups"] == [{"id": group["id"], "name": "Named"}]
