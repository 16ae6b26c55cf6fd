"""Chat search as the SPA's search box speaks it: words, ``tag:`` and the flag filters."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.documents import CHAT_TITLE_ID_FIELDS, conversation, form, message
from tests.e2e.people import Person
from tests.e2e.server import AnnalsProcess


@pytest.fixture
def person(server: AnnalsProcess, admin: Person) -> Person:
    """Someone with no chats yet, so a search finds exactly what the test made."""
    return people.member(server, admin, "searcher")


def _create(person: Person, body: dict[str, Any] | None = None) -> str:
    response = person.http.post("/api/v1/chats/new", json=body or conversation())
    response.raise_for_status()
    return response.json()["id"]


def _found(person: Person, text: str) -> list[str]:
    response = person.http.get("/api/v1/chats/search", params={"text": text})
    response.raise_for_status()
    return [c["id"] for c in response.json()]


def test_search_finds_a_title_word(person: Person) -> None:
    wanted = _create(person, form("Quarterly budget review"))
    _create(person, form("Holiday plans"))
    assert _found(person, "budget") == [wanted]


def test_search_finds_words_in_messages_whatever_their_case(person: Person) -> None:
    wanted = _create(person, form("Untitled", message("q1", "How do projections rebuild?")))
    _create(person, form("Other", message("q1", "Something else")))
    assert _found(person, "REBUILD") == [wanted]


def test_search_answers_with_open_webuis_title_id_fields(person: Person) -> None:
    _create(person, form("Findable"))
    found = person.http.get("/api/v1/chats/search", params={"text": "find"}).json()
    assert CHAT_TITLE_ID_FIELDS <= found[0].keys()


def test_search_shows_a_snippet_around_the_hit(person: Person) -> None:
    _create(person, form("Notes", message("q1", "The projector applies each event exactly once.")))
    snippet = person.http.get("/api/v1/chats/search", params={"text": "exactly"}).json()[0]["snippet"]
    assert "exactly once" in snippet


def test_search_matches_every_word_even_across_messages(person: Person) -> None:
    wanted = _create(person, form("Untitled", message("q1", "about kafka"), message("a1", "and redis", "q1")))
    _create(person, form("Untitled", message("q1", "only kafka here")))
    assert _found(person, "kafka redis") == [wanted]


def test_search_by_tag(person: Person) -> None:
    wanted, _ = _create(person), _create(person)
    person.http.post(f"/api/v1/chats/{wanted}/tags", json={"name": "research"}).raise_for_status()
    assert _found(person, "tag:research") == [wanted]


def test_search_for_untagged_chats(person: Person) -> None:
    tagged, untagged = _create(person), _create(person)
    person.http.post(f"/api/v1/chats/{tagged}/tags", json={"name": "done"}).raise_for_status()
    assert _found(person, "tag:none") == [untagged]


def test_search_leaves_out_archived_chats(person: Person) -> None:
    archived = _create(person, form("Archived notes"))
    person.http.post(f"/api/v1/chats/{archived}/archive").raise_for_status()
    assert _found(person, "notes") == []


def test_search_finds_archived_chats_when_asked(person: Person) -> None:
    archived = _create(person, form("Archived notes"))
    _create(person, form("Current notes"))
    person.http.post(f"/api/v1/chats/{archived}/archive").raise_for_status()
    assert _found(person, "notes archived:true") == [archived]


def test_search_by_pinned(person: Person) -> None:
    pinned = _create(person, form("Pinned notes"))
    _create(person, form("Loose notes"))
    person.http.post(f"/api/v1/chats/{pinned}/pin").raise_for_status()
    assert _found(person, "notes pinned:true") == [pinned]


def test_search_by_shared(person: Person) -> None:
    shared = _create(person, form("Shared notes"))
    _create(person, form("Private notes"))
    person.http.post(f"/api/v1/chats/{shared}/share").raise_for_status()
    assert _found(person, "shared:true") == [shared]


def test_search_covers_only_the_persons_own_chats(person: Person, member: Person) -> None:
    _create(member, form("Secret zeppelin plans"))
    assert _found(person, "zeppelin") == []


def test_search_needs_text(person: Person) -> None:
    response = person.http.get("/api/v1/chats/search")
    assert response.status_code == 422
    assert response.json()["detail"]
