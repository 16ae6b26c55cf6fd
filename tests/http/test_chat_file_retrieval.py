"""A file dropped into a chat: once its text is indexed in a collection of its own (``file-{id}``),
only its passages nearest the question reach the model, and the reply cites them; it is given whole
when its item asks for full context, when the admin bypasses retrieval, or while it has no chunks.
Nobody is shown a file they may not read, and a deleted file's chunks leave both indexes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.e2e.uploads import attached, uploaded
from tests.e2e.upstreams import QUICK
from tests.http.app import InProcessServer
from tests.http.asking import ask, last_prompt
from tests.http.workspaces import own_workspace
from tests.upstream.process import UpstreamProcess
from tests.waiting import wait_for

CAT = "Biscuit the office cat sleeps on the printer every afternoon."
REFUNDS = "Refunds for damaged parcels are paid within fourteen days."
GARDEN = "The rooftop garden grows tomatoes, basil and sunflowers."
HANDBOOK = f"{CAT}\n\n{REFUNDS}\n\n{GARDEN}".encode()
QUESTION = "How long do refunds for damaged parcels take?"
CONFIG = "/api/v1/retrieval/config"


def _env(request: pytest.FixtureRequest) -> dict[str, str]:
    """One paragraph a chunk, and one chunk a search."""
    fake_upstream: UpstreamProcess = request.getfixturevalue("fake_upstream")
    return {**QUICK, "OPENAI_API_BASE_URLS": fake_upstream.openai_url, "BYPASS_MODEL_ACCESS_CONTROL": "true",
            "RAG_TEXT_SPLITTER": "character", "CHUNK_SIZE": "80", "CHUNK_OVERLAP": "0", "RAG_TOP_K": "1"}


server, admin = own_workspace("chat-file-retrieval", _env)


def chunk_ids(server: InProcessServer, file: dict[str, Any]) -> list[str]:
    return server.container.retrieval.lexical.ids_of(f"file-{file['id']}", file["id"])


def indexed_handbook(server: InProcessServer, person: Person) -> dict[str, Any]:
    file = uploaded(person, "handbook.txt", HANDBOOK, "text/plain")
    wait_for(lambda: len(chunk_ids(server, file)) == 3, timeout=60, what="the file's chunks to be indexed")
    return file


def settings_saved(admin: Person, **changes: Any) -> None:
    settings = admin.http.get(CONFIG).json()
    admin.http.post(f"{CONFIG}/update", json={**settings, **changes}).raise_for_status()


@pytest.fixture
def restored(admin: Person) -> Iterator[None]:
    """The Documents settings as they were before the test, after it."""
    before = admin.http.get(CONFIG).json()
    yield
    admin.http.post(f"{CONFIG}/update", json=before).raise_for_status()


def test_only_the_passage_nearest_the_question_reaches_the_model_and_is_cited(
        admin: Person, server: InProcessServer, fake_upstream: UpstreamProcess) -> None:
    member = people.member(server, admin, "dropper")
    file = indexed_handbook(server, member)
    reply = ask(member, QUESTION, attached(file))
    prompt = last_prompt(fake_upstream)
    assert REFUNDS in prompt and CAT not in prompt and GARDEN not in prompt
    [source] = reply["sources"]
    assert source["source"]["id"] == file["id"] and source["document"] == [REFUNDS]
    [metadata] = source["metadata"]
    assert metadata["file_id"] == file["id"] and metadata["name"] == "handbook.txt"
    assert reply["retrieval"]["chunk_ids"] == [metadata["chunk_id"]]
    assert metadata["chunk_id"] in chunk_ids(server, file)


def test_a_file_item_asking_for_full_context_is_given_whole(admin: Person, server: InProcessServer,
                                                            fake_upstream: UpstreamProcess) -> None:
    member = people.member(server, admin, "whole")
    file = indexed_handbook(server, member)
    reply = ask(member, QUESTION, {**attached(file), "context": "full"})
    prompt = last_prompt(fake_upstream)
    assert all(paragraph in prompt for paragraph in (CAT, REFUNDS, GARDEN))
    assert "sources" not in reply and "retrieval" not in reply


@pytest.mark.parametrize("setting", ["RAG_FULL_CONTEXT", "BYPASS_EMBEDDING_AND_RETRIEVAL"])
def test_the_admins_settings_may_give_files_whole(admin: Person, server: InProcessServer,
                                                  fake_upstream: UpstreamProcess, restored: None, setting: str) -> None:
    member = people.member(server, admin, "settled")
    file = indexed_handbook(server, member)
    settings_saved(admin, **{setting: True})
    reply = ask(member, QUESTION, attached(file))
    assert all(paragraph in last_prompt(fake_upstream) for paragraph in (CAT, REFUNDS, GARDEN))
    assert "sources" not in reply


def test_a_file_without_chunks_is_given_whole(admin: Person, server: InProcessServer,
                                              fake_upstream: UpstreamProcess, restored: None) -> None:
    member = people.member(server, admin, "unindexed")
    settings_saved(admin, BYPASS_EMBEDDING_AND_RETRIEVAL=True)
    file = uploaded(member, "handbook.txt", HANDBOOK, "text/plain")
    indexing = server.container.runner.reactions["chat_file_indexing"]
    indexing.reach(server.container.files.position, timeout=30)  # past the upload: not indexed, as bypassed
    settings_saved(admin, BYPASS_EMBEDDING_AND_RETRIEVAL=False)
    reply = ask(member, QUESTION, attached(file))
    assert chunk_ids(server, file) == [] and "sources" not in reply
    assert all(paragraph in last_prompt(fake_upstream) for paragraph in (CAT, REFUNDS, GARDEN))


def test_someone_elses_file_gives_nothing(admin: Person, server: InProcessServer,
                                          fake_upstream: UpstreamProcess) -> None:
    file = indexed_handbook(server, people.member(server, admin, "owner"))
    reply = ask(people.member(server, admin, "stranger"), QUESTION, attached(file))
    prompt = last_prompt(fake_upstream)
    assert REFUNDS not in prompt and CAT not in prompt and "sources" not in reply


def test_a_deleted_files_chunks_leave_both_indexes(admin: Person, server: InProcessServer) -> None:
    member = people.member(server, admin, "deleter")
    file = indexed_handbook(server, member)
    assert member.http.delete(f"/api/v1/files/{file['id']}").status_code == 200
    vectors = server.container.retrieval.vectors
    wait_for(lambda: not chunk_ids(server, file) and vectors.count(f"file-{file['id']}") == 0,
             timeout=30, what="the file's chunks to leave the indexes")
