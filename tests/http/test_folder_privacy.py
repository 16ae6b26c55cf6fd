"""Someone else's folder does not exist for you: every way of touching it answers 404, and it and
its chats are left as they were. Admins are no exception."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.e2e import people
from tests.e2e.documents import conversation
from tests.e2e.people import Person
from tests.http.app import InProcessServer

Attempt = Callable[[httpx.Client, str], httpx.Response]

ATTEMPTS: dict[str, Attempt] = {
    "read": lambda http, folder_id: http.get(f"/api/v1/folders/{folder_id}"),
    "rename": lambda http, folder_id: http.post(f"/api/v1/folders/{folder_id}/update", json={"name": "Mine"}),
    "move": lambda http, folder_id: http.post(f"/api/v1/folders/{folder_id}/update/parent", json={"parent_id": None}),
    "expand": lambda http, folder_id: http.post(f"/api/v1/folders/{folder_id}/update/expanded",
                                                json={"is_expanded": False}),
    "delete": lambda http, folder_id: http.delete(f"/api/v1/folders/{folder_id}"),
    "mark read": lambda http, folder_id: http.post(f"/api/v1/folders/{folder_id}/read"),
    "page its chats": lambda http, folder_id: http.get(f"/api/v1/folders/{folder_id}/shared/chats"),
    "read its chats": lambda http, folder_id: http.get(f"/api/v1/chats/folder/{folder_id}"),
    "list its chats": lambda http, folder_id: http.get(f"/api/v1/chats/folder/{folder_id}/list"),
    "create inside": lambda http, folder_id: http.post("/api/v1/folders/",
                                                       json={"name": "Intruder", "parent_id": folder_id}),
}


@pytest.fixture(scope="module")
def owner(server: InProcessServer, admin: Person) -> Person:
    return people.member(server, admin, "folder-owner")


@pytest.fixture(scope="module")
def stranger(server: InProcessServer, admin: Person) -> Person:
    return people.member(server, admin, "folder-stranger")


@pytest.fixture(scope="module")
def private_folder(owner: Person) -> dict[str, Any]:
    response = owner.http.post("/api/v1/folders/", json={"name": "Private"})
    response.raise_for_status()
    folder = response.json()
    owner.http.post(f"/api/v1/folders/{folder['id']}/update/expanded", json={"is_expanded": True}).raise_for_status()
    owner.http.post("/api/v1/chats/new", json={**conversation(), "folder_id": folder["id"]}).raise_for_status()
    return owner.http.get(f"/api/v1/folders/{folder['id']}").json()


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=str)
def test_a_stranger_is_told_the_folder_does_not_exist(stranger: Person, private_folder: dict[str, Any],
                                                      attempt: str) -> None:
    response = ATTEMPTS[attempt](stranger.http, private_folder["id"])
    assert response.status_code == 404


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=str)
def test_an_admin_is_told_the_folder_does_not_exist(admin: Person, private_folder: dict[str, Any],
                                                    attempt: str) -> None:
    assert ATTEMPTS[attempt](admin.http, private_folder["id"]).status_code == 404


def test_the_folder_and_its_chats_are_untouched(owner: Person, stranger: Person, admin: Person,
                                                private_folder: dict[str, Any]) -> None:
    for intruder in (stranger, admin):
        for attempt in ATTEMPTS.values():
            attempt(intruder.http, private_folder["id"])
    folder_id = private_folder["id"]
    assert owner.http.get(f"/api/v1/folders/{folder_id}").json() == private_folder
    assert len(owner.http.get(f"/api/v1/chats/folder/{folder_id}").json()) == 1


def test_a_stranger_does_not_see_the_folder_listed(stranger: Person, private_folder: dict[str, Any]) -> None:
    assert private_folder["id"] not in [f["id"] for f in stranger.http.get("/api/v1/folders/").json()]


@pytest.mark.parametrize("path", ["/api/v1/folders/", "/api/v1/folders/shared"])
def test_a_pending_account_has_no_folders(server: InProcessServer, admin: Person, path: str) -> None:
    pending = people.sign_up(server, "waiting")
    assert pending.http.get(path).status_code == 401
    assert pending.http.post("/api/v1/folders/", json={"name": "Mine"}).status_code == 401
