"""The app's search box (``/api/v1/search``): a person's own chats by title and message, within a
folder and its subfolders if asked, the pinned ones first when nothing is typed."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.documents import form, message
from tests.e2e.people import Person
from tests.http.app import InProcessServer

RESULT_FIELDS = {"id", "kind", "title", "context", "snippet", "preview", "url", "updated_at", "shared", "pinned"}


@pytest.fixture
def person(server: InProcessServer, admin: Person) -> Person:
    """Someone with no chats or folders yet."""
    return people.member(server, admin, "seeker")


def _chat(person: Person, title: str, text: str = "hello") -> str:
    response = person.http.post("/api/v1/chats/new", json=form(title, message("q1", text)))
    response.raise_for_status()
    return response.json()["id"]


def _folder(person: Person, name: str, parent: str | None = None) -> str:
    folder = person.http.post("/api/v1/folders/", json={"name": name}).json()
    if parent:
        person.http.post(f"/api/v1/folders/{folder['id']}/update/parent", json={"parent_id": parent}
                         ).raise_for_status()
    return folder["id"]


def _search(person: Person, **params: Any) -> dict[str, Any]:
    response = person.http.get("/api/v1/search", params=params)
    response.raise_for_status()
    return response.json()


def test_a_chat_is_found_by_a_word_of_its_messages_in_open_webuis_shape(person: Person) -> None:
    word = f"w{uuid.uuid4().hex[:10]}"
    chat_id = _chat(person, "Plans", f"the {word} is ready")
    [found] = _search(person, q=word)["items"]
    assert set(found) == RESULT_FIELDS and word in found["snippet"]
    assert (found["id"], found["url"], found["context"]) == (f"chat:{chat_id}", f"/c/{chat_id}", "Personal chat")


def test_with_nothing_typed_the_pinned_chats_come_first(person: Person) -> None:
    pinned = _chat(person, "Pinned")
    _chat(person, "Newer")
    person.http.post(f"/api/v1/chats/{pinned}/pin").raise_for_status()
    answer = _search(person)
    assert [i["title"] for i in answer["items"]] == ["Pinned", "Newer"] and answer["items"][0]["pinned"]


def test_a_folder_scope_finds_the_chats_in_it_and_its_subfolders(person: Person) -> None:
    outer = _folder(person, "Outer")
    inner = _folder(person, "Inner", parent=outer)
    for title, folder in (("In outer", outer), ("In inner", inner), ("Unfiled", None)):
        chat_id = _chat(person, title)
        if folder:
            person.http.post(f"/api/v1/chats/{chat_id}/folder", json={"folder_id": folder}).raise_for_status()
    answer = _search(person, scope=f"folder:{outer}")
    assert sorted(i["title"] for i in answer["items"]) == ["In inner", "In outer"]
    assert [s["name"] for s in answer["scopes"]] == ["Inner", "Outer"]
    assert {i["context"] for i in answer["items"]} == {"Outer", "Inner"}


def test_nothing_is_shared_with_anyone_nor_found_elsewhere(person: Person, member: Person) -> None:
    _chat(person, "Mine only")
    assert _search(person, sharing="shared")["items"] == []
    assert _search(person, kind="note")["items"] == []
    assert "Mine only" not in [i["title"] for i in _search(member, q="Mine only")["items"]]
    assert _search(person, scope="folder:not-a-folder-of-mine")["items"] == []
