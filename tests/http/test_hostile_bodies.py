"""Bodies a client should not send are refused with a reason, never answered with a server error."""

from __future__ import annotations

import pytest

from tests.e2e.people import Person

JSON = {"content-type": "application/json"}
NOT_UTF8 = [
    ("/api/v1/chats/new", b'{"chat": {"title": "\xff"}}'),
    ("/api/v1/chats/new", b'{"chat": {"history": {"messages": {"a": {"content": "\xfe"}}}}}'),
    ("/api/chat/completions", b'{"model": "m", "messages": [{"role": "user", "content": "\xff"}]}'),
    ("/api/v1/users/user/settings/update", b'{"ui": "\xff"}'),
    ("/api/v1/folders/", b'{"name": "\xff"}'),
]


@pytest.mark.parametrize(("path", "body"), NOT_UTF8, ids=[f"{p} {b[:20]!r}" for p, b in NOT_UTF8])
def test_a_body_that_is_not_utf8_is_refused(member: Person, path: str, body: bytes):
    answer = member.http.post(path, content=body, headers=JSON)
    assert answer.status_code == 422 and "UTF-8" in answer.text


@pytest.mark.parametrize(("field", "value"), [("seed", 2**70), ("temperature", "hot"), ("max_tokens", -(2**64)),
                                              ("stop", 5), ("messages", 5), ("logit_bias", [1])])
def test_a_completion_parameter_of_the_wrong_kind_is_refused_naming_it(member: Person, field: str, value: object):
    answer = member.http.post("/api/chat/completions", json={"model": "m", field: value})
    assert answer.status_code == 422
    assert field in answer.text


def test_a_connection_url_that_cannot_be_called_is_refused_on_save(admin: Person):
    answer = admin.http.post("/openai/config/update", json={
        "OPENAI_API_BASE_URLS": ["http://[::1/v1"], "OPENAI_API_KEYS": [""], "OPENAI_API_CONFIGS": {}})
    assert answer.status_code == 400 and "http://[::1/v1" in answer.json()["detail"]


def test_a_connection_setting_of_the_wrong_kind_is_refused_on_save(admin: Person):
    answer = admin.http.post("/ollama/config/update", json={
        "OLLAMA_BASE_URLS": ["http://127.0.0.1:9/"], "OLLAMA_API_CONFIGS": {"0": {"key": 5, "model_ids": 7}}})
    assert answer.status_code == 400 and "connection 0" in answer.json()["detail"]


def test_checking_a_url_that_cannot_be_called_is_refused(admin: Person):
    answer = admin.http.post("/openai/verify", json={"url": "http://[::1/v1"})
    assert answer.status_code == 400 and "cannot be read" in answer.json()["detail"]


def test_a_body_field_named_like_a_dependency_is_a_client_error(admin: Person) -> None:
    """Litestar takes a bad ``user`` (OpenAI's field, and our caller's name) for a server fault."""
    response = admin.http.post("/api/chat/completions", json={"model": "m", "messages": [], "user": {}})
    assert response.status_code == 422
    assert "user" in response.json()["detail"]
