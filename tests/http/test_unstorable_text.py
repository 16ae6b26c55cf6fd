"""Text no store can hold (NUL, lone surrogates, bytes that are not UTF-8) is refused at the door
with the reason, wherever it is sent, and the workspace goes on serving everyone."""

from __future__ import annotations

import uuid

import pytest

from tests.e2e import people
from tests.e2e.documents import conversation
from tests.e2e.people import Person
from tests.http.app import InProcessServer

NUL_JSON = '"a\\u0000b"'


def raw_json(person: Person | None, server: InProcessServer, path: str, body: str):
    client = person.http if person else people.anonymous(server)
    return client.post(path, content=body.encode(), headers={"content-type": "application/json"})


def test_a_sign_up_with_a_nul_in_the_name_is_refused_with_the_reason(server: InProcessServer, admin: Person):
    body = f'{{"name": {NUL_JSON}, "email": "{people.unique_email("nul")}", "password": "{people.PASSWORD}"}}'
    response = raw_json(None, server, "/api/v1/auths/signup", body)
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


@pytest.mark.parametrize(("path", "body"), [
    ("/api/v1/auths/update/profile", f'{{"name": {NUL_JSON}}}'),
    ("/api/v1/auths/update/timezone", f'{{"timezone": {NUL_JSON}}}'),
    ("/api/v1/folders/", f'{{"name": {NUL_JSON}}}'),
    ("/api/v1/chats/new", f'{{"chat": {{"title": {NUL_JSON}}}}}'),
])
def test_a_nul_in_any_command_is_refused(server: InProcessServer, member: Person, path: str, body: str):
    response = raw_json(member, server, path, body)
    assert response.status_code == 400, response.text
    assert "NUL" in response.json()["detail"]


def test_a_nul_in_a_message_is_refused(server: InProcessServer, member: Person):
    chat = conversation()
    chat["chat"]["messages"][0]["content"] = "hello\x00there"
    response = member.http.post("/api/v1/chats/new", json=chat)
    assert response.status_code == 400
    assert member.http.get("/api/v1/chats/").json() == []


@pytest.mark.parametrize("query", ["text=a%00b", "text=%ff%fe", "text=%ed%a0%80"])
def test_a_query_that_is_not_storable_text_is_refused(member: Person, query: str):
    response = member.http.get(f"/api/v1/chats/search?{query}")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("The query")


@pytest.mark.parametrize("segment", ["a%00b", "%c3%28"])
def test_a_path_that_is_not_storable_text_is_refused(member: Person, segment: str):
    response = member.http.get(f"/api/v1/chats/{segment}")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("The path")


def test_a_lone_surrogate_in_a_body_is_refused(server: InProcessServer, member: Person):
    assert raw_json(member, server, "/api/v1/folders/", '{"name": "a\\ud800b"}').status_code in (400, 422)


def test_a_backslash_u_that_someone_typed_is_kept_as_typed(server: InProcessServer, member: Person):
    name = f"typed \\u0000 {uuid.uuid4().hex[:6]}"
    response = member.http.post("/api/v1/folders/", json={"name": name})
    assert response.status_code == 200
    assert response.json()["name"] == name


def test_after_every_refusal_the_workspace_still_signs_people_in(server: InProcessServer, admin: Person):
    body = f'{{"name": {NUL_JSON}, "email": "{people.unique_email("nul")}", "password": "{people.PASSWORD}"}}'
    raw_json(None, server, "/api/v1/auths/signup", body)
    assert people.sign_in(server, admin.email).http.get("/api/v1/auths/").status_code == 200
