"""Sharing a chat: a snapshot under a link, private until its owner says who may read it,
refreshed on re-share, gone on unshare."""

from __future__ import annotations

import pytest

from tests.e2e import people
from tests.e2e.audit import recorded
from tests.e2e.documents import CHAT_RESPONSE_FIELDS, form, message
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.sharing import create, grant, person, share, shared_with


@pytest.fixture
def reader(server: InProcessServer, admin: Person) -> Person:
    return people.member(server, admin, "reader")


def read(someone: Person, share_id: str) -> dict:
    response = someone.http.get(f"/api/v1/chats/share/{share_id}")
    assert response.status_code == 200, response.text
    return response.json()


def test_sharing_answers_with_the_chat_and_its_share_id(member: Person) -> None:
    shared = member.http.post(f"/api/v1/chats/{create(member)['id']}/share").json()
    assert CHAT_RESPONSE_FIELDS <= shared.keys()
    assert shared["share_id"]


def test_the_share_id_shows_on_the_chat(member: Person) -> None:
    chat_id = create(member)["id"]
    share_id = share(member, chat_id)
    assert member.http.get(f"/api/v1/chats/{chat_id}").json()["share_id"] == share_id


def test_a_shared_chat_is_private_until_its_owner_grants_access(member: Person, reader: Person) -> None:
    share_id = share(member, create(member)["id"])
    response = reader.http.get(f"/api/v1/chats/share/{share_id}")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_reading_someone_elses_private_share_is_recorded(member: Person, reader: Person, admin: Person) -> None:
    path = f"/api/v1/chats/share/{share(member, create(member)['id'])}"
    reader.http.get(path)
    refusal = recorded(admin, kind="permission", user_id=reader.id, path=path)
    assert (refusal["reason"], refusal["status"]) == ("someone else's private share", 401)


def test_the_owner_reads_their_own_share(member: Person) -> None:
    created = create(member)
    assert read(member, share(member, created["id"]))["title"] == created["title"]


def test_someone_granted_access_reads_the_shared_snapshot(member: Person, reader: Person) -> None:
    created = create(member)
    share_id = share(member, created["id"])
    grant(member, created["id"], person(reader)).raise_for_status()
    snapshot = read(reader, share_id)
    assert snapshot["title"] == created["title"]
    assert snapshot["chat"]["history"]["currentId"] == created["chat"]["history"]["currentId"]
    assert list(snapshot["chat"]["history"]["messages"]) == list(created["chat"]["history"]["messages"])


def test_a_grant_to_one_person_is_not_a_grant_to_another(member: Person, reader: Person,
                                                         server: InProcessServer, admin: Person) -> None:
    _, share_id = shared_with(member, person(reader))
    other = people.member(server, admin, "other")
    assert other.http.get(f"/api/v1/chats/share/{share_id}").status_code == 401


def test_the_shared_snapshot_has_open_webuis_chat_fields(member: Person, reader: Person) -> None:
    _, share_id = shared_with(member, person(reader))
    snapshot = read(reader, share_id)
    assert CHAT_RESPONSE_FIELDS <= snapshot.keys()
    assert snapshot["id"] == snapshot["share_id"] == share_id
    assert snapshot["chat"]["share_mode"] is None


def test_readers_do_not_see_the_owners_system_prompt_and_parameters(member: Person, reader: Person) -> None:
    body = form("Tuned", message("q1", "Hello"), params={"system": "Be terse."})
    _, share_id = shared_with(member, person(reader), body)
    assert "params" not in read(reader, share_id)["chat"]
    assert read(member, share_id)["chat"]["params"] == {"system": "Be terse."}


def test_a_readers_copy_names_the_author_of_each_prompt(member: Person, reader: Person) -> None:
    _, share_id = shared_with(member, person(reader))
    prompt = read(reader, share_id)["chat"]["history"]["messages"]["q1"]
    assert prompt["user"] == {"id": member.id, "name": member.account["name"]}


def test_the_snapshot_does_not_follow_later_changes(member: Person, reader: Person) -> None:
    chat_id, share_id = shared_with(member, person(reader), form("Before"))
    member.http.post(f"/api/v1/chats/{chat_id}", json=form("After")).raise_for_status()
    assert read(reader, share_id)["title"] == "Before"


def test_sharing_again_refreshes_the_snapshot_under_the_same_link_for_the_same_readers(
        member: Person, reader: Person) -> None:
    chat_id, share_id = shared_with(member, person(reader), form("First", message("q1", "one")))
    later = form("First", message("q1", "one"), message("q2", "two", "q1"))
    member.http.post(f"/api/v1/chats/{chat_id}", json=later).raise_for_status()
    assert share(member, chat_id) == share_id
    assert list(read(reader, share_id)["chat"]["history"]["messages"]) == ["q1", "q2"]


def test_unsharing_answers_true(member: Person) -> None:
    chat_id = create(member)["id"]
    share(member, chat_id)
    assert member.http.delete(f"/api/v1/chats/{chat_id}/share").json() is True


def test_unsharing_clears_the_share_id(member: Person) -> None:
    chat_id = create(member)["id"]
    share(member, chat_id)
    member.http.delete(f"/api/v1/chats/{chat_id}/share").raise_for_status()
    assert member.http.get(f"/api/v1/chats/{chat_id}").json()["share_id"] is None


def test_an_unshared_link_answers_as_open_webui_does(member: Person, reader: Person) -> None:
    chat_id, share_id = shared_with(member, person(reader))
    member.http.delete(f"/api/v1/chats/{chat_id}/share").raise_for_status()
    response = reader.http.get(f"/api/v1/chats/share/{share_id}")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_sharing_again_after_unsharing_starts_private(member: Person, reader: Person) -> None:
    chat_id, _ = shared_with(member, person(reader))
    member.http.delete(f"/api/v1/chats/{chat_id}/share").raise_for_status()
    share_id = share(member, chat_id)
    assert reader.http.get(f"/api/v1/chats/share/{share_id}").status_code == 401
    assert member.http.get(f"/api/v1/chats/shared/{chat_id}/access").json() == []


def test_deleting_a_chat_ends_its_share(member: Person, reader: Person) -> None:
    chat_id, share_id = shared_with(member, person(reader))
    member.http.delete(f"/api/v1/chats/{chat_id}").raise_for_status()
    assert reader.http.get(f"/api/v1/chats/share/{share_id}").status_code == 401


def test_an_unknown_share_link_is_answered_as_open_webui_does(reader: Person) -> None:
    assert reader.http.get("/api/v1/chats/share/no-such-link").status_code == 401


def test_a_share_link_is_not_a_chat_id(member: Person, reader: Person) -> None:
    chat_id, _ = shared_with(member, person(reader))
    assert reader.http.get(f"/api/v1/chats/share/{chat_id}").status_code == 401


def test_allowing_replies_in_a_shared_chat_is_refused_as_not_here_yet(member: Person) -> None:
    chat_id = create(member)["id"]
    response = member.http.post(f"/api/v1/chats/{chat_id}/share", json={"share_mode": "continue"})
    assert response.status_code == 400 and "not here yet" in response.json()["detail"]
    assert member.http.get(f"/api/v1/chats/{chat_id}").json()["share_id"] is None


def test_sharing_with_the_apps_empty_share_mode_shares(member: Person) -> None:
    chat_id = create(member)["id"]
    assert member.http.post(f"/api/v1/chats/{chat_id}/share", json={"share_mode": None}).json()["share_id"]
