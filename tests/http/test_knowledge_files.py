"""The files of knowledge bases: added (only files one may read), listed with their processing,
removed, reset; and what a base lends its readers."""

from __future__ import annotations

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.knowledge import a_file, add_file, create_base, grant, may_make_knowledge
from tests.waiting import wait_for


def test_an_added_file_is_listed_with_its_processing(admin: Person, member: Person) -> None:
    """Processing starts at once (tests/http/test_knowledge_processing.py): the file is listed at
    whichever step it has reached, and among the pending files until it is done."""
    may_make_knowledge(admin, member)
    base, file = create_base(member), a_file(member, "plan.md")
    answer = add_file(member, base, file)
    assert [(f["id"], f["meta"]["name"]) for f in answer["files"]] == [(file["id"], "plan.md")]
    pending = member.http.get(f"/api/v1/knowledge/{base['id']}/files/pending").json()
    listed = member.http.get(f"/api/v1/knowledge/{base['id']}/files", params={"page": 1}).json()
    [item] = listed["items"]
    assert (item["id"], item["filename"], item["user"]["id"]) == (file["id"], "plan.md", member.id)
    assert item["data"]["status"] in ("pending", "processing", "completed")
    assert (listed["total"], listed["directories"], listed["breadcrumbs"]) == (1, [], [])
    assert [p["id"] for p in pending] in ([file["id"]], []) and (pending or item["data"]["status"] == "completed")


def test_a_file_added_twice_is_held_once_and_the_list_counts_it(admin: Person, member: Person) -> None:
    may_make_knowledge(admin, member)
    base, file = create_base(member), a_file(member)
    add_file(member, base, file)
    again = member.http.post(f"/api/v1/knowledge/{base['id']}/files/batch/add",
                             json=[{"file_id": file["id"]}, {"file_id": a_file(member, "b.md")["id"]}])
    assert again.status_code == 200 and len(again.json()["files"]) == 2
    [item] = [i for i in member.http.get("/api/v1/knowledge/").json()["items"] if i["id"] == base["id"]]
    assert item["file_count"] == 2


def test_a_file_one_may_not_read_cannot_be_added(server: InProcessServer, admin: Person, member: Person) -> None:
    may_make_knowledge(admin, member)
    base, theirs = create_base(member), a_file(people.member(server, admin, "stranger"))
    response = member.http.post(f"/api/v1/knowledge/{base['id']}/file/add", json={"file_id": theirs["id"]})
    assert response.status_code == 404
    batch = member.http.post(f"/api/v1/knowledge/{base['id']}/files/batch/add",
                             json=[{"file_id": a_file(member)["id"]}, {"file_id": theirs["id"]}])
    assert batch.status_code == 404
    assert member.http.get(f"/api/v1/knowledge/{base['id']}/files").json()["total"] == 0


def test_an_admin_may_add_anyones_file(server: InProcessServer, admin: Person) -> None:
    base, theirs = create_base(admin), a_file(people.member(server, admin, "author"))
    assert [f["id"] for f in add_file(admin, base, theirs)["files"]] == [theirs["id"]]


def test_a_directory_that_does_not_exist_is_refused(admin: Person, member: Person) -> None:
    may_make_knowledge(admin, member)
    base = create_base(member)
    response = member.http.post(f"/api/v1/knowledge/{base['id']}/file/add",
                                json={"file_id": a_file(member)["id"], "directory_id": "nowhere"})
    assert response.status_code == 404 and "directory" in response.json()["detail"]


def test_a_removed_file_leaves_the_base_and_is_kept(admin: Person, member: Person) -> None:
    may_make_knowledge(admin, member)
    base, file = create_base(member), a_file(member)
    add_file(member, base, file)
    removed = member.http.post(f"/api/v1/knowledge/{base['id']}/file/remove", json={"file_id": file["id"]})
    assert (removed.status_code, removed.json()["files"]) == (200, [])
    assert member.http.get(f"/api/v1/files/{file['id']}").status_code == 200
    again = member.http.post(f"/api/v1/knowledge/{base['id']}/file/remove", json={"file_id": file["id"]})
    assert again.status_code == 400 and "not in knowledge base" in again.json()["detail"]


def test_a_reset_base_holds_no_files(admin: Person, member: Person) -> None:
    may_make_knowledge(admin, member)
    base = create_base(member)
    add_file(member, base, a_file(member))
    reset = member.http.post(f"/api/v1/knowledge/{base['id']}/reset")
    assert reset.status_code == 200 and reset.json()["name"] == "Handbook"
    assert member.http.get(f"/api/v1/knowledge/{base['id']}/files").json()["items"] == []


def test_a_deleted_file_leaves_every_base(admin: Person, member: Person) -> None:
    may_make_knowledge(admin, member)
    base, file = create_base(member), a_file(member)
    add_file(member, base, file)
    member.http.delete(f"/api/v1/files/{file['id']}").raise_for_status()
    wait_for(lambda: member.http.get(f"/api/v1/knowledge/{base['id']}/files").json()["total"] == 0,
             timeout=10, what="the deleted file to leave the base")


def test_a_base_lends_its_files_to_its_readers_and_its_search_finds_them(server: InProcessServer, admin: Person,
                                                                         member: Person) -> None:
    may_make_knowledge(admin, member)
    reader, outsider = people.member(server, admin, "reader"), people.member(server, admin, "outsider")
    file = a_file(member, "lent-handbook.md")
    base = create_base(member, "Lending", grant("user", reader.id))
    add_file(member, base, file)
    assert reader.http.get(f"/api/v1/files/{file['id']}/content").status_code == 200
    assert outsider.http.get(f"/api/v1/files/{file['id']}/content").status_code == 404
    found = reader.http.get("/api/v1/knowledge/search/files", params={"query": "lent-handbook"}).json()
    assert [(i["id"], i["collection"]["id"]) for i in found["items"]] == [(file["id"], base["id"])]
    assert outsider.http.get("/api/v1/knowledge/search/files", params={"query": "lent-handbook"}).json()[
        "total"] == 0


def test_a_deleted_persons_bases_go_with_them(server: InProcessServer, admin: Person) -> None:
    leaving = people.member(server, admin, "leaving")
    may_make_knowledge(admin, leaving)
    base = create_base(leaving, "Theirs", grant("user", "*"))
    people.delete_person(admin, leaving.id)
    assert admin.http.get(f"/api/v1/knowledge/{base['id']}").status_code == 404
