"""The console's live tail: the events API's websocket, opened with the web app's cookie as the
page opens it, and on resume the gap fetched from the events API by position."""

from __future__ import annotations

from typing import Any

from tests.e2e.people import Person
from tests.http.app import InProcessServer

NEW_CHAT = {"chat": {"title": "watched", "history": {"messages": {}, "currentId": None}}}
TAIL = "/api/v1/events/live?all=true&context=chats"
WAIT_SECONDS = 15


def _next_event(socket: Any, aggregate_id: str | None = None) -> dict[str, Any]:
    """The next event of the log (of that aggregate), past the notices of the caller's own chats."""
    while True:
        message = socket.receive_json(timeout=WAIT_SECONDS)
        if "context" in message and aggregate_id in (None, message["aggregate_id"]):
            return message


def _tail(server: InProcessServer, person: Person, query: str = "") -> Any:
    return server.websocket(TAIL + query, cookies={"token": person.token})


def test_the_tail_shows_a_chat_another_person_creates(server: InProcessServer, admin: Person, member: Person):
    with _tail(server, admin) as socket:
        assert socket.receive_json(timeout=WAIT_SECONDS)["type"] == "ready"
        chat = member.http.post("/api/v1/chats/new", json=NEW_CHAT).json()
        shown = _next_event(socket, chat["id"])
    assert (shown["type"], shown["user_id"], shown["context"].lower()) == ("Chat.Created", member.id, "chats")


def test_the_tail_filtered_by_person_shows_only_theirs(server: InProcessServer, admin: Person, member: Person):
    with _tail(server, admin, f"&user_id={member.id}") as socket:
        socket.receive_json(timeout=WAIT_SECONDS)
        admin.http.post("/api/v1/chats/new", json=NEW_CHAT).raise_for_status()
        chat = member.http.post("/api/v1/chats/new", json=NEW_CHAT).json()
        first = _next_event(socket)
    assert first["aggregate_id"] == chat["id"]


def test_on_resume_the_events_committed_while_paused_are_fetched_by_position(server: InProcessServer,
                                                                             admin: Person, member: Person):
    with _tail(server, admin) as socket:
        socket.receive_json(timeout=WAIT_SECONDS)
        seen = _next_event(socket, member.http.post("/api/v1/chats/new", json=NEW_CHAT).json()["id"])
    missed = member.http.post("/api/v1/chats/new", json=NEW_CHAT).json()  # while paused
    with server.client(cookies={"token": admin.token}) as page:
        gap = page.get("/api/v1/events", params={"context": "chats", "after": seen["position"]}).json()["events"]
    assert missed["id"] in [e["aggregate_id"] for e in gap]
    assert all(e["position"] > seen["position"] for e in gap)


def test_a_members_tail_never_shows_other_peoples_events(server: InProcessServer, admin: Person,
                                                         member: Person):
    with _tail(server, member) as socket:
        socket.receive_json(timeout=WAIT_SECONDS)
        admin.http.post("/api/v1/chats/new", json=NEW_CHAT).raise_for_status()
        own = member.http.post("/api/v1/chats/new", json=NEW_CHAT).json()
        first = socket.receive_json(timeout=WAIT_SECONDS)
    assert first.get("chat_id") == own["id"] and "context" not in first
