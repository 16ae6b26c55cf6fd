"""A knowledge base named in a chat (the composer's ``#``) or in an API call's ``files``: the
chunks nearest the question reach the model in the prompt, and the reply carries their citations
(Open WebUI's ``sources``); a person who may not read the base gets none of its chunks, and the
reply does not mention it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.e2e.upstreams import QUICK
from tests.http.app import InProcessServer
from tests.http.asking import ask, last_prompt
from tests.http.knowledge import processed_base
from tests.http.workspaces import own_workspace
from tests.upstream.process import UpstreamProcess

CHUNK = "We ship on Fridays."


def _connections(request: pytest.FixtureRequest) -> dict[str, str]:
    fake_upstream: UpstreamProcess = request.getfixturevalue("fake_upstream")
    return {**QUICK, "OPENAI_API_BASE_URLS": fake_upstream.openai_url, "BYPASS_MODEL_ACCESS_CONTROL": "true"}


server, admin = own_workspace("chat-retrieval", _connections)


def collection(base: dict[str, Any]) -> dict[str, Any]:
    return {"type": "collection", "id": base["id"], "name": base["name"]}


def test_the_bases_chunks_reach_the_model_and_the_reply_cites_them(admin: Person, server: InProcessServer,
                                                                 fake_upstream: UpstreamProcess) -> None:
    member = people.member(server, admin, "reader")
    base, file = processed_base(admin, member)
    reply = ask(member, "When do we ship?", collection(base))
    prompt = last_prompt(fake_upstream)
    assert CHUNK in prompt and prompt.rstrip().endswith("When do we ship?")
    [source] = reply["sources"]
    assert source["source"]["id"] == base["id"] and [CHUNK in text for text in source["document"]] == [True]
    [metadata] = source["metadata"]
    assert metadata["file_id"] == file["id"] and 0.3 < source["distances"][0] <= 1
    assert reply["retrieval"] == {"chunk_ids": [metadata["chunk_id"]],
                                  "embedding_model": "local:sentence-transformers/all-MiniLM-L6-v2",
                                  "settings": {"top_k": 3, "top_k_reranker": 3, "relevance_threshold": 0.0,
                                               "hybrid_bm25_weight": 0.5, "hybrid": False}}


def test_a_base_the_caller_may_not_read_gives_nothing(admin: Person, server: InProcessServer,
                                                      fake_upstream: UpstreamProcess) -> None:
    owner = people.member(server, admin, "owner")
    base, _ = processed_base(admin, owner)
    stranger = people.member(server, admin, "stranger")
    reply = ask(stranger, "When do we ship?", collection(base))
    assert CHUNK not in last_prompt(fake_upstream) and "sources" not in reply and "retrieval" not in reply


def test_an_api_caller_naming_a_base_gets_its_chunks_cited(admin: Person, server: InProcessServer,
                                                           fake_upstream: UpstreamProcess) -> None:
    member = people.member(server, admin, "scripter")
    base, _ = processed_base(admin, member)
    body = {"model": "echo", "messages": [{"role": "user", "content": "When do we ship?"}],
            "files": [collection(base)]}
    answer = member.http.post("/api/chat/completions", json=body).json()
    assert CHUNK in last_prompt(fake_upstream) and CHUNK in answer["sources"][0]["document"][0]
    with member.http.stream("POST", "/api/chat/completions", json={**body, "stream": True}) as streamed:
        first = next(line for line in streamed.iter_lines() if line.startswith("data: "))
    assert json.loads(first.removeprefix("data: "))["sources"] == answer["sources"]


def test_an_api_caller_naming_a_base_they_may_not_read_gets_nothing_of_it(
        admin: Person, server: InProcessServer, fake_upstream: UpstreamProcess) -> None:
    owner = people.member(server, admin, "keeper")
    base, _ = processed_base(admin, owner)
    stranger = people.member(server, admin, "outsider")
    answer = stranger.http.post("/api/chat/completions", json={
        "model": "echo", "messages": [{"role": "user", "content": "When do we ship?"}],
        "files": [collection(base)]})
    assert answer.status_code == 200 and "sources" not in answer.json()
    assert CHUNK not in last_prompt(fake_upstream)


def test_a_base_asked_for_in_full_context_is_given_whole_without_citations(
        admin: Person, server: InProcessServer, fake_upstream: UpstreamProcess) -> None:
    member = people.member(server, admin, "wholesale")
    base, _ = processed_base(admin, member)
    reply = ask(member, "When do we ship?", {**collection(base), "context": "full"})
    assert "# Notes\nWe ship on Fridays." in last_prompt(fake_upstream) and "sources" not in reply


def test_the_admins_full_context_gives_bases_whole(admin: Person, server: InProcessServer,
                                                   fake_upstream: UpstreamProcess) -> None:
    member = people.member(server, admin, "fullness")
    base, _ = processed_base(admin, member)
    before = admin.http.get("/api/v1/retrieval/config").json()
    admin.http.post("/api/v1/retrieval/config/update", json={**before, "RAG_FULL_CONTEXT": True}).raise_for_status()
    try:
        reply = ask(member, "When do we ship?", collection(base))
    finally:
        admin.http.post("/api/v1/retrieval/config/update", json=before).raise_for_status()
    assert "# Notes\nWe ship on Fridays." in last_prompt(fake_upstream) and "sources" not in reply


def test_a_base_the_caller_may_not_read_gives_nothing_in_full_context_either(
        admin: Person, server: InProcessServer, fake_upstream: UpstreamProcess) -> None:
    base, _ = processed_base(admin, people.member(server, admin, "hoarder"))
    ask(people.member(server, admin, "peeker"), "When do we ship?", {**collection(base), "context": "full"})
    assert CHUNK not in last_prompt(fake_upstream)
