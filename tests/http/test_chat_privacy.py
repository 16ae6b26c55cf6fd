"""Someone else's chat does not exist for you: every way of touching it answers 404, and it is left
as it was. Admins are no exception (Open WebUI's admin chat access is off)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.e2e import people
from tests.e2e.documents import conversation, form
from tests.e2e.people import Person, delete
from tests.http.app import InProcessServer

Attempt = Callable[[httpx.Client, str], httpx.Response]

ATTEMPTS: dict[str, Attempt] = {
    "read": lambda http, chat_id: http.get(f"/api/v1/chats/{chat_id}"),
    "update": lambda http, chat_id: http.post(f"/api/v1/chats/{chat_id}", json=form("Taken over")),
    "delete": lambda http, chat_id: http.delete(f"/api/v1/chats/{chat_id}"),
    "archive": lambda http, chat_id: http.post(f"/api/v1/chats/{chat_id}/archive"),
    "pin": lambda http, chat_id: http.post(f"/api/v1/chats/{chat_id}/pin"),
    "mark unread": lambda http, chat_id: http.post(f"/api/v1/chats/{chat_id}/unread"),
    "move to a folder": lambda http, chat_id: http.post(f"/api/v1/chats/{chat_id}/folder",
                                                        json={"folder_id": "mine-now"}),
    "read tags": lambda http, chat_id: http.get(f"/api/v1/chats/{chat_id}/tags"),
    "tag": lambda http, chat_id: http.post(f"/api/v1/chats/{chat_id}/tags", json={"name": "graffiti"}),
    "untag": lambda http, chat_id: delete(http, f"/api/v1/chats/{chat_id}/tags", {"name": "private"}),
    "share": lambda http, chat_id: http.post(f"/api/v1/chats/{chat_id}/share"),
    "unshare": lambda http, chat_id: http.delete(f"/api/v1/chats/{chat_id}/share"),
    "read who may read its share": lambda http, chat_id: http.get(f"/api/v1/chats/shared/{chat_id}/access"),
    "change who may read its share": lambda http, chat_id: http.post(
        f"/api/v1/chats/shared/{chat_id}/access/update",
        json={"access_grants": [{"principal_type": "user", "principal_id": "*", "permission": "read"}]}),
    "edit a message": lambda http, chat_id: http.post(f"/api/v1/chats/{chat_id}/messages/q1",
                                                      json={"content": "forged"}),
    "delete a message": lambda http, chat_id: http.delete(f"/api/v1/chats/{chat_id}/messages/q1"),
}


@pytest.fixture(scope="module")
def owner(server: InProcessServer, admin: Person) -> Person:
    return people.member(server, admin, "owner")


@pytest.fixture(scope="module")
def stranger(server: InProcessServer, admin: Person) -> Person:
    return people.member(server, admin, "stranger")


@pytest.fixture(scope="module")
def private_chat(owner: Person) -> dict[str, Any]:
    response = owner.http.post("/api/v1/chats/new", json=conversation("Private"))
    response.raise_for_status()
    chat_id = response.json()["id"]
    owner.http.post(f"/api/v1/chats/{chat_id}/tags", json={"name": "private"}).raise_for_status()
    return owner.http.get(f"/api/v1/chats/{chat_id}").json()


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=str)
def test_a_stranger_is_told_the_chat_does_not_exist(stranger: Person, private_chat: dict[str, Any],
                                                    attempt: str) -> None:
    response = ATTEMPTS[attempt](stranger.http, private_chat["id"])
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=str)
def test_an_admin_is_told_the_chat_does_not_exist(admin: Person, private_chat: dict[str, Any],
                                                  attempt: str) -> None:
    assert ATTEMPTS[attempt](admin.http, private_chat["id"]).status_code == 404


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=str)
def test_a_strangers_attempt_leaves_the_chat_as_it_was(owner: Person, stranger: Person,
                                                       private_chat: dict[str, Any], attempt: str) -> None:
    ATTEMPTS[attempt](stranger.http, private_chat["id"])
    assert owner.http.get(f"/api/v1/chats/{private_chat['id']}").json() == private_chat


def test_a_stranger_and_a_missing_chat_get_the_same_answer(stranger: Person, private_chat: dict[str, Any]) -> None:
    theirs = stranger.http.get(f"/api/v1/chats/{private_chat['id']}")
    missing = stranger.http.get("/api/v1/chats/00000000-0000-0000-0000-000000000000")
    assert (theirs.status_code, theirs.json()) == (missing.status_code, missing.json())


def test_someone_elses_chat_is_not_in_my_list(stranger: Person, private_chat: dict[str, Any]) -> None:
    listed = [c["id"] for c in stranger.http.get("/api/v1/chats/").json()]
    assert private_chat["id"] not in listed


def test_someone_elses_chat_is_not_in_my_archive_or_pins(owner: Person, stranger: Person) -> None:
    chat_id = owner.http.post("/api/v1/chats/new", json=conversation()).json()["id"]
    owner.http.post(f"/api/v1/chats/{chat_id}/archive").raise_for_status()
    owner.http.post(f"/api/v1/chats/{chat_id}/pin").raise_for_status()
    listed = stranger.http.get("/api/v1/chats/archived").json() + stranger.http.get("/api/v1/chats/pinned").json()
    assert chat_id not in [c["id"] for c in listed]


def test_someone_elses_tags_are_not_in_my_tags(stranger: Person, private_chat: dict[str, Any]) -> None:
    assert "private" not in [t["id"] for t in stranger.http.get("/api/v1/chats/all/tags").json()]
