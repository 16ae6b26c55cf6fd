"""A chat larger than ANNALS_CHAT_MAX_BYTES is refused whole (413, saying why), created or saved."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e import people
from tests.e2e.documents import conversation, form, message
from tests.e2e.people import Person
from tests.http.app import InProcessServer, in_process

LIMIT = 64 * 1024


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessServer]:
    with in_process("embedded", tmp_path_factory.mktemp("small-chats"), chat_max_bytes=LIMIT) as server:
        yield server


@pytest.fixture(scope="module")
def person(small: InProcessServer) -> Person:
    return people.founder(small)


def too_long() -> dict:
    return form("Too long", message("q1", "x" * LIMIT))


def test_creating_a_chat_over_the_limit_is_refused_and_keeps_nothing(person: Person):
    response = person.http.post("/api/v1/chats/new", json=too_long())
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]
    assert person.http.get("/api/v1/chats/").json() == []


def test_saving_a_chat_over_the_limit_is_refused_and_keeps_it_as_it_was(person: Person):
    chat_id = person.http.post("/api/v1/chats/new", json=conversation()).json()["id"]
    assert person.http.post(f"/api/v1/chats/{chat_id}", json=too_long()).status_code == 413
    assert person.http.get(f"/api/v1/chats/{chat_id}").json()["title"] == "A conversation"


def test_a_chat_within_the_limit_is_kept(person: Person):
    response = person.http.post("/api/v1/chats/new", json=form("Long", message("q1", "x" * (LIMIT // 4))))
    assert response.status_code == 200
