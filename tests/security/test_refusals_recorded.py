"""Every refused sign-in, rejected token and denied request leaves an audit record (SECURITY.md,
"Integrity and audit"), readable by admins through the event API's ``audit`` context; a request
that presents no token at all is not an attempt, and leaves none."""

from __future__ import annotations

import uuid

import httpx

from tests.e2e import people
from tests.e2e.audit import recorded, refusals
from tests.e2e.documents import conversation
from tests.e2e.people import Person
from tests.e2e.server import AnnalsProcess


def test_a_wrong_password_is_recorded_with_the_account_and_address(server: AnnalsProcess, admin: Person) -> None:
    victim = people.sign_up(server, "audited")
    httpx.post(f"{server.base_url}/api/v1/auths/signin", json={"email": victim.email, "password": "nope nope"})
    refusal = recorded(admin, kind="sign_in", email=victim.email)
    assert (refusal["reason"], refusal["status"], refusal["address"]) == ("wrong email or password", 400,
                                                                          "127.0.0.1")


def test_a_forged_token_is_recorded(server: AnnalsProcess, admin: Person) -> None:
    path = f"/api/v1/chats/{uuid.uuid4()}"
    httpx.get(f"{server.base_url}{path}", headers=people.bearer("not.a.token"))
    refusal = recorded(admin, kind="token", path=path)
    assert refusal["status"] == 401 and refusal["reason"].startswith("invalid token")


def test_a_token_of_an_ended_session_is_recorded(server: AnnalsProcess, admin: Person) -> None:
    person = people.sign_up(server, "signed-out")
    person.http.post("/api/v1/auths/signout").raise_for_status()
    person.http.get("/api/v1/chats/pinned")
    assert recorded(admin, kind="token", reason="the session has ended", path="/api/v1/chats/pinned")


def test_reading_someone_elses_chat_is_recorded_though_answered_as_not_found(admin: Person, member: Person,
                                                                             server: AnnalsProcess) -> None:
    chat_id = member.http.post("/api/v1/chats/new", json=conversation()).json()["id"]
    snoop = people.member(server, admin, "snoop")
    assert snoop.http.get(f"/api/v1/chats/{chat_id}").status_code == 404
    refusal = recorded(admin, kind="permission", user_id=snoop.id, path=f"/api/v1/chats/{chat_id}")
    assert (refusal["reason"], refusal["status"]) == ("someone else's chat", 404)


def test_a_member_calling_an_admin_endpoint_is_recorded(admin: Person, member: Person) -> None:
    assert member.http.get("/api/v1/users/").status_code == 401
    refusal = recorded(admin, kind="permission", user_id=member.id, path="/api/v1/users/")
    assert refusal["reason"] == "role user may not do this"


def test_a_request_without_a_token_is_not_recorded(server: AnnalsProcess, admin: Person) -> None:
    path = f"/api/v1/chats/{uuid.uuid4()}"
    assert people.anonymous(server).get(path).status_code == 401
    marker = f"/api/v1/chats/{uuid.uuid4()}"
    httpx.get(f"{server.base_url}{marker}", headers=people.bearer("not.a.token"))
    recorded(admin, path=marker)  # recorded after the anonymous request, so that one had its chance
    assert not refusals(admin, path=path)


def test_repeated_refusals_are_folded_into_one_record(server: AnnalsProcess, admin: Person) -> None:
    path = f"/api/v1/chats/{uuid.uuid4()}"
    for _ in range(5):
        httpx.get(f"{server.base_url}{path}", headers=people.bearer("not.a.token"))
    recorded(admin, path=path)
    assert len(refusals(admin, path=path)) == 1


def test_members_cannot_read_the_audit_record(member: Person) -> None:
    assert member.http.get("/api/v1/events", params={"context": "audit"}).status_code == 401
