"""Ids of someone else's resources sent inside a body (or the query) rather than the path: each
is answered as if it named nothing, and nothing of the owner's changes. The owner's world is the
authorisation matrix's (``matrix_world``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.e2e.documents import conversation
from tests.http.knowledge import grant
from tests.http.matrix_world import BASE_MODEL, World, settings_of_the_world, world_of_the_module
from tests.http.workspaces import own_workspace

server, admin = own_workspace("foreign-ids", settings_of_the_world, stores=["embedded"])
world = world_of_the_module()


@pytest.fixture
def unchanged(world: World) -> Iterator[None]:
    before = world.snapshot()
    yield
    assert world.snapshot() == before


def _new_chat(client: httpx.Client, **more: Any) -> httpx.Response:
    return client.post("/api/v1/chats/new", json={**conversation(), **more})


def test_a_chat_is_not_filed_in_someone_elses_folder(world: World, unchanged: None):
    other = world.callers["other"]
    mine = _new_chat(other).json()["id"]
    moved = other.post(f"/api/v1/chats/{mine}/folder", json={"folder_id": world.ids["folder_id"]})
    assert moved.status_code == 404
    assert _new_chat(other, folder_id=world.ids["folder_id"]).status_code in (200, 404)
    assert world.callers["owner"].get(f"/api/v1/chats/folder/{world.ids['folder_id']}/list").json() == []


def test_a_folder_is_not_made_under_someone_elses(world: World, unchanged: None):
    other = world.callers["other"]
    made = other.post("/api/v1/folders/", json={"name": "Mine", "parent_id": world.ids["folder_id"]})
    assert made.status_code == 404
    mine = other.post("/api/v1/folders/", json={"name": "Mine too"}).json()["id"]
    moved = other.post(f"/api/v1/folders/{mine}/update/parent", json={"parent_id": world.ids["folder_id"]})
    assert moved.status_code == 404


def test_someone_elses_file_is_not_added_to_ones_own_knowledge_base(world: World, unchanged: None):
    other = world.callers["other"]
    base = other.post("/api/v1/knowledge/create", json={"name": "Mine", "description": "", "access_grants": []})
    added = other.post(f"/api/v1/knowledge/{base.json()['id']}/file/add", json={"file_id": world.ids["file_id"]})
    assert added.status_code == 404


def test_nothing_is_uploaded_into_someone_elses_knowledge_base(world: World, unchanged: None):
    uploaded = world.callers["reader"].post("/api/v1/files/", files={"file": ("a.txt", b"planted", "text/plain")},
                                            data={"metadata": json.dumps({"knowledge_id": world.ids["knowledge_id"]})})
    assert uploaded.status_code == 403  # they may read it, so it exists for them: only writing is refused


def test_a_turn_of_the_app_is_not_taken_in_someone_elses_chat(world: World, unchanged: None):
    turn = world.callers["other"].post("/api/chat/completions", json={
        "model": BASE_MODEL, "stream": True, "chat_id": world.ids["chat_id"], "session_id": "a-session",
        "id": "planted", "parent_id": world.ids["message_id"], "messages": [{"role": "user", "content": "hi"}]})
    assert turn.status_code == 404


def test_a_completion_is_not_recorded_in_someone_elses_chat(world: World, unchanged: None):
    asked = world.callers["other"].post("/api/chat/completions", json={
        "model": BASE_MODEL, "stream": False, "chat_id": world.ids["chat_id"],
        "messages": [{"role": "user", "content": "hello"}]})
    assert asked.status_code == 404


@pytest.mark.parametrize("item", [{"type": "collection", "id": "knowledge_id"}, {"type": "file", "id": "lent_file_id"}])
def test_naming_someone_elses_knowledge_in_a_preset_is_refused(world: World, unchanged: None, item: dict[str, str]):
    """A preset's knowledge reaches whoever uses it (``preset_knowledge.py``): its author must read it."""
    other = world.callers["other"]
    created = other.post("/api/v1/models/create", json={
        "id": "borrowing", "base_model_id": BASE_MODEL, "name": "Borrowing", "params": {},
        "meta": {"knowledge": [{**item, "id": world.ids[item["id"]]}]}})
    assert created.status_code == 404
    assert other.get("/api/v1/models/model", params={"id": "borrowing"}).status_code in (401, 404)


def test_a_knowledge_base_lends_its_files_to_its_readers_only(world: World):
    path = f"/api/v1/files/{world.ids['lent_file_id']}"
    assert world.callers["reader"].get(path).status_code == 200
    assert {world.callers[c].get(path).status_code for c in ("other", "outsider", "api_key")} == {404}


def test_a_rating_is_not_left_on_someone_elses_chat(world: World, unchanged: None):
    from tests.e2e.ratings import feedback
    rated = world.callers["other"].post("/api/v1/evaluations/feedback", json=feedback(
        world.ids["chat_id"], world.ids["message_id"], "llama3", 1))
    assert rated.status_code == 404


def test_a_share_is_not_granted_on_someone_elses_chat(world: World, unchanged: None):
    other = world.callers["other"]
    assert other.post(f"/api/v1/chats/shared/{world.ids['chat_id']}/access/update",
                      json={"access_grants": [grant("user", "*")], "share_mode": None}).status_code == 404
