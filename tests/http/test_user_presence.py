"""Whether a person is here now (a Socket.IO connection of theirs is open), and the sessions an admin
sees them holding through the OpenID provider (tests/http/test_provider_sessions.py: one there)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.waiting import wait_for

SOCKET = "/ws/socket.io/?EIO=4&transport=websocket"


@contextmanager
def connected(server: InProcessServer, person: Person) -> Iterator[Any]:
    """A socket as the app opens one, signed in with the person's token (Engine.IO 4 by hand:
    ``0`` open, ``40`` connect to the default namespace with its ``auth``)."""
    with server.websocket(SOCKET, headers={"upgrade": "websocket", "connection": "Upgrade"}) as socket:
        assert socket.receive_text().startswith("0")
        socket.send_text("40" + json.dumps({"token": person.token}))
        assert socket.receive_text().startswith("40")
        yield socket


def active(asker: Person, person: Person) -> bool:
    answer = asker.http.get(f"/api/v1/users/{person.id}/active")
    assert answer.status_code == 200, answer.text
    return answer.json()["active"]


def test_a_person_with_no_socket_open_is_not_active(member: Person, admin: Person) -> None:
    assert admin.http.get(f"/api/v1/users/{member.id}/active").json() == {"active": False}


def test_a_person_is_active_while_a_socket_of_theirs_is_open(server: InProcessServer, member: Person,
                                                             admin: Person) -> None:
    with connected(server, member):
        wait_for(lambda: active(admin, member), timeout=10, what="the socket to be signed in")
        assert admin.http.get(f"/api/v1/users/{member.id}/info").json()["is_active"] is True
    wait_for(lambda: not active(admin, member), timeout=10, what="the closed socket to be forgotten")


def test_any_member_may_ask_who_is_active_and_no_one_is_an_unknown_id(member: Person) -> None:
    answer = member.http.get(f"/api/v1/users/{uuid.uuid4()}/active")
    assert answer.status_code == 200 and answer.json() == {"active": False}


def test_only_an_admin_sees_someones_provider_sessions(member: Person, admin: Person) -> None:
    assert member.http.get(f"/api/v1/users/{admin.id}/oauth/sessions").status_code in (401, 403)
    assert admin.http.get(f"/api/v1/users/{member.id}/oauth/sessions").json() == []


def test_the_provider_sessions_of_no_one_are_not_found(admin: Person) -> None:
    assert admin.http.get(f"/api/v1/users/{uuid.uuid4()}/oauth/sessions").status_code == 404
