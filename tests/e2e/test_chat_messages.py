"""Messages: editing and deleting one, branching, and whole-chat updates from stale clients."""

from __future__ import annotations

from typing import Any

from tests.e2e.documents import CHAT_RESPONSE_FIELDS, conversation, form, message
from tests.e2e.people import Person, sign_in
from tests.e2e.server import AnnalsProcess


def _create(person: Person, body: dict[str, Any] | None = None) -> dict[str, Any]:
    response = person.http.post("/api/v1/chats/new", json=body or conversation())
    response.raise_for_status()
    return response.json()


def _messages(person: Person, chat_id: str) -> dict[str, Any]:
    return person.http.get(f"/api/v1/chats/{chat_id}").json()["chat"]["history"]["messages"]


def test_editing_a_message_answers_with_the_chat(member: Person) -> None:
    chat_id = _create(member)["id"]
    edited = member.http.post(f"/api/v1/chats/{chat_id}/messages/a1", json={"content": "Facts, in order."}).json()
    assert CHAT_RESPONSE_FIELDS <= edited.keys()
    assert edited["chat"]["history"]["messages"]["a1"]["content"] == "Facts, in order."


def test_an_edit_changes_only_the_content(member: Person) -> None:
    chat_id = _create(member)["id"]
    before = _messages(member, chat_id)["a1"]
    member.http.post(f"/api/v1/chats/{chat_id}/messages/a1", json={"content": "Changed"}).raise_for_status()
    assert _messages(member, chat_id)["a1"] == {**before, "content": "Changed"}


def test_an_edit_shows_in_the_current_branch(member: Person) -> None:
    chat_id = _create(member)["id"]
    member.http.post(f"/api/v1/chats/{chat_id}/messages/q1", json={"content": "Rephrased"}).raise_for_status()
    branch = member.http.get(f"/api/v1/chats/{chat_id}").json()["chat"]["messages"]
    assert [m["content"] for m in branch] == ["Rephrased", "An append-only record of facts."]


def test_editing_an_unknown_message_is_not_found(member: Person) -> None:
    chat_id = _create(member)["id"]
    response = member.http.post(f"/api/v1/chats/{chat_id}/messages/nope", json={"content": "x"})
    assert response.status_code == 404
    assert response.json()["detail"]


def test_deleting_a_message_answers_with_the_chat_without_it(member: Person) -> None:
    chat_id = _create(member)["id"]
    remaining = member.http.delete(f"/api/v1/chats/{chat_id}/messages/a1").json()
    assert list(remaining["chat"]["history"]["messages"]) == ["q1"]


def test_deleting_a_message_moves_the_cursor_to_its_parent(member: Person) -> None:
    chat_id = _create(member)["id"]
    member.http.delete(f"/api/v1/chats/{chat_id}/messages/a1").raise_for_status()
    chat = member.http.get(f"/api/v1/chats/{chat_id}").json()
    assert chat["chat"]["history"]["currentId"] == chat["current_message_id"] == "q1"
    assert chat["chat"]["history"]["messages"]["q1"]["childrenIds"] == []


def test_deleting_a_question_deletes_its_answer(member: Person) -> None:
    chat_id = _create(member)["id"]
    member.http.delete(f"/api/v1/chats/{chat_id}/messages/q1").raise_for_status()
    assert _messages(member, chat_id) == {}


def test_deleting_an_unknown_message_is_not_found(member: Person) -> None:
    chat_id = _create(member)["id"]
    assert member.http.delete(f"/api/v1/chats/{chat_id}/messages/nope").status_code == 404


def test_a_regenerated_answer_becomes_a_sibling_branch(member: Person) -> None:
    created = _create(member)
    regenerated = form("A conversation", *created["chat"]["messages"],
                       message("a2", "A log of events.", "q1", "assistant"))
    updated = member.http.post(f"/api/v1/chats/{created['id']}", json=regenerated).json()
    assert updated["chat"]["history"]["messages"]["q1"]["childrenIds"] == ["a1", "a2"]
    assert [m["id"] for m in updated["chat"]["messages"]] == ["q1", "a2"]


def test_the_cursor_can_move_back_to_an_older_branch(member: Person) -> None:
    created = _create(member)
    both = form("A conversation", *created["chat"]["messages"], message("a2", "Another answer", "q1", "assistant"))
    member.http.post(f"/api/v1/chats/{created['id']}", json=both).raise_for_status()
    both["chat"]["history"]["currentId"] = "a1"
    updated = member.http.post(f"/api/v1/chats/{created['id']}", json=both).json()
    assert [m["id"] for m in updated["chat"]["messages"]] == ["q1", "a1"]


def test_a_stale_update_keeps_a_message_another_client_appended(server: AnnalsProcess, member: Person) -> None:
    created = _create(member)
    laptop, phone = member, sign_in(server, member.email, password=member.password)
    stale = phone.http.get(f"/api/v1/chats/{created['id']}").json()["chat"]
    appended = form("A conversation", *created["chat"]["messages"], message("q2", "From the laptop", "a1"))
    laptop.http.post(f"/api/v1/chats/{created['id']}", json=appended).raise_for_status()
    renamed = {"chat": {**stale, "title": "Renamed on the phone"}}
    phone.http.post(f"/api/v1/chats/{created['id']}", json=renamed).raise_for_status()
    chat = member.http.get(f"/api/v1/chats/{created['id']}").json()
    assert chat["title"] == "Renamed on the phone"
    assert chat["chat"]["history"]["messages"]["q2"]["content"] == "From the laptop"


def test_a_stale_update_keeps_the_other_clients_message_in_the_tree(server: AnnalsProcess,
                                                                    member: Person) -> None:
    created = _create(member)
    phone = sign_in(server, member.email, password=member.password)
    stale = phone.http.get(f"/api/v1/chats/{created['id']}").json()["chat"]
    appended = form("A conversation", *created["chat"]["messages"], message("q2", "From the laptop", "a1"))
    member.http.post(f"/api/v1/chats/{created['id']}", json=appended).raise_for_status()
    phone.http.post(f"/api/v1/chats/{created['id']}", json={"chat": stale}).raise_for_status()
    assert _messages(member, created["id"])["a1"]["childrenIds"] == ["q2"]


def test_resending_an_unchanged_chat_changes_nothing(member: Person) -> None:
    created = _create(member)
    again = member.http.post(f"/api/v1/chats/{created['id']}", json={"chat": created["chat"]}).json()
    assert again["chat"] == created["chat"]
