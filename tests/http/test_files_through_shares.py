"""A shared chat's pictures show for its readers: a file is readable through a share of its
owner's that carries it attached to a message, by whom that share is shared with, while it is."""

from __future__ import annotations

import pytest

from tests.e2e import people
from tests.e2e.audit import recorded
from tests.e2e.documents import form, message
from tests.e2e.people import Person
from tests.e2e.uploads import PNG, attached, uploaded
from tests.http.app import InProcessServer
from tests.http.sharing import grant, person, share, shared_with


@pytest.fixture
def reader(server: InProcessServer, admin: Person) -> Person:
    return people.member(server, admin, "reader")


def picture(owner: Person) -> tuple[dict, str]:
    file = uploaded(owner, "dot.png", PNG, "image/png", process=False)
    return file, f"/api/v1/files/{file['id']}/content"


def with_picture(file: dict, text: str = "What is this?") -> dict:
    return form("Pictures", message("q1", text, files=[attached(file)]))


def test_a_shared_chats_pictures_are_read_by_whom_it_is_shared_with(member: Person, reader: Person) -> None:
    file, path = picture(member)
    shared_with(member, person(reader), with_picture(file))
    assert reader.http.get(path).content == PNG


def test_a_shared_chats_pictures_stay_private_until_the_share_is_granted(member: Person, reader: Person) -> None:
    file, path = picture(member)
    chat_id = member.http.post("/api/v1/chats/new", json=with_picture(file)).json()["id"]
    share(member, chat_id)
    assert reader.http.get(path).status_code == 404
    grant(member, chat_id, person(reader)).raise_for_status()
    assert reader.http.get(path).status_code == 200


def test_unsharing_takes_the_pictures_back(member: Person, reader: Person) -> None:
    file, path = picture(member)
    chat_id, _ = shared_with(member, person(reader), with_picture(file))
    member.http.delete(f"/api/v1/chats/{chat_id}/share").raise_for_status()
    assert reader.http.get(path).status_code == 404


def test_a_file_named_only_in_a_shared_messages_text_is_not_lent(member: Person, reader: Person) -> None:
    file, path = picture(member)
    body = form("Mentions", message("q1", f"see /api/v1/files/{file['id']}/content and {file['id']}"))
    shared_with(member, person(reader), body)
    assert reader.http.get(path).status_code == 404


def test_a_file_attached_only_after_sharing_is_not_lent_until_shared_again(member: Person, reader: Person) -> None:
    file, path = picture(member)
    chat_id, _ = shared_with(member, person(reader), form("Later", message("q0", "Hello")))
    later = form("Later", message("q0", "Hello"), message("q1", "This?", "q0", files=[attached(file)]))
    member.http.post(f"/api/v1/chats/{chat_id}", json=later).raise_for_status()
    assert reader.http.get(path).status_code == 404
    share(member, chat_id)
    assert reader.http.get(path).status_code == 200


def test_naming_someone_elses_file_in_a_chat_one_shares_lends_no_access_to_it(
        member: Person, reader: Person, server: InProcessServer, admin: Person) -> None:
    file, path = picture(member)
    accomplice = people.member(server, admin, "accomplice")
    shared_with(reader, person(accomplice), with_picture(file))
    assert (reader.http.get(path).status_code, accomplice.http.get(path).status_code) == (404, 404)
    refusal = recorded(admin, kind="permission", user_id=accomplice.id, path=path)
    assert (refusal["reason"], refusal["status"]) == ("someone else's file", 404)


def test_a_share_someone_may_not_read_lends_them_nothing(member: Person, reader: Person,
                                                          server: InProcessServer, admin: Person) -> None:
    file, path = picture(member)
    shared_with(member, person(reader), with_picture(file))
    stranger = people.member(server, admin, "stranger")
    assert stranger.http.get(path).status_code == 404
    assert recorded(admin, kind="permission", user_id=stranger.id, path=path)["reason"] == "someone else's file"
