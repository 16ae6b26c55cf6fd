"""Bodies are decoded strictly: unknown fields, wrong types, broken JSON and absurd sizes are a clean
422 with a ``detail``, never a 500 and never silently accepted (no mass assignment)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.e2e.people import PASSWORD, Person, anonymous, unique_email
from tests.e2e.server import AnnalsProcess

NEW_CHAT = {"chat": {"title": "t", "history": {"messages": {}, "currentId": None}}}

# (method, path, body) with one field the form does not have: each tries to set something it must not.
UNKNOWN_FIELDS = {
    "signup with a role": ("/api/v1/auths/signup", {"name": "N", "email": "x@example.com",
                                                    "password": PASSWORD, "role": "admin"}),
    "signin with a role": ("/api/v1/auths/signin", {"email": "x@example.com", "password": PASSWORD,
                                                    "role": "admin"}),
    "profile with a role": ("/api/v1/auths/update/profile", {"name": "N", "role": "admin"}),
    "chat with an owner": ("/api/v1/chats/new", {**NEW_CHAT, "user_id": "someone-else"}),
    "tag with an owner": ("/api/v1/chats/{chat}/tags", {"name": "t", "user_id": "someone-else"}),
    "user update with a generation": ("/api/v1/users/{member}/update", {"role": "user", "token_generation": 0}),
    "auth config with an extra key": ("/api/v1/auths/admin/config", {"ENABLE_SIGNUP": True, "SECRET": "x"}),
}

WRONG_TYPES = {
    "signup name as a number": ("/api/v1/auths/signup", {"name": 1, "email": "x@example.com",
                                                         "password": PASSWORD}),
    "signin password as a list": ("/api/v1/auths/signin", {"email": "x@example.com", "password": ["p"]}),
    "chat as a string": ("/api/v1/chats/new", {"chat": "not an object"}),
    "chat title as a number": ("/api/v1/chats/new", {"chat": {"title": 5}}),
    "messages as a list": ("/api/v1/chats/new", {"chat": {"history": {"messages": []}}}),
    "tag name as an object": ("/api/v1/chats/{chat}/tags", {"name": {"$ne": ""}}),
    "signup flag as a string": ("/api/v1/auths/admin/config", {"ENABLE_SIGNUP": "no"}),
    "role outside the roles": ("/api/v1/users/{member}/update", {"role": "superuser"}),
}

MALFORMED = {
    "truncated": b'{"email": "x@example.com", "password":',
    "not json": b"email=x@example.com&password=p",
    "invalid utf-8": b'{"email": "\xff\xfe"}',
    "an array": b'["x@example.com", "p"]',
    "null": b"null",
    "empty": b"",
}


@pytest.fixture(scope="module")
def chat_id(member: Person) -> str:
    response = member.http.post("/api/v1/chats/new", json=NEW_CHAT)
    response.raise_for_status()
    return response.json()["id"]


def _post(admin: Person, path: str, body: Any, member: Person, chat_id: str) -> httpx.Response:
    """Everything is sent as the admin, who may call every one of these endpoints."""
    return admin.http.post(path.format(member=member.id, chat=chat_id), json=body)


@pytest.mark.parametrize("case", UNKNOWN_FIELDS, ids=str)
def test_an_unknown_field_is_refused(admin: Person, member: Person, chat_id: str, case: str) -> None:
    response = _post(admin, *UNKNOWN_FIELDS[case], member, chat_id)
    assert response.status_code == 422
    assert response.json()["detail"]


@pytest.mark.parametrize("case", WRONG_TYPES, ids=str)
def test_a_wrong_type_is_refused(admin: Person, member: Person, chat_id: str, case: str) -> None:
    response = _post(admin, *WRONG_TYPES[case], member, chat_id)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_a_refused_signup_creates_no_account(server: AnnalsProcess, admin: Person) -> None:
    email = unique_email("mass-assigner")
    anonymous(server).post("/api/v1/auths/signup", json={"name": "N", "email": email, "password": PASSWORD,
                                                         "role": "admin"})
    response = anonymous(server).post("/api/v1/auths/signin", json={"email": email, "password": PASSWORD})
    assert response.status_code == 400


def test_a_refused_user_update_changes_nothing(admin: Person, member: Person) -> None:
    admin.http.post(f"/api/v1/users/{member.id}/update", json={"name": "Changed", "is_admin": True})
    assert admin.http.get(f"/api/v1/users/{member.id}").json()["name"] != "Changed"


@pytest.mark.parametrize("case", MALFORMED, ids=str)
def test_a_malformed_body_is_refused(server: AnnalsProcess, case: str) -> None:
    response = anonymous(server).post("/api/v1/auths/signin", content=MALFORMED[case],
                                      headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"]


def test_a_malformed_chat_is_refused(member: Person) -> None:
    response = member.http.post("/api/v1/chats/new", content=b'{"chat": {"title": ',
                                headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/v1/users/user/settings/update", "/api/v1/chats/new"])
def test_json_nested_absurdly_deep_is_refused(member: Person, path: str) -> None:
    deep = b"[" * 5000 + b"]" * 5000
    body = b'{"chat": {"params": ' + deep + b"}}" if path.endswith("new") else b'{"ui": ' + deep + b"}"
    response = member.http.post(path, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"]


def test_an_oversized_password_is_refused_quickly(server: AnnalsProcess, member: Person) -> None:
    response = anonymous(server).post("/api/v1/auths/signin", timeout=5,
                                      json={"email": member.email, "password": "x" * 1_000_000})
    assert response.status_code == 422
    assert response.json()["detail"]


def test_an_oversized_email_is_refused(server: AnnalsProcess) -> None:
    email = "x" * 10_000 + "@example.com"
    response = anonymous(server).post("/api/v1/auths/signup", json={"name": "N", "email": email,
                                                                     "password": PASSWORD})
    assert response.status_code == 422


def test_an_address_without_an_at_is_not_an_email(server: AnnalsProcess) -> None:
    response = anonymous(server).post("/api/v1/auths/signup", json={"name": "N", "email": "not-an-email",
                                                                     "password": PASSWORD})
    assert response.status_code == 422


def test_a_query_parameter_of_the_wrong_type_is_refused(member: Person) -> None:
    response = member.http.get("/api/v1/chats/", params={"page": "first"})
    assert response.status_code == 422
    assert response.json()["detail"]


def test_an_unknown_path_answers_with_a_detail(server: AnnalsProcess) -> None:
    response = anonymous(server).get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_a_wrong_method_answers_with_a_detail(server: AnnalsProcess) -> None:
    response = anonymous(server).put("/api/v1/auths/signin", json={})
    assert response.status_code == 405
    assert response.json()["detail"]
