"""A reply outlives neither a crash nor its checkpoints: while it runs, the chat shows what it has so
far; a server killed midway leaves it running, and once the app asks for the chat's tasks again
(as it does whenever its socket connects), it ends as interrupted, keeping its last checkpoint. A
server asked to stop cuts a reply still streaming after its grace, and records it as interrupted."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.people import Person, sign_in, sign_up
from tests.e2e.server import AnnalsProcess
from tests.e2e.sockets import tab
from tests.e2e.spa_turns import message, of_type, send, turn_body
from tests.upstream.process import UpstreamProcess
from tests.waiting import wait_for

SLOW = "echo@delay=0.05"
LONG = " ".join(["word"] * 600)
"""Half a minute of reply: it is still running whenever the test looks."""


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UpstreamProcess]:
    process = UpstreamProcess(tmp_path_factory.mktemp("upstream"), f"--model={SLOW}").start()
    yield process
    process.stop()


@pytest.fixture
def env(upstream: UpstreamProcess, tmp_path: Path) -> dict[str, str]:
    return {"ANNALS_DATA_DIR": str(tmp_path), "OPENAI_API_BASE_URLS": upstream.openai_url,
            "ANNALS_REPLY_CHECKPOINT_SECONDS": "0.2", "ENABLE_OLLAMA_API": "false"}


def started_reply(server: AnnalsProcess, person: Person) -> tuple[str, dict[str, Any]]:
    with tab(server, person.token) as opened:
        body = turn_body(opened, LONG, model=SLOW, background_tasks={})
        chat_id = send(person, body)["chat_id"]
        opened.next_event(of_type("response:completion", body["id"]))
    return chat_id, body


def checkpointed(person: Person, chat_id: str, reply_id: str) -> dict[str, Any]:
    """The reply as the chat shows it, once a checkpoint has put some of it there."""
    shown: dict[str, Any] = {}

    def has_some() -> bool:
        shown.update(message(person, chat_id, reply_id))
        return shown["content"].startswith("echo: word")

    wait_for(has_some, timeout=15, what="a checkpoint of the running reply")
    return shown


def test_a_running_reply_shows_what_it_has_so_far(env: dict[str, str], tmp_path: Path):
    server = AnnalsProcess(env, tmp_path).start()
    try:
        ada = sign_up(server, "ada")
        chat_id, body = started_reply(server, ada)
        shown = checkpointed(ada, chat_id, body["id"])
        assert shown["done"] is False and len(shown["content"]) < len(f"echo: {LONG}")
    finally:
        server.stop()


def test_a_reply_a_crash_left_running_ends_as_interrupted_with_its_last_checkpoint(
        env: dict[str, str], tmp_path: Path):
    server = AnnalsProcess(env, tmp_path).start()
    ada = sign_up(server, "ada")
    chat_id, body = started_reply(server, ada)
    checkpointed(ada, chat_id, body["id"])
    server.kill()
    restarted = AnnalsProcess(env, tmp_path).start()
    try:
        ada = sign_in(restarted, ada.email)
        left = message(ada, chat_id, body["id"])
        assert left["done"] is False
        assert ada.http.get(f"/api/tasks/chat/{chat_id}").json() == {"task_ids": []}
        ended = message(ada, chat_id, body["id"])
        assert ended["done"] is True and "interrupted" in ended["error"]["content"]
        assert ended["content"] == left["content"] and ended["content"].startswith("echo: word")
    finally:
        restarted.stop()


def test_a_stopping_server_cuts_a_streamed_reply_after_its_grace_and_records_it(
        env: dict[str, str], tmp_path: Path):
    env = {**env, "ANNALS_SHUTDOWN_GRACE_SECONDS": "1"}
    server = AnnalsProcess(env, tmp_path).start()
    ada = sign_up(server, "ada")
    chat_id = ada.http.post("/api/v1/chats/new", json={"chat": {"title": "Long"}}).json()["id"]
    body = {"model": SLOW, "stream": True, "chat_id": chat_id, "id": "cut-short",
            "messages": [{"role": "user", "content": LONG}]}
    lines: list[str] = []

    def read_stream() -> None:
        with contextlib.suppress(httpx.HTTPError), \
                ada.http.stream("POST", "/api/chat/completions", json=body) as response:
            lines.extend(response.iter_lines())  # until the server cuts it

    reader = threading.Thread(target=read_stream, daemon=True)
    reader.start()
    wait_for(lambda: len(lines) > 5, timeout=15, what="the reply to stream")
    asked = time.monotonic()
    assert server.stop(), "the server waited for the stream instead of cutting it"
    assert time.monotonic() - asked < 10
    restarted = AnnalsProcess(env, tmp_path).start()
    try:
        ada = sign_in(restarted, ada.email)
        ended = message(ada, chat_id, "cut-short")
        assert ended["done"] is True and "interrupted" in ended["error"]["content"]
        assert ended["content"].startswith("echo: word") and len(ended["content"]) < len(f"echo: {LONG}")
    finally:
        restarted.stop()
