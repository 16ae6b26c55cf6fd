"""Sharing a chat: a snapshot under a link, refreshed on re-share, gone on unshare."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.documents import CHAT_RESPONSE_FIELDS, conversation, form, message
from tests.e2e.people import Person
from tests.e2e.server import AnnalsProcess


@pytest.fixture(scope="module")
def reader(server: AnnalsProcess, admin: Person) -> Person:
    return people.member(server, admin, "reader")


def _create(person: Person, body: dict[str, Any] | None = None) -> dict[str, Any]:
    response = person.http.post("/api/v1/chats/new", json=body or conversation())
    response.raise_for_status()
    return response.json()


def _share(person: Person, chat_id: str) -> str:
    response = person.http.post(f"/api/v1/chats/{chat_id}/share")
    response.raise_for_status()
    return response.json()["share_id"]


def test_sharing_answers_with_the_chat_and_its_share_id(member: Person) -> None:
    shared = member.http.post(f"/api/v1/chats/{_create(member)['id']}/share").json()
    assert CHAT_RESPONSE_FIELDS <= shared.keys()
    assert shared["share_id"]


def test_the_share_id_shows_on_the_chat(member: Person) -> None:
    chat_id = _create(member)["id"]
    share_id = _share(member, chat_id)
    assert member.http.get(f"/api/v1/chats/{chat_id}").json()["share_id"] == share_id


def test_someone_else_reads_the_shared_snapshot(member: Person, reader: Person) -> None:
    created = _create(member)
    snapshot = reader.http.get(f"/api/v1/chats/share/{_share(member, created['id'])}").json()
    assert snapshot["title"] == created["title"]
    assert snapshot["chat"]["history"] == created["chat"]["history"]


def test_the_shared_snapshot_has_open_webuis_chat_fields(member: Person, reader: Person) -> None:
    snapshot = reader.http.get(f"/api/v1/chats/share/{_share(member, _create(member)['id'])}").json()
    assert CHAT_RESPONSE_FIELDS <= snapshot.keys()
    assert snapshot["id"] == snapshot["share_id"]


def test_the_snapshot_does_not_follow_later_changes(member: Person, reader: Person) -> None:
    created = _create(member, form("Before"))
    share_id = _share(member, created["id"])
    member.http.post(f"/api/v1/chats/{created['id']}", json=form("After")).raise_for_status()
    assert reader.http.get(f"/api/v1/chats/share/{share_id}").json()["title"] == "Before"


def test_sharing_again_refreshes_the_snapshot_under_the_same_link(member: Person, reader: Person) -> None:
    created = _create(member, form("First", message("q1", "one")))
    share_id = _share(member, created["id"])
    later = form("First", message("q1", "one"), message("q2", "two", "q1"))
    member.http.post(f"/api/v1/chats/{created['id']}", json=later).raise_for_status()
    assert _share(member, created["id"]) == share_id
    assert list(reader.http.get(f"/api/v1/chats/share/{share_id}").json()["chat"]["history"]["messages"]) == [
        "q1", "q2"]


def test_unsharing_answers_true(member: Person) -> None:
    chat_id = _create(member)["id"]
    _share(member, chat_id)
    assert member.http.delete(f"/api/v1/chats/{chat_id}/share").json() is True


def test_an_unshared_link_is_not_found(member: Person, reader: Person) -> None:
    chat_id = _create(member)["id"]
    share_id = _share(member, chat_id)
    member.http.delete(f"/api/v1/chats/{chat_id}/share").raise_for_status()
    response = reader.http.get(f"/api/v1/chats/share/{share_id}")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_unsharing_clears_the_share_id(member: Person) -> None:
    chat_id = _create(member)["id"]
    _share(member, chat_id)
    member.http.delete(f"/api/v1/chats/{chat_id}/share").raise_for_status()
    assert member.http.get(f"/api/v1/chats/{chat_id}").json()["share_id"] is None


def test_deleting_a_chat_ends_its_share(member: Person, reader: Person) -> None:
    chat_id = _create(member)["id"]
    share_id = _share(member, chat_id)
    member.http.delete(f"/api/v1/chats/{chat_id}").raise_for_status()
    assert reader.http.get(f"/api/v1/chats/share/{share_id}").status_code == 404


def test_an_unknown_share_link_is_not_found(reader: Person) -> None:
    assert reader.http.get("/api/v1/chats/share/no-such-link").status_code == 404


def test_a_share_link_is_not_a_chat_id(member: Person, reader: Person) -> None:
    chat_id = _create(member)["id"]
    _share(member, chat_id)
    assert reader.http.get(f"/api/v1/chats/share/{chat_id}").status_code == 404
