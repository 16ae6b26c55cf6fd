"""Folders of chats, as Open WebUI's app creates, renames, nests, expands and deletes them."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.documents import conversation
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.knowledge import collection, create_base, may_make_knowledge

FOLDER_FIELDS = {"id", "parent_id", "user_id", "name", "items", "meta", "data", "is_expanded", "created_at",
                 "updated_at"}
LISTED_FIELDS = {"id", "name", "meta", "parent_id", "is_expanded", "unread_count", "created_at", "updated_at"}


@pytest.fixture
def person(server: InProcessServer, admin: Person) -> Person:
    """Someone with no folders yet."""
    return people.member(server, admin, "filer")


def _folder(person: Person, name: str, parent_id: str | None = None, **more: Any) -> dict[str, Any]:
    response = person.http.post("/api/v1/folders/", json={"name": name, "parent_id": parent_id, **more})
    response.raise_for_status()
    return response.json()


def _chat_in(person: Person, folder_id: str) -> str:
    response = person.http.post("/api/v1/chats/new", json={**conversation(), "folder_id": folder_id})
    response.raise_for_status()
    return response.json()["id"]


def _listed(person: Person) -> dict[str, dict[str, Any]]:
    return {f["id"]: f for f in person.http.get("/api/v1/folders/").json()}


def test_creating_answers_with_open_webuis_folder(member: Person) -> None:
    folder = _folder(member, f"Projects {uuid.uuid4()}")
    assert folder.keys() == FOLDER_FIELDS
    assert (folder["user_id"], folder["parent_id"], folder["is_expanded"]) == (member.id, None, False)


def test_a_new_folder_is_listed_with_open_webuis_fields(person: Person) -> None:
    folder = _folder(person, "Projects", meta={"icon": "📁", "color": "red"})
    listed = _listed(person)[folder["id"]]
    assert listed.keys() == LISTED_FIELDS
    assert (listed["name"], listed["meta"], listed["unread_count"]) == ("Projects", {"icon": "📁"}, 0)


def test_a_subfolder_names_its_parent(person: Person) -> None:
    parent = _folder(person, "Parent")
    assert _folder(person, "Child", parent["id"])["parent_id"] == parent["id"]


def test_a_name_taken_under_the_same_parent_is_refused_whatever_its_case(person: Person) -> None:
    _folder(person, "Recipes")
    response = person.http.post("/api/v1/folders/", json={"name": "RECIPES"})
    assert (response.status_code, response.json()["detail"]) == (400, "Folder already exists")


def test_a_folder_is_fetched_with_its_access(member: Person) -> None:
    folder = _folder(member, f"Fetched {uuid.uuid4()}")
    fetched = member.http.get(f"/api/v1/folders/{folder['id']}").json()
    assert fetched == {**folder, "access_grants": [], "write_access": True}


def test_an_update_renames_and_merges_data_and_meta(member: Person) -> None:
    folder = _folder(member, f"Old {uuid.uuid4()}", data={"system_prompt": "Be brief.", "model_ids": ["a"]})
    name = f"New {uuid.uuid4()}"
    updated = member.http.post(f"/api/v1/folders/{folder['id']}/update",
                               json={"name": name, "data": {"model_ids": ["b"]}, "meta": {"icon": "x"}}).json()
    assert (updated["name"], updated["data"], updated["meta"]) == (
        name, {"system_prompt": "Be brief.", "model_ids": ["b"]}, {"icon": "x"})


def test_renaming_to_a_sibling_name_is_refused(person: Person) -> None:
    _folder(person, "Taken")
    folder = _folder(person, "Free")
    response = person.http.post(f"/api/v1/folders/{folder['id']}/update", json={"name": "taken"})
    assert response.status_code == 400


def test_a_folder_file_that_names_no_base_or_file_is_refused(member: Person) -> None:
    response = member.http.post("/api/v1/folders/", json={"name": "With files", "data": {"files": [{"id": "f"}]}})
    assert response.status_code == 422 and "data.files" in response.text


def test_attaching_a_base_one_may_not_read_is_refused(server: InProcessServer, admin: Person) -> None:
    owner, snoop = people.member(server, admin, "hoarder"), people.member(server, admin, "snoop")
    may_make_knowledge(admin, owner)
    named = {"files": [collection(create_base(owner))]}
    assert snoop.http.post("/api/v1/folders/", json={"name": "Mine", "data": named}).status_code == 404
    folder = _folder(snoop, "Mine")
    assert snoop.http.post(f"/api/v1/folders/{folder['id']}/update", json={"data": named}).status_code == 404
    assert _folder(owner, "Theirs", data=named)["data"] == named


def test_moving_puts_a_folder_under_another(person: Person) -> None:
    folder, parent = _folder(person, "Moved"), _folder(person, "Parent")
    moved = person.http.post(f"/api/v1/folders/{folder['id']}/update/parent", json={"parent_id": parent["id"]})
    assert moved.json()["parent_id"] == parent["id"]
    assert _listed(person)[folder["id"]]["parent_id"] == parent["id"]


def test_moving_to_no_parent_brings_a_folder_to_the_top(person: Person) -> None:
    child = _folder(person, "Child", _folder(person, "Parent")["id"])
    moved = person.http.post(f"/api/v1/folders/{child['id']}/update/parent", json={"parent_id": None})
    assert moved.json()["parent_id"] is None


def test_moving_a_folder_into_its_own_subfolder_is_refused(person: Person) -> None:
    top = _folder(person, "Top")
    below = _folder(person, "Below", top["id"])
    response = person.http.post(f"/api/v1/folders/{top['id']}/update/parent", json={"parent_id": below["id"]})
    assert (response.status_code, response.json()["detail"]) == (
        400, "Cannot move a folder into itself or one of its subfolders")


def test_expanding_and_collapsing_are_remembered(member: Person) -> None:
    folder = _folder(member, f"Expandable {uuid.uuid4()}")
    expand = f"/api/v1/folders/{folder['id']}/update/expanded"
    assert member.http.post(expand, json={"is_expanded": True}).json()["is_expanded"] is True
    assert member.http.post(expand, json={"is_expanded": False}).json()["is_expanded"] is False


def test_deleting_a_folder_deletes_its_chats(person: Person) -> None:
    folder = _folder(person, "Doomed")
    chat_id = _chat_in(person, folder["id"])
    assert person.http.delete(f"/api/v1/folders/{folder['id']}").json() is True
    assert folder["id"] not in _listed(person)
    assert person.http.get(f"/api/v1/chats/{chat_id}").status_code == 404


def test_deleting_without_contents_moves_the_chats_to_the_chat_list(person: Person) -> None:
    folder = _folder(person, "Emptied")
    chat_id = _chat_in(person, folder["id"])
    person.http.delete(f"/api/v1/folders/{folder['id']}", params={"delete_contents": "false"}).raise_for_status()
    assert person.http.get(f"/api/v1/chats/{chat_id}").json()["folder_id"] is None
    assert chat_id in [c["id"] for c in person.http.get("/api/v1/chats/").json()]


def test_deleting_a_folder_deletes_its_subfolders_and_their_chats(person: Person) -> None:
    top = _folder(person, "Top")
    below = _folder(person, "Below", top["id"])
    chat_id = _chat_in(person, below["id"])
    person.http.delete(f"/api/v1/folders/{top['id']}").raise_for_status()
    assert below["id"] not in _listed(person)
    assert person.http.get(f"/api/v1/chats/{chat_id}").status_code == 404


def test_a_deleted_folders_name_can_be_used_again(person: Person) -> None:
    person.http.delete(f"/api/v1/folders/{_folder(person, 'Reused')['id']}").raise_for_status()
    assert _folder(person, "Reused")["name"] == "Reused"


def test_the_sidebar_pages_the_chats_directly_in_a_folder(person: Person) -> None:
    folder = _folder(person, "Paged")
    chat_ids = [_chat_in(person, folder["id"]) for _ in range(11)]
    _chat_in(person, _folder(person, "Below", folder["id"])["id"])
    first = person.http.get(f"/api/v1/folders/{folder['id']}/shared/chats", params={"page": 1}).json()
    second = person.http.get(f"/api/v1/folders/{folder['id']}/shared/chats", params={"page": 2}).json()
    assert (len(first["chats"]), first["total"], first["has_more"], second["has_more"]) == (10, 11, True, False)
    assert {c["id"] for c in first["chats"] + second["chats"]} == set(chat_ids)
    assert first["folder_permission"] == "write" and first["chats"][0]["readonly"] is False


def test_a_folders_chats_include_its_subfolders_chats(person: Person) -> None:
    folder = _folder(person, "Outer")
    inner = _chat_in(person, _folder(person, "Inner", folder["id"])["id"])
    outer = _chat_in(person, folder["id"])
    chats = person.http.get(f"/api/v1/chats/folder/{folder['id']}").json()
    assert {c["id"] for c in chats} == {inner, outer}
    assert all("chat" in c for c in chats)


def test_a_folders_chat_list_has_open_webuis_title_id_fields(person: Person) -> None:
    folder = _folder(person, "Listed")
    chat_id = _chat_in(person, folder["id"])
    listed = person.http.get(f"/api/v1/chats/folder/{folder['id']}/list", params={"page": 1}).json()
    assert [c["id"] for c in listed] == [chat_id]
    assert {"id", "title", "updated_at", "created_at", "last_read_at"} <= listed[0].keys()


def test_marking_a_folder_read_answers_its_folders(person: Person) -> None:
    folder = _folder(person, "Read")
    below = _folder(person, "Below", folder["id"])
    answer = person.http.post(f"/api/v1/folders/{folder['id']}/read").json()
    assert (set(answer["folder_ids"]), answer["folder_unread_counts"]) == (
        {folder["id"], below["id"]}, {folder["id"]: 0, below["id"]: 0})


def test_no_folders_are_shared_yet(member: Person) -> None:
    assert member.http.get("/api/v1/folders/shared").json() == []


def test_an_id_that_is_no_folder_answers_404(member: Person) -> None:
    assert member.http.get("/api/v1/folders/not-a-folder").status_code == 404

