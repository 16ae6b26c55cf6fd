"""Chat search as the SPA's search box speaks it: words, ``tag:`` and the flag filters."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.documents import CHAT_TITLE_ID_FIELDS, conversation, form, message
from tests.e2e.people import Person
from tests.http.app import InProcessServer


@pytest.fixture(scope="module")
def person(server: InProcessServer, admin: Person) -> Person:
    return people.member(server, admin, "searcher")


@pytest.fixture
def word() -> str:
    """A word no other test uses, so that each search finds exactly what its test made."""
    return f"w{uuid.uuid4().hex[:12]}"


def _create(person: Person, body: dict[str, Any] | None = None) -> str:
    response = person.http.post("/api/v1/chats/new", json=body or conversation())
    response.raise_for_status()
    return response.json()["id"]


def _found(person: Person, text: str) -> list[str]:
    response = person.http.get("/api/v1/chats/search", params={"text": text})
    response.raise_for_status()
    return [c["id"] for c in response.json()]


def test_search_finds_a_title_word(person: Person, word: str) -> None:
    wanted = _create(person, form(f"Quarterly {word} review"))
    _create(person, form("Holiday plans"))
    assert _found(person, word) == [wanted]


def test_search_finds_words_in_messages_whatever_their_case(person: Person, word: str) -> None:
    wanted = _create(person, form("Untitled", message("q1", f"How do {word} projections rebuild?")))
    _create(person, form("Other", message("q1", "Something else")))
    assert _found(person, word.upper()) == [wanted]


def test_search_answers_with_open_webuis_title_id_fields(person: Person, word: str) -> None:
    _create(person, form(word))
    found = person.http.get("/api/v1/chats/search", params={"text": word}).json()
    assert CHAT_TITLE_ID_FIELDS <= found[0].keys()


def test_search_shows_a_snippet_around_the_hit(person: Person, word: str) -> None:
    _create(person, form("Notes", message("q1", f"The projector applies each {word} exactly once.")))
    snippet = person.http.get("/api/v1/chats/search", params={"text": word}).json()[0]["snippet"]
    assert f"each {word} exactly" in snippet


def test_search_matches_every_word_even_across_messages(person: Person, word: str) -> None:
    wanted = _create(person, form("Untitled", message("q1", f"about {word}"), message("a1", "and redis", "q1")))
    _create(person, form("Untitled", message("q1", f"only {word} here")))
    assert _found(person, f"{word} redis") == [wanted]


def test_search_by_tag(person: Person, word: str) -> None:
    wanted, _ = _create(person), _create(person)
    person.http.post(f"/api/v1/chats/{wanted}/tags", json={"name": word}).raise_for_status()
    assert _found(person, f"tag:{word}") == [wanted]


def test_search_for_untagged_chats(person: Person, word: str) -> None:
    tagged, untagged = _create(person, form(word)), _create(person, form(word))
    person.http.post(f"/api/v1/chats/{tagged}/tags", json={"name": "done"}).raise_for_status()
    assert _found(person, f"{word} tag:none") == [untagged]


def test_search_leaves_out_archived_chats(person: Person, word: str) -> None:
    archived = _create(person, form(f"Archived {word}"))
    person.http.post(f"/api/v1/chats/{archived}/archive").raise_for_status()
    assert _found(person, word) == []


def test_search_finds_archived_chats_when_asked(person: Person, word: str) -> None:
    archived = _create(person, form(f"Archived {word}"))
    _create(person, form(f"Current {word}"))
    person.http.post(f"/api/v1/chats/{archived}/archive").raise_for_status()
    assert _found(person, f"{word} archived:true") == [archived]


def test_search_by_pinned(person: Person, word: str) -> None:
    pinned = _create(person, form(f"Pinned {word}"))
    _create(person, form(f"Loose {word}"))
    person.http.post(f"/api/v1/chats/{pinned}/pin").raise_for_status()
    assert _found(person, f"{word} pinned:true") == [pinned]


def test_search_by_shared(person: Person, word: str) -> None:
    shared = _create(person, form(f"Shared {word}"))
    _create(person, form(f"Private {word}"))
    person.http.post(f"/api/v1/chats/{shared}/share").raise_for_status()
    assert _found(person, f"{word} shared:true") == [shared]


def test_search_covers_only_the_persons_own_chats(person: Person, member: Person, word: str) -> None:
    _create(member, form(f"Secret {word} plans"))
    assert _found(person, word) == []


def test_search_needs_text(person: Person) -> None:
    response = person.http.get("/api/v1/chats/search")
    assert response.status_code == 422
    assert response.json()["detail"]
