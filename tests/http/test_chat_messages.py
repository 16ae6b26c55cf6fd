"""Messages: editing and deleting one, branching, and whole-chat updates from stale clients."""

from __future__ import annotations

from typing import Any

from tests.e2e.documents import CHAT_RESPONSE_FIELDS, conversation, form, message
from tests.e2e.people import Person, sign_in
from tests.http.app import InProcessServer


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


def test_editing_an_unknown_message_creates_it_as_the_current_one(member: Person) -> None:
    """As in Open WebUI: the SPA saves a message it has not sent in a whole-chat update yet."""
    chat_id = _create(member)["id"]
    edited = member.http.post(f"/api/v1/chats/{chat_id}/messages/n1", json={"content": "Late"}).json()
    history = edited["chat"]["history"]
    created = history["messages"]["n1"]
    assert (created["content"], created["parentId"], created["role"]) == ("Late", None, "assistant")
    assert history["currentId"] == "n1"


def test_an_edit_must_change_something(member: Person) -> None:
    response = member.http.post(f"/api/v1/chats/{_create(member)['id']}/messages/a1", json={})
    assert response.status_code == 400
    assert response.json()["detail"]


def test_voice_metadata_is_kept_in_the_messages_meta(member: Person) -> None:
    chat_id = _create(member)["id"]
    member.http.post(f"/api/v1/chats/{chat_id}/messages/a1", json={"voice": {"id": "alloy"}}).raise_for_status()
    answer = _messages(member, chat_id)["a1"]
    assert (answer["meta"], answer["content"]) == ({"voice": {"id": "alloy"}}, "An append-only record of facts.")


def test_voice_for_an_unknown_message_is_not_found(member: Person) -> None:
    response = member.http.post(f"/api/v1/chats/{_create(member)['id']}/messages/nope", json={"voice": {}})
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


def test_deleting_an_unknown_message_changes_nothing(member: Person) -> None:
    created = _create(member)
    response = member.http.delete(f"/api/v1/chats/{created['id']}/messages/nope")
    assert (response.status_code, response.json()["chat"]) == (200, created["chat"])


def test_deleting_a_message_lifts_the_replies_to_its_replies(member: Person) -> None:
    """a→b→c→d, delete b: b and its direct reply c go, d hangs from a (Open WebUI's rule)."""
    chain = form("Chain", message("a", "1"), message("b", "2", "a", "assistant"), message("c", "3", "b"),
                 message("d", "4", "c", "assistant"))
    chat_id = _create(member, chain)["id"]
    history = member.http.delete(f"/api/v1/chats/{chat_id}/messages/b").json()["chat"]["history"]
    assert list(history["messages"]) == ["a", "d"]
    assert (history["messages"]["a"]["childrenIds"], history["messages"]["d"]["parentId"]) == (["d"], "a")
    assert history["currentId"] == "d"


def test_deleting_the_first_message_makes_a_new_root(member: Person) -> None:
    chain = form("Chain", message("a", "1"), message("b", "2", "a", "assistant"), message("c", "3", "b"),
                 message("d", "4", "c", "assistant"))
    chat_id = _create(member, chain)["id"]
    history = member.http.delete(f"/api/v1/chats/{chat_id}/messages/a").json()["chat"]["history"]
    assert history["messages"]["c"]["parentId"] is None
    assert [m["id"] for m in member.http.get(f"/api/v1/chats/{chat_id}").json()["chat"]["messages"]] == ["c", "d"]


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


def test_a_stale_update_keeps_a_message_another_client_appended(server: InProcessServer, member: Person) -> None:
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


def test_a_stale_update_keeps_the_other_clients_message_in_the_tree(server: InProcessServer,
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
