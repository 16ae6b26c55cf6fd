"""Keeping chats in order: archive, pin, folders and tags."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.documents import (
    CHAT_RESPONSE_FIELDS,
    CHAT_TITLE_ID_FIELDS,
    TAG_FIELDS,
    conversation,
)
from tests.e2e.people import Person, delete
from tests.http.app import InProcessServer


@pytest.fixture
def person(server: InProcessServer, admin: Person) -> Person:
    """Someone with no chats or tags yet, for tests that look at whole lists."""
    return people.member(server, admin, "organiser")


def _create(person: Person, body: dict[str, Any] | None = None) -> str:
    response = person.http.post("/api/v1/chats/new", json=body or conversation())
    response.raise_for_status()
    return response.json()["id"]


def _folder(person: Person) -> str:
    response = person.http.post("/api/v1/folders/", json={"name": f"Folder {uuid.uuid4().hex[:6]}"})
    response.raise_for_status()
    return response.json()["id"]


def _ids(person: Person, path: str, **params: Any) -> list[str]:
    response = person.http.get(path, params=params)
    response.raise_for_status()
    return [c["id"] for c in response.json()]


def _tag(person: Person, chat_id: str, name: str) -> list[dict[str, Any]]:
    response = person.http.post(f"/api/v1/chats/{chat_id}/tags", json={"name": name})
    response.raise_for_status()
    return response.json()


def test_the_archived_chats_are_counted(person: Person) -> None:
    for chat_id in (_create(person), _create(person)):
        person.http.post(f"/api/v1/chats/{chat_id}/archive").raise_for_status()
    _create(person)
    assert person.http.get("/api/v1/chats/archived/count").json() == 2


def test_archiving_answers_with_the_archived_chat(member: Person) -> None:
    archived = member.http.post(f"/api/v1/chats/{_create(member)}/archive").json()
    assert CHAT_RESPONSE_FIELDS <= archived.keys()
    assert archived["archived"] is True


def test_an_archived_chat_leaves_the_list_for_the_archive(member: Person) -> None:
    chat_id = _create(member)
    member.http.post(f"/api/v1/chats/{chat_id}/archive").raise_for_status()
    assert chat_id not in _ids(member, "/api/v1/chats/")
    assert chat_id in _ids(member, "/api/v1/chats/archived")


def test_the_archive_has_open_webuis_title_id_fields(person: Person) -> None:
    person.http.post(f"/api/v1/chats/{_create(person)}/archive").raise_for_status()
    listed = person.http.get("/api/v1/chats/archived").json()
    assert CHAT_TITLE_ID_FIELDS <= listed[0].keys()
    assert listed[0]["archived"] is True


def test_archiving_again_brings_the_chat_back(member: Person) -> None:
    chat_id = _create(member)
    member.http.post(f"/api/v1/chats/{chat_id}/archive").raise_for_status()
    assert member.http.post(f"/api/v1/chats/{chat_id}/archive").json()["archived"] is False
    assert chat_id in _ids(member, "/api/v1/chats/")
    assert chat_id not in _ids(member, "/api/v1/chats/archived")


def test_pinning_answers_with_the_pinned_chat(member: Person) -> None:
    assert member.http.post(f"/api/v1/chats/{_create(member)}/pin").json()["pinned"] is True


def test_a_pinned_chat_is_listed_among_the_pinned(person: Person) -> None:
    pinned, _ = _create(person), _create(person)
    person.http.post(f"/api/v1/chats/{pinned}/pin").raise_for_status()
    assert _ids(person, "/api/v1/chats/pinned") == [pinned]


def test_a_pinned_chat_leaves_the_plain_list(person: Person) -> None:
    pinned = _create(person)
    person.http.post(f"/api/v1/chats/{pinned}/pin").raise_for_status()
    assert pinned not in _ids(person, "/api/v1/chats/")
    assert pinned in _ids(person, "/api/v1/chats/", include_pinned="true")


def test_pinning_again_unpins(member: Person) -> None:
    chat_id = _create(member)
    member.http.post(f"/api/v1/chats/{chat_id}/pin").raise_for_status()
    assert member.http.post(f"/api/v1/chats/{chat_id}/pin").json()["pinned"] is False
    assert chat_id not in _ids(member, "/api/v1/chats/pinned")


def test_moving_to_a_folder_answers_with_the_moved_chat(member: Person) -> None:
    folder_id = _folder(member)
    moved = member.http.post(f"/api/v1/chats/{_create(member)}/folder", json={"folder_id": folder_id}).json()
    assert moved["folder_id"] == folder_id


def test_a_chat_in_a_folder_leaves_the_plain_list(member: Person) -> None:
    folder_id = _folder(member)
    chat_id = _create(member)
    member.http.post(f"/api/v1/chats/{chat_id}/folder", json={"folder_id": folder_id}).raise_for_status()
    assert chat_id not in _ids(member, "/api/v1/chats/")
    assert chat_id in _ids(member, "/api/v1/chats/", include_folders="true")


def test_moving_to_no_folder_brings_the_chat_back(member: Person) -> None:
    folder_id = _folder(member)
    chat_id = _create(member)
    member.http.post(f"/api/v1/chats/{chat_id}/folder", json={"folder_id": folder_id}).raise_for_status()
    member.http.post(f"/api/v1/chats/{chat_id}/folder", json={"folder_id": None}).raise_for_status()
    assert chat_id in _ids(member, "/api/v1/chats/")


def test_archiving_takes_the_chat_out_of_its_folder(member: Person) -> None:
    folder_id = _folder(member)
    chat_id = _create(member, {**conversation(), "folder_id": folder_id})
    assert member.http.post(f"/api/v1/chats/{chat_id}/archive").json()["folder_id"] is None


def test_filing_in_a_folder_unpins_the_chat(member: Person) -> None:
    folder_id = _folder(member)
    chat_id = _create(member)
    member.http.post(f"/api/v1/chats/{chat_id}/pin").raise_for_status()
    filed = member.http.post(f"/api/v1/chats/{chat_id}/folder", json={"folder_id": folder_id}).json()
    assert filed["pinned"] is False


def test_filing_in_a_folder_unarchives_the_chat(member: Person) -> None:
    folder_id = _folder(member)
    chat_id = _create(member)
    member.http.post(f"/api/v1/chats/{chat_id}/archive").raise_for_status()
    filed = member.http.post(f"/api/v1/chats/{chat_id}/folder", json={"folder_id": folder_id}).json()
    assert filed["archived"] is False


def test_a_chat_can_be_created_in_a_folder(member: Person) -> None:
    folder_id = _folder(member)
    chat_id = _create(member, {**conversation(), "folder_id": folder_id})
    assert member.http.get(f"/api/v1/chats/{chat_id}").json()["folder_id"] == folder_id


def test_tagging_answers_with_the_chats_tags(member: Person) -> None:
    tags = _tag(member, _create(member), "Work Notes")
    assert TAG_FIELDS <= tags[0].keys()
    assert [(t["id"], t["name"], t["user_id"]) for t in tags] == [("work_notes", "Work Notes", member.id)]


def test_a_chats_tags_are_listed(member: Person) -> None:
    chat_id = _create(member)
    _tag(member, chat_id, "alpha")
    _tag(member, chat_id, "beta")
    assert [t["id"] for t in member.http.get(f"/api/v1/chats/{chat_id}/tags").json()] == ["alpha", "beta"]


def test_tags_show_in_the_chat_document(member: Person) -> None:
    chat_id = _create(member)
    _tag(member, chat_id, "alpha")
    chat = member.http.get(f"/api/v1/chats/{chat_id}").json()
    assert chat["meta"]["tags"] == chat["chat"]["tags"] == ["alpha"]


def test_tagging_twice_keeps_one_tag(member: Person) -> None:
    chat_id = _create(member)
    _tag(member, chat_id, "once")
    assert [t["id"] for t in _tag(member, chat_id, "ONCE")] == ["once"]


def test_an_empty_tag_is_refused(member: Person) -> None:
    response = member.http.post(f"/api/v1/chats/{_create(member)}/tags", json={"name": "  "})
    assert response.status_code == 422
    assert response.json()["detail"]


def test_a_tag_called_none_is_refused(member: Person) -> None:
    """``tag:none`` means "untagged" in search, so no tag may be called that."""
    response = member.http.post(f"/api/v1/chats/{_create(member)}/tags", json={"name": "None"})
    assert response.status_code == 400
    assert response.json()["detail"]


def test_tagging_keeps_the_chats_place_in_the_list(person: Person) -> None:
    older, newer = _create(person), _create(person)
    _tag(person, older, "late")
    assert _ids(person, "/api/v1/chats/") == [newer, older]


def test_removing_a_tag_answers_with_the_rest(member: Person) -> None:
    chat_id = _create(member)
    _tag(member, chat_id, "keep")
    _tag(member, chat_id, "drop")
    remaining = delete(member.http, f"/api/v1/chats/{chat_id}/tags", {"name": "drop"}).json()
    assert [t["id"] for t in remaining] == ["keep"]


def test_all_tags_are_those_of_the_persons_chats(person: Person, member: Person) -> None:
    _tag(person, _create(person), "mine")
    _tag(person, _create(person), "also mine")
    _tag(member, _create(member), "someone else's")
    assert [t["id"] for t in person.http.get("/api/v1/chats/all/tags").json()] == ["also_mine", "mine"]


def test_a_tag_used_on_two_chats_is_listed_once(person: Person) -> None:
    _tag(person, _create(person), "shared")
    _tag(person, _create(person), "shared")
    assert [t["id"] for t in person.http.get("/api/v1/chats/all/tags").json()] == ["shared"]
