"""A command that committed and then could not read its write back (its view held up past the
read-your-writes timeout) says it was saved: a 503 would tell the client to do it again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.e2e import people
from tests.e2e.people import Person, sign_up
from tests.http.app import InProcessServer, in_process
from tests.stores import STORES
from tests.waiting import wait_for

pytestmark = pytest.mark.skipif("postgres" not in STORES, reason="a view held up by a Postgres advisory lock")

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


def test_signing_in_never_waits_for_a_users_view_held_up(server: InProcessServer):
    """The token comes from the account as the command left it; the request that shows it next
    catches the view up itself, once the view moves again."""
    founder = sign_up(server, "ada")
    with psycopg.connect(server.settings.database_url, autocommit=False) as holder:
        users = server.container.runner.projectors["users"].tracked_as
        holder.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (users,))  # as a stuck projector would
        answer = people.anonymous(server).post("/api/v1/auths/signin",
                                               json={"email": founder.email, "password": founder.password})
    assert answer.status_code == 200, answer.text
    signed_in = answer.json()
    assert (signed_in["id"], signed_in["role"]) == (founder.id, "admin")
    assert founder.http.get("/api/v1/auths/", headers=people.bearer(signed_in["token"])).json()["id"] == founder.id
