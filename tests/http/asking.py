"""A chat turn as the app drives it against the fake upstream, and what the model was sent."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.e2e.people import Person
from tests.e2e.upstreams import QUICK
from tests.upstream.process import UpstreamProcess
from tests.waiting import wait_for


def open_upstream(request: pytest.FixtureRequest) -> dict[str, str]:
    """A workspace's environment (``own_workspace``'s ``env``): the fake upstream's models open to
    everyone, quick to give up."""
    fake_upstream: UpstreamProcess = request.getfixturevalue("fake_upstream")
    return {**QUICK, "OPENAI_API_BASE_URLS": fake_upstream.openai_url, "BYPASS_MODEL_ACCESS_CONTROL": "true"}


def ask(person: Person, question: str, *items: dict[str, Any], model: str = "echo") -> dict[str, Any]:
    """The app's first message of a chat to ``model``, naming ``items``; the reply as the chat
    keeps it, once done."""
    return turn(person, question, *items, model=model)[1]


def turn(person: Person, question: str, *items: dict[str, Any], model: str = "echo",
         **more: Any) -> tuple[str, dict[str, Any]]:
    """A message as the app sends it, with ``more`` fields (``chat_id`` and ``parent_id`` for a chat
    that goes on, ``folder_id`` for a new chat in a folder); the chat's id and its reply as the
    chat keeps it, once done."""
    reply_id, prompt_id = str(uuid.uuid4()), str(uuid.uuid4())
    sent = person.http.post("/api/chat/completions", json={
        "model": model, "session_id": "no-socket", "parent_id": None, "id": reply_id,
        "message_ids": [{"model_id": model, "message_id": reply_id}],
        "user_message": {"id": prompt_id, "content": question, "files": list(items), "models": [model]},
        "files": list(items), **more})
    assert sent.status_code == 200, sent.text
    chat_id = sent.json()["chat_id"]
    found: dict[str, Any] = {}

    def done() -> bool:
        chat = person.http.get(f"/api/v1/chats/{chat_id}").json()
        found.update(chat["chat"]["history"]["messages"].get(reply_id) or {})
        return bool(found.get("done"))

    wait_for(done, timeout=30, what="the reply")
    return chat_id, found


def last_prompt(upstream: UpstreamProcess) -> str:
    return str(upstream.requests()[-1]["body"]["messages"][-1]["content"])


def assert_base_cited(reply: dict[str, Any], upstream: UpstreamProcess, passage: str, question: str,
                      base: dict[str, Any], file: dict[str, Any]) -> None:
    """The base's ``passage`` came before the ``question`` the model was last asked, and the
    ``reply`` cites the base (and only it), through its ``file``."""
    prompt = last_prompt(upstream)
    assert passage in prompt and prompt.rstrip().endswith(question)
    [source] = reply["sources"]
    assert source["source"]["id"] == base["id"] and source["metadata"][0]["file_id"] == file["id"]
