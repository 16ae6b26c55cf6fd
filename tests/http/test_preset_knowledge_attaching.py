"""Who may attach knowledge to a model preset: whoever saves it (creating, changing or importing
it) must be able to read each knowledge base and file its ``meta.knowledge`` newly names, since
everyone who may use the preset is shown them; what they may not read is answered as if it did not
exist (CVE-2026-54012)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.e2e.upstreams import QUICK
from tests.http.app import InProcessServer
from tests.http.knowledge import collection, grant, processed_base
from tests.http.presets import preset, preset_with
from tests.http.workspaces import own_workspace
from tests.upstream.process import UpstreamProcess


def _connections(request: pytest.FixtureRequest) -> dict[str, str]:
    fake_upstream: UpstreamProcess = request.getfixturevalue("fake_upstream")
    return {**QUICK, "OPENAI_API_BASE_URLS": fake_upstream.openai_url, "BYPASS_MODEL_ACCESS_CONTROL": "true",
            "USER_PERMISSIONS_WORKSPACE_MODELS_ACCESS": "true", "USER_PERMISSIONS_WORKSPACE_MODELS_IMPORT": "true"}


server, admin = own_workspace("preset-knowledge-attaching", _connections)


def test_a_member_attaches_to_a_preset_only_knowledge_they_may_read(admin: Person, server: InProcessServer) -> None:
    author = people.member(server, admin, "author")
    own, _ = processed_base(admin, author)
    foreign, _ = processed_base(admin, people.member(server, admin, "neighbour"))
    preset_with(author, collection(own))
    assert author.http.post("/api/v1/models/create", json=preset(collection(foreign))).status_code == 404
    imported = author.http.post("/api/v1/models/import", json={"models": [preset(collection(foreign))]})
    assert imported.status_code == 404


def test_a_writer_keeps_the_knowledge_its_author_attached_but_adds_only_their_own(
        admin: Person, server: InProcessServer) -> None:
    private, _ = processed_base(admin, people.member(server, admin, "keeper"))
    hidden, _ = processed_base(admin, people.member(server, admin, "hermit"))
    writer = people.member(server, admin, "writer")
    mine, _ = processed_base(admin, writer)
    writes = [grant("user", writer.id), grant("user", writer.id, "write")]
    model_id = preset_with(admin, collection(private), access_grants=writes)

    def updated(*knowledge: dict[str, Any]) -> int:
        changed = {**preset(*knowledge), "id": model_id, "name": "Renamed"}
        return writer.http.post("/api/v1/models/model/update", json=changed).status_code

    assert updated(collection(private)) == 200
    assert updated(collection(private), collection(mine)) == 200
    assert updated(collection(private), collection(hidden)) == 404
