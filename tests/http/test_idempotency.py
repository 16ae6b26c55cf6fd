"""``Idempotency-Key`` on creates: a retried create answers as the first did and creates nothing more;
the key sent with another request is refused."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer


def _key() -> dict[str, str]:
    return {"Idempotency-Key": f"retry-{uuid.uuid4()}"}


def _chat(title: str) -> dict[str, Any]:
    return {"chat": {"title": title, "history": {"messages": {}, "currentId": None}}}


def _titled(person: Person, title: str) -> list[str]:
    return [chat["id"] for chat in person.http.get("/api/v1/chats/").json() if chat["title"] == title]


def test_a_chat_created_again_with_the_same_key_is_the_first_chat(member: Person):
    key, body = _key(), _chat("sent twice")
    first = member.http.post("/api/v1/chats/new", json=body, headers=key)
    again = member.http.post("/api/v1/chats/new", json=body, headers=key)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert _titled(member, "sent twice") == [first.json()["id"]]


def test_a_key_sent_again_with_another_chat_is_refused_and_creates_nothing(member: Person):
    key = _key()
    member.http.post("/api/v1/chats/new", json=_chat("the first"), headers=key).raise_for_status()
    refused = member.http.post("/api/v1/chats/new", json=_chat("another"), headers=key)
    assert refused.status_code == 422
    assert "Idempotency-Key" in refused.json()["detail"]
    assert _titled(member, "another") == []


def test_concurrent_requests_with_one_key_create_one_chat(member: Person):
    key, body = _key(), _chat("sent at once")
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lambda _: member.http.post("/api/v1/chats/new", json=body, headers=key), range(4)))
    assert [answer.status_code for answer in answers] == [200] * 4
    assert len({answer.json()["id"] for answer in answers}) == 1
    assert len(_titled(member, "sent at once")) == 1


def test_one_key_of_two_people_creates_a_chat_for_each(server: InProcessServer, admin: Person, member: Person):
    other = people.member(server, admin, "other")
    key, body = _key(), _chat("same key, two people")
    mine = member.http.post("/api/v1/chats/new", json=body, headers=key).json()
    theirs = other.http.post("/api/v1/chats/new", json=body, headers=key).json()
    assert mine["id"] != theirs["id"]
    assert theirs["user_id"] == other.id


def test_a_chat_key_sent_to_create_a_folder_is_refused(member: Person):
    key = _key()
    member.http.post("/api/v1/chats/new", json=_chat("keyed"), headers=key).raise_for_status()
    assert member.http.post("/api/v1/folders/", json={"name": "keyed"}, headers=key).status_code == 422


def test_a_folder_created_again_with_the_same_key_is_the_first_folder(member: Person):
    key, body = _key(), {"name": f"folder {uuid.uuid4().hex[:6]}"}
    first = member.http.post("/api/v1/folders/", json=body, headers=key)
    again = member.http.post("/api/v1/folders/", json=body, headers=key)  # without the key: name taken
    assert first.status_code == again.status_code == 200
    assert again.json()["id"] == first.json()["id"]


def test_a_model_preset_created_again_with_the_same_key_keeps_what_changed_since(admin: Person):
    model_id = f"preset-{uuid.uuid4().hex[:6]}"
    key, body = _key(), {"id": model_id, "base_model_id": "echo", "name": "First", "meta": {}, "params": {}}
    admin.http.post("/api/v1/models/create", json=body, headers=key).raise_for_status()
    admin.http.post("/api/v1/models/model/update", json={**body, "name": "Renamed"}).raise_for_status()
    again = admin.http.post("/api/v1/models/create", json=body, headers=key)
    assert again.status_code == 200
    assert again.json()["name"] == "Renamed"  # not created anew over the change


@pytest.mark.parametrize("key", ["", "x" * 256, "line\nbreak"])
def test_an_unusable_key_is_refused(member: Person, key: str):
    try:
        response = member.http.post("/api/v1/chats/new", json=_chat("bad key"), headers={"Idempotency-Key": key})
    except httpx.LocalProtocolError:
        return  # the client itself will not send such a header
    assert response.status_code == 400
    assert _titled(member, "bad key") == []


def _upload(person: Person, key: dict[str, str], data: bytes) -> httpx.Response:
    return person.http.post("/api/v1/files/", params={"process": "true"}, headers=key,
                            files={"file": ("notes.txt", data, "text/plain")})


def test_a_file_uploaded_again_with_the_same_key_is_the_first_file(member: Person):
    key = _key()
    first = _upload(member, key, b"the first and only upload")
    again = _upload(member, key, b"the first and only upload")
    assert first.status_code == again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert member.http.get(f"/api/v1/files/{first.json()['id']}/content").content == b"the first and only upload"
    assert [f["id"] for f in member.http.get("/api/v1/files/").json()["items"]] == [first.json()["id"]]


def test_concurrent_uploads_with_one_key_keep_one_file_and_its_bytes(member: Person):
    key = _key()
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lambda _: _upload(member, key, b"sent at once"), range(4)))
    assert [answer.status_code for answer in answers] == [200] * 4
    file_id = answers[0].json()["id"]
    assert member.http.get(f"/api/v1/files/{file_id}/content").content == b"sent at once"


def test_a_key_sent_again_with_another_file_is_refused(member: Person):
    key = _key()
    _upload(member, key, b"one file").raise_for_status()
    assert _upload(member, key, b"another file").status_code == 422
