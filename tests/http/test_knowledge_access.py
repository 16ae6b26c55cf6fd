"""Who may see and change a knowledge base: its owner, admins, and its grants (to a person, a group,
everyone signed in); to anyone else it does not exist. And the permissions that let members create
and share bases."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.groups import add, create_group
from tests.http.knowledge import create_base, grant, may_make_knowledge

WRITES = [("post", "update", {"name": "Changed", "description": ""}),
          ("post", "access/update", {"access_grants": []}), ("post", "reset", None), ("delete", "delete", None)]


def reads_of(person: Person, base: dict[str, Any]) -> dict[str, int]:
    base_id = base["id"]
    listed = [i["id"] for i in person.http.get("/api/v1/knowledge/").json()["items"]]
    searched = [i["id"] for i in person.http.get("/api/v1/knowledge/search").json()["items"]]
    return {"listed": int(base_id in listed), "searched": int(base_id in searched),
            "get": person.http.get(f"/api/v1/knowledge/{base_id}").status_code,
            "files": person.http.get(f"/api/v1/knowledge/{base_id}/files").status_code,
            "pending": person.http.get(f"/api/v1/knowledge/{base_id}/files/pending").status_code}


def write(person: Person, base: dict[str, Any], method: str, path: str, body: Any) -> int:
    url = f"/api/v1/knowledge/{base['id']}/{path}"
    return person.http.request(method.upper(), url, json=body).status_code


HIDDEN = {"listed": 0, "searched": 0, "get": 404, "files": 404, "pending": 404}
SEEN = {"listed": 1, "searched": 1, "get": 200, "files": 200, "pending": 200}


@pytest.fixture
def owner(server: InProcessServer, admin: Person) -> Person:
    person = people.member(server, admin, "owner")
    may_make_knowledge(admin, person)
    return person


def test_another_member_neither_sees_nor_changes_a_private_base(server: InProcessServer, admin: Person,
                                                                 owner: Person) -> None:
    base, other = create_base(owner), people.member(server, admin, "other")
    assert reads_of(other, base) == HIDDEN
    assert [write(other, base, *w) for w in WRITES] == [404] * len(WRITES)
    assert owner.http.get(f"/api/v1/knowledge/{base['id']}").json()["name"] == "Handbook"


def test_a_group_grant_lets_the_groups_members_read_and_no_one_else(server: InProcessServer, admin: Person,
                                                                      owner: Person) -> None:
    reader, outsider = people.member(server, admin, "reader"), people.member(server, admin, "outsider")
    group = add(admin, create_group(admin, "Readers"), reader)
    base = create_base(owner, "Shared", grant("group", group["id"]))
    reader = people.sign_in(server, reader.email, password=reader.password)
    assert reads_of(reader, base) == SEEN
    assert reader.http.get(f"/api/v1/knowledge/{base['id']}").json()["write_access"] is False
    assert [write(reader, base, *w) for w in WRITES] == [403] * len(WRITES)
    assert reads_of(outsider, base) == HIDDEN


def test_a_write_grant_to_a_person_lets_them_change_the_base(server: InProcessServer, admin: Person,
                                                              owner: Person) -> None:
    writer = people.member(server, admin, "writer")
    base = create_base(owner, "Team", grant("user", writer.id, "write"), grant("user", writer.id))
    [item] = [i for i in writer.http.get("/api/v1/knowledge/").json()["items"] if i["id"] == base["id"]]
    assert item["write_access"] is True
    assert write(writer, base, "post", "update", {"name": "Renamed", "description": ""}) == 200
    assert owner.http.get(f"/api/v1/knowledge/{base['id']}").json()["name"] == "Renamed"


def test_a_base_shared_with_everyone_is_read_by_every_member(server: InProcessServer, admin: Person,
                                                              owner: Person) -> None:
    base = create_base(owner, "Public", grant("user", "*"))
    assert reads_of(people.member(server, admin, "anyone"), base) == SEEN


def test_an_admin_sees_and_changes_every_base(admin: Person, owner: Person) -> None:
    base = create_base(owner, "Private")
    assert reads_of(admin, base) == SEEN
    assert admin.http.get(f"/api/v1/knowledge/{base['id']}").json()["write_access"] is True
    assert write(admin, base, "delete", "delete", None) == 200


def test_a_member_without_the_permission_may_not_create_a_base(member: Person) -> None:
    response = member.http.post("/api/v1/knowledge/create", json={"name": "Mine", "description": ""})
    assert response.status_code == 401 and "workspace.knowledge" in response.json()["detail"]


def test_the_app_is_told_the_knowledge_permissions_in_force(admin: Person, member: Person) -> None:
    before = member.http.get("/api/v1/users/permissions").json()
    may_make_knowledge(admin, member)
    after = member.http.get("/api/v1/users/permissions").json()
    assert (before["workspace"]["knowledge"], after["workspace"]["knowledge"]) == (False, True)
    assert (after["sharing"]["knowledge"], after["sharing"]["public_knowledge"]) == (True, True)


def test_without_sharing_a_new_base_is_private_and_sharing_it_is_refused(admin: Person, member: Person) -> None:
    may_make_knowledge(admin, member, workspace={"knowledge": True})
    base = create_base(member, "Alone", grant("user", "*"))
    assert base["access_grants"] == []
    response = member.http.post(f"/api/v1/knowledge/{base['id']}/access/update",
                                json={"access_grants": [grant("user", admin.id)]})
    assert response.status_code == 403 and "sharing.knowledge" in response.json()["detail"]


def test_sharing_with_everyone_needs_its_own_permission(admin: Person, member: Person) -> None:
    may_make_knowledge(admin, member, workspace={"knowledge": True}, sharing={"knowledge": True})
    base = create_base(member, "Some", grant("user", "*"), grant("user", admin.id))
    assert [g["principal_id"] for g in base["access_grants"]] == [admin.id]
    response = member.http.post(f"/api/v1/knowledge/{base['id']}/access/update",
                                json={"access_grants": [grant("user", "*")]})
    assert response.status_code == 403 and "sharing.public_knowledge" in response.json()["detail"]
    kept = member.http.get(f"/api/v1/knowledge/{base['id']}").json()["access_grants"]
    assert [g["principal_id"] for g in kept] == [admin.id]
