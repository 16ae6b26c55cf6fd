"""Killed (-9) between a commit and its projection: the server that starts next projects it at once,
on both stores, without waiting for the next write in its context."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
import redis

from application.chats.commands import CreateChat
from infrastructure.bootstrap import build_container
from infrastructure.settings import Settings
from tests.e2e.people import sign_in, sign_up
from tests.e2e.server import AnnalsProcess
from tests.services import REDIS_TEST_URL, ensure_running, fresh_database
from tests.stores import STORES
from tests.unit.builders import message, snapshot
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
               "WEBUI_SECRET_KEY": "test-secret-key-for-crashes"}


def _commit_without_projecting(env: dict[str, str], owner_id: str) -> str:
    """A chat committed as the killed server would have committed it, its views left behind."""
    settings = msgspec.structs.replace(Settings.from_environ({**os.environ, **env}), redis_url=None)
    container = build_container(settings, role="cli")  # nothing projects in the background
    try:
        chat_id = uuid.uuid4()
        container.chats.create_chat(CreateChat(chat_id=chat_id, owner_id=owner_id,
                                               state=snapshot(message("q"), title="left behind")))
        return str(chat_id)
    finally:
        container.close()


def test_a_chat_committed_just_before_a_crash_is_listed_after_the_restart(env: dict[str, str], tmp_path: Path):
    worker = "DATABASE_URL" in env
    server = AnnalsProcess(env, tmp_path).start(worker=worker)
    ada = sign_up(server, "ada")
    server.kill()
    chat_id = _commit_without_projecting(env, ada.id)
    restarted = AnnalsProcess(env, tmp_path).start(worker=worker)
    try:
        ada = sign_in(restarted, ada.email)

        def listed() -> bool:
            return chat_id in [chat["id"] for chat in ada.http.get("/api/v1/chats/").json()]

        wait_for(listed, timeout=5, what="the chat committed before the crash in the list")
    finally:
        restarted.stop()
