"""A person's deletion or forgetting cut short by a crash (the account deleted, their chats, files
and key not yet) is finished by the next server to start, on both stores: the reactions that do it
keep positions of their own in the log."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import msgspec
import pytest
import redis

from application.identity.commands import DeleteUser, ForgetPerson
from infrastructure.bootstrap import build_container
from infrastructure.container import Container
from infrastructure.person_keys import Destroyed
from infrastructure.settings import Settings
from tests.e2e import people
from tests.e2e.documents import conversation
from tests.e2e.server import AnnalsProcess
from tests.services import REDIS_TEST_URL, ensure_running, fresh_database
from tests.stores import STORES
from tests.waiting import wait_for


@pytest.fixture(params=STORES)
def env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    if request.param == "embedded":
        yield {"ANNALS_DATA_DIR": str(tmp_path)}
        return
    ensure_running(6379)
    redis.Redis.from_url(REDIS_TEST_URL).flushdb()
    with fresh_database() as database_url:
        yield {"ANNALS_DATA_DIR": str(tmp_path), "DATABASE_URL": database_url, "REDIS_URL": REDIS_TEST_URL,
               "WEBUI_SECRET_KEY": "test-secret-key-for-person-deletion-crashes"}


@contextmanager
def offline(env: dict[str, str]) -> Iterator[Container]:
    """The deployment's stores opened as the CLI opens them, the servers down: nothing in this
    container reacts or projects, so a command committed here is one a killed server left."""
    container = build_container(msgspec.structs.replace(Settings.from_environ({**os.environ, **env}), redis_url=None),
                                role="cli")
    try:
        yield container
    finally:
        container.close()


def test_a_deletion_cut_short_by_a_crash_finishes_after_the_restart(env: dict[str, str], tmp_path: Path):
    worker = "DATABASE_URL" in env
    server = AnnalsProcess(env, tmp_path).start(worker=worker)
    admin = people.founder(server)
    leaving = people.member(server, admin, "leaving")
    chat_ids = [leaving.http.post("/api/v1/chats/new", json=conversation()).json()["id"] for _ in range(3)]
    server.kill()
    with offline(env) as container:
        container.identity.delete_user(DeleteUser(actor_id=uuid.UUID(admin.id), user_id=uuid.UUID(leaving.id)))
    restarted = AnnalsProcess(env, tmp_path).start(worker=worker)
    try:
        admin = people.sign_in(restarted, admin.email)

        def deleted() -> bool:
            events = admin.http.get("/api/v1/events", params={"context": "chats", "type": "Chat.Deleted",
                                                              "user_id": leaving.id}).json()["events"]
            return {e["aggregate_id"] for e in events} == set(chat_ids)

        wait_for(deleted, timeout=15, what="the deleted person's chats deleted after the restart")
    finally:
        restarted.stop()


def test_a_forgetting_cut_short_by_a_crash_finishes_after_the_restart(env: dict[str, str], tmp_path: Path):
    worker = "DATABASE_URL" in env
    server = AnnalsProcess(env, tmp_path).start(worker=worker)
    admin = people.founder(server)
    leaving = people.member(server, admin, "forgotten")
    leaving.http.post("/api/v1/chats/new", json=conversation()).raise_for_status()
    server.kill()
    with offline(env) as container:
        container.identity.forget_person(ForgetPerson(actor_id=uuid.UUID(admin.id), user_id=uuid.UUID(leaving.id)))
    restarted = AnnalsProcess(env, tmp_path).start(worker=worker)
    try:
        admin = people.sign_in(restarted, admin.email)
        head = admin.http.get("/api/v1/events/reactions").json()["reactions"]
        identity = next(r["head"] for r in head if r["name"] == "forgetting")
        monitor = f"/api/v1/events/reactions/forgetting?position={identity}"
        wait_for(lambda: admin.http.get(monitor).json()["done"], timeout=30, what="the forgetting after the restart")
    finally:
        restarted.stop()
    with offline(env) as container:
        assert isinstance(container.person_keys.key_of(leaving.id), Destroyed)
