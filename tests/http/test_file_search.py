"""Finding files by name: Data Controls' Manage Files (one's own), the chat box's file picker."""

from __future__ import annotations

import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.e2e.uploads import uploaded
from tests.http.app import InProcessServer


@pytest.fixture
def person(server: InProcessServer, admin: Person) -> Person:
    return people.member(server, admin, "filer")


def _names(found: list[dict]) -> list[str]:
    return [f["filename"] for f in found]


def test_ones_own_files_are_found_by_a_glob(person: Person, admin: Person) -> None:
    for name in ("notes.txt", "Plan_A.md", "notes-2.txt"):
        uploaded(person, name, b"text", "text/plain")
    uploaded(admin, "notes-admin.txt", b"text", "text/plain")
    found = person.http.get("/api/v1/files/user/search", params={"filename": "*NOTES*", "content": "false"}).json()
    assert sorted(_names(found)) == ["notes-2.txt", "notes.txt"]
    assert {"id", "user_id", "filename", "meta", "created_at"} <= found[0].keys()


def test_a_glob_s_wildcards_are_the_only_ones(person: Person) -> None:
    uploaded(person, "Plan_A.md", b"text", "text/markdown")
    uploaded(person, "PlanXA.md", b"text", "text/markdown")
    found = person.http.get("/api/v1/files/user/search", params={"filename": "plan_?.md"}).json()
    assert _names(found) == ["Plan_A.md"]


def test_the_search_is_paged_and_counted(person: Person) -> None:
    for number in range(3):
        uploaded(person, f"page-{number}.txt", b"text", "text/plain")
    pages = [person.http.get("/api/v1/files/user/search", params={"skip": skip, "limit": 2}).json()
             for skip in (0, 2)]
    assert [len(page) for page in pages] == [2, 1]
    assert sorted(_names(pages[0] + pages[1])) == ["page-0.txt", "page-1.txt", "page-2.txt"]
    assert person.http.get("/api/v1/files/user/count").json() == 3


def test_the_pickers_search_answers_404_when_nothing_matches(person: Person) -> None:
    response = person.http.get("/api/v1/files/search", params={"filename": "*nothing-like-it*"})
    assert response.status_code == 404


def test_an_admins_picker_finds_everyones_files(person: Person, admin: Person) -> None:
    uploaded(person, "members-report.txt", b"text", "text/plain")
    found = admin.http.get("/api/v1/files/search", params={"filename": "members-report*"}).json()
    assert _names(found) == ["members-report.txt"]
