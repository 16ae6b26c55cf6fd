"""Who may read a shared chat, as the share dialog sets it: particular people, everyone signed in,
or anyone; members within what their permissions allow, admins without limits."""

from __future__ import annotations

import pytest

from tests.e2e import people
from tests.e2e.audit import recorded
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.sharing import anyone, create, everyone, grant, person, share, shared_with

GRANT_FIELDS = {"id", "principal_type", "principal_id", "permission"}


@pytest.fixture
def reader(server: InProcessServer, admin: Person) -> Person:
    return people.member(server, admin, "reader")


def test_granting_access_answers_with_the_chat(member: Person, reader: Person) -> None:
    chat_id = create(member)["id"]
    share(member, chat_id)
    answer = grant(member, chat_id, person(reader))
    assert answer.status_code == 200
    assert answer.json()["id"] == chat_id


def test_the_access_lists_open_webuis_grant_rows(member: Person, reader: Person) -> None:
    chat_id, _ = shared_with(member, person(reader))
    [row] = member.http.get(f"/api/v1/chats/shared/{chat_id}/access").json()
    assert row.keys() == GRANT_FIELDS
    assert (row["principal_type"], row["principal_id"], row["permission"]) == ("user", reader.id, "read")


def test_a_grant_keeps_its_id_when_the_dialog_sends_it_back(member: Person, reader: Person) -> None:
    chat_id, _ = shared_with(member, person(reader))
    rows = member.http.get(f"/api/v1/chats/shared/{chat_id}/access").json()
    grant(member, chat_id, rows).raise_for_status()
    assert member.http.get(f"/api/v1/chats/shared/{chat_id}/access").json() == rows


def test_taking_a_grant_away_ends_that_persons_access(member: Person, reader: Person) -> None:
    chat_id, share_id = shared_with(member, person(reader))
    grant(member, chat_id, []).raise_for_status()
    assert reader.http.get(f"/api/v1/chats/share/{share_id}").status_code == 401


def test_an_admin_shares_with_everyone_signed_in(admin: Person, reader: Person) -> None:
    _, share_id = shared_with(admin, everyone())
    assert reader.http.get(f"/api/v1/chats/share/{share_id}").status_code == 200


def test_a_chat_shared_with_everyone_signed_in_is_not_shown_to_someone_not_signed_in(
        admin: Person, server: InProcessServer) -> None:
    _, share_id = shared_with(admin, everyone())
    with people.anonymous(server) as stranger:
        assert stranger.get(f"/api/v1/chats/share/{share_id}").status_code == 401


def test_a_chat_shared_with_anyone_is_read_without_signing_in(admin: Person, server: InProcessServer) -> None:
    _, share_id = shared_with(admin, anyone())
    with people.anonymous(server) as stranger:
        snapshot = stranger.get(f"/api/v1/chats/share/{share_id}").json()
    assert snapshot["share_id"] == share_id and "params" not in snapshot["chat"]


def test_a_chat_shared_with_anyone_is_read_by_the_signed_in_too(admin: Person, reader: Person) -> None:
    _, share_id = shared_with(admin, anyone())
    assert reader.http.get(f"/api/v1/chats/share/{share_id}").status_code == 200


@pytest.mark.parametrize(("audience", "permission"), [(everyone, "sharing.public_chats"),
                                                      (anyone, "sharing.open_chats")], ids=["everyone", "anyone"])
def test_a_member_may_not_share_beyond_what_members_may(member: Person, reader: Person, admin: Person,
                                                        audience, permission: str) -> None:
    chat_id, _ = shared_with(member, person(reader))
    refused = grant(member, chat_id, [*person(reader), *audience()])
    assert refused.status_code == 403 and permission in refused.json()["detail"]
    assert [g["principal_id"] for g in member.http.get(f"/api/v1/chats/shared/{chat_id}/access").json()] == [
        reader.id]
    refusal = recorded(admin, kind="permission", user_id=member.id,
                       path=f"/api/v1/chats/shared/{chat_id}/access/update")
    assert refusal["reason"] == f"members' permission {permission} is off"


@pytest.mark.parametrize("bad", [
    {"principal_type": "user", "principal_id": "someone", "permission": "write"},
    {"principal_type": "group", "principal_id": "staff", "permission": "read"},
    {"principal_type": "anyone", "principal_id": "someone", "permission": "read"},
    {"principal_type": "user", "permission": "read"},
], ids=["write", "group", "anyone by name", "nobody"])
def test_a_grant_a_share_cannot_hold_is_refused(admin: Person, bad: dict) -> None:
    chat_id = create(admin)["id"]
    share(admin, chat_id)
    response = grant(admin, chat_id, [bad])
    assert response.status_code == 400 and response.json()["detail"]
    assert admin.http.get(f"/api/v1/chats/shared/{chat_id}/access").json() == []


def test_allowing_replies_is_refused_as_not_here_yet(member: Person, reader: Person) -> None:
    chat_id = create(member)["id"]
    share(member, chat_id)
    response = member.http.post(f"/api/v1/chats/shared/{chat_id}/access/update",
                                json={"access_grants": person(reader), "share_mode": "continue"})
    assert response.status_code == 400
    assert member.http.get(f"/api/v1/chats/shared/{chat_id}/access").json() == []


@pytest.mark.parametrize("method", ["read", "change"])
def test_the_access_of_someone_elses_chat_is_not_found_and_the_attempt_recorded(
        member: Person, reader: Person, admin: Person, method: str) -> None:
    chat_id, _ = shared_with(member, person(reader))
    path = f"/api/v1/chats/shared/{chat_id}/access"
    response = (reader.http.get(path) if method == "read"
                else reader.http.post(f"{path}/update", json={"access_grants": everyone()}))
    assert response.status_code == 404
    assert recorded(admin, kind="permission", user_id=reader.id)["reason"] == "someone else's chat"
    assert [g["principal_id"] for g in member.http.get(path).json()] == [reader.id]


def test_the_permissions_tell_the_app_whom_members_may_share_with(member: Person) -> None:
    told = member.http.get("/api/v1/users/permissions").json()
    assert (told["sharing"]["public_chats"], told["sharing"]["open_chats"]) == (False, False)
    assert (told["access_grants"]["allow_users"], told["access_grants"]["allow_groups"]) == (True, True)


def test_a_member_finds_people_to_share_with_by_name(member: Person, reader: Person) -> None:
    found = member.http.get("/api/v1/users/search", params={"query": reader.email, "order_by": "name",
                                                            "direction": "asc", "page": 1}).json()
    assert found["total"] == 1
    [shown] = found["users"]
    assert (shown["id"], shown["email"]) == (reader.id, reader.email)
    assert "settings" not in shown and "token_generation" not in shown
