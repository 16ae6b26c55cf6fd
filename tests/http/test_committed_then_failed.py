"""A command that committed and then could not read its write back (its view held up past the
read-your-writes timeout) says it was saved: a 503 would tell the client to do it again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.e2e.people import Person, sign_up
from tests.http.app import InProcessServer, in_process
from tests.waiting import wait_for

NEW_CHAT = {"chat": {"title": "saved while held up", "history": {"messages": {}, "currentId": None}}}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[InProcessServer]:
    with in_process("postgres", tmp_path, read_your_writes_timeout=0.5) as server:
        yield server


def _titled(person: Person) -> list[str]:
    return [c["id"] for c in person.http.get("/api/v1/chats/").json() if c["title"] == NEW_CHAT["chat"]["title"]]


def test_a_create_whose_view_is_held_up_answers_saved_not_unavailable(server: InProcessServer):
    person = sign_up(server, "ada")
    with psycopg.connect(server.settings.database_url, autocommit=False) as holder:
        chats = server.container.runner.projectors["chats"].tracked_as  # the view's version in use
        holder.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (chats,))  # as a stuck projector would
        answer = person.http.post("/api/v1/chats/new", json=NEW_CHAT)
    assert answer.status_code == 202, answer.text
    assert answer.json()["saved"] is True
    wait_for(lambda: len(_titled(person)) == 1, timeout=10, what="the saved chat in the list")
