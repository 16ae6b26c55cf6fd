"""/api/v1/knowledge/*: knowledge bases in the shapes Open WebUI 0.12.4's Workspace pages read."""

from __future__ import annotations

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.knowledge import create_base, grant, may_make_knowledge

BASE_FIELDS = {"id", "user_id", "name", "description", "meta", "access_grants", "created_at", "updated_at"}


def test_a_created_base_is_answered_as_open_webuis_knowledge_response(admin: Person, member: Person) -> None:
    may_make_knowledge(admin, member)
    base = create_base(member, "Handbook")
    assert set(base) == BASE_FIELDS | {"files"}
    assert (base["user_id"], base["name"], base["description"], base["files"]) == (
        member.id, "Handbook", "How we work", None)


def test_the_list_shows_each_base_with_its_owner_file_count_and_write_access(admin: Person, member: Person) -> None:
    may_make_knowledge(admin, member)
    base = create_base(member, "Listed")
    page = member.http.get("/api/v1/knowledge/", params={"page": 1}).json()
    [item] = [i for i in page["items"] if i["id"] == base["id"]]
    assert (item["file_count"], item["write_access"], item["user"]["id"]) == (0, True, member.id)
    assert page["total"] == len(page["items"])


def test_search_finds_bases_by_name_and_sorts_them(admin: Person, member: Person) -> None:
    may_make_knowledge(admin, member)
    for name in ("Zebra facts", "Aardvark facts", "Unrelated"):
        create_base(member, name)
    found = member.http.get("/api/v1/knowledge/search", params={
        "query": "facts", "view_option": "created", "order_by": "name", "direction": "asc"}).json()
    assert [i["name"] for i in found["items"]] == ["Aardvark facts", "Zebra facts"] and found["total"] == 2
    assert member.http.get("/api/v1/knowledge/search", params={"source": "external"}).json() == {
        "items": [], "total": 0}


def test_a_base_is_read_with_whether_the_caller_may_write(admin: Person, member: Person) -> None:
    may_make_knowledge(admin, member)
    base = create_base(member)
    got = member.http.get(f"/api/v1/knowledge/{base['id']}").json()
    assert (got["name"], got["write_access"], got["files"]) == ("Handbook", True, None)


def test_an_update_changes_the_name_and_description_and_keeps_the_grants(admin: Person, member: Person) -> None:
    may_make_knowledge(admin, member)
    base = create_base(member, "Old", grant("user", "*"))
    response = member.http.post(f"/api/v1/knowledge/{base['id']}/update",
                                json={"name": "New", "description": "Better", "access_grants": [], "data": {}})
    assert response.status_code == 200, response.text
    updated = response.json()
    assert (updated["name"], updated["description"], updated["files"]) == ("New", "Better", [])
    assert [(g["principal_id"], g["permission"]) for g in updated["access_grants"]] == [("*", "read")]


def test_access_is_changed_through_its_own_route(admin: Person, member: Person) -> None:
    may_make_knowledge(admin, member)
    base = create_base(member)
    response = member.http.post(f"/api/v1/knowledge/{base['id']}/access/update",
                                json={"access_grants": [grant("user", "*")]})
    assert response.status_code == 200, response.text
    [row] = response.json()["access_grants"]
    assert (row["resource_type"], row["resource_id"], row["principal_type"], row["principal_id"]) == (
        "knowledge", base["id"], "user", "*")


def test_a_deleted_base_is_gone(admin: Person, member: Person) -> None:
    may_make_knowledge(admin, member)
    base = create_base(member)
    response = member.http.delete(f"/api/v1/knowledge/{base['id']}/delete")
    assert (response.status_code, response.json()) == (200, True)
    assert member.http.get(f"/api/v1/knowledge/{base['id']}").status_code == 404
    assert base["id"] not in [i["id"] for i in member.http.get("/api/v1/knowledge/").json()["items"]]


def test_a_base_without_a_name_or_with_unknown_fields_is_refused(admin: Person, member: Person) -> None:
    may_make_knowledge(admin, member)
    blank = member.http.post("/api/v1/knowledge/create", json={"name": " ", "description": ""})
    assert blank.status_code == 400 and "name" in blank.json()["detail"]
    owner = member.http.post("/api/v1/knowledge/create", json={"name": "X", "description": "", "user_id": admin.id})
    assert owner.status_code == 422 and "user_id" in owner.text
    missing = member.http.post("/api/v1/knowledge/create", json={"description": ""})
    assert missing.status_code in (400, 422) and "name" in missing.text


def test_a_grant_to_anyone_signed_out_is_refused(admin: Person) -> None:
    response = admin.http.post("/api/v1/knowledge/create", json={
        "name": "Open", "description": "", "access_grants": [grant("anyone", "*")]})
    assert response.status_code == 400 and "access grant" in response.json()["detail"]


def test_an_unknown_or_malformed_id_is_not_found(member: Person) -> None:
    for knowledge_id in ("not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        assert member.http.get(f"/api/v1/knowledge/{knowledge_id}").status_code == 404
        assert member.http.post(f"/api/v1/knowledge/{knowledge_id}/reset").status_code == 404


def test_anonymous_callers_get_nothing(server: InProcessServer, admin: Person) -> None:
    base = create_base(admin, "Admins'")
    client = people.anonymous(server)
    for path in ("/api/v1/knowledge/", "/api/v1/knowledge/search", f"/api/v1/knowledge/{base['id']}",
                 f"/api/v1/knowledge/{base['id']}/files"):
        assert client.get(path).status_code == 401
    assert client.post("/api/v1/knowledge/create", json={"name": "X", "description": ""}).status_code == 401
