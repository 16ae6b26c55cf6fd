"""The live websocket: own chats only, everything for an admin who asks, and revocation at once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from tests.e2e import people
from tests.e2e.people import Person
from tests.e2e.server import AnnalsProcess

NEW_CHAT = {"chat": {"title": "live", "history": {"messages": {}, "currentId": None}}}


@contextmanager
def _live(server: AnnalsProcess, token: str, query: str = "") -> Iterator[ClientConnection]:
    url = f"ws://127.0.0.1:{server.port}/api/v1/events/live?token={token}{query}"
    with connect(url, open_timeout=10) as socket:
        assert json.loads(socket.recv(timeout=10))["type"] == "ready"
        yield socket


def _next(socket: ClientConnection, predicate: Any) -> dict[str, Any]:
    while True:
        message = json.loads(socket.recv(timeout=15))
        if predicate(message):
            return message


def test_an_owner_hears_about_their_new_chat(server: AnnalsProcess, member: Person) -> None:
    with _live(server, member.token) as socket:
        chat = member.http.post("/api/v1/chats/new", json=NEW_CHAT).json()
        message = _next(socket, lambda m: m.get("chat_id") == chat["id"])
    assert message["event"] == "Chat.Created"


def test_an_admin_with_all_hears_other_peoples_events(server: AnnalsProcess, admin: Person,
                                                      member: Person) -> None:
    with _live(server, admin.token, "&all=true&context=chats") as socket:
        chat = member.http.post("/api/v1/chats/new", json=NEW_CHAT).json()
        message = _next(socket, lambda m: m.get("aggregate_id") == chat["id"])
    assert (message["type"], message["user_id"]) == ("Chat.Created", member.id)


def test_someone_else_never_hears_about_my_chats(server: AnnalsProcess, admin: Person,
                                                 member: Person) -> None:
    with _live(server, admin.token) as socket:
        mine = member.http.post("/api/v1/chats/new", json=NEW_CHAT).json()
        theirs = admin.http.post("/api/v1/chats/new", json=NEW_CHAT).json()
        first = _next(socket, lambda m: "chat_id" in m)
    assert first["chat_id"] == theirs["id"] != mine["id"]


def test_signing_out_closes_the_live_socket(server: AnnalsProcess, admin: Person) -> None:
    leaver = people.member(server, admin, "leaver")
    with _live(server, leaver.token) as socket:
        leaver.http.post("/api/v1/auths/signout").raise_for_status()
        with pytest.raises(ConnectionClosed) as closed:
            _next(socket, lambda m: False)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401


def test_a_bad_token_is_refused(server: AnnalsProcess) -> None:
    with pytest.raises((InvalidStatus, ConnectionClosed)), _live(server, "not-a-token"):
        pass
