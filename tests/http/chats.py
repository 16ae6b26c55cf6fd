"""Chats made for HTTP tests: created, shared and read back as the app does it."""

from __future__ import annotations

from typing import Any

from tests.e2e.documents import conversation, form, message
from tests.e2e.people import Person


def create(person: Person, body: dict[str, Any] | None = None) -> dict[str, Any]:
    response = person.http.post("/api/v1/chats/new", json=body or conversation())
    response.raise_for_status()
    return response.json()


def two_branches(person: Person) -> dict[str, Any]:
    """q1 answered by a1, then q2 answered by a2, and a second answer a1b to q1 (current)."""
    return create(person, form("Branches", message("q1", "first?"),
                               message("a1", "one", "q1", "assistant", model="m"),
                               message("q2", "second?", "a1"), message("a2", "two", "q2", "assistant", model="m"),
                               message("a1b", "uno", "q1", "assistant", model="m")))


def get(person: Person, path: str, **params: Any) -> Any:
    response = person.http.get(path, params=params)
    response.raise_for_status()
    return response.json()


def listed(person: Person, path: str = "/api/v1/chats/", **params: Any) -> list[str]:
    return [c["id"] for c in get(person, path, **params)]
