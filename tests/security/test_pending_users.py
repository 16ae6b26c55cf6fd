"""A pending account may ask who it is and sign out, and nothing else (CVE-2026-44567)."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from tests.e2e.people import Person, delete, sign_in, sign_up
from tests.e2e.server import AnnalsProcess

NEW_CHAT = {"chat": {"title": "t", "history": {"messages": {}, "currentId": None}}}
SOME_ID = "00000000-0000-0000-0000-000000000000"

Call = Callable[[httpx.Client], httpx.Response]

REFUSED: dict[str, Call] = {
    "list chats": lambda http: http.get("/api/v1/chats/"),
    "list chats, paged": lambda http: http.get("/api/v1/chats/", params={"page": 1}),
    "create a chat": lambda http: http.post("/api/v1/chats/new", json=NEW_CHAT),
    "read a chat": lambda http: http.get(f"/api/v1/chats/{SOME_ID}"),
    "update a chat": lambda http: http.post(f"/api/v1/chats/{SOME_ID}", json=NEW_CHAT),
    "delete a chat": lambda http: http.delete(f"/api/v1/chats/{SOME_ID}"),
    "pinned chats": lambda http: http.get("/api/v1/chats/pinned"),
    "archived chats": lambda http: http.get("/api/v1/chats/archived"),
    "search chats": lambda http: http.get("/api/v1/chats/search", params={"text": "x"}),
    "all tags": lambda http: http.get("/api/v1/chats/all/tags"),
    "tag a chat": lambda http: http.post(f"/api/v1/chats/{SOME_ID}/tags", json={"name": "t"}),
    "untag a chat": lambda http: delete(http, f"/api/v1/chats/{SOME_ID}/tags", {"name": "t"}),
    "read a shared chat": lambda http: http.get("/api/v1/chats/share/some-link"),
    "share a chat": lambda http: http.post(f"/api/v1/chats/{SOME_ID}/share"),
    "edit a message": lambda http: http.post(f"/api/v1/chats/{SOME_ID}/messages/m", json={"content": "x"}),
    "read settings": lambda http: http.get("/api/v1/users/user/settings"),
    "save settings": lambda http: http.post("/api/v1/users/user/settings/update", json={"ui": {}}),
    "update the profile": lambda http: http.post("/api/v1/auths/update/profile", json={"name": "Me"}),
    "list users": lambda http: http.get("/api/v1/users/"),
    "read a user": lambda http: http.get(f"/api/v1/users/{SOME_ID}"),
    "read the log": lambda http: http.get("/api/v1/events"),
}


@pytest.fixture(scope="module")
def pending(server: AnnalsProcess, admin: Person) -> Person:
    person = sign_up(server, "pending")
    assert person.account["role"] == "pending"
    return person


@pytest.mark.parametrize("call", REFUSED, ids=str)
def test_a_pending_account_is_refused(pending: Person, call: str) -> None:
    response = REFUSED[call](pending.http)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_pending_account_may_ask_who_it_is(pending: Person) -> None:
    assert pending.http.get("/api/v1/auths/").json()["role"] == "pending"


def test_a_pending_account_may_read_the_app_config(pending: Person) -> None:
    assert pending.http.get("/api/config").status_code == 200


def test_a_pending_account_may_sign_out(server: AnnalsProcess, admin: Person) -> None:
    assert sign_up(server, "leaving").http.post("/api/v1/auths/signout").json() == {"status": True}


def test_a_pending_account_created_no_chat_while_refused(pending: Person, admin: Person) -> None:
    REFUSED["create a chat"](pending.http)
    assert admin.http.get("/api/v1/events", params={"context": "chats", "user_id": pending.id}).json() == {
        "events": [], "next_after": None}


def test_once_approved_the_account_may_chat(server: AnnalsProcess, admin: Person) -> None:
    waiting = sign_up(server, "approved")
    admin.http.post(f"/api/v1/users/{waiting.id}/update", json={"role": "user"}).raise_for_status()
    approved = sign_in(server, waiting.email, password=waiting.password)
    assert approved.http.post("/api/v1/chats/new", json=NEW_CHAT).status_code == 200
