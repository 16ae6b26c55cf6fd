"""Revocation is real: an earlier token stops working the moment the account changes."""

from __future__ import annotations

import pytest

from tests.e2e import people
from tests.e2e.people import Person, sign_in, sign_up
from tests.http.app import InProcessServer

NEW_CHAT = {"chat": {"title": "revocation", "history": {"messages": {}, "currentId": None}}}


@pytest.fixture
def person(server: InProcessServer, admin: Person) -> Person:
    return people.member(server, admin, "revoked")


def _refused(person: Person) -> bool:
    response = person.http.get("/api/v1/auths/")
    return response.status_code == 401 and bool(response.json()["detail"])


def test_signing_out_ends_the_session(person: Person) -> None:
    assert person.http.post("/api/v1/auths/signout").json() == {"status": True}
    assert _refused(person)


def test_signing_out_clears_the_token_cookie(person: Person) -> None:
    response = person.http.post("/api/v1/auths/signout")
    assert response.cookies.get("token", "") == ""
    assert "token=" in response.headers["set-cookie"]


def test_signing_out_leaves_the_other_sessions_alone(server: InProcessServer, person: Person) -> None:
    elsewhere = sign_in(server, person.email, password=person.password)
    person.http.post("/api/v1/auths/signout").raise_for_status()
    assert elsewhere.http.get("/api/v1/auths/").status_code == 200


def test_a_signed_out_token_cannot_sign_out_again(person: Person) -> None:
    person.http.post("/api/v1/auths/signout").raise_for_status()
    assert person.http.post("/api/v1/auths/signout").status_code == 401


def test_changing_the_password_ends_every_earlier_session(server: InProcessServer, person: Person) -> None:
    elsewhere = sign_in(server, person.email, password=person.password)
    person.http.post("/api/v1/auths/update/password",
                     json={"password": person.password, "new_password": "another secret"}).raise_for_status()
    assert _refused(person)
    assert _refused(elsewhere)


def test_a_sign_in_after_a_password_change_works(server: InProcessServer, person: Person) -> None:
    person.http.post("/api/v1/auths/update/password",
                     json={"password": person.password, "new_password": "another secret"}).raise_for_status()
    assert not _refused(sign_in(server, person.email, password="another secret"))


def test_an_admin_setting_a_password_ends_the_users_sessions(person: Person, admin: Person) -> None:
    admin.http.post(f"/api/v1/users/{person.id}/update", json={"password": "reset by admin"}).raise_for_status()
    assert _refused(person)


def test_a_role_change_ends_the_users_sessions(person: Person, admin: Person) -> None:
    admin.http.post(f"/api/v1/users/{person.id}/update", json={"role": "pending"}).raise_for_status()
    assert _refused(person)


def test_a_promotion_also_ends_the_users_sessions(server: InProcessServer, admin: Person) -> None:
    pending = sign_up(server, "promoted")
    admin.http.post(f"/api/v1/users/{pending.id}/update", json={"role": "admin"}).raise_for_status()
    assert _refused(pending)


def test_a_demoted_admin_loses_admin_access_at_once(server: InProcessServer, admin: Person) -> None:
    deputy = people.member(server, admin, "deputy")
    admin.http.post(f"/api/v1/users/{deputy.id}/update", json={"role": "admin"}).raise_for_status()
    deputy = sign_in(server, deputy.email, password=deputy.password)
    admin.http.post(f"/api/v1/users/{deputy.id}/update", json={"role": "user"}).raise_for_status()
    assert deputy.http.get("/api/v1/users/").status_code == 401


def test_a_profile_change_keeps_the_session(person: Person) -> None:
    person.http.post("/api/v1/auths/update/profile", json={"name": "Still Here"}).raise_for_status()
    assert not _refused(person)


def test_deleting_an_account_ends_its_sessions(person: Person, admin: Person) -> None:
    admin.http.delete(f"/api/v1/users/{person.id}").raise_for_status()
    assert _refused(person)


def test_a_deleted_accounts_token_cannot_reach_its_chats(person: Person, admin: Person) -> None:
    person.http.post("/api/v1/chats/new", json=NEW_CHAT).raise_for_status()
    admin.http.delete(f"/api/v1/users/{person.id}").raise_for_status()
    assert person.http.get("/api/v1/chats/").status_code == 401


def test_a_revoked_token_gets_only_the_public_config(person: Person) -> None:
    person.http.post("/api/v1/auths/signout").raise_for_status()
    response = person.http.get("/api/config")
    assert response.status_code == 200  # as in Open WebUI: the SPA must load to show its sign-in page
    assert "default_models" not in response.json()
