"""Nested groups, as Open WebUI 0.12.4 nests them: a group under a parent (at creation or by an
update), never under itself or its own descendants; whoever is in a group is in every group above
it, for what those are granted and the permissions they give; the members listing tells direct
from inherited; a parent deleted moves its children up; a change reaches the next request."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from projections.groups.projector import GroupViews
from projections.runtime.rebuild import rebuild
from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.chats import create
from tests.http.groups import add, create_group, remove, set_defaults
from tests.http.knowledge import create_base, grant, may_make_knowledge
from tests.http.workspaces import own_workspace
from tests.integration.threads import all_at_once

server, admin = own_workspace("nested-groups")
Json = dict[str, Any]


@pytest.fixture
def ada(member: Person) -> Person:
    return member


@pytest.fixture
def bob(server: InProcessServer, admin: Person) -> Person:
    """Someone in none of ada's groups."""
    return people.member(server, admin, "bob")


@pytest.fixture
def no_deleting(admin: Person) -> Iterator[None]:
    """Members may not delete chats by default, for the test; as before after it."""
    set_defaults(admin, "chat", delete=False)
    yield
    set_defaults(admin, "chat", delete=True)


def _update(admin: Person, group: Json, **changes: Any) -> httpx.Response:
    return admin.http.post(f"/api/v1/groups/id/{group['id']}/update",
                           json={"name": group["name"], "description": "", **changes})


def _get(admin: Person, group: Json) -> Json:
    return admin.http.get(f"/api/v1/groups/id/{group['id']}").json()


def _preset(admin: Person, group: Json) -> str:
    preset = f"preset-{uuid.uuid4().hex[:8]}"
    admin.http.post("/api/v1/models/create", json={
        "id": preset, "base_model_id": "some-base", "name": "Nested Preset", "meta": {}, "params": {},
        "access_grants": [{"principal_type": "group", "principal_id": group["id"], "permission": "read"}],
    }).raise_for_status()
    return preset


def _sees(person: Person, preset: str) -> bool:
    listed = preset in {m["id"] for m in person.http.get("/api/models").json()["data"]}
    read = person.http.get("/api/v1/models/model", params={"id": preset}).status_code
    assert (read == 200) is listed
    return listed


def test_a_group_created_under_a_parent_is_answered_with_it(admin: Person) -> None:
    parent = create_group(admin, "Company")
    child = create_group(admin, "Team", parent_group_id=parent["id"])
    assert child["parent_group_id"] == parent["id"] and _get(admin, child)["parent_group_id"] == parent["id"]
    assert admin.http.get(f"/api/v1/groups/id/{child['id']}/info").json()["parent_group_id"] == parent["id"]


def test_an_update_moves_a_group_and_null_puts_it_at_the_top(admin: Person) -> None:
    parent, child = create_group(admin, "Above"), create_group(admin, "Below")
    assert _update(admin, child, parent_group_id=parent["id"]).json()["parent_group_id"] == parent["id"]
    assert _update(admin, child, description="kept where it is").json()["parent_group_id"] == parent["id"]
    assert _update(admin, child, parent_group_id=None).json()["parent_group_id"] is None


@pytest.mark.parametrize(("parent", "reason"), [
    ("self", "its own parent"), ("descendant", "cycle"), ("unknown", "No group has the id"),
    ("not-an-id", "No group has the id"), ("", "null for none")])
def test_a_parent_that_cannot_be_is_refused(admin: Person, parent: str, reason: str) -> None:
    top = create_group(admin, "Top")
    below = create_group(admin, "Below", parent_group_id=top["id"])
    named = {"self": top["id"], "descendant": below["id"], "unknown": str(uuid.uuid4())}.get(parent, parent)
    refused = _update(admin, top, parent_group_id=named)
    assert refused.status_code == 400 and reason in refused.json()["detail"]
    assert _get(admin, top)["parent_group_id"] is None


def test_a_group_cannot_be_created_under_one_that_does_not_exist(admin: Person) -> None:
    refused = admin.http.post("/api/v1/groups/create", json={"name": "Orphan", "description": "",
                                                             "parent_group_id": str(uuid.uuid4())})
    assert refused.status_code == 400 and "No group has the id" in refused.json()["detail"]
    assert "Orphan" not in {g["name"] for g in admin.http.get("/api/v1/groups/").json()}


def test_two_groups_moved_under_each_other_at_once_make_no_cycle(admin: Person) -> None:
    for _ in range(5):
        a, b, answers = _moved_under_each_other(admin)
        assert sorted(answers) == [200, 400]
        assert None in {_get(admin, a)["parent_group_id"], _get(admin, b)["parent_group_id"]}


def _moved_under_each_other(admin: Person) -> tuple[Json, Json, list[int]]:
    """A under B and B under A, asked at the same moment; the statuses answered."""
    a, b = create_group(admin, "A"), create_group(admin, "B")
    moves, answers = [(a, b), (b, a)], list[int]()
    assert not all_at_once(lambda n: answers.append(
        _update(admin, moves[n][0], parent_group_id=moves[n][1]["id"]).status_code), threads=2)
    return a, b, answers


def test_a_preset_granted_to_a_parent_is_seen_by_members_of_its_descendants(admin: Person, ada: Person,
                                                                             bob: Person) -> None:
    company = create_group(admin, "Company")
    department = create_group(admin, "Department", parent_group_id=company["id"])
    add(admin, create_group(admin, "Team", parent_group_id=department["id"]), ada)
    preset = _preset(admin, company)
    assert (_sees(ada, preset), _sees(bob, preset)) == (True, False)


def test_a_knowledge_base_granted_to_a_parent_is_read_and_written_by_members_of_its_children(
        admin: Person, ada: Person, bob: Person) -> None:
    parent = create_group(admin, "Editors")
    add(admin, create_group(admin, "Junior editors", parent_group_id=parent["id"]), ada)
    may_make_knowledge(admin, bob)
    base = create_base(bob, "Style guide", grant("group", parent["id"]), grant("group", parent["id"], "write"))
    assert ada.http.get(f"/api/v1/knowledge/{base['id']}").status_code == 200
    changed = ada.http.post(f"/api/v1/knowledge/{base['id']}/update", json={"name": "Style", "description": ""})
    assert changed.status_code == 200, changed.text


def test_leaving_the_child_group_takes_the_inherited_access_away_at_the_next_request(admin: Person,
                                                                                      ada: Person) -> None:
    parent = create_group(admin, "Parent")
    child = add(admin, create_group(admin, "Child", parent_group_id=parent["id"]), ada)
    preset = _preset(admin, parent)
    assert _sees(ada, preset)
    remove(admin, child, ada)
    assert not _sees(ada, preset)


def test_moving_the_child_group_away_takes_the_inherited_access_away(admin: Person, ada: Person) -> None:
    parent = create_group(admin, "Parent")
    child = add(admin, create_group(admin, "Child", parent_group_id=parent["id"]), ada)
    preset = _preset(admin, parent)
    _update(admin, child, parent_group_id=None).raise_for_status()
    assert not _sees(ada, preset)
    _update(admin, child, parent_group_id=parent["id"]).raise_for_status()
    assert _sees(ada, preset)


def test_a_parents_permissions_are_in_force_for_members_of_its_children(admin: Person, ada: Person,
                                                                         no_deleting: None) -> None:
    parent = create_group(admin, "Deleters", permissions={"chat": {"delete": True}})
    add(admin, create_group(admin, "Juniors", parent_group_id=parent["id"]), ada)
    assert ada.http.get("/api/v1/users/permissions").json()["chat"]["delete"] is True
    assert ada.http.delete(f"/api/v1/chats/{create(ada)['id']}").status_code == 200


def test_the_members_listing_tells_direct_members_from_inherited_ones(admin: Person, ada: Person,
                                                                      bob: Person) -> None:
    parent = add(admin, create_group(admin, "Parent"), ada)
    child = add(admin, create_group(admin, "Child", parent_group_id=parent["id"]), bob)
    path = f"/api/v1/groups/id/{parent['id']}/members"
    everyone = admin.http.get(path).json()
    assert everyone["counts"] == {"direct": 1, "effective": 2, "inherited": 1} and everyone["total"] == 2
    kinds = {item["id"]: (item["membership_type"], item["via_group_ids"]) for item in everyone["items"]}
    assert kinds == {ada.id: ("direct", []), bob.id: ("inherited", [child["id"]])}
    assert [i["id"] for i in admin.http.get(path, params={"membership": "inherited"}).json()["items"]] == [bob.id]
    assert [i["id"] for i in admin.http.get(path, params={"membership": "direct"}).json()["items"]] == [ada.id]
    assert _get(admin, parent)["member_count"] == 1


def test_a_persons_groups_include_inherited_ones_when_asked(admin: Person, ada: Person) -> None:
    parent = create_group(admin, "Parent")
    child = add(admin, create_group(admin, "Child", parent_group_id=parent["id"]), ada)
    assert [g["id"] for g in ada.http.get("/api/v1/users/groups").json()] == [child["id"]]
    for path, asker in (("/api/v1/users/groups", ada), (f"/api/v1/users/{ada.id}/groups", admin)):
        found = asker.http.get(path, params={"include_inherited": "true"}).json()
        assert {g["id"]: g["membership_type"] for g in found} == {child["id"]: "direct", parent["id"]: "inherited"}
    assert {g["id"] for g in ada.http.get("/api/v1/groups/").json()} == {child["id"], parent["id"]}


def test_deleting_a_parent_moves_its_children_up_to_its_own_parent(admin: Person, ada: Person) -> None:
    top = create_group(admin, "Top")
    middle = create_group(admin, "Middle", parent_group_id=top["id"])
    low = add(admin, create_group(admin, "Low", parent_group_id=middle["id"]), ada)
    preset = _preset(admin, top)
    admin.http.delete(f"/api/v1/groups/id/{middle['id']}/delete").raise_for_status()
    assert _get(admin, low)["parent_group_id"] == top["id"] and _sees(ada, preset)
    admin.http.delete(f"/api/v1/groups/id/{top['id']}/delete").raise_for_status()
    assert _get(admin, low)["parent_group_id"] is None and not _sees(ada, preset)


def test_the_preview_shows_what_the_group_inherits(admin: Person) -> None:
    parent = create_group(admin, "Parent", permissions={"features": {"notes": True}},
                          data={"config": {"default_models": ["from-parent"]}})
    child = create_group(admin, "Child", parent_group_id=parent["id"])
    preset = _preset(admin, parent)
    preview = admin.http.get(f"/api/v1/groups/id/{child['id']}/preview").json()
    assert preview["inherited_permissions"]["features"]["notes"] is True and preview["permissions"] == {}
    assert preview["default_models"] == {"local": None, "effective": ["from-parent"],
                                         "source_group_id": parent["id"]}
    assert preset in {item["id"] for item in preview["models"]["items"]}


def test_a_members_default_models_are_the_deepest_groups_that_they_may_use(admin: Person, ada: Person) -> None:
    parent = create_group(admin, "Parent")
    child = add(admin, create_group(admin, "Child", parent_group_id=parent["id"]), ada)
    near, far = _preset(admin, parent), _preset(admin, parent)
    _update(admin, parent, data={"config": {"default_models": [far]}}).raise_for_status()
    assert ada.http.get("/api/config").json()["default_models"] == far
    _update(admin, child, data={"config": {"default_models": ["not-theirs", near]}}).raise_for_status()
    assert ada.http.get("/api/config").json()["default_models"] == near


def test_a_rebuild_reproduces_the_nested_groups(server: InProcessServer, admin: Person) -> None:
    top = create_group(admin, "Rebuilt top")
    middle = create_group(admin, "Rebuilt middle", parent_group_id=top["id"])
    create_group(admin, "Rebuilt low", parent_group_id=middle["id"])
    admin.http.delete(f"/api/v1/groups/id/{middle['id']}/delete").raise_for_status()
    report = rebuild(server.container.runner, GroupViews.view)
    assert report.equal and not report.faults, report.differences
