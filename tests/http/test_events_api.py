"""The admin's window on the log: /api/v1/events, filtered, one by one, and per aggregate."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.documents import conversation
from tests.e2e.people import Person
from tests.http.app import InProcessServer

EVENT_FIELDS = {"context", "position", "aggregate_id", "aggregate_version", "type", "user_id", "timestamp", "data"}


@pytest.fixture
def chat(member: Person) -> dict[str, Any]:
    """A chat created, tagged and archived: four events in the chats context."""
    response = member.http.post("/api/v1/chats/new", json=conversation())
    response.raise_for_status()
    chat_id = response.json()["id"]
    member.http.post(f"/api/v1/chats/{chat_id}/tags", json={"name": "audit"}).raise_for_status()
    member.http.post(f"/api/v1/chats/{chat_id}/archive").raise_for_status()
    return response.json()


def _events(admin: Person, **params: Any) -> list[dict[str, Any]]:
    response = admin.http.get("/api/v1/events", params=params)
    response.raise_for_status()
    return response.json()["events"]


def test_a_chats_events_are_listed_in_order(admin: Person, chat: dict[str, Any]) -> None:
    events = _events(admin, context="chats", aggregate_id=chat["id"])
    assert [e["type"] for e in events] == ["Chat.Created", "Chat.MessageAppended", "Chat.MessageAppended",
                                           "Chat.Tagged", "Chat.Archived"]
    assert [e["aggregate_version"] for e in events] == [1, 2, 3, 4, 5]


def test_an_event_says_where_when_and_whose_it_is(admin: Person, member: Person, chat: dict[str, Any]) -> None:
    created = _events(admin, context="chats", aggregate_id=chat["id"])[0]
    assert EVENT_FIELDS <= created.keys()
    assert (created["context"], created["user_id"]) == ("chats", member.id)


def test_events_are_filtered_by_type(admin: Person, chat: dict[str, Any]) -> None:
    tagged = _events(admin, context="chats", type="Chat.Tagged")
    assert {e["type"] for e in tagged} == {"Chat.Tagged"}
    assert chat["id"] in {e["aggregate_id"] for e in tagged}


def test_events_are_filtered_by_the_person_they_concern(server: InProcessServer, admin: Person,
                                                        chat: dict[str, Any]) -> None:
    other = people.member(server, admin, "other")
    other.http.post("/api/v1/chats/new", json=conversation()).raise_for_status()
    events = _events(admin, context="chats", user_id=other.id)
    assert events and {e["user_id"] for e in events} == {other.id}
    assert chat["id"] not in {e["aggregate_id"] for e in events}


def test_events_are_paged_with_next_after(admin: Person, chat: dict[str, Any]) -> None:
    first = admin.http.get("/api/v1/events", params={"context": "chats", "limit": 2}).json()
    second = _events(admin, context="chats", limit=2, after=first["next_after"])
    assert first["events"] + second == _events(admin, context="chats", limit=4)


def test_one_event_is_read_by_its_position(admin: Person, chat: dict[str, Any]) -> None:
    tagged = _events(admin, context="chats", aggregate_id=chat["id"], type="Chat.Tagged")[0]
    fetched = admin.http.get(f"/api/v1/events/{tagged['position']}", params={"context": "chats"}).json()
    assert fetched == tagged


def test_a_position_past_the_end_is_not_found(admin: Person, chat: dict[str, Any]) -> None:
    response = admin.http.get("/api/v1/events/999999", params={"context": "chats"})
    assert response.status_code == 404
    assert response.json()["detail"]


def test_a_new_event_is_readable_at_once_by_position(admin: Person, member: Person) -> None:
    chat_id = member.http.post("/api/v1/chats/new", json=conversation()).json()["id"]
    last = _events(admin, context="chats", aggregate_id=chat_id)[-1]
    member.http.post(f"/api/v1/chats/{chat_id}/pin").raise_for_status()
    pinned = admin.http.get(f"/api/v1/events/{last['position'] + 1}", params={"context": "chats"}).json()
    assert (pinned["aggregate_id"], pinned["type"]) == (chat_id, "Chat.Pinned")


def test_an_aggregates_history_is_read_by_its_id(admin: Person, chat: dict[str, Any]) -> None:
    history = admin.http.get(f"/api/v1/events/aggregates/{chat['id']}").json()
    assert history["aggregate_id"] == chat["id"]
    assert history["events"] == _events(admin, context="chats", aggregate_id=chat["id"])


def test_an_aggregates_history_is_complete_right_after_a_command(admin: Person, member: Person) -> None:
    chat_id = member.http.post("/api/v1/chats/new", json=conversation()).json()["id"]
    member.http.post(f"/api/v1/chats/{chat_id}/pin").raise_for_status()
    history = admin.http.get(f"/api/v1/events/aggregates/{chat_id}").json()["events"]
    assert history[-1]["type"] == "Chat.Pinned"


def test_an_accounts_history_is_in_the_identity_context(admin: Person, member: Person) -> None:
    history = admin.http.get(f"/api/v1/events/aggregates/{member.id}").json()["events"]
    assert history[0]["type"] == "User.Registered"
    assert {e["context"] for e in history} == {"identity"}


def test_password_hashes_never_leave_the_log(admin: Person, member: Person) -> None:
    registered = _events(admin, context="identity", aggregate_id=member.id, type="User.Registered")[0]
    assert registered["data"]["password_hash"] == "[redacted]"


def test_an_unknown_context_is_refused(admin: Person) -> None:
    response = admin.http.get("/api/v1/events", params={"context": "nonsense"})
    assert response.status_code == 422
    assert response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/v1/events?context=chats", "/api/v1/events/1?context=chats",
                                  "/api/v1/events/aggregates/00000000-0000-0000-0000-000000000000"])
def test_only_an_admin_may_read_the_log(member: Person, path: str) -> None:
    response = member.http.get(path)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_without_a_token_the_log_is_closed(server: InProcessServer) -> None:
    assert people.anonymous(server).get("/api/v1/events").status_code == 401
