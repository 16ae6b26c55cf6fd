"""The live websocket: own chats only, everything for an admin who asks, and revocation at once."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from tests.e2e.server import AnnalsProcess

NEW_CHAT = {"chat": {"title": "live", "history": {"messages": {}, "currentId": None}}}


def _signup(server: AnnalsProcess, name: str) -> dict[str, Any]:
    email = f"{name}-{uuid.uuid4().hex[:8]}@example.com"
    response = httpx.post(f"{server.base_url}/api/v1/auths/signup",
                          json={"name": name, "email": email, "password": "correct horse battery"})
    response.raise_for_status()
    return response.json()


@pytest.fixture(scope="module")
def admin(server: AnnalsProcess) -> dict[str, Any]:
    return _signup(server, "admin")  # the module's server is fresh: the first account is the admin


@pytest.fixture(scope="module")
def member(server: AnnalsProcess, admin: dict[str, Any]) -> dict[str, Any]:
    account = _signup(server, "member")
    httpx.post(f"{server.base_url}/api/v1/users/{account['id']}/update", json={"role": "user"},
               headers=_auth(admin)).raise_for_status()
    signin = httpx.post(f"{server.base_url}/api/v1/auths/signin",
                        json={"email": account["email"], "password": "correct horse battery"})
    return signin.json()


def _auth(account: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {account['token']}"}


@contextmanager
def _live(server: AnnalsProcess, account: dict[str, Any], query: str = "") -> Iterator[ClientConnection]:
    url = f"ws://127.0.0.1:{server.port}/api/v1/events/live?token={account['token']}{query}"
    with connect(url, open_timeout=10) as socket:
        assert json.loads(socket.recv(timeout=10))["type"] == "ready"
        yield socket


def _next(socket: ClientConnection, predicate: Any) -> dict[str, Any]:
    while True:
        message = json.loads(socket.recv(timeout=15))
        if predicate(message):
            return message


def test_an_owner_hears_about_their_new_chat(server: AnnalsProcess, member: dict[str, Any]) -> None:
    with _live(server, member) as socket:
        chat = httpx.post(f"{server.base_url}/api/v1/chats/new", json=NEW_CHAT, headers=_auth(member)).json()
        message = _next(socket, lambda m: m.get("chat_id") == chat["id"])
    assert message["event"] == "Chat.Created"


def test_an_admin_with_all_hears_other_peoples_events(server: AnnalsProcess, admin: dict[str, Any],
                                                      member: dict[str, Any]) -> None:
    with _live(server, admin, "&all=true&context=chats") as socket:
        chat = httpx.post(f"{server.base_url}/api/v1/chats/new", json=NEW_CHAT, headers=_auth(member)).json()
        message = _next(socket, lambda m: m.get("aggregate_id") == chat["id"])
    assert (message["type"], message["user_id"]) == ("Chat.Created", member["id"])


def test_someone_else_never_hears_about_my_chats(server: AnnalsProcess, admin: dict[str, Any],
                                                 member: dict[str, Any]) -> None:
    with _live(server, admin) as socket:
        mine = httpx.post(f"{server.base_url}/api/v1/chats/new", json=NEW_CHAT, headers=_auth(member)).json()
        theirs = httpx.post(f"{server.base_url}/api/v1/chats/new", json=NEW_CHAT, headers=_auth(admin)).json()
        first = _next(socket, lambda m: "chat_id" in m)
    assert first["chat_id"] == theirs["id"] != mine["id"]


def test_signing_out_closes_the_live_socket(server: AnnalsProcess) -> None:
    account = _signup(server, "leaver")
    with _live(server, account) as socket:
        httpx.post(f"{server.base_url}/api/v1/auths/signout", headers=_auth(account)).raise_for_status()
        with pytest.raises(ConnectionClosed) as closed:
            _next(socket, lambda m: False)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401


def test_a_bad_token_is_refused(server: AnnalsProcess) -> None:
    with pytest.raises((InvalidStatus, ConnectionClosed)), _live(server, {"token": "not-a-token"}):
        pass
