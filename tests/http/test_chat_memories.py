"""A chat that asks for memories (the app's ``features.memory``, on when the person turns memory on
in their settings) puts the person's nearest memories before the model in the system message, as
Open WebUI does server-side; without it, or for memories of someone else, nothing."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.e2e.upstreams import QUICK
from tests.http.app import InProcessServer
from tests.http.workspaces import own_workspace
from tests.upstream.process import UpstreamProcess
from tests.waiting import wait_for

MEMORY = "My daughter is called Ada."


def _connections(request: pytest.FixtureRequest) -> dict[str, str]:
    fake_upstream: UpstreamProcess = request.getfixturevalue("fake_upstream")
    return {**QUICK, "OPENAI_API_BASE_URLS": fake_upstream.openai_url, "BYPASS_MODEL_ACCESS_CONTROL": "true"}


server, admin = own_workspace("chat-memories", _connections)


def remembering(person: Person, content: str = MEMORY) -> dict[str, Any]:
    memory = person.http.post("/api/v1/memories/add", json={"content": content}).json()
    wait_for(lambda: person.http.post("/api/v1/memories/query", json={"content": content}).json()["documents"]
             == [[content]], timeout=60, what="the memory to be indexed")
    return memory


def ask(person: Person, question: str, features: dict[str, Any]) -> None:
    """The app's first message of a chat; returns once the reply is done."""
    reply_id = str(uuid.uuid4())
    sent = person.http.post("/api/chat/completions", json={
        "model": "echo", "session_id": "no-socket", "parent_id": None, "id": reply_id, "features": features,
        "message_ids": [{"model_id": "echo", "message_id": reply_id}],
        "messages": [{"role": "user", "content": question}],
        "user_message": {"id": str(uuid.uuid4()), "content": question, "models": ["echo"]}})
    assert sent.status_code == 200, sent.text
    chat_id = sent.json()["chat_id"]
    wait_for(lambda: bool(person.http.get(f"/api/v1/chats/{chat_id}").json()["chat"]["history"]["messages"]
                          .get(reply_id, {}).get("done")), timeout=30, what="the reply")


def sent_upstream(upstream: UpstreamProcess) -> list[dict[str, Any]]:
    return upstream.requests()[-1]["body"]["messages"]


def test_a_chat_asking_for_memories_shows_the_model_the_nearest_dated(member: Person,
                                                                      fake_upstream: UpstreamProcess) -> None:
    memory = remembering(member)
    ask(member, "What is my daughter's name?", {"memory": True})
    first = sent_upstream(fake_upstream)[0]
    day = time.strftime("%Y-%m-%d", time.gmtime(memory["created_at"]))
    assert first == {"role": "system", "content": f"User Context:\n1. [{day}]. {MEMORY}\n"}


def test_a_chat_not_asking_for_memories_shows_none(member: Person, fake_upstream: UpstreamProcess) -> None:
    remembering(member)
    ask(member, "What is my daughter's name?", {"memory": False})
    assert MEMORY not in str(sent_upstream(fake_upstream))


def test_nobody_is_shown_anothers_memories(server: InProcessServer, admin: Person, member: Person,
                                           fake_upstream: UpstreamProcess) -> None:
    remembering(member)
    other = people.member(server, admin, "other")
    remembering(other, "I grow tomatoes.")
    ask(other, "What is my daughter's name?", {"memory": True})
    assert MEMORY not in str(sent_upstream(fake_upstream))


def test_an_api_caller_asking_for_memories_gets_them_after_its_own_system_prompt(
        member: Person, fake_upstream: UpstreamProcess) -> None:
    remembering(member)
    answer = member.http.post("/api/chat/completions", json={
        "model": "echo", "features": {"memory": True},
        "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "My daughter?"}]})
    assert answer.status_code == 200, answer.text
    first = sent_upstream(fake_upstream)[0]
    assert first["role"] == "system" and first["content"].startswith("Be brief.\nUser Context:\n1. [")
    assert first["content"].endswith(f"]. {MEMORY}\n")
