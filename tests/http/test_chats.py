"""A person's chats: creating, reading, listing, updating and deleting them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.documents import (
    CHAT_RESPONSE_FIELDS,
    CHAT_TITLE_ID_FIELDS,
    conversation,
    form,
    message,
)
from tests.e2e.people import Person
from tests.http.app import InProcessServer


@pytest.fixture
def person(server: InProcessServer, admin: Person) -> Person:
    """Someone with no chats yet, for tests that count or order them."""
    return people.member(server, admin, "chatter")


def _create(person: Person, body: dict[str, Any]) -> dict[str, Any]:
    response = person.http.post("/api/v1/chats/new", json=body)
    response.raise_for_status()
    return response.json()


def _listed(person: Person, path: str = "/api/v1/chats/", **params: Any) -> list[str]:
    return [c["id"] for c in person.http.get(path, params=params).json()]


def test_a_new_chat_answers_with_open_webuis_chat_fields(member: Person) -> None:
    created = _create(member, conversation())
    assert CHAT_RESPONSE_FIELDS <= created.keys()
    assert (created["user_id"], created["title"], created["archived"]) == (member.id, "A conversation", False)


def test_a_new_chat_keeps_its_messages(member: Person) -> None:
    document = _create(member, conversation())["chat"]
    assert [m["content"] for m in document["messages"]] == ["What is an event log?",
                                                            "An append-only record of facts."]
    assert document["history"]["currentId"] == "a1"
    assert document["history"]["messages"]["q1"]["childrenIds"] == ["a1"]


def test_a_new_chat_keeps_the_fields_the_spa_adds(member: Person) -> None:
    body = form("With params", models=["llama3"], params={"temperature": 0.2})
    document = _create(member, body)["chat"]
    assert (document["models"], document["params"]) == (["llama3"], {"temperature": 0.2})


def test_a_message_keeps_the_fields_the_spa_adds(member: Person) -> None:
    body = form("Extras", message("q1", "hi", timestamp=1700000000, files=[{"name": "a.txt"}]))
    kept = _create(member, body)["chat"]["history"]["messages"]["q1"]
    assert (kept["timestamp"], kept["files"]) == (1700000000, [{"name": "a.txt"}])


def test_a_new_chat_keeps_its_variables(member: Person) -> None:
    created = _create(member, {**conversation(), "variables": {"{{CITY}}": "Lyon"}})
    assert member.http.get(f"/api/v1/chats/{created['id']}").json()["variables"] == {"{{CITY}}": "Lyon"}


def test_a_chat_without_a_title_is_called_new_chat(member: Person) -> None:
    assert _create(member, {"chat": {}})["title"] == "New Chat"


def test_a_chat_reads_back_as_created(member: Person) -> None:
    created = _create(member, conversation())
    fetched = member.http.get(f"/api/v1/chats/{created['id']}").json()
    assert fetched["chat"] == created["chat"]


def test_the_list_has_open_webuis_title_id_fields(member: Person) -> None:
    _create(member, conversation())
    assert CHAT_TITLE_ID_FIELDS <= member.http.get("/api/v1/chats/").json()[0].keys()


def test_the_list_is_newest_first(person: Person) -> None:
    ids = [_create(person, form(f"chat {n}"))["id"] for n in range(3)]
    assert _listed(person) == ids[::-1]


def test_a_chat_with_a_new_message_moves_to_the_top(person: Person) -> None:
    oldest, newest = (_create(person, form(f"chat {n}"))["id"] for n in range(2))
    person.http.post(f"/api/v1/chats/{oldest}", json=form("chat 0", message("q1", "Still there?"))).raise_for_status()
    assert _listed(person) == [oldest, newest]


def test_renaming_a_chat_keeps_its_place(person: Person) -> None:
    """As in Open WebUI, where the SPA renames with ``{"chat": {"title": ...}}`` alone."""
    oldest, newest = (_create(person, form(f"chat {n}"))["id"] for n in range(2))
    person.http.post(f"/api/v1/chats/{oldest}", json={"chat": {"title": "renamed"}}).raise_for_status()
    assert _listed(person) == [newest, oldest]


def test_the_list_is_paged_sixty_at_a_time(person: Person) -> None:
    ids = [_create(person, form(f"chat {n}"))["id"] for n in range(61)]
    first, second = _listed(person, page=1), _listed(person, page=2)
    assert (len(first), second) == (60, [ids[0]])
    assert first == ids[:0:-1]


def test_without_a_page_the_list_has_everything(person: Person) -> None:
    ids = {_create(person, form(f"chat {n}"))["id"] for n in range(3)}
    assert set(_listed(person)) == ids


def test_the_list_path_is_an_alias(person: Person) -> None:
    _create(person, form("aliased"))
    assert _listed(person, "/api/v1/chats/list") == _listed(person)


def test_an_update_renames_the_chat(member: Person) -> None:
    created = _create(member, conversation())
    updated = member.http.post(f"/api/v1/chats/{created['id']}", json=form("Renamed")).json()
    assert updated["title"] == updated["chat"]["title"] == "Renamed"


def test_an_update_appends_the_new_messages(member: Person) -> None:
    created = _create(member, conversation())
    follow_up = form("A conversation", *created["chat"]["messages"], message("q2", "And a projection?", "a1"))
    updated = member.http.post(f"/api/v1/chats/{created['id']}", json=follow_up).json()
    assert [m["id"] for m in updated["chat"]["messages"]] == ["q1", "a1", "q2"]
    assert updated["chat"]["history"]["messages"]["a1"]["childrenIds"] == ["q2"]


def test_an_update_replaces_a_changed_property(member: Person) -> None:
    created = _create(member, form("Params", params={"temperature": 0.2}))
    member.http.post(f"/api/v1/chats/{created['id']}", json=form("Params", params={"seed": 7})).raise_for_status()
    assert member.http.get(f"/api/v1/chats/{created['id']}").json()["chat"]["params"] == {"seed": 7}


def test_an_update_keeps_properties_it_does_not_mention(member: Person) -> None:
    created = _create(member, form("Models", models=["llama3"]))
    member.http.post(f"/api/v1/chats/{created['id']}", json=form("Models")).raise_for_status()
    assert member.http.get(f"/api/v1/chats/{created['id']}").json()["chat"]["models"] == ["llama3"]


def test_a_message_naming_an_unknown_parent_is_refused(member: Person) -> None:
    created = _create(member, conversation())
    orphan = form("A conversation", message("x1", "lost", "no-such-parent"))
    response = member.http.post(f"/api/v1/chats/{created['id']}", json=orphan)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_deleting_a_chat_answers_true(member: Person) -> None:
    created = _create(member, conversation())
    assert member.http.delete(f"/api/v1/chats/{created['id']}").json() is True


def test_a_deleted_chat_is_gone(member: Person) -> None:
    created = _create(member, conversation())
    member.http.delete(f"/api/v1/chats/{created['id']}").raise_for_status()
    assert member.http.get(f"/api/v1/chats/{created['id']}").status_code == 404
    assert created["id"] not in _listed(member)


def test_a_deleted_chat_cannot_be_updated(member: Person) -> None:
    created = _create(member, conversation())
    member.http.delete(f"/api/v1/chats/{created['id']}").raise_for_status()
    response = member.http.post(f"/api/v1/chats/{created['id']}", json=form("Back?"))
    assert response.status_code == 404
    assert response.json()["detail"]


def test_an_unknown_chat_is_not_found(member: Person) -> None:
    response = member.http.get("/api/v1/chats/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_a_malformed_chat_id_is_not_found(member: Person) -> None:
    assert member.http.post("/api/v1/chats/not-a-uuid", json=form("x")).status_code == 404
