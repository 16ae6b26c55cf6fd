"""A write made with the session cookie alone must come from this server's pages; a body where
JSON is expected must say it is JSON. Either way, a page on another site cannot act for a person."""

from __future__ import annotations

import json

import httpx

from tests.e2e.documents import conversation
from tests.e2e.people import Person
from tests.http.app import InProcessServer

FOREIGN = "https://evil.example"
NEW_CHAT = "/api/v1/chats/new"


def _cookie_only(server: InProcessServer, person: Person, **headers: str) -> httpx.Client:
    """What a browser sends on its own: the cookie, and the headers it chooses."""
    return server.client(cookies={"token": person.token}, headers=headers)


def _chat_count(person: Person) -> int:
    return len(person.http.get("/api/v1/chats/").json())


def test_a_cookie_write_from_another_site_is_refused_and_changes_nothing(server: InProcessServer,
                                                                         member: Person) -> None:
    with _cookie_only(server, member, Origin=FOREIGN) as browser:
        response = browser.post(NEW_CHAT, json=conversation())
    assert response.status_code == 403 and "another site" in response.json()["detail"]
    assert _chat_count(member) == 0


def test_a_cookie_write_from_this_server_is_accepted(server: InProcessServer, member: Person) -> None:
    with _cookie_only(server, member, Origin=server.base_url) as browser:
        assert browser.post(NEW_CHAT, json=conversation()).status_code == 200


def test_a_cookie_write_with_a_referer_from_this_server_is_accepted(server: InProcessServer, member: Person) -> None:
    with _cookie_only(server, member, Referer=f"{server.base_url}/c/some-chat") as browser:
        assert browser.post(NEW_CHAT, json=conversation()).status_code == 200


def test_a_cookie_write_that_says_nothing_of_where_it_comes_from_is_refused(server: InProcessServer,
                                                                            member: Person) -> None:
    with _cookie_only(server, member) as browser:
        assert browser.post(NEW_CHAT, json=conversation()).status_code == 403


def test_a_cookie_delete_from_a_sandboxed_page_is_refused(server: InProcessServer, member: Person) -> None:
    chat_id = member.http.post(NEW_CHAT, json=conversation()).json()["id"]
    with _cookie_only(server, member, Origin="null") as browser:
        assert browser.delete(f"/api/v1/chats/{chat_id}").status_code == 403
    assert _chat_count(member) == 1


def test_a_bearer_write_is_not_asked_where_it_comes_from(member: Person) -> None:
    assert member.http.post(NEW_CHAT, json=conversation(), headers={"Origin": FOREIGN}).status_code == 200


def test_a_cookie_read_from_another_site_is_answered(server: InProcessServer, member: Person) -> None:
    """Reads change nothing, and CORS keeps their answers from the other site's scripts."""
    with _cookie_only(server, member, Origin=FOREIGN) as browser:
        assert browser.get("/api/v1/auths/").status_code == 200


def test_a_text_plain_body_is_refused_where_json_is_expected(member: Person) -> None:
    response = member.http.post(NEW_CHAT, content=json.dumps(conversation()),
                                headers={"Content-Type": "text/plain;charset=UTF-8"})
    assert response.status_code == 415 and "application/json" in response.json()["detail"]
    assert _chat_count(member) == 0


def test_a_form_body_is_refused_where_json_is_expected(member: Person) -> None:
    response = member.http.post("/api/v1/auths/update/timezone", data={"timezone": "Europe/Paris"})
    assert response.status_code == 415


def test_a_sign_in_posted_as_a_form_is_refused(server: InProcessServer, member: Person) -> None:
    with server.client() as browser:
        response = browser.post("/api/v1/auths/signin", data={"email": member.email, "password": member.password})
    assert response.status_code == 415


def test_a_sign_in_with_a_stale_cookie_is_not_asked_where_it_comes_from(server: InProcessServer,
                                                                        member: Person) -> None:
    """The cookie opens nothing there: a script that kept its cookie jar signs in again."""
    with _cookie_only(server, member) as script:
        response = script.post("/api/v1/auths/signin", json={"email": member.email, "password": member.password})
    assert response.status_code == 200


def test_a_json_body_without_a_content_type_is_read_as_json(member: Person) -> None:
    response = member.http.post("/api/v1/auths/update/timezone", content=json.dumps({"timezone": "Europe/Paris"}))
    assert response.status_code == 200
