"""Two API processes behind one Postgres and one Redis: a socket on either hears what concerns it,
once, and loses its access at once wherever the revocation was made."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e import people
from tests.e2e.documents import form
from tests.e2e.people import Person
from tests.e2e.server import AnnalsProcess, postgres_deployment
from tests.e2e.sockets import TIMEOUT, chat_list_for, tab
from tests.waiting import wait_for

SHARED = ("ANNALS_DATA_DIR", "DATABASE_URL", "REDIS_URL", "WEBUI_SECRET_KEY")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnalsProcess]:
    """Replicas need a shared deployment: Postgres and Redis only (embedded is one process)."""
    with postgres_deployment(Path(tmp_path_factory.mktemp("annals"))) as process:
        yield process


@pytest.fixture(scope="module")
def replica(server: AnnalsProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnalsProcess]:
    """A second API process of the same deployment (the module's server keeps the worker)."""
    env = {name: server.env[name] for name in SHARED}
    process = AnnalsProcess(env, Path(tmp_path_factory.mktemp("replica"))).start()
    yield process
    process.stop()


@pytest.fixture
def person(server: AnnalsProcess, admin: Person) -> Person:
    return people.member(server, admin, "replicated")


def _new_chat(person: Person, title: str = "Across") -> str:
    response = person.http.post("/api/v1/chats/new", json=form(title))
    response.raise_for_status()
    return response.json()["id"]


def test_typing_crosses_replicas(server: AnnalsProcess, replica: AnnalsProcess, member: Person) -> None:
    chat_id = _new_chat(member)
    with tab(server, member.token) as here, tab(replica.base_url, member.token) as there:
        assert here.join_chat(chat_id) is True and there.join_chat(chat_id) is True
        here.call("events:chat", {"chat_id": chat_id, "data": {"type": "typing", "data": {"typing": True}}})
        event = there.next_event(lambda e: e["data"]["type"] == "typing")
    assert event["chat_id"] == chat_id


def test_each_replica_sends_a_chat_list_refresh_once(server: AnnalsProcess, replica: AnnalsProcess,
                                                     member: Person) -> None:
    with tab(server, member.token) as here, tab(replica.base_url, member.token) as there:
        first, second = _new_chat(member, "First"), _new_chat(member, "Second")
        for socket in (here, there):
            heard = socket.until(chat_list_for(second)) + socket.received()
            assert len([e for e in heard if chat_list_for(first)(e)]) == 1


def test_signing_out_drops_the_sockets_on_every_replica(server: AnnalsProcess, replica: AnnalsProcess,
                                                        person: Person) -> None:
    with tab(server, person.token) as here, tab(replica.base_url, person.token) as there:
        person.http.post("/api/v1/auths/signout").raise_for_status()
        assert here.disconnected.wait(TIMEOUT) and there.disconnected.wait(TIMEOUT)


def test_a_person_connected_to_one_replica_is_active_on_the_other(server: AnnalsProcess, replica: AnnalsProcess,
                                                                  admin: Person, member: Person) -> None:
    def active() -> bool:
        answer = admin.http.get(f"/api/v1/users/{member.id}/active")  # asked of the module's server
        answer.raise_for_status()
        return bool(answer.json()["active"])

    with tab(replica.base_url, member.token):
        wait_for(active, timeout=TIMEOUT, what="the replica's socket to count on the server")
    wait_for(lambda: not active(), timeout=TIMEOUT, what="the closed socket to stop counting")
