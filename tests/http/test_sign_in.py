"""Signing in, and asking who the session belongs to."""

from __future__ import annotations

import pytest

from tests.e2e.people import Person, anonymous, sign_in, sign_up
from tests.http.app import InProcessServer

# Open WebUI 0.12.4, models/auths.py: SessionUserInfoResponse (SessionUserResponse + UserStatus + bio...).
SESSION_USER_INFO_FIELDS = {"token", "token_type", "expires_at", "id", "email", "name", "role",
                            "profile_image_url", "permissions", "bio", "gender", "date_of_birth",
                            "status_emoji", "status_message", "status_expires_at"}


@pytest.fixture(scope="module")
def pending(server: InProcessServer, admin: Person) -> Person:
    return sign_up(server, "waiting")


def _sign_in(server: InProcessServer, email: str, password: str):  # type: ignore[no-untyped-def]
    return anonymous(server).post("/api/v1/auths/signin", json={"email": email, "password": password})


def test_the_right_password_signs_in(server: InProcessServer, member: Person) -> None:
    response = _sign_in(server, member.email, member.password)
    assert response.status_code == 200
    assert response.json()["id"] == member.id


def test_a_new_sign_in_gives_a_working_token(server: InProcessServer, member: Person) -> None:
    again = sign_in(server, member.email, password=member.password)
    assert again.http.get("/api/v1/auths/").json()["id"] == member.id


def test_the_email_is_matched_without_regard_to_case(server: InProcessServer, member: Person) -> None:
    assert _sign_in(server, member.email.upper(), member.password).status_code == 200


def test_a_wrong_password_is_refused(server: InProcessServer, member: Person) -> None:
    response = _sign_in(server, member.email, member.password + "!")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_the_password_is_compared_exactly_as_sent(server: InProcessServer, member: Person) -> None:
    assert _sign_in(server, member.email, member.password.upper()).status_code == 400


def test_an_unknown_email_is_refused_like_a_wrong_password(server: InProcessServer, member: Person) -> None:
    unknown = _sign_in(server, "nobody-here@example.com", member.password)
    wrong = _sign_in(server, member.email, "not the password")
    assert (unknown.status_code, unknown.json()) == (wrong.status_code, wrong.json())


def test_sign_in_sets_the_token_cookie(server: InProcessServer, member: Person) -> None:
    response = _sign_in(server, member.email, member.password)
    assert response.cookies["token"] == response.json()["token"]


def test_the_token_cookie_alone_identifies_the_session(server: InProcessServer, member: Person) -> None:
    client = anonymous(server)
    client.cookies.set("token", member.token)
    assert client.get("/api/v1/auths/").json()["id"] == member.id


def test_the_session_user_has_open_webuis_fields(member: Person) -> None:
    assert SESSION_USER_INFO_FIELDS <= member.http.get("/api/v1/auths/").json().keys()


def test_the_session_user_echoes_the_token_it_was_asked_with(member: Person) -> None:
    me = member.http.get("/api/v1/auths/").json()
    assert (me["token"], me["token_type"], me["role"]) == (member.token, "Bearer", "user")


def test_a_pending_account_may_ask_who_it_is(pending: Person) -> None:
    assert pending.http.get("/api/v1/auths/").json()["role"] == "pending"


def test_without_a_token_there_is_no_session(server: InProcessServer) -> None:
    response = anonymous(server).get("/api/v1/auths/")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_long_passphrase_works(server: InProcessServer, admin: Person) -> None:
    passphrase = "correct horse battery staple " * 8  # 232 characters, spaces kept as sent
    person = sign_up(server, "long", password=passphrase)
    assert _sign_in(server, person.email, passphrase).status_code == 200
    assert _sign_in(server, person.email, passphrase.strip()).status_code == 400
