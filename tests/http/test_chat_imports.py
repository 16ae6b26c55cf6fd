"""Importing chats from an export: every chat or none, refused with the entry and the reason, and
the same import run again makes no second copy."""

from __future__ import annotations

from typing import Any

import msgspec

from tests.e2e.documents import chat, message
from tests.e2e.people import Person
from tests.http.chats import create, listed


def entry(title: str = "Imported", **flags: Any) -> dict[str, Any]:
    document = chat(title, message("q1", "Hello?"), message("a1", "Hi.", "q1", "assistant", model="m"))
    return {"chat": document, "meta": {}, "pinned": False, "archived": False, "folder_id": None, **flags}


def test_an_export_imported_back_is_the_same_conversations_as_new_chats(member: Person) -> None:
    original = create(member)
    exported = [msgspec.json.decode(line) for line in member.http.get("/api/v1/chats/all").text.splitlines()]
    mine = [c for c in exported if c["id"] == original["id"]]
    imported = member.http.post("/api/v1/chats/import", json={"chats": [
        {"chat": c["chat"], "meta": c["meta"], "pinned": c["pinned"], "archived": c["archived"],
         "created_at": c["created_at"], "updated_at": c["updated_at"]} for c in mine]}).json()
    assert [c["title"] for c in imported] == ["A conversation"] and imported[0]["id"] != original["id"]
    contents = [[m["content"] for m in c["chat"]["messages"]] for c in (original, imported[0])]
    assert contents[0] == contents[1] and imported[0]["created_at"] == original["created_at"]


def test_an_imported_chat_keeps_its_times_tags_and_flags(member: Person) -> None:
    (chat_,) = member.http.post("/api/v1/chats/import", json={"chats": [entry(
        "Old", meta={"tags": ["history"]}, pinned=True, created_at=1_600_000_000, updated_at=1_600_000_100)]}).json()
    assert (chat_["created_at"], chat_["updated_at"]) == (1_600_000_000, 1_600_000_100)
    assert (chat_["meta"]["tags"], chat_["pinned"]) == (["history"], True)


def test_an_imported_persons_messages_become_the_importers(member: Person) -> None:
    foreign = entry()
    foreign["chat"]["history"]["messages"]["q1"].update(user_id="someone", user={"id": "someone", "name": "X"})
    (chat_,) = member.http.post("/api/v1/chats/import", json={"chats": [foreign]}).json()
    question = chat_["chat"]["history"]["messages"]["q1"]
    assert (question["user_id"], question["user"]["id"]) == (member.id, member.id)


def test_importing_the_same_file_again_makes_no_second_copy(member: Person) -> None:
    body = {"chats": [entry("Once only")]}
    first = member.http.post("/api/v1/chats/import", json=body).json()
    again = member.http.post("/api/v1/chats/import", json=body).json()
    assert [c["id"] for c in again] == [c["id"] for c in first]
    assert listed(member).count(first[0]["id"]) == 1


def test_an_export_of_the_old_kind_with_only_a_message_list_is_imported_as_a_thread(member: Person) -> None:
    legacy = {"chat": {"title": "Legacy", "messages": [{"id": "m1", "role": "user", "content": "a"},
                                                       {"id": "m2", "role": "assistant", "content": "b"}]}}
    (chat_,) = member.http.post("/api/v1/chats/import", json={"chats": [legacy]}).json()
    assert [m["id"] for m in chat_["chat"]["messages"]] == ["m1", "m2"]


def test_an_import_with_a_broken_entry_is_refused_whole_naming_it(member: Person) -> None:
    broken = entry("Broken")
    broken["chat"]["history"]["messages"]["a1"]["parentId"] = "missing"
    before = listed(member)
    response = member.http.post("/api/v1/chats/import", json={"chats": [entry("Fine"), broken]})
    assert response.status_code == 400 and "chats[1]" in response.json()["detail"]
    assert listed(member) == before


def test_an_entry_of_the_wrong_shape_is_refused_naming_the_field(member: Person) -> None:
    response = member.http.post("/api/v1/chats/import", json={"chats": [entry(pinned="yes")]})
    assert response.status_code == 422 and "chats[0].pinned" in response.json()["detail"]


def test_an_import_of_too_many_chats_is_refused_saying_the_limit(member: Person) -> None:
    response = member.http.post("/api/v1/chats/import", json={"chats": [{"chat": {}}] * 5001})
    assert response.status_code == 422 and "at most 5000 chats" in response.json()["detail"]


def test_a_folder_from_elsewhere_is_left_out(member: Person) -> None:
    (chat_,) = member.http.post("/api/v1/chats/import", json={"chats": [
        entry(folder_id="8d9c41e2-27a4-4d7e-9a0c-5a2c2b1f7e11")]}).json()
    assert chat_["folder_id"] is None
