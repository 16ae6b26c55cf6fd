"""Memories against a real server: on Postgres + Redis the worker indexes them and the API
searches, so a memory added or deleted after the person's first query is found, or no longer
found, by the next ones."""

from __future__ import annotations

from typing import Any

from tests.e2e.people import Person
from tests.waiting import wait_for

MEMORIES = "/api/v1/memories"


def recalled(person: Person, question: str) -> list[Any]:
    return person.http.post(f"{MEMORIES}/query", json={"content": question, "k": 5}).json()["documents"][0]


def test_memories_added_and_deleted_after_a_query_are_seen_by_the_next(member: Person) -> None:
    member.http.post(f"{MEMORIES}/add", json={"content": "I am allergic to peanuts."}).raise_for_status()
    wait_for(lambda: "I am allergic to peanuts." in recalled(member, "allergy"), timeout=120,
             what="the first memory to be indexed")
    later = member.http.post(f"{MEMORIES}/add", json={"content": "I drive a green bicycle."}).json()
    wait_for(lambda: "I drive a green bicycle." in recalled(member, "bicycle"), timeout=60,
             what="a memory added after the first query to be found")
    assert member.http.delete(f"{MEMORIES}/{later['id']}").json() is True
    wait_for(lambda: "I drive a green bicycle." not in recalled(member, "bicycle"), timeout=60,
             what="the deleted memory to be no longer found")
